"""Stored progress reports (every submission kept; the latest per half-year counts) and withdrawal decisions."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from chiiki_mirai.organisations.models import Organisation
from chiiki_mirai.workflow.models import AppendOnly, Plan


class ProgressRecord(AppendOnly):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="progress_records")
    period = models.CharField("半期", max_length=6, db_index=True)
    document: models.JSONField[Any] = models.JSONField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    submitted_at = models.DateTimeField(auto_now_add=True)
    #: The body that reported (001 A(5)②: each ministry and prefecture reports on its own measures); a half-year's
    #: reports of several bodies are kept side by side and merged (``monitoring.halfyears``).
    reporter = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="progress_reports"
    )

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


class KgiFigure(models.Model):
    """One author's part of one national-KGI figure of a published plan: the roll-up's and the map's rows, kept
    ready (``monitoring.figures.refresh_plan``) so that national totals are one indexed aggregation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kgi_figures")
    plan_type = models.CharField(max_length=1)
    strategic_field = models.CharField(max_length=40, blank=True)
    #: Where the part counts: an area of the plan (対象区域), or an authoring body when the plan names no area.
    place = models.CharField(max_length=6)
    placed_by = models.CharField(max_length=8, default="authors")  # area | authors (rollup.Placement)
    prefecture = models.PositiveSmallIntegerField()
    region = models.CharField(max_length=10)
    tokyo_area = models.BooleanField()
    share = models.FloatField()
    kind = models.CharField(max_length=20)
    fy = models.PositiveSmallIntegerField()
    measure = models.CharField(max_length=16)  # rollup.Measure
    value = models.FloatField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["kind", "measure", "fy"]),
            models.Index(fields=["prefecture", "kind"]),
        ]


class KpiReading(models.Model):
    """A KPI's actual in the report that counts for a half-year, with its status then (kept ready for the
    dashboards; rebuilt from the reports by ``monitoring.figures.refresh_plan``)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpi_readings")
    period = models.CharField(max_length=6)
    kpi = models.CharField(max_length=40)
    actual = models.FloatField(null=True)
    expected = models.FloatField(null=True)
    status = models.CharField(max_length=15)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["plan", "period"])]


class BackgroundRun(models.Model):
    """Long work done by the task worker, with its progress for the page that started it (polled by htmx)."""

    class State(models.TextChoices):
        QUEUED = "queued", "待機中"
        RUNNING = "running", "実行中"
        DONE = "done", "完了"
        FAILED = "failed", "失敗"

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def in_progress(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.state == "done" else 0)


class Recomputation(BackgroundRun):
    """A background rebuild of every plan's figures."""


class Compilation(BackgroundRun):
    """The half-year's compilation for the vice-ministers' meeting (副大臣会議), generated in the background:
    a printable Japanese HTML report and an Excel workbook, kept as generated."""

    period = models.CharField("半期", max_length=6)
    html = models.TextField(blank=True)
    workbook = models.BinaryField(blank=True, default=b"")

    def __str__(self) -> str:
        return f"{self.period} ({self.get_state_display()})"


class LogicModelActual(AppendOnly):
    """An annual actual of a logic-model indicator (001 第3章第7節: the secretariat and the ministries take the
    KPIs' actuals every year). Every entry is kept; the latest for an indicator, series and year counts."""

    indicator = models.CharField("指標", max_length=20)
    series = models.CharField("系列", max_length=20, default="value")
    year = models.PositiveSmallIntegerField("年・年度")
    value = models.FloatField("実績値")
    comparison = models.FloatField("比較対象の値", null=True, blank=True)
    note = models.TextField("出典・備考", blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["indicator", "series", "year", "entered_at", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}/{self.series} {self.year}: {self.value:g}"


class Amendment(models.Model):
    """A revision of a published plan proposed in the light of a progress report (PDCA's "Act"; 001 A(5)③),
    put into force as a new revision when a national reviewer accepts it. The published text stays in force
    while the proposal is reviewed."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "審査中"
        ACCEPTED = "accepted", "反映済"
        REJECTED = "rejected", "見送り"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="amendments")
    report = models.ForeignKey(
        ProgressRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    document: models.JSONField[Any] = models.JSONField()
    note = models.CharField("変更の説明", max_length=500)
    base_revision = models.PositiveIntegerField("見直し前の版")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    comment = models.TextField("審査の所見", blank=True)
    revision = models.PositiveIntegerField("反映した版", null=True)

    class Meta:
        ordering: ClassVar = ["plan", "-proposed_at"]

    def __str__(self) -> str:
        return f"{self.plan.public_id} 見直し案 {self.pk}"


class ProjectFigure(models.Model):
    """An investment project of a published plan at its municipality (the map's points; ``rollup.projects``),
    kept ready with the plan's other figures."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="project_figures")
    plan_type = models.CharField(max_length=1)
    strategic_field = models.CharField(max_length=40, blank=True)
    location = models.CharField(max_length=6)
    prefecture = models.PositiveSmallIntegerField()
    at_author = models.BooleanField()
    description = models.CharField(max_length=300, blank=True)
    entity = models.CharField(max_length=200, blank=True)
    amount = models.FloatField()  # 百万円
    start_fy = models.PositiveSmallIntegerField(null=True)
    end_fy = models.PositiveSmallIntegerField(null=True)


class ReportRequest(models.Model):
    """The secretariat's request to one 5W1H owner (a ministry or a prefecture) to report on its measures of a type A
    plan for a half-year (001 A(5)①); fulfilled when that body's report for the half-year arrives."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="report_requests")
    period = models.CharField("半期", max_length=6)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="report_requests")
    measures: models.JSONField[Any] = models.JSONField(default=list)  # the measure ids it owns
    due = models.DateField("報告期限")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    requested_at = models.DateTimeField(auto_now_add=True)
    reminders = models.PositiveSmallIntegerField("督促の回数", default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["period", "due", "plan", "organisation"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "period", "organisation"], name="one_request_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.plan.public_id} {self.period} → {self.organisation}"


class HalfYearPublication(models.Model):
    """A half-year's results made public by the secretariat after they were reported to the 副大臣等会議
    (001 A(5)④); until this row exists nothing of the half-year is public."""

    period = models.CharField("半期", max_length=6, unique=True)
    meeting_date = models.DateField("副大臣等会議への報告日")
    note = models.CharField("説明", max_length=300, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    published_at = models.DateTimeField(auto_now_add=True)
    #: The results as published (``results.SNAPSHOT``): what was published stays, whatever is reported later.
    snapshot: models.JSONField[Any] = models.JSONField(null=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-period"]

    def __str__(self) -> str:
        return self.period
