"""Background work of the monitoring domain (Django's tasks framework; a database queue run by ``db_worker``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone

from chiiki_mirai.monitoring.models import BackgroundRun, Compilation, KgiFigure, KpiReading, Recomputation
from chiiki_mirai.monitoring.services import refresh_figures
from chiiki_mirai.workflow.access import known_nationally
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState

PROGRESS_EVERY = 25  # items between progress updates: often enough to watch, rarely enough to cost nothing


def start_recomputation(started_by: User | None) -> Recomputation:
    """Record a rebuild of every plan's figures and queue it once the record is committed."""
    run = Recomputation.objects.create(started_by=started_by)
    transaction.on_commit(lambda: recompute_figures.enqueue(run.pk))
    return run


def start_compilation(started_by: User | None, period: str) -> Compilation:
    """Record a compilation for the vice-ministers' meeting and queue it once the record is committed."""
    run = Compilation.objects.create(started_by=started_by, period=period)
    transaction.on_commit(lambda: compile_for_meeting.enqueue(run.pk))
    return run


@contextmanager
def tracked[R: BackgroundRun](runs: QuerySet[R], total: int) -> Iterator[Callable[[int], None]]:
    """Mark the run as running, hand the work a ``step(done)`` to report progress with, and record how it ended
    (a failure with its message, for the page that polls it)."""
    runs.update(state=BackgroundRun.State.RUNNING, total=total)

    def step(done: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            runs.update(done=done)

    try:
        yield step
    except Exception as error:
        runs.update(state=BackgroundRun.State.FAILED, message=str(error)[:2000], finished_at=timezone.now())
        raise
    runs.update(state=BackgroundRun.State.DONE, done=total, finished_at=timezone.now())


def counted[T](items: Iterable[T], step: Callable[[int], None]) -> Iterator[T]:
    for done, item in enumerate(items, start=1):
        yield item
        step(done)


@task
def recompute_figures(recomputation_id: int) -> None:
    """Rebuild the kept-ready figures of every published plan (after a data repair, an import or a migration)."""
    plans = Plan.objects.filter(state=PlanState.PUBLISHED).order_by("pk")
    with tracked(Recomputation.objects.filter(pk=recomputation_id), plans.count()) as step:
        KgiFigure.objects.exclude(plan__state=PlanState.PUBLISHED).delete()
        KpiReading.objects.exclude(plan__state=PlanState.PUBLISHED).delete()
        for plan in counted(plans.iterator(chunk_size=200), step):
            refresh_figures(plan)


@task
def compile_for_meeting(compilation_id: int) -> None:
    """Gather the half-year's compilation plan by plan, then render its report and workbook."""
    from chiiki_mirai.monitoring.compilation import gather, render_html, render_workbook

    runs = Compilation.objects.filter(pk=compilation_id)
    run = runs.get()
    plans = known_nationally()
    with tracked(runs, plans.count()) as step:
        compiled = gather(run.period, plans, step)
        runs.update(html=render_html(compiled), workbook=render_workbook(compiled))
