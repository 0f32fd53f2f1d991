"""The logic model's annual actuals: entering one (the secretariat and the ministries, 001 第3章第7節), and the
tree of indicators with their statuses for the page and the compilation."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q, Sum

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.logic_model import (
    Actual,
    Assessment,
    Indicator,
    Series,
    TargetKind,
    assess,
    logic_model,
)
from chiiki_mirai.monitoring.models import KgiFigure, LogicModelActual
from chiiki_mirai.monitoring.rollup import NATIONAL_KINDS as PLAN_KINDS
from chiiki_mirai.monitoring.rollup import NATIONWIDE_KINDS
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.choices import KgiKind
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import Role

ENTERING_ROLES = {Role.REVIEWER, Role.ADMINISTRATOR, Role.MINISTRY_REPORTER}
YEARS = range(2000, 2101)


def may_enter_actuals(person: Person) -> bool:
    return person.organisation.is_national and person.role_enum in ENTERING_ROLES


def _number(text: str, where: Text, required: bool) -> float | None:
    text = text.strip().replace(",", "")
    if not text:
        if required:
            raise Refused(Text(f"{where.ja}: 値を入力してください。", f"{where.en}: enter a value."))
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise Refused(
            Text(
                f"{where.ja}: 数値を入力してください（入力: {text[:40]}）。",
                f"{where.en}: enter a number (got {text[:40]}).",
            )
        )
    return number


@transaction.atomic
def do_enter_actual(
    person: Person,
    indicator_id: str,
    series_key: str,
    year: str,
    value: str,
    comparison: str = "",
    note: str = "",
) -> LogicModelActual:
    """Record one annual actual; a later entry for the same year replaces the earlier one in the figures,
    and both are kept."""
    if not may_enter_actuals(person):
        raise Refused(
            Text(
                "ロジックモデルの実績は内閣官房・各府省庁の担当者が入力します。",
                "the secretariat and the ministries enter the logic model's actuals.",
            )
        )
    indicator = logic_model().find(indicator_id)
    if indicator is None:
        raise Refused(Text(f"指標 {indicator_id[:20]} はありません。", f"no indicator {indicator_id[:20]}."))
    series = next((s for s in indicator.series if s.key == series_key), None)
    if series is None:
        raise Refused(
            Text(
                f"{indicator.id}: 系列 {series_key[:20]} はありません。",
                f"{indicator.id}: no series {series_key[:20]}.",
            )
        )
    where = Text(f"{indicator.id} {series.label}".strip(), f"{indicator.id} {series.key}")
    if not (year.strip().isdigit() and int(year) in YEARS):
        raise Refused(
            Text(
                f"{where.ja} の年: 2000〜2100 の西暦で入力してください（入力: {year[:10]}）。",
                f"{where.en} year: enter a year from 2000 to 2100 (got {year[:10]}).",
            )
        )
    amount = _number(value, Text(f"{where.ja} の実績値", f"{where.en} actual"), required=True)
    compared = _number(
        comparison,
        Text(f"{where.ja} の比較対象（{series.target.comparison}）", f"{where.en} comparison"),
        required=series.target.kind is TargetKind.ABOVE_COMPARISON,
    )
    assert amount is not None
    return LogicModelActual.objects.create(
        indicator=indicator.id,
        series=series.key,
        year=int(year),
        value=amount,
        comparison=compared,
        note=note.strip()[:2000],
        entered_by=person.user,
    )


def entered_actuals() -> dict[tuple[str, str], dict[int, Actual]]:
    """``(indicator, series) -> {year: actual}``, the latest entry for each year."""
    result: dict[tuple[str, str], dict[int, Actual]] = {}
    for row in LogicModelActual.objects.order_by("entered_at", "id").values_list(
        "indicator", "series", "year", "value", "comparison"
    ):
        indicator, series, year, value, comparison = row
        result.setdefault((indicator, series), {})[year] = Actual(value, comparison)
    return result


@dataclass(frozen=True)
class SeriesView:
    series: Series
    unit: str
    history: list[tuple[int, Actual]]
    assessment: Assessment


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    series: list[SeriesView]


@dataclass
class GroupView:
    """A node of the tree: an impact, an outcome or a group of outputs, with its indicators."""

    id: str
    name: str
    indicators: list[IndicatorView]
    children: list[GroupView] = field(default_factory=list)
    plans_feed: bool = False


@dataclass(frozen=True)
class PlansKgi:
    """The plans' national KGI outside the Tokyo area (the roll-up), shown in the ア outcome they feed."""

    kind: KgiKind
    target: float
    actual: float
    latest_fy: int | None
    plans: int


def _viewed(
    indicators: list[Indicator], actuals: dict[tuple[str, str], dict[int, Actual]]
) -> list[IndicatorView]:
    return [
        IndicatorView(
            indicator,
            [
                SeriesView(
                    s,
                    indicator.unit_of(s),
                    sorted(actuals.get((indicator.id, s.key), {}).items()),
                    assess(s, actuals.get((indicator.id, s.key), {})),
                )
                for s in indicator.series
            ],
        )
        for indicator in indicators
    ]


def tree() -> tuple[list[GroupView], list[GroupView]]:
    """The pillars (impact → outcomes → outputs) and the cross-cutting outputs of 第4節."""
    actuals = entered_actuals()
    pillars = [
        GroupView(
            pillar.id,
            pillar.name,
            _viewed(pillar.impact, actuals),
            [
                GroupView(
                    outcome.id,
                    outcome.name,
                    _viewed(outcome.indicators, actuals),
                    [GroupView(g.id, g.name, _viewed(g.indicators, actuals)) for g in outcome.outputs],
                    plans_feed=outcome.plans_feed,
                )
                for outcome in pillar.outcomes
            ],
        )
        for pillar in logic_model().pillars
    ]
    cross = [GroupView(g.id, g.name, _viewed(g.indicators, actuals)) for g in logic_model().cross_cutting]
    return pillars, cross


def plans_kgis() -> list[PlansKgi]:
    """Each national KGI summed over the published plans as seed 000 sets it (capex and value added outside the
    Tokyo area, trained workers nationwide; joint plans split by shares, as in the roll-up): the targets (each plan's
    target-year value) and the actuals of the published half-years (the page is public, ``monitoring.published``) — capex
    summed over the years (it is followed cumulatively), value added and trained workers at each plan's
    latest reported year (their KGIs are target-year values, so years are not added up)."""
    parts = KgiFigure.objects.filter(kind__in=[k.value for k in PLAN_KINDS]).exclude(
        Q(tokyo_area=True) & ~Q(kind__in=[k.value for k in NATIONWIDE_KINDS])
    )
    result = []
    for kind in PLAN_KINDS:
        own = parts.filter(kind=kind.value)
        target = own.filter(measure="target").aggregate(total=Sum("value"))["total"] or 0.0
        latest: dict[tuple[int, str], tuple[int, float]] = {}
        actual = 0.0
        for plan_id, place, fy, value in own.filter(measure="published_actual").values_list(
            "plan_id", "place", "fy", "value"
        ):
            if kind is KgiKind.CAPEX:
                actual += value
            elif (plan_id, place) not in latest or fy > latest[(plan_id, place)][0]:
                latest[(plan_id, place)] = (fy, value)
        actual += sum(value for _, value in latest.values())
        years = own.filter(measure="published_actual").aggregate(last=Max("fy"))["last"]
        plans = own.values("plan_id").distinct().count()
        result.append(PlansKgi(kind, target, actual, years, plans))
    return result
