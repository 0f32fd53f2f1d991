"""A KPI's status at a half-year from its actual against its trajectory (P-PROGRESS, P-WITHDRAW; 001 B(2)⑦).

The trajectory runs through the baseline and the targets, straight between them (the plan states no curve);
before the first point it is the first value, after the last the last. A KPI whose targets fall below its
baseline is one to bring down, and its ratio is turned round so that "below 1" always means "short of plan".
The withdrawal threshold applies from its stated period on (from the start if none is stated).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum

from chiiki_mirai.i18n import Text
from chiiki_mirai.plans.document import Kpi
from chiiki_mirai.plans.periods import period_fiscal_year, period_half


class KpiStatus(StrEnum):
    ON_TRACK = "on_track"
    BEHIND = "behind"
    WITHDRAWAL = "withdrawal"  # the withdrawal threshold is reached: a decision is due
    NO_ACTUAL = "no_actual"
    NO_TRAJECTORY = "no_trajectory"

    @property
    def label(self) -> Text:
        return _LABELS[self]


_LABELS = {
    KpiStatus.ON_TRACK: Text("順調", "on track"),
    KpiStatus.BEHIND: Text("遅れ", "behind"),
    KpiStatus.WITHDRAWAL: Text("撤退基準に到達", "withdrawal threshold reached"),
    KpiStatus.NO_ACTUAL: Text("実績の報告なし", "no actual reported"),
    KpiStatus.NO_TRAJECTORY: Text("目標の記載なし", "no targets in the plan"),
}


def period_number(period: str) -> int:
    """2026H1 -> 4052, 2026H2 -> 4053: half-years as consecutive integers."""
    return period_fiscal_year(period) * 2 + period_half(period) - 1


@dataclass(frozen=True)
class Assessment:
    status: KpiStatus
    expected: float | None
    ratio: (
        float | None
    )  # actual against the trajectory, 1.0 = exactly on plan (turned round for falling KPIs)


def expected_at(kpi: Kpi, period: str) -> float | None:
    points = sorted(
        ([(period_number(kpi.baseline.period), float(kpi.baseline.value))] if kpi.baseline else [])
        + [(period_number(t.period), float(t.value)) for t in kpi.targets]
    )
    if not points:
        return None
    at = period_number(period)
    if at <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if at <= x1:
            return y0 + (y1 - y0) * (at - x0) / (x1 - x0) if x1 != x0 else y1
    return points[-1][1]


def _falling(kpi: Kpi) -> bool:
    if kpi.baseline is None or not kpi.targets:
        return False
    last = max(kpi.targets, key=lambda t: period_number(t.period))
    return float(last.value) < float(kpi.baseline.value)


def assess(kpi: Kpi, actual: float | None, period: str) -> Assessment:
    expected = expected_at(kpi, period)
    if expected is None or not kpi.targets:
        return Assessment(KpiStatus.NO_TRAJECTORY, expected, None)
    if actual is None:
        return Assessment(KpiStatus.NO_ACTUAL, expected, None)
    falling = _falling(kpi)
    if falling:
        ratio = expected / actual if actual else float("inf")
    else:
        ratio = actual / expected if expected else (float("inf") if actual > 0 else 1.0)
    withdrawal = kpi.withdrawal
    if (
        withdrawal is not None
        and withdrawal.threshold_ratio is not None
        and (withdrawal.at is None or period_number(period) >= period_number(withdrawal.at))
        and ratio < float(withdrawal.threshold_ratio)
    ):
        return Assessment(KpiStatus.WITHDRAWAL, expected, ratio)
    return Assessment(KpiStatus.ON_TRACK if ratio >= 1 else KpiStatus.BEHIND, expected, ratio)
