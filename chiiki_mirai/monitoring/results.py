"""A half-year's results as the public reads them once published (001 A(5)④: 内閣官房及び経済産業省は、進捗の確認結果
と必要に応じて見直した戦略産業クラスター計画を地域未来戦略に関する関係副大臣等会議に報告の上、公表する).

The seeds order the publication for type A; the platform publishes B and C plans' results of the same half-year
with them (the compilation already reports every plan to the meeting) — stated on the page. Nothing of a half-year
is public until the secretariat records that it was reported to the meeting (:class:`HalfYearPublication`).

What was published stays: the results are kept as published (``HalfYearPublication.snapshot``); a report sent for
the half-year afterwards is a correction (「公表後の訂正」), listed beside the published results and made public with
the next publication (``monitoring.published``) — the seeds are silent on corrections; the page says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from pydantic import TypeAdapter

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.compilation import NEEDS_ATTENTION
from chiiki_mirai.monitoring.halfyears import merge
from chiiki_mirai.monitoring.models import HalfYearPublication, ProgressRecord, WithdrawalDecision
from chiiki_mirai.monitoring.status import KpiStatus, assess
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
class DecisionLine:
    kpi: str
    decision: str
    reasons: str

    @property
    def decision_text(self) -> str:
        return str(WithdrawalDecision.Decision(self.decision).label)


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
    decisions: list[DecisionLine] = field(default_factory=list)
    revisions: list[Revised] = field(default_factory=list)


#: How published results are kept (``HalfYearPublication.snapshot``) and read back.
SNAPSHOT = TypeAdapter(list[PlanResult])


def _by_plan[T: models.Model](rows: Iterable[T]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = {}
    for row in rows:
        grouped.setdefault(row.plan_id, []).append(row)  # type: ignore[attr-defined]
    return grouped


def _revisions_in(
    period: str, published_with: dict[int, int], as_of: dt.datetime | None
) -> dict[int, list[Revised]]:
    """Per plan, the revisions put in force during the half-year after the one it was published with (001 A(5)③
    「必要に応じて見直した」), each with what it changed from the revision before it: two queries in all."""
    start, end = period_start(period), period_end(period)
    window = Revision.objects.filter(plan_id__in=published_with, created_at__date__range=(start, end))
    if as_of is not None:
        window = window.filter(created_at__lte=as_of)
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


def gather_results(
    period: str, as_of: dt.datetime | None = None, plan_ids: list[int] | None = None
) -> list[PlanResult]:
    """Every published plan's results for ``period``: its merged report, KPI statuses, measures needing attention
    (delayed, stopped) with causes and remedies, withdrawal decisions, and the revisions put in force during the
    half-year with what they changed — as they stood at ``as_of`` (now if None), of ``plan_ids`` (every published
    plan if None). A fixed number of queries, whatever the number of plans; only the plans with something to show
    have their text read."""
    published = Plan.objects.filter(state=PlanState.PUBLISHED)
    if plan_ids is not None:
        published = published.filter(pk__in=plan_ids)
    plans = {p.pk: p for p in published.prefetch_related("authors")}
    published_with: dict[int, int] = {}
    for plan_id, number in (
        AuditEvent.objects.filter(plan_id__in=plans, to_state=PlanState.PUBLISHED.value)
        .order_by("-at", "-id")
        .values_list("plan_id", "revision")
    ):
        published_with[plan_id] = number or 0  # ordered newest first: the first publication is written last
    sent = ProgressRecord.objects.filter(plan_id__in=plans, period=period)
    decided = WithdrawalDecision.objects.filter(plan_id__in=plans, period=period)
    if as_of is not None:
        sent, decided = sent.filter(submitted_at__lte=as_of), decided.filter(decided_at__lte=as_of)
    records = _by_plan(sent.select_related("reporter").order_by("submitted_at", "id"))
    decisions = _by_plan(decided.order_by("decided_at", "id"))
    revised = _revisions_in(period, {pk: published_with.get(pk, 0) for pk in plans}, as_of)
    shown = [pk for pk in plans if pk in records or pk in revised or pk in decisions]
    texts = current_texts(shown)
    results = []
    for pk in sorted(shown, key=lambda pk: (plans[pk].plan_type, plans[pk].public_id)):
        plan, document = plans[pk], revived(texts[pk])
        kpis = document.policy.kpis if document.policy else []
        titles = {m.id: m.title or "" for m in (document.policy.measures if document.policy else [])}
        half_years = merge(records.get(pk, []))
        merged = half_years[0].document if half_years else {}
        actuals = {k["id"]: k.get("actual") for k in merged.get("kpis", [])}
        lines = []
        for kpi in kpis if half_years else []:
            actual = float(value) if (value := actuals.get(kpi.id)) is not None else None
            assessment = assess(kpi, actual, period)
            lines.append(
                KpiLine(
                    kpi.id,
                    kpi.name or "",
                    kpi.unit or "",
                    actual,
                    assessment.expected,
                    assessment.status.value,
                )
            )
        results.append(
            PlanResult(
                plan.public_id,
                plan.title,
                plan.plan_type,
                "・".join(str(a) for a in plan.authors.all()),
                half_years[0].reporters if half_years else [],
                kgis=[k for k in merged.get("kgis", []) if k.get("actual") is not None],
                kpis=sorted(lines, key=lambda line: line.id),
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
                decisions=[DecisionLine(d.kpi, d.decision, d.reasons) for d in decisions.get(pk, [])],
                revisions=revised.get(pk, []),
            )
        )
    return results


def published_results(publication: HalfYearPublication) -> list[PlanResult]:
    """The results as they were published. A publication recorded before results were kept is taken as it stood
    at its publication, and kept from then on."""
    if publication.snapshot is None:
        taken = gather_results(publication.period, as_of=publication.published_at)
        publication.snapshot = SNAPSHOT.dump_python(taken, mode="json")
        HalfYearPublication.objects.filter(pk=publication.pk, snapshot__isnull=True).update(
            snapshot=publication.snapshot
        )
        return taken
    return SNAPSHOT.validate_python(publication.snapshot)


def current_texts(plan_ids: list[int]) -> dict[int, dict[str, Any]]:
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
    publication = HalfYearPublication.objects.create(
        period=period, meeting_date=meeting_date, note=note.strip()[:300], published_by=person.user
    )
    publication.snapshot = SNAPSHOT.dump_python(
        gather_results(period, as_of=publication.published_at), mode="json"
    )
    publication.save(update_fields=["snapshot"])
    # The public figures (the map's realised investment, the logic model) now count this half-year's reports and
    # the corrections sent since the last publication.
    from chiiki_mirai.monitoring.services import refresh_figures

    for plan in Plan.objects.filter(progress_records__isnull=False).distinct():
        refresh_figures(plan)
    return publication


# ------------------------------------------------------------------ corrections sent after publication

#: The items a report carries; a correction is shown by them (decisions and revisions have their own record).
CORRECTABLE = ("kgi", "kpi", "measure")


@dataclass(frozen=True)
class CorrectedItem:
    kind: str
    id: str
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class Correction:
    """A report sent for a half-year after its results were published: what it changes in the published results,
    and the publication it was made public with (None: not yet, it waits for the next one)."""

    period: str
    public_id: str
    title: str
    reporter: str
    submitted_at: dt.datetime
    released_with: str | None
    items: list[CorrectedItem]
    rows: list[dict[str, Any]]  # the corrected open-data rows


def _row_key(row: dict[str, Any]) -> tuple[str, str, str]:
    return (
        row["plan_id"],
        row["item_kind"],
        f"{row['item_id']}:{row['item_name']}" if row["item_kind"] == "kgi" else row["item_id"],
    )


def _said_row(row: dict[str, Any] | None, measures: dict[str, str]) -> str:
    """A row's figure and state in words, as the correction table shows them before and after."""
    if row is None:
        return "—"
    if row["item_kind"] == "measure":
        return str(MeasureStatus(row["status"]).text.ja)
    figure = "—" if row["actual"] in ("", None) else f"{_number(row['actual'])} {row['unit']}".strip()
    if row["item_kind"] == "kpi" and row["status"]:
        return f"{figure}（{KpiStatus(row['status']).label.ja}）"
    return figure


