"""Reading the kept-ready figures: the national roll-up, its trace to the plans, the investment map's amounts
and a prefecture's dashboard. Each is one or two aggregations over ``KgiFigure`` / ``KpiReading`` rows, which
``services.refresh_figures`` writes whenever a plan is published or reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from chiiki_mirai.monitoring.models import KgiFigure, KpiReading, ProgressRecord, ProjectFigure
from chiiki_mirai.monitoring.rollup import NATIONAL_KINDS, NATIONWIDE_KINDS
from chiiki_mirai.monitoring.status import KpiStatus
from chiiki_mirai.plans.choices import KgiKind


def version() -> str:
    """Changes whenever any plan's figures are rebuilt (rows are replaced, so the newest id moves)."""
    row = KgiFigure.objects.aggregate(count=Count("pk"), last=Max("pk"))
    reading = KpiReading.objects.aggregate(last=Max("pk"))["last"]  # the primary key's index answers this
    return f"figures:{row['count']}:{row['last']}:{reading}"


OUTSIDE_TOKYO = "全国（東京圏以外）"
TOKYO_AREA = "東京圏"
NATIONWIDE = "全国（東京圏を含む）"  # 000 ③ 人材育成数 has no Tokyo restriction
NO_FIELD = "（分野なし）"

# The roll-up's dimensions and the column each groups by (the national total groups by the Tokyo flag only).
DIMENSIONS: dict[str, str | None] = {
    "national": None,
    "plan_type": "plan_type",
    "prefecture": "prefecture",
    "region": "region",
    "strategic_field": "strategic_field",
}


@dataclass(frozen=True)
class Filters:
    """What the roll-up and the map can be narrowed to."""

    plan_type: str = ""
    strategic_field: str = ""
    fy: int | None = None
    prefecture: int | None = None

    def apply(self, figures: QuerySet[KgiFigure]) -> QuerySet[KgiFigure]:
        figures = self.apply_to_plans(figures)
        return figures if self.fy is None else figures.filter(fy=self.fy)

    def apply_to_plans[M: models.Model](self, rows: QuerySet[M]) -> QuerySet[M]:
        """The filters on the plan (prefecture, type, field), for any kept-ready rows that carry them."""
        if self.prefecture is not None:
            rows = rows.filter(prefecture=self.prefecture)
        if self.plan_type:
            rows = rows.filter(plan_type=self.plan_type)
        if self.strategic_field:
            rows = rows.filter(strategic_field=self.strategic_field)
        return rows


@dataclass
class RollupRow:
    key: str
    kind: KgiKind
    fy: int
    tokyo_area: bool | None  # None: outside and inside the Tokyo area together (a nationwide KGI, 000 ③)
    target: float
    actual: float
    planned: float
    plans: int
    estimate: float = 0.0  # value added only: the input-output estimate beside the stated target
    # Running totals from the first year shown (官民設備投資額 is followed annually and cumulatively).
    actual_to_date: float = 0.0
    planned_to_date: float = 0.0

    @property
    def trace(self) -> str:
        return _trace(self.key, self.kind.value, self.fy, self.tokyo_area)


def _trace(key: str, kind: str, fy: int, tokyo_area: bool | None) -> str:
    return f"{key}|{kind}|{fy}|{'a' if tokyo_area is None else int(tokyo_area)}"


def trace_of(dimension: str, kind: str, fy: int, tokyo_area: bool | None, value: Any) -> str:
    """The roll-up row (``RollupRow.trace``) a stored part counts in; ``value`` is its dimension column's."""
    return _trace(_key(dimension, value, tokyo_area), kind, fy, tokyo_area)


def _sums() -> dict[str, Any]:
    return {
        measure: Coalesce(Sum("value", filter=Q(measure=measure)), 0.0)
        for measure in ("target", "actual", "planned", "estimate")
    }


def _key(dimension: str, value: Any, tokyo_area: bool | None) -> str:
    if dimension == "national":
        return NATIONWIDE if tokyo_area is None else TOKYO_AREA if tokyo_area else OUTSIDE_TOKYO
    if dimension == "prefecture":
        return f"{value:02d}"
    if dimension == "strategic_field":
        return value or NO_FIELD
    return str(value)


