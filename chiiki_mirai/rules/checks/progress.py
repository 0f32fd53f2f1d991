"""Checks of a half-yearly progress report (P-PROGRESS), and of a report against the plan it reports on
(P-KPI-MEASURE, P-DEADLINE: what reviewers compared by hand)."""

from __future__ import annotations

from collections.abc import Iterator

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.status import KpiStatus, assess
from chiiki_mirai.plans.choices import MeasureStatus
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.periods import period_end
from chiiki_mirai.rules.checks import Params, present, progress_check
from chiiki_mirai.rules.findings import Hit


@progress_check("delay_explained")
def delay_explained(report: ProgressReport, params: Params, plan: PlanDocument | None) -> Iterator[Hit]:
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


@progress_check("kpi_behind_measure_on_track")
def kpi_behind_measure_on_track(
    report: ProgressReport, params: Params, plan: PlanDocument | None
) -> Iterator[Hit]:
    """A measure reported on track while a KPI it serves is behind its trajectory (or at its withdrawal
    threshold): the two statements of the same report disagree."""
    if plan is None or plan.policy is None:
        return
    kpis = {k.id: k for k in plan.policy.kpis}
    actuals = {a.id: a.actual for a in report.kpis}
    measures = {m.id: m for m in plan.policy.measures}
    for i, reported in enumerate(report.measures):
        measure = measures.get(reported.id)
        if reported.status is not MeasureStatus.ON_TRACK or measure is None:
            continue
        for kpi_id in measure.kpis:
            kpi = kpis.get(kpi_id)
            if kpi is None:
                continue
            actual = actuals.get(kpi_id)
            status = assess(kpi, float(actual) if actual is not None else None, report.period).status
            if status in (KpiStatus.BEHIND, KpiStatus.WITHDRAWAL):
                yield Hit(
                    f"measures[{i}].status",
                    params={"measure": reported.id, "kpi": kpi.name or kpi_id},
                )


@progress_check("measure_deadline_reported")
def measure_deadline_reported(
    report: ProgressReport, params: Params, plan: PlanDocument | None
) -> Iterator[Hit]:
    """A measure whose deadline (5W1H 期限) has passed by the end of the half-year is reported as done, delayed
    or stopped — not on track, and not left out."""
    if plan is None or plan.policy is None:
        return
    end = period_end(report.period)
    reported = {m.id: (i, m) for i, m in enumerate(report.measures)}
    for measure in plan.policy.measures:
        if measure.deadline is None or measure.deadline > end:
            continue
        index, status = (
            (reported[measure.id][0], reported[measure.id][1].status)
            if measure.id in reported
            else (None, None)
        )
        if status in (MeasureStatus.DONE, MeasureStatus.DELAYED, MeasureStatus.STOPPED):
            continue
        yield Hit(
            f"measures[{index}].status" if index is not None else "measures",
            "missing" if index is None else "default",
            params={"measure": measure.id, "deadline": measure.deadline.isoformat()},
        )
