"""The national roll-up of the plans' KGIs (全体KGI, seed 000 ①): capex, value-added increase and trained workers,
targets against actuals.

Where a figure counts: seed 000 sets ① 「東京圏以外での官民設備投資額」 and ② 「東京圏以外での付加価値増加額」 — the
Tokyo area (埼玉・千葉・東京・神奈川) is left out of those national totals and shown apart — but ③ 「産業ニーズに即した
人材育成数」 without that restriction: trained workers count nationwide, the Tokyo area as a breakdown
(``figures.rollup_rows``). A figure is placed where the plan invests and trains: its area (``area.core_areas``,
対象区域), split by the shares the authors state for the areas (``area.shares``; equal when none is stated;
stated shares that do not add up to one are scaled). Only a plan that names no area is placed at its authors'
offices, split by the authors' shares. So a joint plan is counted once, and a plan whose area spans the Tokyo area
and outside has just its Tokyo part apart. The parts are stored (``KgiFigure``) and summed by
``monitoring.figures``, so every figure can be traced to the parts it was made of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from chiiki_mirai.analytics.ripple.demand import demand_of, stated_value_added
from chiiki_mirai.analytics.ripple.multipliers import operations_value_added
from chiiki_mirai.plans.amounts import is_money_unit, to_million_yen
from chiiki_mirai.plans.choices import KgiKind
from chiiki_mirai.plans.document import Kgi, PlanDocument
from chiiki_mirai.reference.localgov import local_governments

NATIONAL_KINDS = (KgiKind.CAPEX, KgiKind.VALUE_ADDED, KgiKind.TALENT)
#: The national KGIs seed 000 does not restrict to 東京圏以外 (③ 産業ニーズに即した人材育成数).
NATIONWIDE_KINDS = (KgiKind.TALENT,)
# target: the KGI's value in its target year; actual: a reported annual actual; planned: the annual part of the
# cumulative capex the plan states (spread evenly over its years: the plans give no yearly schedule).
# estimate: the input-output estimate of the value added the plan's sales increase brings (analytics.ripple), at
# the year of its value-added target — the independent figure beside the stated one.
#: ``actual`` is every report's (the officials' roll-up); ``published_actual`` only the published reports' (the public
#: map and logic model, ``monitoring.published``).
Measure = Literal["target", "actual", "published_actual", "planned", "estimate"]
#: How a plan's figures were placed: by its area (対象区域), or, when it names none, at its authors' offices.
Placement = Literal["area", "authors"]


@dataclass(frozen=True)
class Contribution:
    """One author's share of one KGI figure of one plan in one fiscal year."""

    plan_id: str
    plan_type: str
    strategic_field: str
    place: str  # local-government code of the area (or of the authoring body, see ``placed_by``)
    placed_by: Placement
    prefecture: int
    region: str
    tokyo_area: bool
    share: float
    kind: KgiKind
    fy: int
    measure: Measure
    value: float


def split(codes: list[str], stated: list[float | None]) -> list[tuple[str, float]]:
    """Shares of a whole among ``codes``: equal when none is stated, the rest shared equally among the unstated,
    scaled to one when the stated ones exceed it."""
    if not codes:
        return []
    if all(s is None for s in stated):
        return [(code, 1 / len(codes)) for code in codes]
    given = sum(float(s) for s in stated if s is not None)
    unstated = [code for code, s in zip(codes, stated, strict=True) if s is None]
    if unstated and given < 1:
        rest = (1 - given) / len(unstated)
        return [(code, float(s) if s is not None else rest) for code, s in zip(codes, stated, strict=True)]
    total = given or 1.0
    return [(code, float(s or 0) / total) for code, s in zip(codes, stated, strict=True)]


def author_shares(plan: PlanDocument) -> list[tuple[str, float]]:
    return split([a.code for a in plan.authors], [a.share for a in plan.authors])


def place_shares(plan: PlanDocument) -> tuple[list[tuple[str, float]], Placement]:
    """Where the plan's figures count: its areas by their stated shares, or its authors when it names no area."""
    area = plan.area
    if area is not None and area.core_areas:
        return split(area.core_areas, [area.shares.get(code) for code in area.core_areas]), "area"
    return author_shares(plan), "authors"


