"""The national roll-up of the plans' KGIs (全体KGI, seed 000 ①; 001 第3章 3.): capex, value-added increase and
trained workers, targets against actuals, counted outside the Tokyo area.

Each plan's figures are split among its authors by their stated shares (equal when none is stated; stated
shares that do not add up to one are scaled), so a joint plan is counted once in the national total and its
parts fall in each author's prefecture. An author in the Tokyo area (埼玉・千葉・東京・神奈川, 001 note 32) has its
part shown apart, never in the national total. Every figure keeps the contributions it was made of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from chiiki_mirai.plans.choices import KgiKind
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.reference.localgov import local_governments

NATIONAL_KINDS = (KgiKind.CAPEX, KgiKind.VALUE_ADDED, KgiKind.TALENT)
Measure = Literal["target", "actual"]


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
        if kgi.kind not in NATIONAL_KINDS:
            continue
        if kgi.target and kgi.target.fy is not None and kgi.target.value is not None:
            figures.append((kgi.kind, kgi.target.fy, "target", float(kgi.target.value)))
        figures += [
            (kgi.kind, fy, "actual", value) for (kgi_id, fy), value in actuals.items() if kgi_id == kgi.id
        ]
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


@dataclass
class RollupRow:
    key: str
    kind: KgiKind
    fy: int
    tokyo_area: bool
    target: float = 0.0
    actual: float = 0.0
    sources: list[Contribution] = field(default_factory=list)

    @property
    def plans(self) -> int:
        return len({c.plan_id for c in self.sources})


DIMENSIONS: dict[str, Callable[[Contribution], str]] = {
    "national": lambda c: "全国（東京圏以外）",
    "plan_type": lambda c: c.plan_type,
    "prefecture": lambda c: f"{c.prefecture:02d}",
    "region": lambda c: c.region,
    "strategic_field": lambda c: c.strategic_field or "（分野なし）",
}


def rollup(items: Iterable[Contribution], dimension: str = "national") -> list[RollupRow]:
    """Sum targets and actuals by the dimension, KGI and year; Tokyo-area parts in rows of their own."""
    key_of = DIMENSIONS[dimension]
    rows: dict[tuple[str, KgiKind, int, bool], RollupRow] = {}
    for item in items:
        key = (
            "東京圏" if item.tokyo_area and dimension == "national" else key_of(item),
            item.kind,
            item.fy,
            item.tokyo_area,
        )
        row = rows.setdefault(key, RollupRow(key[0], item.kind, item.fy, item.tokyo_area))
        if item.measure == "target":
            row.target += item.value
        else:
            row.actual += item.value
        row.sources.append(item)
    return sorted(rows.values(), key=lambda r: (r.tokyo_area, r.key, NATIONAL_KINDS.index(r.kind), r.fy))


def cumulative_actuals(rows: Iterable[RollupRow]) -> dict[tuple[str, KgiKind, bool], list[tuple[int, float]]]:
    """Running totals of actuals by year (官民設備投資額 is followed annually and cumulatively)."""
    series: dict[tuple[str, KgiKind, bool], list[tuple[int, float]]] = {}
    for row in sorted(rows, key=lambda r: r.fy):
        points = series.setdefault((row.key, row.kind, row.tokyo_area), [])
        points.append((row.fy, (points[-1][1] if points else 0.0) + row.actual))
    return series
