"""The logic model as data (001 第3章第6節・第7節) and the status of an indicator against hand-worked cases."""

from __future__ import annotations

from collections import Counter

import pytest

from chiiki_mirai.monitoring.logic_model import (
    Actual,
    Baseline,
    IndicatorStatus,
    Series,
    Target,
    TargetKind,
    assess,
    logic_model,
)

S = IndicatorStatus


def test_the_counts_the_strategy_states() -> None:
    # 第7節's figure: インパクト 3項目3指標, アウトカム 4項目12指標.
    model = logic_model()
    levels = Counter(level for level, _ in model.indicators())
    assert levels["impact"] == 3
    assert levels["outcome"] == 12
    assert [o.id for p in model.pillars for o in p.outcomes] == ["ア", "イ", "ウ", "エ"]
    # Output groups a–r under the outcomes as in the figure, with the KPIs of 第1節 6., 第2節 and 第3節; 第4節 apart.
    groups = [g.id for p in model.pillars for o in p.outcomes for g in o.outputs]
    assert groups == list("abcdefghijklmnopqr")
    per_group = {g.id: len(g.indicators) for p in model.pillars for o in p.outcomes for g in o.outputs}
    assert [per_group[g] for g in "abcdefgh"] == [9, 2, 1, 2, 3, 2, 1, 1]
    assert sum(per_group.values()) == 43  # アウトプット 18項目43指標 (第2節・第3節 count sub-lists as one)
    assert [len(g.indicators) for g in model.cross_cutting] == [4, 2, 2, 3, 1]
    ids = [i.id for _, i in model.indicators()]
    assert len(ids) == len(set(ids))


def test_transcribed_figures() -> None:
    model = logic_model()
    shops = model.find("イ2")
    assert shops is not None
    assert shops.series[0].baseline == Baseline(value=23, year=2026)
    assert (shops.series[0].target.value, shops.series[0].target.year) == (19, 2030)
    young = model.find("I3")
    assert young is not None
    assert [(s.label, s.target.value) for s in young.series] == [("若者", 44), ("女性", 49)]
    assert next(g for p in model.pillars for g in p.outcomes if g.id == "ア").plans_feed


def level(start: float, end: float, first: int = 2026, last: int = 2030) -> Series:
    return Series(
        baseline=Baseline(value=start, year=first), target=Target(kind=TargetKind.LEVEL, value=end, year=last)
    )


@pytest.mark.parametrize(
    ("actuals", "status", "expected"),
    [
        ({}, S.NO_ACTUAL, None),
        # 42 → 46 over 2026–2030: 1 point a year, so 2028 asks for 44.
        ({2028: Actual(44.0)}, S.ON_TRACK, 44.0),
        ({2028: Actual(43.9)}, S.BEHIND, 44.0),
        ({2028: Actual(43.0), 2029: Actual(45.5)}, S.ON_TRACK, 45.0),  # the latest year counts
        ({2030: Actual(46.0)}, S.ACHIEVED, 46.0),
        ({2031: Actual(45.0)}, S.MISSED, 46.0),
    ],
)
def test_level_with_a_trajectory(actuals: dict[int, Actual], status: S, expected: float | None) -> None:
    result = assess(level(42, 46), actuals)
    assert (result.status, result.expected) == (status, expected)


def test_a_falling_target_is_met_by_falling() -> None:
    # 交通空白 2,740 → 0 (2026–2030): 2028 asks for 1,370 or fewer.
    empty = level(2740, 0)
    assert assess(empty, {2028: Actual(1370)}).status is S.ON_TRACK
    assert assess(empty, {2028: Actual(1500)}).status is S.BEHIND
    assert assess(empty, {2030: Actual(0)}).status is S.ACHIEVED
    assert assess(empty, {2030: Actual(3)}).status is S.MISSED


def test_level_without_a_baseline_is_judged_in_its_target_year() -> None:
    land = Series(target=Target(kind=TargetKind.LEVEL, value=35.8, year=2026, year_basis="fiscal"))
    assert assess(land, {2025: Actual(20)}).status is S.IN_PROGRESS
    assert assess(land, {2025: Actual(36)}).status is S.ON_TRACK
    assert assess(land, {2026: Actual(35.8)}).status is S.ACHIEVED
    assert assess(land, {2026: Actual(30)}).status is S.MISSED


def test_at_least_every_year_in_its_range() -> None:
    # 毎年14件（2025～2027年度）: 2024 is outside the range and does not count.
    trials = Series(target=Target(kind=TargetKind.AT_LEAST, value=14, from_year=2025, year=2027))
    assert assess(trials, {2024: Actual(20)}).status is S.NO_ACTUAL
    assert assess(trials, {2028: Actual(2)}).status is S.NO_ACTUAL  # nor is 2028
    # Each year is a target of its own: the latest year's is judged.
    assert assess(trials, {2025: Actual(14)}).status is S.ACHIEVED
    assert assess(trials, {2025: Actual(14), 2026: Actual(13)}).status is S.MISSED
    assert assess(trials, {2026: Actual(13), 2027: Actual(15)}).status is S.ACHIEVED
    every = Series(target=Target(kind=TargetKind.AT_LEAST, value=80))
    assert assess(every, {2026: Actual(79)}).status is S.MISSED


def test_above_the_tokyo_area() -> None:
    growth = Series(target=Target(kind=TargetKind.ABOVE_COMPARISON, year=2030, comparison="東京圏の伸び率"))
    assert assess(growth, {2027: Actual(1.2)}).status is S.NO_ACTUAL  # no comparison figure yet
    assert assess(growth, {2027: Actual(1.2, 1.1)}).status is S.ON_TRACK
    assert assess(growth, {2027: Actual(1.0, 1.1)}).status is S.BEHIND
    assert assess(growth, {2030: Actual(1.0, 1.1)}).status is S.MISSED


def test_a_multiple_of_the_baseline_years_actual() -> None:
    # 3倍（2030年）from 2024: the 2024 actual (100) is the baseline; 2027 asks for 100 + 200 × 3/6 = 200.
    exports = Series(
        baseline=Baseline(year=2024), target=Target(kind=TargetKind.MULTIPLE, value=3, year=2030)
    )
    assert assess(exports, {2024: Actual(100)}).status is S.NO_ACTUAL  # the baseline alone is no progress
    result = assess(exports, {2024: Actual(100), 2027: Actual(199)})
    assert (result.status, result.expected, result.target) == (S.BEHIND, 200.0, 300.0)
    assert assess(exports, {2024: Actual(100), 2030: Actual(300)}).status is S.ACHIEVED
    assert assess(exports, {2027: Actual(250)}).status is S.NO_ACTUAL  # no baseline entered


def test_to_be_set() -> None:
    later = Series(target=Target(kind=TargetKind.TO_BE_SET, year=2030))
    assert assess(later, {2027: Actual(5)}).status is S.NOT_SET
