"""The half-year's compilation for the vice-ministers' meeting (副大臣会議; 001 A(5), 第7節): the state of every plan
the national bodies know of, the delayed measures with their causes and remedies, the withdrawal decisions
(made and still open), and the national roll-up — as a printable Japanese report and an Excel workbook."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from chiiki_mirai.monitoring import figures
from chiiki_mirai.monitoring.halfyears import HalfYear, merge
from chiiki_mirai.monitoring.models import KpiReading, ProgressRecord, WithdrawalDecision
from chiiki_mirai.monitoring.progress import counted
from chiiki_mirai.monitoring.status import KpiStatus
from chiiki_mirai.plans.choices import MeasureStatus, PlanType
from chiiki_mirai.plans.periods import period_label, wareki_fiscal_year
from chiiki_mirai.reports.spreadsheet import Sheet, xlsx
from chiiki_mirai.workflow.documents import revived
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState

NEEDS_ATTENTION = {MeasureStatus.DELAYED.value, MeasureStatus.STOPPED.value}


@dataclass(frozen=True)
class PlanLine:
    public_id: str
    title: str
    plan_type: str
    state: PlanState
    authors: str
    reported_at: (
        dt.datetime | None
    )  # the report that counts for the half-year; None if none (or not published)
    statuses: dict[str, int]  # KPI status -> count in that report
    delayed: int

    @property
    def published(self) -> bool:
        return self.state is PlanState.PUBLISHED

    def count(self, status: KpiStatus) -> int:
        return self.statuses.get(status.value, 0)

    @property
    def ordered(self) -> list[int]:
        """Counts in the order of ``KpiStatus`` (for tables)."""
        return [self.count(status) for status in KpiStatus]


@dataclass(frozen=True)
class DelayedMeasure:
    public_id: str
    plan_title: str
    measure: str
    measure_title: str
    status: MeasureStatus
    bottleneck: str
    remedy: str


@dataclass(frozen=True)
class DecisionLine:
    public_id: str
    plan_title: str
    kpi: str
    decision: str  # empty while the decision is still open
    reasons: str
    decided_at: dt.datetime | None


@dataclass
class Compiled:
    period: str
    generated_at: dt.datetime
    plans: list[PlanLine] = field(default_factory=list)
    delayed: list[DelayedMeasure] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    rollup: list[figures.RollupRow] = field(default_factory=list)
    rollup_by_type: list[figures.RollupRow] = field(default_factory=list)
    # The same roll-ups laid out for Excel, gathered with them so the report and the workbook tell one story.
    rollup_tables: list[figures.RollupTable] = field(default_factory=list)

    @property
    def title(self) -> str:
        half = "上期" if self.period.endswith("H1") else "下期"
        return f"地域未来戦略 個別計画の進捗状況（{wareki_fiscal_year(int(self.period[:4]))}{half}・{period_label(self.period)}）"

    @property
    def states(self) -> list[tuple[PlanState, list[int]]]:
        """Plans by state and type (A, B, C), states in the order of the process."""
        counts = Counter((line.state, line.plan_type) for line in self.plans)
        return [
            (state, [counts[(state, t.value)] for t in PlanType])
            for state in PlanState
            if any(counts[(state, t.value)] for t in PlanType)
        ]

    @property
    def published(self) -> list[PlanLine]:
        return [line for line in self.plans if line.published]

    @property
    def reported(self) -> int:
        return sum(1 for line in self.published if line.reported_at is not None)

    @property
    def not_reported(self) -> list[PlanLine]:
        return [line for line in self.published if line.reported_at is None]


def _latest_records(period: str) -> dict[int, HalfYear]:
    """Each plan's half-year: its bodies' newest reports merged (``halfyears.merge``)."""
    by_plan: dict[int, list[ProgressRecord]] = {}
    for record in (
        ProgressRecord.objects.filter(period=period).select_related("reporter").order_by("submitted_at", "id")
    ):
        by_plan.setdefault(record.plan_id, []).append(record)
    return {plan_id: merge(records)[0] for plan_id, records in by_plan.items()}


def gather(period: str, plans: QuerySet[Plan], step: Callable[[int], None] = lambda done: None) -> Compiled:
    """Everything the compilation shows, plan by plan (``step`` hears how many plans are done)."""
    records = _latest_records(period)
    statuses: dict[int, dict[str, int]] = {}
    for row in KpiReading.objects.filter(period=period).values("plan_id", "status").annotate(n=Count("id")):
        statuses.setdefault(row["plan_id"], {})[row["status"]] = row["n"]
    decided = {
        (d.plan_id, d.kpi): d
        for d in WithdrawalDecision.objects.filter(period=period).order_by("decided_at", "id")
    }
    # Each plan's KPIs with a decision made or due: those at the threshold, and those decided.
    to_decide: dict[int, set[str]] = {}
    for plan_id, kpi in KpiReading.objects.filter(
        period=period, status=KpiStatus.WITHDRAWAL.value
    ).values_list("plan_id", "kpi"):
        to_decide.setdefault(plan_id, set()).add(kpi)
    for plan_id, kpi in decided:
        to_decide.setdefault(plan_id, set()).add(kpi)
    compiled = Compiled(period, timezone.now())
    ordered = plans.order_by("plan_type", "prefecture_code", "public_id").prefetch_related("authors")
    for plan in counted(ordered.iterator(chunk_size=200), step):
        record = records.get(plan.pk) if plan.state == PlanState.PUBLISHED else None
        attention = [
            m
            for m in (record.document.get("measures", []) if record else [])
            if m.get("status") in NEEDS_ATTENTION
        ]
        compiled.plans.append(
            PlanLine(
                plan.public_id,
                plan.title,
                plan.plan_type,
                plan.state_enum,
                "・".join(a.name for a in plan.authors.all()),
                record.submitted_at if record else None,
                statuses.get(plan.pk, {}) if record else {},
                len(attention),
            )
        )
        if attention:
            document = revived(plan.current_revision().document)
            titles = {m.id: m.title or "" for m in (document.policy.measures if document.policy else [])}
            compiled.delayed += [
                DelayedMeasure(
                    plan.public_id,
                    plan.title,
                    m["id"],
                    titles.get(m["id"], ""),
                    MeasureStatus(m["status"]),
                    m.get("bottleneck") or "",
                    m.get("remedy") or "",
                )
                for m in attention
            ]
        for kpi in sorted(to_decide.get(plan.pk, ())):
            made = decided.get((plan.pk, kpi))
            compiled.decisions.append(
                DecisionLine(
                    plan.public_id,
                    plan.title,
                    kpi,
                    made.get_decision_display() if made else "",
                    made.reasons if made else "",
                    made.decided_at if made else None,
                )
            )
    compiled.rollup = figures.rollup_rows("national")
    compiled.rollup_by_type = figures.rollup_rows("plan_type")
    compiled.rollup_tables = [
        figures.rollup_table("national", rows=compiled.rollup),
        figures.rollup_table("plan_type", rows=compiled.rollup_by_type),
    ]
    return compiled


def render_html(compiled: Compiled) -> str:
    """A standalone page for printing (A4; the browser's 「PDF に保存」 makes the PDF)."""
    return render_to_string(
        "monitoring/compilation_report.html",
        {"c": compiled, "statuses": list(KpiStatus), "rollups": [compiled.rollup, compiled.rollup_by_type]},
    )


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def render_workbook(compiled: Compiled) -> bytes:
    statuses = list(KpiStatus)
    return xlsx(
        [
            Sheet(
                "計画の状況",
                [
                    "計画ID",
                    "類型",
                    "計画名",
                    "策定主体",
                    "状態",
                    "報告日",
                    *(s.label.ja for s in statuses),
                    "遅延・中止の施策",
                ],
                (
                    [
                        p.public_id,
                        p.plan_type,
                        p.title,
                        p.authors,
                        p.state.label.ja,
                        _when(p.reported_at) or ("未報告" if p.published else ""),
                        *(p.count(s) for s in statuses),
                        p.delayed,
                    ]
                    for p in compiled.plans
                ),
                (22, 6, 40, 24, 14, 12),
            ),
            Sheet(
                "遅延している施策",
                ["計画ID", "計画名", "施策", "施策名", "状況", "要因（ボトルネック）", "追加施策・見直し"],
                (
                    [
                        d.public_id,
                        d.plan_title,
                        d.measure,
                        d.measure_title,
                        d.status.label,
                        d.bottleneck,
                        d.remedy,
                    ]
                    for d in compiled.delayed
                ),
                (22, 30, 8, 30, 8, 50, 50),
            ),
            Sheet(
                "撤退基準の判断",
                ["計画ID", "計画名", "KPI", "判断", "理由", "判断日"],
                (
                    [
                        d.public_id,
                        d.plan_title,
                        d.kpi,
                        d.decision or "判断待ち",
                        d.reasons,
                        _when(d.decided_at),
                    ]
                    for d in compiled.decisions
                ),
                (22, 30, 8, 16, 60, 12),
            ),
            *(
                Sheet(name, *table, figures.ROLLUP_WIDTHS)
                for name, table in zip(
                    ("全国集計", "全国集計（類型別）"), compiled.rollup_tables, strict=True
                )
            ),
        ]
    )
