"""The strategy's logic model (001 第3章第6節・第7節): impact → outcome → output KPIs with their baselines and
targets, loaded from ``data/logic_model.yaml``, and the status of an indicator from the annual actuals the
secretariat enters. Plain Python: the web page, the compilation and the tests share it."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from chiiki_mirai.i18n import Text

DATA = Path(__file__).parent / "data" / "logic_model.yaml"


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetKind(StrEnum):
    LEVEL = "level"  # reach the value by the year
    AT_LEAST = "at_least"  # at least the value in every year of the range
    MULTIPLE = "multiple"  # the value times the baseline year's actual
    ABOVE_COMPARISON = "above_comparison"  # at least the comparison figure entered beside the actual
    INCREASE = "increase"  # above the baseline year's actual
    TO_BE_SET = "to_be_set"  # the seed leaves the figures to a survey


class Baseline(Frozen):
    value: float | None = None  # None: the baseline year's actual, entered like any other
    year: int


class Target(Frozen):
    kind: TargetKind
    value: float | None = None
    year: int | None = None
    from_year: int | None = None
    year_basis: Literal["calendar", "fiscal"] = "calendar"
    comparison: str = ""  # what an above_comparison actual is compared with

    def year_label(self, year: int) -> str:
        return f"{year}年度" if self.year_basis == "fiscal" else f"{year}年"


class Series(Frozen):
    """One measured line of an indicator (most have one; 若者/女性 or 旅行者数/宿泊者数 are two of one 指標)."""

    key: str = "value"
    label: str = ""
    unit: str | None = None
    baseline: Baseline | None = None
    target: Target


class Indicator(Frozen):
    id: str
    name: str
    unit: str = ""
    source: str = ""
    series: list[Series]

    def unit_of(self, series: Series) -> str:
        return series.unit if series.unit is not None else self.unit


class Outputs(Frozen):
    id: str
    name: str
    indicators: list[Indicator]


class Outcome(Frozen):
    id: str
    name: str
    plans_feed: bool = False  # ア: the plans' national KGIs roll up into it
    indicators: list[Indicator]
    outputs: list[Outputs] = Field(default_factory=list)


class Pillar(Frozen):
    id: str
    name: str
    impact: list[Indicator]
    outcomes: list[Outcome]


class LogicModel(Frozen):
    pillars: list[Pillar]
    cross_cutting: list[Outputs]

    def indicators(self) -> Iterator[tuple[str, Indicator]]:
        """Every indicator with its level (impact, outcome, output)."""
        for pillar in self.pillars:
            for indicator in pillar.impact:
                yield "impact", indicator
            for outcome in pillar.outcomes:
                for indicator in outcome.indicators:
                    yield "outcome", indicator
                for group in outcome.outputs:
                    for indicator in group.indicators:
                        yield "output", indicator
        for group in self.cross_cutting:
            for indicator in group.indicators:
                yield "output", indicator

    def find(self, indicator_id: str) -> Indicator | None:
        return next((i for _, i in self.indicators() if i.id == indicator_id), None)


@functools.cache
def logic_model() -> LogicModel:
    return LogicModel.model_validate(yaml.safe_load(DATA.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Actual:
    """An annual actual (and, for an above_comparison target, the figure it is compared with)."""

    value: float
    comparison: float | None = None


class IndicatorStatus(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    IN_PROGRESS = "in_progress"  # before the target year, with no trajectory to judge against
    NO_ACTUAL = "no_actual"
    NOT_SET = "not_set"

    @property
    def label(self) -> Text:
        return _LABELS[self]


_LABELS = {
    IndicatorStatus.ACHIEVED: Text("達成", "achieved"),
    IndicatorStatus.ON_TRACK: Text("順調", "on track"),
    IndicatorStatus.BEHIND: Text("遅れ", "behind"),
    IndicatorStatus.MISSED: Text("未達", "missed"),
    IndicatorStatus.IN_PROGRESS: Text("目標年に向け取組中", "in progress"),
    IndicatorStatus.NO_ACTUAL: Text("実績なし", "no actual"),
    IndicatorStatus.NOT_SET: Text("目標値は今後設定", "target to be set"),
}


@dataclass(frozen=True)
class Assessment:
    status: IndicatorStatus
    year: int | None  # the year of the actual assessed
    actual: Actual | None
    expected: float | None  # what the trajectory asks for in that year, where there is one
    target: float | None  # the target in figures, where it can be stated


def _falls(start: float, end: float) -> bool:
    return end < start


def _meets(actual: float, wanted: float, falling: bool) -> bool:
    return actual <= wanted if falling else actual >= wanted


def assess(series: Series, actuals: Mapping[int, Actual]) -> Assessment:
    """The status of one series from its actuals by year: the latest actual counts (a later year's figure
    replaces an earlier one). A level target with a baseline has a straight trajectory from the baseline to
    the target (the strategy states no curve); without one, the actual is judged only once the target year
    has come. Targets whose direction is down (交通空白 2,740 → 0) are met by falling to them."""
    target = series.target
    if target.kind is TargetKind.TO_BE_SET:
        return Assessment(IndicatorStatus.NOT_SET, None, None, None, None)
    base_year = series.baseline.year if series.baseline else None
    counted = {y: a for y, a in actuals.items() if y != base_year or target.kind is TargetKind.LEVEL}
    if target.from_year is not None:
        counted = {y: a for y, a in counted.items() if y >= target.from_year}
    if target.kind is TargetKind.AT_LEAST and target.year is not None:
        counted = {y: a for y, a in counted.items() if y <= target.year}  # the years the target covers
    if not counted:
        return Assessment(IndicatorStatus.NO_ACTUAL, None, None, None, target.value)
    year = max(counted)
    actual = counted[year]
    final = target.year is None or year >= target.year

    def judged(met: bool, wanted: float | None, expected: float | None = None) -> Assessment:
        if met:
            status = IndicatorStatus.ACHIEVED if final else IndicatorStatus.ON_TRACK
        else:
            status = IndicatorStatus.MISSED if final else IndicatorStatus.BEHIND
        return Assessment(status, year, actual, expected, wanted)

    match target.kind:
        case TargetKind.AT_LEAST:
            assert target.value is not None
            # A target for every year: each year stands on its own, and the latest year's is shown.
            met = actual.value >= target.value
            status = IndicatorStatus.ACHIEVED if met else IndicatorStatus.MISSED
            return Assessment(status, year, actual, target.value, target.value)
        case TargetKind.ABOVE_COMPARISON:
            if actual.comparison is None:
                return Assessment(IndicatorStatus.NO_ACTUAL, year, actual, None, None)
            return judged(actual.value >= actual.comparison, actual.comparison, actual.comparison)
        case TargetKind.MULTIPLE | TargetKind.INCREASE:
            base = _baseline_value(series, actuals)
            if base is None:
                return Assessment(IndicatorStatus.NO_ACTUAL, year, actual, None, None)
            wanted = base * (target.value or 1) if target.kind is TargetKind.MULTIPLE else base
            if target.kind is TargetKind.INCREASE:
                return judged(actual.value > base, wanted)
            expected = _on_line(base_year, base, target.year, wanted, year)
            if final:
                return judged(actual.value >= wanted, wanted)
            return judged(actual.value >= (expected if expected is not None else wanted), wanted, expected)
        case _:
            assert target.value is not None
            base = _baseline_value(series, actuals)
            falling = base is not None and _falls(base, target.value)
            if final:
                return judged(_meets(actual.value, target.value, falling), target.value, target.value)
            expected = _on_line(base_year, base, target.year, target.value, year)
            if expected is None:
                # No trajectory: before the target year only a target already reached can be judged.
                reached = _meets(actual.value, target.value, falling)
                status = IndicatorStatus.ON_TRACK if reached else IndicatorStatus.IN_PROGRESS
                return Assessment(status, year, actual, None, target.value)
            return judged(_meets(actual.value, expected, falling), target.value, expected)


def _baseline_value(series: Series, actuals: Mapping[int, Actual]) -> float | None:
    if series.baseline is None:
        return None
    if series.baseline.value is not None:
        return series.baseline.value
    entered = actuals.get(series.baseline.year)
    return entered.value if entered else None


def _on_line(
    from_year: int | None, start: float | None, to_year: int | None, end: float, at: int
) -> float | None:
    if from_year is None or start is None or to_year is None or to_year <= from_year:
        return None
    if at <= from_year:
        return start
    return start + (end - start) * min(at - from_year, to_year - from_year) / (to_year - from_year)
