"""What the input-output estimate reads from a plan (its demand and its stated value added), without matrix code:
the pre-check's estimate rule and the national figures need only this and the packaged multipliers
(``multipliers.py``), so a one-plan check does not import numpy."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache

from chiiki_mirai.plans.amounts import is_money_unit, to_million_yen
from chiiki_mirai.plans.choices import KgiKind, PlanType
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.resources import reference_data


@dataclass(frozen=True)
class Demand:
    """What the estimate reads from the plan, in 百万円."""

    capex: float
    capex_source: str  # projects | kgi | none
    sales_increase: float
    sales_source: str  # calculation | spillover | none
    sales_year: int | None
    sectors: dict[str, float] = field(default_factory=dict)  # commodity -> share of the sales increase


@cache
def jsic_commodities() -> dict[str, str]:
    text = reference_data("jsic_io2011.csv")
    return {row["jsic"]: row["io_commodity"] for row in csv.DictReader(text.splitlines())}


def demand_of(plan: PlanDocument) -> Demand:
    named = (
        [p.total_investment for p in plan.core_projects]
        if plan.plan_type is PlanType.A
        else [i.amount for i in (plan.pathway.investments if plan.pathway else [])]
    )
    capex, capex_source = float(sum(a for a in named if a is not None)), "projects"
    if not capex:
        capex, capex_source = _capex_kgi(plan), "kgi"
        capex_source = capex_source if capex else "none"
    sales, sales_source, year = 0.0, "none", None
    for kgi in plan.kgis:
        calc = kgi.calculation
        if calc is not None and calc.sales_increase is not None:
            sales = money(float(calc.sales_increase), kgi.unit)
            sales_source, year = "calculation", kgi.target.fy if kgi.target else None
            break
    else:
        target = (
            plan.pathway.spillover_targets.sales if plan.pathway and plan.pathway.spillover_targets else None
        )
        if target is not None and target.value is not None:
            sales, sales_source, year = money(float(target.value), target.unit), "spillover", target.fy
    mapping = jsic_commodities()
    sectors = [mapping[s] for s in (plan.industry.sectors if plan.industry else []) if s in mapping]
    shares = {c: sectors.count(c) / len(sectors) for c in dict.fromkeys(sectors)} if sectors else {}
    return Demand(capex, capex_source, sales, sales_source, year, shares)


def money(value: float, unit: str | None) -> float:
    return to_million_yen(value, unit) if unit and is_money_unit(unit) else value


def _capex_kgi(plan: PlanDocument) -> float:
    for kgi in plan.kgis_of(KgiKind.CAPEX):
        if kgi.cumulative is not None and kgi.cumulative.value is not None:
            return money(float(kgi.cumulative.value), kgi.unit)
    return 0.0


def stated_value_added(plan: PlanDocument) -> tuple[float | None, int | None]:
    """The plan's value-added KGI target in 百万円 and its year (the last such KGI with a target, as stated)."""
    stated, year = None, None
    for kgi in plan.kgis_of(KgiKind.VALUE_ADDED):
        if kgi.target is not None and kgi.target.value is not None:
            stated, year = money(float(kgi.target.value), kgi.unit), kgi.target.fy
    return stated, year
