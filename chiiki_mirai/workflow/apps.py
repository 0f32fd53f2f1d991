from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "chiiki_mirai.workflow"
    label = "workflow"
    verbose_name = "計画と手続"
