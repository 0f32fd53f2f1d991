"""A half-year's results as the public reads them once published (001 A(5)④: 内閣官房及び経済産業省は、進捗の確認結果
と必要に応じて見直した戦略産業クラスター計画を地域未来戦略に関する関係副大臣等会議に報告の上、公表する).

The seeds order the publication for type A; the platform publishes B and C plans' results of the same half-year
with them (the compilation already reports every plan to the meeting) — stated on the page. Nothing of a half-year
is public until the secretariat records that it was reported to the meeting (:class:`HalfYearPublication`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.compilation import NEEDS_ATTENTION
from chiiki_mirai.monitoring.halfyears import merge
from chiiki_mirai.monitoring.models import HalfYearPublication, KpiReading, ProgressRecord, WithdrawalDecision
from chiiki_mirai.monitoring.status import KpiStatus
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.choices import MeasureStatus
from chiiki_mirai.plans.diff import Change, compare
from chiiki_mirai.plans.periods import fiscal_year_start, period_end, period_fiscal_year, period_half
from chiiki_mirai.plans.wording import say
from chiiki_mirai.reports.spreadsheet import excel_csv
from chiiki_mirai.workflow.documents import revived
from chiiki_mirai.workflow.models import AuditEvent, Plan, Revision
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import PlanState


def period_start(period: str) -> dt.date:
    start = fiscal_year_start(period_fiscal_year(period))
    return start if period_half(period) == 1 else dt.date(start.year, 10, 1)


def _number(value: float | None) -> str:
    return "—" if value is None else say("value", int(value) if float(value).is_integer() else value).text


@dataclass(frozen=True)
class KpiLine:
    id: str
    name: str
    unit: str
    actual: float | None
    expected: float | None
    status: str

    @property
    def status_text(self) -> Text:
        return KpiStatus(self.status).label

    @property
    def actual_text(self) -> str:
        return _number(self.actual)

    @property
    def expected_text(self) -> str:
        return _number(self.expected)


@dataclass(frozen=True)
class MeasureLine:
    id: str
    title: str
    status: str
    bottleneck: str
    remedy: str

    @property
    def status_text(self) -> Text:
        return MeasureStatus(self.status).text


@dataclass(frozen=True)
class Revised:
    number: int
    at: dt.datetime
    note: str
    changes: list[Change]


@dataclass
class PlanResult:
    public_id: str
    title: str
    plan_type: str
    authors: str
    reporters: list[str]
    kgis: list[dict[str, Any]] = field(default_factory=list)
    kpis: list[KpiLine] = field(default_factory=list)
    attention: list[MeasureLine] = field(default_factory=list)
    decisions: list[WithdrawalDecision] = field(default_factory=list)
    revisions: list[Revised] = field(default_factory=list)


def _by_plan[T: models.Model](rows: Iterable[T]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = {}
    for row in rows:
        grouped.setdefault(row.plan_id, []).append(row)  # type: ignore[attr-defined]
    return grouped


def _revisions_in(period: str, published_with: dict[int, int]) -> dict[int, list[Revised]]:
    """Per plan, the revisions put in force during the half-year after the one it was published with (001 A(5)③
    「必要に応じて見直した」), each with what it changed from the revision before it: two queries in all."""
    start, end = period_start(period), period_end(period)
    window = Revision.objects.filter(plan_id__in=published_with, created_at__date__range=(start, end))
    made = [r for r in window.order_by("plan_id", "number") if r.number > published_with[r.plan_id]]
    before_each = Q(pk__in=[])
    for revision in made:
        before_each |= Q(plan_id=revision.plan_id, number=revision.number - 1)
    earlier = {(r.plan_id, r.number): r.document for r in Revision.objects.filter(before_each)}
    revised: dict[int, list[Revised]] = {}
    for revision in made:
        changes = compare(earlier.get((revision.plan_id, revision.number - 1), {}), revision.document)
        revised.setdefault(revision.plan_id, []).append(
            Revised(revision.number, revision.created_at, revision.note, changes)
        )
    return revised


def gather_results(period: str) -> list[PlanResult]:
    """Every published plan's results for ``period``: its merged report, KPI statuses, measures needing attention
    (delayed, stopped) with causes and remedies, withdrawal decisions, and the revisions put in force during the
    half-year with what they changed. A fixed number of queries, whatever the number of plans; only the plans
    with something to show have their text read."""
    plans = {p.pk: p for p in Plan.objects.filter(state=PlanState.PUBLISHED).prefetch_related("authors")}
    published_with: dict[int, int] = {}
    for plan_id, number in (
        AuditEvent.objects.filter(plan_id__in=plans, to_state=PlanState.PUBLISHED.value)
        .order_by("-at", "-id")
        .values_list("plan_id", "revision")
    ):
        published_with[plan_id] = number or 0  # ordered newest first: the first publication is written last
    records = _by_plan(
        ProgressRecord.objects.filter(plan_id__in=plans, period=period)
        .select_related("reporter")
        .order_by("submitted_at", "id")
    )
    readings = _by_plan(KpiReading.objects.filter(plan_id__in=plans, period=period).order_by("kpi"))
    decisions = _by_plan(
        WithdrawalDecision.objects.filter(plan_id__in=plans, period=period).order_by("decided_at", "id")
    )
    revised = _revisions_in(period, {pk: published_with.get(pk, 0) for pk in plans})
    shown = [pk for pk in plans if pk in records or pk in revised or pk in decisions]
    texts = _current_texts(shown)
    results = []
    for pk in sorted(shown, key=lambda pk: (plans[pk].plan_type, plans[pk].public_id)):
        plan, document = plans[pk], revived(texts[pk])
        names = {k.id: k for k in (document.policy.kpis if document.policy else [])}
        titles = {m.id: m.title or "" for m in (document.policy.measures if document.policy else [])}
        half_years = merge(records.get(pk, []))
        merged = half_years[0].document if half_years else {}
        results.append(
            PlanResult(
                plan.public_id,
                plan.title,
                plan.plan_type,
                "・".join(str(a) for a in plan.authors.all()),
                half_years[0].reporters if half_years else [],
                kgis=[k for k in merged.get("kgis", []) if k.get("actual") is not None],
                kpis=[
                    KpiLine(
                        reading.kpi,
                        (kpi.name or "") if (kpi := names.get(reading.kpi)) else "",
                        (kpi.unit or "") if kpi else "",
                        reading.actual,
                        reading.expected,
                        reading.status,
                    )
                    for reading in readings.get(pk, [])
                ],
                attention=[
                    MeasureLine(
                        m["id"],
                        titles.get(m["id"], ""),
                        m["status"],
                        m.get("bottleneck") or "",
                        m.get("remedy") or "",
                    )
                    for m in merged.get("measures", [])
                    if m.get("status") in NEEDS_ATTENTION
                ],
                decisions=decisions.get(pk, []),
                revisions=revised.get(pk, []),
            )
        )
    return results


def _current_texts(plan_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The text in force of each plan (its newest revision), in two queries."""
    newest = Revision.objects.filter(plan_id__in=plan_ids).values("plan_id").annotate(n=Max("number"))
    wanted = Q(pk__in=[])
    for row in newest:
        wanted |= Q(plan_id=row["plan_id"], number=row["n"])
    return {r.plan_id: r.document for r in Revision.objects.filter(wanted)}


