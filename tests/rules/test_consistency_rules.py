"""The consistency checks reviewers did by hand (issue 13 §2), on small documents computed by hand."""

from __future__ import annotations

from typing import Any

import pytest

from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.rules.engine import Checker
from chiiki_mirai.rules.rulebook import load_rulebook

CHECKER = Checker(load_rulebook("2026-12"))


def b_plan(cumulative_oku: float, investments: list[tuple[float, int]]) -> PlanDocument:
    return PlanDocument.model_validate(
        {
            "plan_type": "B",
            "kgis": [
                {
                    "id": "c",
                    "kind": "capex",
                    "unit": "億円",
                    "cumulative": {"from_fy": 2026, "to_fy": 2030, "value": cumulative_oku},
                }
            ],
            "pathway": {"investments": [{"amount": a, "start_fy": fy} for a, fy in investments]},
        }
    )


def rule_hits(plan: PlanDocument, rule: str) -> list[Any]:
    return [f for f in CHECKER.check_plan(plan) if f.rule == rule]


@pytest.mark.parametrize(
    ("cumulative_oku", "fires"),
    [
        (100, False),  # 10,000百万円 against 9,000 named in 2026–2030: 10 % apart, within 20 %
        (112.5, False),  # 11,250 against 9,000: exactly 20 % of the larger — not beyond
        (113, True),  # 11,300 against 9,000: beyond
        (70, True),  # the named investments exceed the KGI by more than 20 %
    ],
)
def test_capex_against_the_named_investments(cumulative_oku: float, fires: bool) -> None:
    # 6,000 + 3,000 百万円 start within 2026–2030; 5,000 starts in 2031 and is not counted.
    plan = b_plan(cumulative_oku, [(6000, 2027), (3000, 2030), (5000, 2031)])
    hits = rule_hits(plan, "KGI-CAPEX-BUILDUP")
    assert bool(hits) is fires
    if fires and cumulative_oku == 113:
        assert hits[0].message.startswith("官民設備投資額の累計（2026〜2030年度）は113億円ですが、")
        assert "（2件）の計は90億円" in hits[0].message and hits[0].severity.value == "review"


@pytest.mark.parametrize(
    ("kgi", "key"),
    [
        ({"target": {"fy": 2030, "value": 1300}}, "no_baseline"),
        ({"baseline": {"fy": 2030, "value": 5200}, "target": {"fy": 2030, "value": 1300}}, "years"),
        ({"baseline": {"fy": 2025, "value": 5200}, "target": {"fy": 2030, "value": 0}}, "default"),
        ({"baseline": {"fy": 2025, "value": 5200}, "target": {"fy": 2030, "value": 1300}}, None),
    ],
)
def test_the_productivity_alternative_is_an_increase(kgi: dict[str, Any], key: str | None) -> None:
    plan = PlanDocument.model_validate(
        {"plan_type": "C", "kgis": [{"id": "lp", "kind": "labor_productivity", "unit": "千円/人", **kgi}]}
    )
    hits = rule_hits(plan, "KGI-PRODUCTIVITY-RISE")
    if key is None:
        assert hits == []
    else:
        assert len(hits) == 1
        expected = {"no_baseline": "基準値", "years": "目標年度", "default": "増加になっていません"}[key]
        assert expected in hits[0].message


def plan_with_measures() -> PlanDocument:
    return PlanDocument.model_validate(
        {
            "plan_type": "B",
            "policy": {
                "kpis": [
                    {
                        "id": "k1",
                        "name": "新規取引件数",
                        "baseline": {"period": "2026H1", "value": 0},
                        "targets": [{"period": "2030H2", "value": 100}],
                    }
                ],
                "measures": [
                    {"id": "m1", "deadline": "2031-03-31", "kpis": ["k1"]},
                    {"id": "m2", "deadline": "2028-03-31", "kpis": []},
                ],
            },
        }
    )


def test_progress_against_the_plan() -> None:
    plan = plan_with_measures()
    report = ProgressReport.model_validate(
        {
            "plan": "P",
            "period": "2028H1",  # ends 2028-09-30: m2's deadline has passed; k1 is expected at about 45
            "kpis": [{"id": "k1", "actual": 10}],
            "measures": [{"id": "m1", "status": "on_track"}],
        }
    )
    findings = {(f.rule, f.path, f.severity.value) for f in CHECKER.check_progress(report, plan)}
    assert findings == {
        ("P-KPI-MEASURE", "measures[0].status", "warning"),
        ("P-DEADLINE", "measures", "error"),  # m2 is not in the report at all
    }
    assert CHECKER.check_progress(report) == []  # without the plan, nothing is guessed
    done = ProgressReport.model_validate(
        {
            "plan": "P",
            "period": "2028H1",
            "kpis": [{"id": "k1", "actual": 60}],
            "measures": [{"id": "m1", "status": "on_track"}, {"id": "m2", "status": "done"}],
        }
    )
    assert CHECKER.check_progress(done, plan) == []