def corrections(publication: HalfYearPublication, pending_too: bool) -> list[Correction]:
    """The corrections to ``publication``'s half-year, oldest first: each set against the results as they stood
    before it (as published, for the first); a report that changes nothing is not a correction.
    ``pending_too``: also those not yet made public (officials see them; the public does not)."""
    period = publication.period
    later = (
        ProgressRecord.objects.filter(period=period, submitted_at__gt=publication.published_at)
        .select_related("reporter", "plan")
        .order_by("submitted_at", "id")
    )
    releases = list(
        HalfYearPublication.objects.filter(published_at__gt=publication.published_at).order_by("published_at")
    )
    found: list[Correction] = []
    standing: dict[tuple[str, str, str], dict[str, Any]] | None = (
        None  # the rows as the last correction left them
    )
    for record in later:
        released = next((p.period for p in releases if p.published_at >= record.submitted_at), None)
        if released is None and not pending_too:
            break  # those after it were sent later still
        if standing is None:
            standing = {
                _row_key(r): r
                for r in result_rows(period, published_results(publication))
                if r["item_kind"] in CORRECTABLE
            }
        now = {
            _row_key(r): r
            for r in result_rows(
                period, gather_results(period, as_of=record.submitted_at, plan_ids=[record.plan_id])
            )
            if r["item_kind"] in CORRECTABLE
        }
        was = {k: r for k, r in standing.items() if k[0] == record.plan.public_id}
        standing = {k: r for k, r in standing.items() if k[0] != record.plan.public_id} | now
        measures = {m["id"]: m.get("status", "") for m in record.document.get("measures", [])}
        items, rows = [], []
        for key in sorted(set(now) | set(was)):
            before, after = was.get(key), now.get(key)
            if before == after:
                continue
            shown = after or before
            assert shown is not None
            if after is None and key[1] == "measure" and key[2] in measures:
                # No longer delayed or stopped: the published list of measures needing attention drops it.
                after = shown | {"status": measures[key[2]], "cause": "", "remedy": ""}
            items.append(
                CorrectedItem(
                    key[1],
                    shown["item_id"],
                    shown["item_name"],
                    _said_row(before, measures),
                    _said_row(after, measures),
                )
            )
            if after is not None:
                rows.append(after | {"published_with": released or ""})
        if items:
            found.append(
                Correction(
                    period,
                    record.plan.public_id,
                    record.plan.title,
                    str(record.reporter) if record.reporter_id else "策定主体",
                    record.submitted_at,
                    released,
                    items,
                    rows,
                )
            )
    return found


