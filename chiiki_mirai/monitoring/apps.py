from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "chiiki_mirai.monitoring"
    label = "monitoring"
    verbose_name = "進捗管理（PDCA）"

    def ready(self) -> None:
        from chiiki_mirai.workflow.signals import plan_changed

        # A plan published (or taken back) changes the national figures at once, in the same transaction.
        plan_changed.connect(_refresh_figures, dispatch_uid="monitoring.refresh_figures")


def _refresh_figures(sender: type, plan: Any, **kwargs: Any) -> None:
    from chiiki_mirai.monitoring.services import refresh_figures

    refresh_figures(plan)
