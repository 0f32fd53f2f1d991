from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "chiiki_mirai.portal"
    label = "portal"
    verbose_name = "公開ポータル"