def released_with(publication: HalfYearPublication) -> list[Correction]:
    """The corrections to earlier half-years made public with ``publication``."""
    earlier = HalfYearPublication.objects.filter(published_at__lt=publication.published_at)
    return [
        c
        for p in earlier.order_by("period")
        for c in corrections(p, pending_too=False)
        if c.released_with == publication.period
    ]


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
    ResultColumn(
        "published_with",
        "公表",
        "この行を公表した半期。公表後の訂正（公表の後に届いた報告による値）は、訂正を公表した次の半期（その行が公表時の値に代わります）",
    ),
)


def result_rows(period: str, results: list[PlanResult]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in results:
        base = {
            "period": period,
            "plan_id": r.public_id,
            "plan_type": r.plan_type,
            "title": r.title,
            "published_with": period,
        }
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
                    "item_name": d.decision_text,
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


def published_rows(publication: HalfYearPublication) -> list[dict[str, Any]]:
    """The open data of a published half-year: its rows as published, then the corrections made public since."""
    rows = result_rows(publication.period, published_results(publication))
    for correction in corrections(publication, pending_too=False):
        rows += correction.rows
    return rows


def results_csv(rows: list[dict[str, Any]]) -> bytes:
    return excel_csv(
        [c.label for c in RESULT_COLUMNS], [[row[c.name] for c in RESULT_COLUMNS] for row in rows]
    )