def rollup_rows(dimension: str = "national", filters: Filters = Filters()) -> list[RollupRow]:
    """Targets, actuals and planned capex summed by the dimension, KGI and year, the Tokyo-area parts apart; for
    trained workers (000 ③, not restricted to 東京圏以外) also the two together, the nationwide figure."""
    column = DIMENSIONS[dimension]
    by = [column] if column else []
    figures = filters.apply(KgiFigure.objects.filter(kind__in=[k.value for k in NATIONAL_KINDS]))
    split = figures.values(*by, "kind", "fy", "tokyo_area")
    together = figures.filter(kind__in=[k.value for k in NATIONWIDE_KINDS]).values(*by, "kind", "fy")
    rows = [
        RollupRow(
            key=_key(dimension, row.get(column) if column else None, row.get("tokyo_area")),
            kind=KgiKind(row["kind"]),
            fy=row["fy"],
            tokyo_area=row.get("tokyo_area"),
            target=row["target"],
            actual=row["actual"],
            planned=row["planned"],
            plans=row["plans"],
            estimate=row["estimate"],
        )
        for grouped in (split, together)
        for row in grouped.annotate(**_sums(), plans=Count("plan", distinct=True)).order_by()
    ]
    order = {False: 0, None: 1, True: 2}  # outside the Tokyo area, both together, the Tokyo area
    rows.sort(key=lambda r: (order[r.tokyo_area], r.key, NATIONAL_KINDS.index(r.kind), r.fy))
    previous: RollupRow | None = None
    for row in rows:  # sorted, so each series' years follow each other
        same = previous is not None and (previous.key, previous.kind, previous.tokyo_area) == (
            row.key,
            row.kind,
            row.tokyo_area,
        )
        row.actual_to_date = row.actual + (previous.actual_to_date if same and previous else 0.0)
        row.planned_to_date = row.planned + (previous.planned_to_date if same and previous else 0.0)
        previous = row
    return rows


TOKYO_COLUMN = {False: "", True: "東京圏", None: "東京圏を含む"}
ROLLUP_WIDTHS = (24, 28, 8, 8, 18, 14, 14, 20, 18, 8, 60)


RollupTable = tuple[list[str], list[list[object]]]


def rollup_table(
    dimension: str, filters: Filters = Filters(), rows: list[RollupRow] | None = None
) -> RollupTable:
    """The roll-up as a table for Excel (CSV or xlsx); each row lists the plan parts behind it
    (計画ID:団体コード:按分比:区分:値). ``rows``: the roll-up already gathered for the same dimension and filters."""
    column = DIMENSIONS[dimension]
    fields = ["plan__public_id", "place", "share", "measure", "value", "kind", "fy", "tokyo_area"]
    parts: dict[str, list[str]] = {}
    for plan_id, author, share, measure, value, kind, fy, tokyo, *key in (
        filters.apply(KgiFigure.objects.all())
        .values_list(*fields, *([column] if column else []))
        .order_by("plan__public_id")
    ):
        trace = trace_of(dimension, kind, fy, tokyo, key[0] if key else None)
        parts.setdefault(trace, []).append(
            f"{plan_id}:{author}:{share:.3f}:{measure}:{value:.12g}"
        )  # not :g (2e+06)
    header = [
        "区分",
        "KGI",
        "年度",
        "東京圏",
        "目標（目標年度の値）",
        "実績",
        "実績の累計",
        "計画上の投資額（累計の年割）",
        "推計（付加価値の波及効果）",
        "計画数",
        "内訳",
    ]
    table: list[list[object]] = [
        [
            r.key,
            r.kind.label,
            r.fy,
            TOKYO_COLUMN[r.tokyo_area],
            r.target,
            r.actual,
            r.actual_to_date,
            r.planned,
            r.estimate if r.kind is KgiKind.VALUE_ADDED else None,
            r.plans,
            " ".join(parts.get(r.trace, [])),
        ]
        for r in (rollup_rows(dimension, filters) if rows is None else rows)
    ]
    return header, table


