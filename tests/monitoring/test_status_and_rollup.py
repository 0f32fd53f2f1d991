"""KPI status against the trajectory, and the national roll-up, checked against hand-computed cases."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from chiiki_mirai.monitoring import figures
from chiiki_mirai.monitoring.models import KgiFigure
from chiiki_mirai.monitoring.rollup import Contribution, author_shares, contributions
from chiiki_mirai.monitoring.status import KpiStatus, assess, expected_at
from chiiki_mirai.plans.choices import KgiKind
from chiiki_mirai.plans.document import Kpi, PlanDocument
from chiiki_mirai.workflow.models import Plan


def kpi(**extra: Any) -> Kpi:
    data = {
        "id": "K1",
        "baseline": {"period": "2026H1", "value": 100},
        "targets": [{"period": "2027H1", "value": 200}, {"period": "2028H1", "value": 400}],
    } | extra
    return Kpi.model_validate(data)


def test_trajectory_is_straight_between_points() -> None:
    k = kpi()
    assert expected_at(k, "2025H2") == 100  # before the baseline: the baseline
    assert expected_at(k, "2026H2") == 150  # half-way to 200
    assert expected_at(k, "2027H2") == 300
    assert expected_at(k, "2030H1") == 400  # after the last target: the last


@pytest.mark.parametrize(
    ("actual", "period", "status", "ratio"),
    [
        (150, "2026H2", KpiStatus.ON_TRACK, 1.0),
        (120, "2026H2", KpiStatus.BEHIND, 0.8),
        (None, "2026H2", KpiStatus.NO_ACTUAL, None),
        # The threshold (0.5) applies from 2027H2: 140/300 is below it there, not earlier.
        (70, "2027H1", KpiStatus.BEHIND, 0.35),
        (140, "2027H2", KpiStatus.WITHDRAWAL, 140 / 300),
        (160, "2027H2", KpiStatus.BEHIND, 160 / 300),
    ],
)
def test_status(actual: float | None, period: str, status: KpiStatus, ratio: float | None) -> None:
    k = kpi(withdrawal={"rule": "達成率5割未満で撤退", "threshold_ratio": 0.5, "at": "2027H2"})
    result = assess(k, actual, period)
    assert result.status is status
    assert result.ratio == (pytest.approx(ratio) if ratio is not None else None)


def test_a_falling_kpi_is_on_track_when_it_falls_fast_enough() -> None:
    k = kpi(targets=[{"period": "2027H1", "value": 50}])  # from 100 down to 50
    assert assess(k, 70, "2026H2").status is KpiStatus.ON_TRACK  # expected 75; lower is better
    behind = assess(k, 90, "2026H2")
    assert behind.status is KpiStatus.BEHIND and behind.ratio == pytest.approx(75 / 90)


def test_no_targets_no_status() -> None:
    assert assess(kpi(targets=[]), 10, "2026H2").status is KpiStatus.NO_TRAJECTORY


def plan(authors: list[dict[str, Any]], **extra: Any) -> PlanDocument:
    return PlanDocument.model_validate(
        {
            "plan_type": "B",
            "authors": authors,
            "kgis": [
                {"id": "G1", "kind": "capex", "target": {"fy": 2030, "value": 1000}},
                {"id": "G2", "kind": "value_added", "target": {"fy": 2030, "value": 300}},
                {"id": "G3", "kind": "own", "target": {"fy": 2030, "value": 7}},
            ],
        }
        | extra
    )


def test_shares_equal_by_default_stated_when_given() -> None:
    assert author_shares(plan([{"code": "070009"}, {"code": "072010"}])) == [("070009", 0.5), ("072010", 0.5)]
    assert author_shares(plan([{"code": "070009", "share": 0.7}, {"code": "072010"}])) == [
        ("070009", 0.7),
        ("072010", pytest.approx(0.3)),
    ]
    scaled = author_shares(plan([{"code": "070009", "share": 0.8}, {"code": "072010", "share": 0.8}]))
    assert scaled == [("070009", 0.5), ("072010", 0.5)]


def store(items: list[Contribution]) -> None:
    """Keep the parts as ``refresh_figures`` does, under stand-in plan rows."""
    for plan_id in {c.plan_id for c in items}:
        plan = Plan.objects.create(public_id=plan_id, plan_type="B", title=plan_id, prefecture_code=7)
        KgiFigure.objects.bulk_create(
            KgiFigure(plan=plan, **{k: v for k, v in asdict(c).items() if k != "plan_id"})
            for c in items
            if c.plan_id == plan_id
        )


@pytest.mark.django_db
def test_joint_plan_is_counted_once_and_tokyo_apart() -> None:
    # 福島県 and 埼玉県 (Tokyo area) share a plan 60/40; 熊本県 has its own.
    joint = plan([{"code": "070009", "share": 0.6}, {"code": "110001", "share": 0.4}])
    own = plan([{"code": "430005"}])
    store(contributions("P1", joint, {("G1", 2027): 100.0}) + contributions("P2", own, {("G1", 2027): 50.0}))
    national = {(r.key, r.kind, r.fy, r.tokyo_area): r for r in figures.rollup_rows()}
    outside = national[("全国（東京圏以外）", KgiKind.CAPEX, 2030, False)]
    assert outside.target == pytest.approx(1000 * 0.6 + 1000)
    assert outside.plans == 2
    tokyo = national[("東京圏", KgiKind.CAPEX, 2030, True)]
    assert tokyo.target == pytest.approx(400)
    actual = national[("全国（東京圏以外）", KgiKind.CAPEX, 2027, False)]
    assert actual.actual == pytest.approx(60 + 50)
    parts = figures.traced("national", actual.trace)
    assert {(p.plan.public_id, p.place, p.value) for p in parts} == {
        ("P1", "070009", 60.0),
        ("P2", "430005", 50.0),
    }
    assert not any(r.kind is KgiKind.OWN for r in national.values())  # own KGIs are not national
    # The whole is the sum of its parts: nothing counted twice, nothing lost.
    assert sum(r.target for r in national.values() if r.kind is KgiKind.CAPEX) == pytest.approx(2000)


@pytest.mark.django_db
def test_by_prefecture_cumulative_and_planned() -> None:
    joint = plan(
        [{"code": "070009"}, {"code": "072010"}],  # 福島県 and 福島市: both in 07
        kgis=[
            {
                "id": "G1",
                "kind": "capex",
                "unit": "億円",
                "target": {"fy": 2030, "value": 10},
                "cumulative": {"from_fy": 2027, "to_fy": 2030, "value": 40},
            }
        ],
    )
    # In the KGI's unit, 億円; FY2028's actual is not yet in a published half-year.
    store(contributions("P1", joint, {("G1", 2027): 1.0, ("G1", 2028): 0.4}, {("G1", 2027): 1.0}))
    by_prefecture = figures.rollup_rows("prefecture")
    assert {r.key for r in by_prefecture} == {"07"}
    capex = [r for r in by_prefecture if r.kind is KgiKind.CAPEX]
    # Money is summed in 百万円 whatever unit the plan chose; 40億円 over 2027–2030 is 1,000百万円 a year.
    assert [(r.fy, r.actual_to_date) for r in capex] == [
        (2027, 100.0),
        (2028, 140.0),
        (2029, 140.0),
        (2030, 140.0),
    ]
    assert [r.planned_to_date for r in capex] == pytest.approx([1000.0, 2000.0, 3000.0, 4000.0])
    assert [r.planned for r in capex] == [pytest.approx(1000.0)] * 4
    assert figures.rollup_rows("prefecture", figures.Filters(fy=2030))[0].target == pytest.approx(1000.0)
    invested = figures.investment("prefecture", figures.Filters(fy=2028))
    assert invested["7"].planned == pytest.approx(1000.0)
    assert invested["7"].realised == 0.0  # the public map shows published actuals only (the roll-up: 40)
    assert invested["7"].plans == {"P1"}
    assert figures.investment("prefecture", figures.Filters(fy=2027))["7"].realised == pytest.approx(100.0)


def test_projects_are_placed_at_the_entities_that_carry_them() -> None:
    from chiiki_mirai.monitoring.rollup import projects
    from chiiki_mirai.plans.io import load_path
    from tests.conftest import EXAMPLES

    def placed(name: str) -> list[tuple[str, float, str, bool, int | None, int | None]]:
        plan = load_path(EXAMPLES / "plans" / name).document
        assert isinstance(plan, PlanDocument)
        return [(p.entity, p.amount, p.location, p.at_author, p.start_fy, p.end_fy) for p in projects(plan)]

    # A: core projects; the first matched by 法人番号 to 菊陽町, the second's company is not a core entity.
    assert placed("a-kumamoto-semiconductor.yaml") == [
        ("肥後セミコンダクター製造株式会社（架空）", 2_000_000.0, "434043", False, 2026, 2029),
        ("くまもとパッケージング株式会社（架空）", 180_000.0, "430005", True, 2027, 2029),
    ]
    # B: the investments of the pathway, matched by name to the core entities in 北九州市.
    assert placed("b-kitakyushu-robotics.yaml") == [
        ("響灘ロボティクス株式会社（架空）", 21_000.0, "401005", False, 2026, 2028),
        ("八幡精密減速機株式会社（架空）", 6_500.0, "401005", False, 2027, 2028),
    ]


def test_the_rollup_body_is_escaped_and_rounded_as_before() -> None:
    from chiiki_mirai.monitoring.figures import RollupRow
    from chiiki_mirai.monitoring.rendering import rollup_body

    row = RollupRow(
        "<b>分野</b>",
        KgiKind.CAPEX,
        2027,
        True,
        target=2.5,
        actual=1234.5,
        planned=0.49,
        plans=3,
        actual_to_date=1234.5,
    )
    html = rollup_body([row], "strategic_field", "by=strategic_field&type=B")
    assert "&lt;b&gt;分野&lt;/b&gt;（東京圏）" in html and "<b>" not in html
    assert '<td class="num">3</td><td class="num">1235</td>' in html  # half away from zero, as floatformat:0
    assert 'href="?by=strategic_field&amp;type=B&amp;trace=' in html
    assert "公表された計画はまだありません" in rollup_body([], "national", "")
