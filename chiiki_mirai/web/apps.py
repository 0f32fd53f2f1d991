from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "chiiki_mirai.web"
    label = "web"
    verbose_name = "chiiki-mirai"

    def ready(self) -> None:
        from django.tasks.signals import task_finished, task_started

        from chiiki_mirai.web.observability import log_task

        task_started.connect(log_task, dispatch_uid="chiiki-mirai-task-started")
        task_finished.connect(log_task, dispatch_uid="chiiki-mirai-task-finished")