def traced(dimension: str, trace: str, filters: Filters = Filters()) -> QuerySet[KgiFigure]:
    """The plan parts behind one roll-up row (``RollupRow.trace``); empty for a trace that names no row."""
    try:
        key, kind, fy, tokyo = trace.split("|")
        condition = (
            Q(kind=kind, fy=int(fy)) if tokyo == "a" else Q(kind=kind, fy=int(fy), tokyo_area=tokyo == "1")
        )
        column = DIMENSIONS[dimension]
        if column == "prefecture":
            condition &= Q(prefecture=int(key))
        elif column == "strategic_field":
            condition &= Q(strategic_field="" if key == NO_FIELD else key)
        elif column:
            condition &= Q(**{column: key})
    except (ValueError, KeyError):
        return KgiFigure.objects.none()
    figures = filters.apply(KgiFigure.objects.filter(condition))
    return figures.select_related("plan").order_by("plan__public_id", "place", "measure")


@dataclass
class Investment:
    """Planned and realised capex of one place (a prefecture or an author's office)."""

    planned: float = 0.0
    realised: float = 0.0
    plans: set[str] = field(default_factory=set)


def investment(by: str, filters: Filters = Filters()) -> dict[str, Investment]:
    """Capex planned (the plans' cumulative amounts) and realised (the actuals of the published half-years' reports:
    the map is public, ``monitoring.published``), by ``prefecture`` or ``place``."""
    figures = filters.apply(
        KgiFigure.objects.filter(kind=KgiKind.CAPEX.value, measure__in=["planned", "published_actual"])
    )
    result: dict[str, Investment] = {}
    rows = figures.values(by, "measure", "plan__public_id").annotate(total=Sum("value")).order_by()
    for row in rows:
        place = result.setdefault(str(row[by]), Investment())
        if row["measure"] == "planned":
            place.planned += row["total"]
        else:
            place.realised += row["total"]
        place.plans.add(row["plan__public_id"])
    return result


@dataclass
class Place:
    """The investment projects of the published plans in one municipality (a point of the map)."""

    code: str
    amount: float = 0.0
    projects: list[dict[str, Any]] = field(default_factory=list)


def project_places(filters: Filters = Filters()) -> dict[str, Place]:
    """Projects by municipality; with a year chosen, those whose investment runs through that year."""
    rows = filters.apply_to_plans(ProjectFigure.objects.all())
    if filters.fy is not None:
        rows = rows.filter(start_fy__lte=filters.fy, end_fy__gte=filters.fy)
    places: dict[str, Place] = {}
    for row in rows.order_by("location", "-amount").values(
        "location", "plan__public_id", "description", "entity", "amount", "at_author", "start_fy", "end_fy"
    ):
        place = places.setdefault(row["location"], Place(row["location"]))
        place.amount += row["amount"]
        place.projects.append(dict(row))
    return places


@dataclass
class PlanStanding:
    """A plan's KPI statuses in its latest reported half-year."""

    plan_id: int
    period: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ordered(self) -> list[int]:
        """Counts in the order of ``KpiStatus`` (for tables)."""
        return [self.counts.get(status.value, 0) for status in KpiStatus]


def standings(plan_ids: Iterable[int]) -> dict[int, PlanStanding]:
    """Each plan's status counts at its own latest reported half-year (plans report at their own pace)."""
    ids = list(plan_ids)
    # The latest period from the reports (20 rows a plan in ten years), not from the readings (20 × the KPIs).
    latest = dict(
        ProgressRecord.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(period=Max("period"))
        .values_list("plan_id", "period")
    )
    result = {plan_id: PlanStanding(plan_id, latest.get(plan_id, "")) for plan_id in ids}
    if not latest:
        return result
    wanted = Q()
    for plan_id, period in latest.items():
        wanted |= Q(plan_id=plan_id, period=period)
    for row in (
        KpiReading.objects.filter(wanted).values("plan_id", "status").annotate(n=Count("id")).order_by()
    ):
        result[row["plan_id"]].counts[row["status"]] = row["n"]
    return result


