"""The national roll-up of the plans' KGIs (全体KGI, seed 000 ①; 001 第3章 3.): capex, value-added increase and
trained workers, targets against actuals, counted outside the Tokyo area.

Each plan's figures are split among its authors by their stated shares (equal when none is stated; stated
shares that do not add up to one are scaled), so a joint plan is counted once in the national total and its
parts fall in each author's prefecture. An author in the Tokyo area (埼玉・千葉・東京・神奈川, 001 note 32) has its
part shown apart, never in the national total. The parts are stored (``KgiFigure``) and summed by
``monitoring.figures``, so every figure can be traced to the parts it was made of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from chiiki_mirai.plans.amounts import is_money_unit, to_million_yen
from chiiki_mirai.plans.choices import KgiKind
from chiiki_mirai.plans.document import Kgi, PlanDocument
from chiiki_mirai.reference.localgov import local_governments

NATIONAL_KINDS = (KgiKind.CAPEX, KgiKind.VALUE_ADDED, KgiKind.TALENT)
# target: the KGI's value in its target year; actual: a reported annual actual; planned: the annual part of the
# cumulative capex the plan states (spread evenly over its years: the plans give no yearly schedule).
Measure = Literal["target", "actual", "planned"]


@dataclass(frozen=True)
class Contribution:
    """One author's share of one KGI figure of one plan in one fiscal year."""

    plan_id: str
    plan_type: str
    strategic_field: str
    author: str
    prefecture: int
    region: str
    tokyo_area: bool
    share: float
    kind: KgiKind
    fy: int
    measure: Measure
    value: float


def author_shares(plan: PlanDocument) -> list[tuple[str, float]]:
    stated = [a.share for a in plan.authors]
    if not plan.authors:
        return []
    if all(s is None for s in stated):
        return [(a.code, 1 / len(plan.authors)) for a in plan.authors]
    given = sum(float(s) for s in stated if s is not None)
    unstated = [a for a in plan.authors if a.share is None]
    if unstated and given < 1:
        rest = (1 - given) / len(unstated)
        return [(a.code, float(a.share) if a.share is not None else rest) for a in plan.authors]
    total = given or 1.0
    return [(a.code, float(a.share or 0) / total) for a in plan.authors]


def contributions(
    plan_id: str, plan: PlanDocument, actuals: Mapping[tuple[str, int], float]
) -> list[Contribution]:
    """The plan's national-KGI targets (at their target year) and reported actuals (``(kgi id, fy) -> value``)."""
    master = local_governments()
    figures: list[tuple[KgiKind, int, Measure, float]] = []
    for kgi in plan.kgis:
        if kgi.kind in NATIONAL_KINDS:
            figures += _figures_of(
                kgi, {fy: value for (kgi_id, fy), value in actuals.items() if kgi_id == kgi.id}
            )
    result = []
    for code, share in author_shares(plan):
        government = master.get(code)
        if government is None:
            continue
        for kind, fy, measure, value in figures:
            result.append(
                Contribution(
                    plan_id=plan_id,
                    plan_type=plan.plan_type.value,
                    strategic_field=plan.strategic_field or "",
                    author=code,
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


def _figures_of(kgi: Kgi, actuals: Mapping[int, float]) -> list[tuple[KgiKind, int, Measure, float]]:
    figures: list[tuple[KgiKind, int, Measure, float]] = []
    if kgi.target and kgi.target.fy is not None and kgi.target.value is not None:
        figures.append((kgi.kind, kgi.target.fy, "target", float(kgi.target.value)))
    figures += _planned(kgi)
    figures += [(kgi.kind, fy, "actual", value) for fy, value in actuals.items()]
    unit = kgi.unit
    if unit and is_money_unit(unit):
        # Plans may state money in 億円 or 千円; national sums are in 百万円.
        return [(kind, fy, measure, to_million_yen(value, unit)) for kind, fy, measure, value in figures]
    return figures


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
