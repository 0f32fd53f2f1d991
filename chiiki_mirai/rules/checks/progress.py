"""Checks of a half-yearly progress report (P-PROGRESS)."""

from __future__ import annotations

from collections.abc import Iterator

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.plans.choices import MeasureStatus
from chiiki_mirai.rules.checks import Params, present, progress_check
from chiiki_mirai.rules.findings import Hit


@progress_check("delay_explained")
def delay_explained(report: ProgressReport, params: Params) -> Iterator[Hit]:
    """A delayed measure gives its cause (bottleneck) and its remedy (001 A(5)②, 第3章 2.)."""
    for i, measure in enumerate(report.measures):
        if measure.status is not MeasureStatus.DELAYED:
            continue
        for field, label in (
            ("bottleneck", Text("要因", "cause")),
            ("remedy", Text("追加施策・見直し", "remedy")),
        ):
            if not present(getattr(measure, field)):
                yield Hit(f"measures[{i}].{field}", params={"measure": measure.id, "item": label})