#: What each figure of the roll-up counts (the page's legend, the workbook's 凡例 sheet, the CSV's columns).
ROLLUP_LEGEND: tuple[tuple[str, str], ...] = (
    (
        "区分",
        "全国は 000 の全体KGI: 官民設備投資額・付加価値増加額は東京圏以外の計（東京圏は別の行）、育成人材数は"
        "全国（東京圏を含む）の計と、東京圏以外・東京圏の内訳。都道府県・地域ブロックは計画の対象区域（核となる区域）の所在地。",
    ),
    (
        "置き場所",
        "計画の数値は対象区域（area.core_areas）に、策定主体が記載した区域ごとの割合（area.shares。記載がなければ均等）で"
        "按分して数えます。区域を記載していない計画だけは策定主体の所在地に、策定主体の按分比で数えます（内訳に「策定主体」と表示）。"
        "共同作成の計画も一度だけ数えます。",
    ),
    (
        "目標（目標年度の値）",
        "各計画のKGIの目標年度の値（フロー。官民設備投資額は目標年度の年間投資額）。年度はその目標年度。",
    ),
    ("実績", "進捗報告で報告された、その年度の実績（フロー）。各計画が提出した最新の報告までを含みます。"),
    (
        "実績の累計",
        "表示している最初の年度からその年度までの実績の合計（ストック。官民設備投資額を累計で追うため）。",
    ),
    (
        "計画上の投資額（累計の年割）",
        "計画に記載された累計の官民設備投資額を、その期間の年数で均等に割った年額（フロー。計画に年次の内訳がないための仮定）。",
    ),
    (
        "推計（付加価値の波及効果）",
        "付加価値増加額の行だけ: 各計画の売上の増加から平成23年産業連関表（全国）で推計した付加価値"
        "（直接・一次・二次波及の計、目標年度、百万円）。計画の記載とは独立した参考値（analytics/ripple）。",
    ),
    ("計画数", "その行に数値が入っている公表済みの計画の数。"),
    ("単位", "金額は百万円（計画が億円・千円で記載していても百万円に換算）、育成人材数は人。"),
    ("内訳", "計画ID:区域コード:按分比:区分（target 目標・actual 実績・planned 計画上の投資額）:値。"),
)


#: For which plan types each national KGI is mandatory (KGI-MANDATORY-*: capex and trained workers for A and B;
#: value added for all, which a C plan may replace by labour productivity, 002 2(1)④※1).
MANDATORY_FOR = {KgiKind.CAPEX: ("A", "B"), KgiKind.VALUE_ADDED: ("A", "B", "C"), KgiKind.TALENT: ("A", "B")}


@dataclass(frozen=True)
class MissingKgi:
    """Published plans whose national KGI of one kind has no target value: counted apart, never as zero."""

    kind: KgiKind
    plans: list[tuple[str, str, str]]  # (public id, title, what the plan sets instead, e.g. 労働生産性の目標)


def missing_kgis(filters: Filters = Filters()) -> list[MissingKgi]:
    """For each national KGI, the published plans (under the filters) for which it is mandatory and that give it
    no target: a C plan that sets the labour-productivity KGI instead of value added (002 2(1)④※1) is listed
    with its productivity targets."""
    from chiiki_mirai.workflow.documents import revived
    from chiiki_mirai.workflow.models import Plan
    from chiiki_mirai.workflow.states import PlanState

    plans = Plan.objects.filter(state=PlanState.PUBLISHED)
    if filters.plan_type:
        plans = plans.filter(plan_type=filters.plan_type)
    if filters.strategic_field:
        plans = plans.filter(strategic_field=filters.strategic_field)
    if filters.prefecture is not None:
        plans = plans.filter(prefecture_code=filters.prefecture)
    result = []
    for kind in NATIONAL_KINDS:
        with_target = KgiFigure.objects.filter(kind=kind.value, measure="target").values("plan_id")
        missing = []
        bound = plans.filter(plan_type__in=MANDATORY_FOR[kind])
        for plan in bound.exclude(pk__in=with_target).order_by("public_id"):
            instead = ""
            if kind is KgiKind.VALUE_ADDED:
                document = revived(plan.current_revision().document)
                instead = "、".join(
                    f"労働生産性 {k.target.value:g}{k.unit or ''}（{k.target.fy}年度）"
                    for k in document.kgis_of(KgiKind.LABOR_PRODUCTIVITY)
                    if k.target and k.target.value is not None
                )
            missing.append((plan.public_id, plan.title, instead))
        result.append(MissingKgi(kind, missing))
    return result
