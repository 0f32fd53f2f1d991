"""Spillover within the region (issue 20 §9): B's requirement asks that each is 「計画されているか」 (002 1(2)②⑤), C's
that a target is set (2(2)②④); the 2026-12 edition keeps its reading."""

from __future__ import annotations

from typing import Any

from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.io import load_path
from chiiki_mirai.rules.engine import Checker
from chiiki_mirai.rules.rulebook import load_rulebook
from tests.conftest import EXAMPLES


def spillover_findings(
    sample: str, targets: dict[str, Any], edition: str = "2026-12b"
) -> list[tuple[str, str, str]]:
    plan = load_path(EXAMPLES / "plans" / sample).document
    assert isinstance(plan, PlanDocument) and plan.pathway is not None
    data = plan.model_dump(mode="json", exclude_unset=True)
    data["pathway"]["spillover_targets"] = targets
    findings = Checker(load_rulebook(edition)).check_plan(PlanDocument.model_validate(data))
    return sorted(
        (f.rule, f.path.rsplit(".", 1)[-1], f.severity.value)
        for f in findings
        if f.rule.startswith("SPILLOVER")
    )


IN_WORDS = {
    "intra_regional_transactions": {"description": "県内の部品企業からの調達を広げる"},
    "sales": {"description": "核となる企業の売上を伸ばす"},
    "wage_growth": {"description": "取引先の賃上げを促す"},
}


def test_b_planned_in_words_meets_the_requirement_and_a_figure_is_encouraged() -> None:
    assert spillover_findings("b-fukushima-medical-devices.yaml", IN_WORDS) == [
        ("SPILLOVER-PLANNED", "intra_regional_transactions", "warning"),
        ("SPILLOVER-PLANNED", "jobs", "warning"),
        ("SPILLOVER-PLANNED", "sales", "warning"),
    ]
    figures = {
        "intra_regional_transactions": {"unit": "百万円", "fy": 2030, "value": 900},
        "sales": {"unit": "百万円", "fy": 2030, "value": 3800},
        "jobs": {"unit": "人", "fy": 2030, "value": 40, "description": "工場の新設で"},
    }
    assert spillover_findings("b-fukushima-medical-devices.yaml", figures) == []
    assert spillover_findings("b-fukushima-medical-devices.yaml", {}) == [
        ("SPILLOVER-PLANNED", "intra_regional_transactions", "error"),
        ("SPILLOVER-PLANNED", "jobs", "error"),
        ("SPILLOVER-PLANNED", "sales", "error"),
    ]


def test_c_still_sets_targets_and_the_earlier_edition_reads_as_before() -> None:
    assert [r for r, _, s in spillover_findings("c-umaji-yuzu.yaml", IN_WORDS) if s == "error"] == [
        "SPILLOVER-TARGETS"
    ] * 3
    earlier = spillover_findings("b-fukushima-medical-devices.yaml", IN_WORDS, edition="2026-12")
    assert {(r, s) for r, _, s in earlier} == {("SPILLOVER-TARGETS", "error")}
