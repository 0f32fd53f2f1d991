"""Stored progress reports (every submission kept; the latest per half-year counts) and withdrawal decisions."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from chiiki_mirai.workflow.models import AppendOnly, Plan


class ProgressRecord(AppendOnly):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="progress_records")
    period = models.CharField("半期", max_length=6, db_index=True)
    document: models.JSONField[Any] = models.JSONField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["plan", "period", "submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan.public_id} {self.period}"


class WithdrawalDecision(AppendOnly):
    """What the authors decided when a KPI reached its withdrawal threshold (001 B(2)⑦)."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "理由を示して継続"
        REVISE = "revise", "計画を見直す"
        WITHDRAW = "withdraw", "施策から撤退"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="withdrawal_decisions")
    kpi = models.CharField(max_length=40)
    period = models.CharField(max_length=6)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reasons = models.TextField("理由")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["plan", "period", "kpi", "decided_at"]

    def __str__(self) -> str:
        return f"{self.plan.public_id} {self.kpi} {self.period}: {self.decision}"
