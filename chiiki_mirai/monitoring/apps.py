from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "chiiki_mirai.monitoring"
    label = "monitoring"
    verbose_name = "進捗管理（PDCA）"
