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
from chiiki_mirai.monitoring.rollup import NATIONAL_KINDS
from chiiki_mirai.monitoring.status import KpiStatus
from chiiki_mirai.plans.choices import KgiKind


def version() -> str:
    """Changes whenever any plan's figures are rebuilt (rows are replaced, so the newest id moves)."""
    row = KgiFigure.objects.aggregate(count=Count("pk"), last=Max("pk"))
    reading = KpiReading.objects.aggregate(last=Max("pk"))["last"]  # the primary key's index answers this
    return f"figures:{row['count']}:{row['last']}:{reading}"


OUTSIDE_TOKYO = "全国（東京圏以外）"
TOKYO_AREA = "東京圏"
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
    tokyo_area: bool
    target: float
    actual: float
    planned: float
    plans: int
    # Running totals from the first year shown (官民設備投資額 is followed annually and cumulatively).
    actual_to_date: float = 0.0
    planned_to_date: float = 0.0

    @property
    def trace(self) -> str:
        return _trace(self.key, self.kind.value, self.fy, self.tokyo_area)


def _trace(key: str, kind: str, fy: int, tokyo_area: bool) -> str:
    return f"{key}|{kind}|{fy}|{int(tokyo_area)}"


def trace_of(dimension: str, kind: str, fy: int, tokyo_area: bool, value: Any) -> str:
    """The roll-up row (``RollupRow.trace``) a stored part counts in; ``value`` is its dimension column's."""
    return _trace(_key(dimension, value, tokyo_area), kind, fy, tokyo_area)


def _sums() -> dict[str, Any]:
    return {
        measure: Coalesce(Sum("value", filter=Q(measure=measure)), 0.0)
        for measure in ("target", "actual", "planned")
    }


def _key(dimension: str, value: Any, tokyo_area: bool) -> str:
    if dimension == "national":
        return TOKYO_AREA if tokyo_area else OUTSIDE_TOKYO
    if dimension == "prefecture":
        return f"{value:02d}"
    if dimension == "strategic_field":
        return value or NO_FIELD
    return str(value)


def rollup_rows(dimension: str = "national", filters: Filters = Filters()) -> list[RollupRow]:
    """Targets, actuals and planned capex summed by the dimension, KGI and year; Tokyo-area parts apart."""
    column = DIMENSIONS[dimension]
    group = ([column] if column else []) + ["kind", "fy", "tokyo_area"]
    figures = filters.apply(KgiFigure.objects.filter(kind__in=[k.value for k in NATIONAL_KINDS]))
    aggregated = figures.values(*group).annotate(**_sums(), plans=Count("plan", distinct=True)).order_by()
    rows = [
        RollupRow(
            key=_key(dimension, row.get(column) if column else None, row["tokyo_area"]),
            kind=KgiKind(row["kind"]),
            fy=row["fy"],
            tokyo_area=row["tokyo_area"],
            target=row["target"],
            actual=row["actual"],
            planned=row["planned"],
            plans=row["plans"],
        )
        for row in aggregated
    ]
    rows.sort(key=lambda r: (r.tokyo_area, r.key, NATIONAL_KINDS.index(r.kind), r.fy))
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


ROLLUP_WIDTHS = (24, 28, 8, 8, 18, 14, 14, 20, 8, 60)


RollupTable = tuple[list[str], list[list[object]]]


def rollup_table(
    dimension: str, filters: Filters = Filters(), rows: list[RollupRow] | None = None
) -> RollupTable:
    """The roll-up as a table for Excel (CSV or xlsx); each row lists the plan parts behind it
    (計画ID:団体コード:按分比:区分:値). ``rows``: the roll-up already gathered for the same dimension and filters."""
    column = DIMENSIONS[dimension]
    fields = ["plan__public_id", "author", "share", "measure", "value", "kind", "fy", "tokyo_area"]
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
        "計画数",
        "内訳",
    ]
    table: list[list[object]] = [
        [
            r.key,
            r.kind.label,
            r.fy,
            "東京圏" if r.tokyo_area else "",
            r.target,
            r.actual,
            r.actual_to_date,
            r.planned,
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
        condition = Q(kind=kind, fy=int(fy), tokyo_area=tokyo == "1")
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
    return figures.select_related("plan").order_by("plan__public_id", "author", "measure")


@dataclass
class Investment:
    """Planned and realised capex of one place (a prefecture or an author's office)."""

    planned: float = 0.0
    realised: float = 0.0
    plans: set[str] = field(default_factory=set)


def investment(by: str, filters: Filters = Filters()) -> dict[str, Investment]:
    """Capex planned (the plans' cumulative amounts) and realised (reported actuals), by ``prefecture`` or
    ``author`` (the authoring body, placed at its office on the map)."""
    figures = filters.apply(
        KgiFigure.objects.filter(kind=KgiKind.CAPEX.value, measure__in=["planned", "actual"])
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
