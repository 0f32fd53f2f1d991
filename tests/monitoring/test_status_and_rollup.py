"""KPI status against the trajectory, and the national roll-up, checked against hand-computed cases."""

from __future__ import annotations

from typing import Any

import pytest

from chiiki_mirai.monitoring.rollup import author_shares, contributions, cumulative_actuals, rollup
from chiiki_mirai.monitoring.status import KpiStatus, assess, expected_at
from chiiki_mirai.plans.choices import KgiKind
from chiiki_mirai.plans.document import Kpi, PlanDocument


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


def test_joint_plan_is_counted_once_and_tokyo_apart() -> None:
    # 福島県 and 埼玉県 (Tokyo area) share a plan 60/40; 熊本県 has its own.
    joint = plan([{"code": "070009", "share": 0.6}, {"code": "110001", "share": 0.4}])
    own = plan([{"code": "430005"}])
    items = contributions("P1", joint, {("G1", 2027): 100.0}) + contributions("P2", own, {("G1", 2027): 50.0})
    national = {(r.key, r.kind, r.fy, r.tokyo_area): r for r in rollup(items)}
    outside = national[("全国（東京圏以外）", KgiKind.CAPEX, 2030, False)]
    assert outside.target == pytest.approx(1000 * 0.6 + 1000)
    assert outside.plans == 2
    tokyo = national[("東京圏", KgiKind.CAPEX, 2030, True)]
    assert tokyo.target == pytest.approx(400)
    actual = national[("全国（東京圏以外）", KgiKind.CAPEX, 2027, False)]
    assert actual.actual == pytest.approx(60 + 50)
    assert {(c.plan_id, c.author) for c in actual.sources} == {("P1", "070009"), ("P2", "430005")}
    assert not any(r.kind is KgiKind.OWN for r in national.values())  # own KGIs are not national
    # The whole is the sum of its parts: nothing counted twice, nothing lost.
    assert sum(r.target for r in national.values() if r.kind is KgiKind.CAPEX) == pytest.approx(2000)


def test_by_prefecture_and_cumulative() -> None:
    joint = plan([{"code": "070009"}, {"code": "072010"}])  # 福島県 and 福島市: both in 07
    items = contributions("P1", joint, {("G1", 2027): 100.0, ("G1", 2028): 40.0})
    by_prefecture = rollup(items, "prefecture")
    assert {r.key for r in by_prefecture} == {"07"}
    series = cumulative_actuals(r for r in by_prefecture if r.kind is KgiKind.CAPEX)
    assert series[("07", KgiKind.CAPEX, False)] == [(2027, 100.0), (2028, 140.0), (2030, 140.0)]
