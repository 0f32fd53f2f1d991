from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "chiiki_mirai.web"
    label = "web"
    verbose_name = "chiiki-mirai"
