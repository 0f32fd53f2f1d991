"""Checks of type C, 地場産業成長プラン (002 2., 001 第3章第1節 C)."""

from __future__ import annotations

from collections.abc import Iterator

from chiiki_mirai.i18n import Text
from chiiki_mirai.plans.choices import EntityKind
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.rules.checks import Params, plan_check, present
from chiiki_mirai.rules.findings import Hit


@plan_check("dependency_on_one")
def dependency_on_one(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """外部依存性: no single large company or franchisor carries too much of the plan."""
    for i, entity in enumerate(plan.core_entities):
        if entity.share_of_plan is not None and entity.share_of_plan > params["max_share"]:
            yield Hit(
                f"core_entities[{i}].share_of_plan",
                "share",
                {
                    "entity": entity.name or f"#{i + 1}",
                    "share": f"{entity.share_of_plan:.0%}",
                    "max": f"{params['max_share']:.0%}",
                },
            )
    named = [e for e in plan.core_entities if present(e.name)]
    if len(named) == 1:
        only = named[0]
        if (
            only.kind is EntityKind.COMPANY
            and only.employees is not None
            and only.employees > params["large_company_employees"]
        ):
            yield Hit(
                "core_entities", "single_large", {"entity": only.name, "employees": f"{only.employees:,}"}
            )


@plan_check("consultation_desk")
def consultation_desk(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    structure = plan.policy.support_structure if plan.policy else None
    if structure is None or not structure.departments:
        yield Hit("policy.support_structure.departments")


@plan_check("support_fields_and_staff")
def support_fields_and_staff(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    structure = plan.policy.support_structure if plan.policy else None
    if structure is None:
        return
    if not structure.fields:
        yield Hit(
            "policy.support_structure.fields",
            params={"item": Text("経営支援の分野", "fields of management support")},
        )
    if not structure.staff:
        yield Hit("policy.support_structure.staff", params={"item": Text("対応する人員", "staff for them")})