@transaction.atomic
def do_publish_half_year(
    person: Person, period: str, meeting_date: dt.date, note: str = "", today: dt.date | None = None
) -> HalfYearPublication:
    """Record that the half-year's results were reported to the 副大臣等会議 and make them public (001 A(5)④)."""
    if not person.is_secretariat:
        raise Refused(
            Text(
                "半期の結果を公表するのは内閣官房・経済産業省の担当者です（001 A(5)④）。",
                "only the Cabinet Secretariat and METI publish a half-year's results (001 A(5)④).",
            )
        )
    today = today or timezone.localdate()
    if HalfYearPublication.objects.filter(period=period).exists():
        raise Refused(Text("この半期の結果は公表済です。", "this half-year's results are already published."))
    if meeting_date > today:
        raise Refused(
            Text(
                f"副大臣等会議への報告日（{meeting_date:%Y-%m-%d}）が未来です。会議に報告した後に公表します（001 A(5)④）。",
                f"the meeting date ({meeting_date:%Y-%m-%d}) is in the future; results are published after the meeting.",
            )
        )
    if meeting_date <= period_end(period):
        raise Refused(
            Text(
                f"副大臣等会議への報告日（{meeting_date:%Y-%m-%d}）が半期の終わり（{period_end(period):%Y-%m-%d}）より前です。",
                f"the meeting ({meeting_date:%Y-%m-%d}) precedes the end of the half-year ({period_end(period):%Y-%m-%d}).",
            )
        )
    if not ProgressRecord.objects.filter(period=period).exists():
        raise Refused(
            Text("この半期の進捗報告がまだありません。", "no progress report exists for this half-year.")
        )
    return HalfYearPublication.objects.create(
        period=period, meeting_date=meeting_date, note=note.strip()[:300], published_by=person.user
    )


