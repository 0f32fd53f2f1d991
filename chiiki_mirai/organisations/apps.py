from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "chiiki_mirai.organisations"
    label = "organisations"
    verbose_name = "組織と利用者"
