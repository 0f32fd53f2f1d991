"""Checks across a set of plans (a prefecture's, or the nation's)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.rules.checks import Params, plans_check
from chiiki_mirai.rules.findings import Hit


@plans_check("plans_per_author")
def plans_per_author(plans: Sequence[PlanDocument], params: Params) -> Iterator[tuple[int, Hit]]:
    """B-COUNT: a prefecture (or designated city) authoring more than about five B plans.

    A joint plan counts for each of its authors: each commits its own support capacity (002 ⑧).
    """
    by_author: dict[str, list[int]] = defaultdict(list)
    for index, plan in enumerate(plans):
        if plan.plan_type is not PlanType(params["plan_type"]):
            continue
        for code in {a.code for a in plan.authors}:
            by_author[code].append(index)
    master = local_governments()
    for code, indexes in sorted(by_author.items()):
        if len(indexes) > params["max"]:
            government = master.get(code)
            name = government.full_name if government else code
            for index in indexes:
                yield (
                    index,
                    Hit("authors", params={"author": name, "count": len(indexes), "max": params["max"]}),
                )