def contributions(
    plan_id: str,
    plan: PlanDocument,
    actuals: Mapping[tuple[str, int], float],
    published: Mapping[tuple[str, int], float] | None = None,
) -> list[Contribution]:
    """The plan's national-KGI targets (at their target year) and reported actuals (``(kgi id, fy) -> value``), and
    the actuals of the published reports apart (``published``)."""
    master = local_governments()
    figures: list[tuple[KgiKind, int, Measure, float]] = []
    for kgi in plan.kgis:
        if kgi.kind in NATIONAL_KINDS:
            figures += _figures_of(kgi, _of(kgi, actuals), _of(kgi, published or {}))
    figures += _estimate(plan)
    result = []
    places, placed_by = place_shares(plan)
    for code, share in places:
        government = master.get(code)
        if government is None:
            continue
        for kind, fy, measure, value in figures:
            result.append(
                Contribution(
                    plan_id=plan_id,
                    plan_type=plan.plan_type.value,
                    strategic_field=plan.strategic_field or "",
                    place=code,
                    placed_by=placed_by,
                    prefecture=government.prefecture_code,
                    region=government.region.name_ja,
                    tokyo_area=government.in_tokyo_area,
                    share=share,
                    kind=kind,
                    fy=fy,
                    measure=measure,
                    value=value * share,
                )
            )
    return result


def _of(kgi: Kgi, actuals: Mapping[tuple[str, int], float]) -> dict[int, float]:
    return {fy: value for (kgi_id, fy), value in actuals.items() if kgi_id == kgi.id}


def _figures_of(
    kgi: Kgi, actuals: Mapping[int, float], published: Mapping[int, float]
) -> list[tuple[KgiKind, int, Measure, float]]:
    figures: list[tuple[KgiKind, int, Measure, float]] = []
    if kgi.target and kgi.target.fy is not None and kgi.target.value is not None:
        figures.append((kgi.kind, kgi.target.fy, "target", float(kgi.target.value)))
    figures += _planned(kgi)
    figures += [(kgi.kind, fy, "actual", value) for fy, value in actuals.items()]
    figures += [(kgi.kind, fy, "published_actual", value) for fy, value in published.items()]
    unit = kgi.unit
    if unit and is_money_unit(unit):
        # Plans may state money in 億円 or 千円; national sums are in 百万円.
        return [(kind, fy, measure, to_million_yen(value, unit)) for kind, fy, measure, value in figures]
    return figures


def _estimate(plan: PlanDocument) -> list[tuple[KgiKind, int, Measure, float]]:
    value = operations_value_added(demand_of(plan))
    _, year = stated_value_added(plan)
    if year is None or value <= 0:
        return []
    return [(KgiKind.VALUE_ADDED, year, "estimate", value)]


def _planned(kgi: Kgi) -> list[tuple[KgiKind, int, Measure, float]]:
    cumulative = kgi.cumulative
    if kgi.kind is not KgiKind.CAPEX or cumulative is None or cumulative.value is None:
        return []
    if cumulative.from_fy is None or cumulative.to_fy is None or cumulative.to_fy < cumulative.from_fy:
        return []
    years = range(cumulative.from_fy, cumulative.to_fy + 1)
    return [(kgi.kind, fy, "planned", float(cumulative.value) / len(years)) for fy in years]


@dataclass(frozen=True)
class Project:
    """An investment named in a plan, placed at a municipality for the investment map."""

    description: str
    entity: str
    amount: float  # 百万円
    location: str  # local-government code of the municipality
    at_author: bool  # the plan does not say where: shown at the lead authoring body's office
    start_fy: int | None
    end_fy: int | None


def projects(plan: PlanDocument) -> list[Project]:
    """The plan's investment projects with their amounts — for type A its core projects (計画の核となる投資案件,
    001 A(2)③), for B and C the investments of its 道筋 (投資の具体像) — placed at the municipality of the core
    entity that carries each (matched by 法人番号, then by name). One the plan does not place (an entity still to
    be attracted, or not among the core entities) is shown at the lead authoring body's office."""
    located = [e for e in plan.core_entities if e.location]
    by_number = {e.corporate_number: e.location for e in located if e.corporate_number}
    by_name = {e.name: e.location for e in located if e.name}
    lead = next((a.code for a in plan.authors if a.lead), plan.authors[0].code if plan.authors else None)
    named: list[tuple[str, str, str | None, float | None, int | None, int | None]] = (
        [
            (
                p.description or "",
                p.company or "",
                p.corporate_number,
                p.total_investment,
                p.investment_fy,
                p.operation_fy,
            )
            for p in plan.core_projects
        ]
        if plan.plan_type.value == "A"
        else [
            (i.description or "", i.entity or "", None, i.amount, i.start_fy, i.operation_fy)
            for i in (plan.pathway.investments if plan.pathway else [])
        ]
    )
    result = []
    for description, entity, number, amount, start, end in named:
        if amount is None:
            continue
        place = (by_number.get(number) if number else None) or by_name.get(entity)
        location = place or lead
        if location is None:
            continue
        result.append(
            Project(description, entity, float(amount), location, place is None, start, end or start)
        )
    return result
