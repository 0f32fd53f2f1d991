"""An independent estimate of a plan's ripple effects (経済波及効果の試算), beside its stated KGIs (001 A(3)①
「設定の根拠・効果検証方法」, 002 記載項目3).

Two effects, kept apart because they differ in kind:
- **investment** (one-off, over the investment years): the capex of the projects the plan names — A: its core
  projects, B/C: its pathway's investments (the capex KGI's cumulative amount when it names none) — as final
  demand for construction (``con``) and machinery (``nei``) in the share ``Assumptions.construction_share``;
- **operations** (each year from the target year): the plan's sales increase as new output of its sectors
  (``industry.sectors`` → the table's commodities by ``jsic_io2011.csv``, split equally): C's
  ``calculation.sales_increase``, else the 売上額 target of ``pathway.spillover_targets``, read as that year's
  increase (the seeds do not say whether it is a level or an increase: the page says how it is read).
Each is estimated in three parts: the direct effect, the first-round indirect effect through the inter-industry
purchases, and the second round through households' consumption out of the compensation the first round pays
(``propensity`` of it spent, in the table's household consumption pattern). Value added and compensation follow
from output by the table's coefficients. No job estimate: the packaged table has no employment table, and the
platform has no cited wage per sector to derive one (the page says so).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from chiiki_mirai.analytics.ripple.demand import Demand, demand_of, jsic_commodities, stated_value_added
from chiiki_mirai.analytics.ripple.table import IoModel, Matrix, load_model
from chiiki_mirai.i18n import Text
from chiiki_mirai.plans.document import PlanDocument

__all__ = ["Assumptions", "Demand", "Estimate", "demand_of", "estimate", "jsic_commodities", "rounds"]


@dataclass(frozen=True)
class Assumptions:
    """What the estimate assumes; each shown beside the result and settable by the user."""

    retention: float = 1.0  # 1.0: the national table's own domestic supply (the effect within Japan)
    construction_share: float = 0.3  # of capex spent on construction; the rest on machinery (the platform's)
    propensity: float = 0.7  # of compensation spent on consumption (the platform's assumption)

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must be between 0 and 1 (got {value})")


ASSUMPTION_NOTES = {
    "retention": Text(
        "域内歩留まり率（域内で調達される割合）。1.0 は全国表（平成23年産業連関表）の国内自給率のままで、全国での効果を表します。"
        "都道府県内の効果を見るには、その県の自給率に近い値を設定してください。",
        "Regional retention: 1.0 keeps the national table's domestic supply (the effect within Japan); set a lower "
        "share for the effect within a region.",
    ),
    "construction_share": Text(
        "設備投資額のうち建設に向かう割合（残りは機械）。計画に内訳がないための基盤の仮定です。",
        "The share of capital investment spent on construction (the rest on machinery): the platform's assumption.",
    ),
    "propensity": Text(
        "雇用者所得のうち消費に回る割合（平均消費性向）。基盤の仮定です。",
        "The share of compensation spent on consumption (average propensity to consume): the platform's assumption.",
    ),
}


@dataclass(frozen=True)
class Effect:
    """Output, value added and compensation of one part of the effect, in 百万円."""

    output: float
    value_added: float
    compensation: float

    def __add__(self, other: Effect) -> Effect:
        return Effect(
            self.output + other.output,
            self.value_added + other.value_added,
            self.compensation + other.compensation,
        )


@dataclass(frozen=True)
class Rounds:
    direct: Effect
    indirect: Effect  # first round, through inter-industry purchases
    induced: Effect  # second round, through households' consumption

    @property
    def total(self) -> Effect:
        return self.direct + self.indirect + self.induced


@dataclass(frozen=True)
class Estimate:
    demand: Demand
    assumptions: Assumptions
    investment: Rounds
    operations: Rounds
    stated_value_added: float | None  # the plan's value-added KGI target, 百万円
    stated_year: int | None

    def as_json(self) -> dict[str, Any]:
        def rounds(r: Rounds) -> dict[str, Any]:
            return {**{k: asdict(v) for k, v in asdict_rounds(r).items()}, "total": asdict(r.total)}

        return {
            "unit": "百万円",
            "demand": asdict(self.demand),
            "assumptions": asdict(self.assumptions),
            "investment": rounds(self.investment),
            "operations": rounds(self.operations),
            "stated_value_added": self.stated_value_added,
            "stated_year": self.stated_year,
            "jobs": None,
            "source": "平成23年（2011年）産業連関表（総務省）26部門",
        }


def asdict_rounds(r: Rounds) -> dict[str, Effect]:
    return {"direct": r.direct, "indirect": r.indirect, "induced": r.induced}


def _effect(model: IoModel, output: Matrix) -> Effect:
    return Effect(float(output.sum()), float(model.value_added @ output), float(model.compensation @ output))


def rounds(model: IoModel, assumptions: Assumptions, final: Matrix, production: Matrix) -> Rounds:
    """The three parts of the effect of a final demand ``final`` (met partly by imports and other regions) and
    of new output ``production`` (the plan's own firms' sales increase, produced where they are)."""
    supplied = assumptions.retention * model.domestic_share
    inverse = model.leontief(assumptions.retention)
    direct = supplied * final + production
    first = inverse @ (supplied * final) + production + inverse @ (supplied * (model.technical @ production))
    income = float(model.compensation @ first)
    consumption = income * assumptions.propensity * model.consumption
    second = inverse @ (supplied * consumption)
    return Rounds(_effect(model, direct), _effect(model, first - direct), _effect(model, second))


def estimate(plan: PlanDocument, assumptions: Assumptions = Assumptions()) -> Estimate:
    model = load_model()
    demand = demand_of(plan)
    size = len(model.table.commodities)
    spending = np.zeros(size)
    spending[model.index("con")] = demand.capex * assumptions.construction_share
    spending[model.index("nei")] = demand.capex * (1 - assumptions.construction_share)
    sales = np.zeros(size)
    for commodity, share in demand.sectors.items():
        sales[model.index(commodity)] = demand.sales_increase * share
    nothing = np.zeros(size)
    stated, year = stated_value_added(plan)
    return Estimate(
        demand=demand,
        assumptions=assumptions,
        investment=rounds(model, assumptions, spending, nothing),
        operations=rounds(model, assumptions, nothing, sales),
        stated_value_added=stated,
        stated_year=year,
    )