# ------------------------------------------------------------------ open data: one row per plan and item


@dataclass(frozen=True)
class ResultColumn:
    name: str
    label: str
    description: str


RESULT_COLUMNS: tuple[ResultColumn, ...] = (
    ResultColumn("period", "半期", "報告の対象の半期（例: 2026H2 = 2026年度下期）"),
    ResultColumn("plan_id", "計画ID", "基盤が付与する計画の識別子"),
    ResultColumn(
        "plan_type", "類型", "A 戦略産業クラスター計画 / B 地域産業クラスター計画 / C 地場産業成長プラン"
    ),
    ResultColumn("title", "計画名", "計画書の名称"),
    ResultColumn(
        "item_kind",
        "項目の種類",
        "kgi（KGIの実績）/ kpi（KPIの実績と状況）/ measure（遅延・中止の施策）/ decision（撤退基準の判断）/ revision（見直し）",
    ),
    ResultColumn("item_id", "項目ID", "計画書の KGI・KPI・施策の ID、見直しは版の番号"),
    ResultColumn("item_name", "項目名", "KPI の名称・施策の名称・判断・見直しの説明"),
    ResultColumn("actual", "実績", "KGI・KPI の実績値（単位は unit）"),
    ResultColumn("expected", "計画の軌道", "KPI: 基準値から目標値への直線上の、この半期の値"),
    ResultColumn("unit", "単位", "実績の単位"),
    ResultColumn(
        "status",
        "状況",
        "KPI: on_track 順調 / behind 遅れ / withdrawal 撤退基準に到達 / no_actual 実績の報告なし / no_trajectory 軌道なし。施策: delayed 遅延 / stopped 中止。判断: continue / revise / withdraw",
    ),
    ResultColumn("cause", "要因", "遅延・中止の施策の要因（進捗が芳しくない理由）、判断の理由"),
    ResultColumn("remedy", "対応", "遅延・中止の施策への追加施策・見直し"),
)


def result_rows(period: str, results: list[PlanResult]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in results:
        base = {"period": period, "plan_id": r.public_id, "plan_type": r.plan_type, "title": r.title}
        for k in r.kgis:
            rows.append(
                base
                | {
                    "item_kind": "kgi",
                    "item_id": k["id"],
                    "actual": k["actual"],
                    "item_name": f"{k.get('fy', '')}年度",
                }
            )
        for line in r.kpis:
            rows.append(
                base
                | {
                    "item_kind": "kpi",
                    "item_id": line.id,
                    "item_name": line.name,
                    "actual": line.actual,
                    "expected": line.expected,
                    "unit": line.unit,
                    "status": line.status,
                }
            )
        for m in r.attention:
            rows.append(
                base
                | {
                    "item_kind": "measure",
                    "item_id": m.id,
                    "item_name": m.title,
                    "status": m.status,
                    "cause": m.bottleneck,
                    "remedy": m.remedy,
                }
            )
        for d in r.decisions:
            rows.append(
                base
                | {
                    "item_kind": "decision",
                    "item_id": d.kpi,
                    "item_name": d.get_decision_display(),
                    "status": d.decision,
                    "cause": d.reasons,
                }
            )
        for v in r.revisions:
            rows.append(
                base
                | {
                    "item_kind": "revision",
                    "item_id": str(v.number),
                    "item_name": v.note,
                    "status": f"{len(v.changes)} changes",
                }
            )
    return [{c.name: row.get(c.name, "") for c in RESULT_COLUMNS} for row in rows]


def results_csv(period: str, results: list[PlanResult]) -> bytes:
    rows = result_rows(period, results)
    return excel_csv(
        [c.label for c in RESULT_COLUMNS], [[row[c.name] for c in RESULT_COLUMNS] for row in rows]
    )
