from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "chiiki_mirai.analytics"
    label = "analytics"
    verbose_name = "分析（参考リスト）"
