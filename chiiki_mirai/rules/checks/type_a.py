"""Checks of type A, 戦略産業クラスター計画 (001 第3章第1節 A)."""

from __future__ import annotations

from collections.abc import Iterator

from chiiki_mirai.plans.amounts import format_million_yen
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.reference.fields import StrategicField
from chiiki_mirai.rules.checks import Params, plan_check, present
from chiiki_mirai.rules.findings import Hit


@plan_check("strategic_field")
def strategic_field(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    known = {f.value for f in StrategicField}
    if not present(plan.strategic_field):
        yield Hit("strategic_field", "missing")
    elif plan.strategic_field not in known:
        listed = "、".join(f"{f.value}（{f.label_ja}）" for f in StrategicField)
        yield Hit("strategic_field", "unknown", {"field": plan.strategic_field, "known": listed})


@plan_check("projects_adopted")
def projects_adopted(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    if not plan.core_projects:
        yield Hit("core_projects", "no_projects")
    for i, project in enumerate(plan.core_projects):
        if not project.adopted_support:
            yield Hit(
                f"core_projects[{i}].adopted_support", params={"project": project.description or f"#{i + 1}"}
            )


@plan_check("project_scale")
def project_scale(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    amounts = [p.total_investment for p in plan.core_projects if p.total_investment is not None]
    total = sum(amounts)
    lines = [
        f"{p.company or p.description or '—'}: {format_million_yen(p.total_investment)}"
        for p in plan.core_projects
        if p.total_investment is not None
    ]
    evidence = "\n".join([*lines, f"合計: {format_million_yen(total)}"])
    threshold = params.get("threshold_million_yen")
    if threshold is not None and total < threshold:
        yield Hit(
            "core_projects",
            "below",
            {"total": format_million_yen(total), "threshold": format_million_yen(threshold)},
            evidence=evidence,
        )
    else:
        yield Hit("core_projects", params={"total": format_million_yen(total)}, evidence=evidence)


@plan_check("infrastructure_listed")
def infrastructure_listed(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    if plan.infrastructure:
        evidence = "\n".join(
            f"{item.kind.label}: {item.description or '—'}"
            + (f"（{format_million_yen(item.amount)}）" if item.amount is not None else "")
            for item in plan.infrastructure
        )
        yield Hit("infrastructure", evidence=evidence)
    else:
        yield Hit("infrastructure", "none")
