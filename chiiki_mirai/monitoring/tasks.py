"""Background work of the monitoring domain (Django's tasks framework; a database queue run by ``db_worker``)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.tasks import task

from chiiki_mirai.monitoring.compilation import gather, render_html, render_workbook
from chiiki_mirai.monitoring.models import Compilation, KgiFigure, KpiReading, ProjectFigure, Recomputation
from chiiki_mirai.monitoring.progress import counted, tracked
from chiiki_mirai.monitoring.services import refresh_figures
from chiiki_mirai.workflow.access import known_nationally
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.services import refresh_search_text
from chiiki_mirai.workflow.states import PlanState


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


@task
def recompute_figures(recomputation_id: int) -> None:
    """Rebuild the kept-ready figures and the search words of every published plan (after a data repair, an import,
    a migration, or a change in how words are indexed)."""
    plans = Plan.objects.filter(state=PlanState.PUBLISHED).order_by("pk")
    with tracked(Recomputation.objects.filter(pk=recomputation_id), plans.count()) as step:
        KgiFigure.objects.exclude(plan__state=PlanState.PUBLISHED).delete()
        KpiReading.objects.exclude(plan__state=PlanState.PUBLISHED).delete()
        ProjectFigure.objects.exclude(plan__state=PlanState.PUBLISHED).delete()
        for plan in counted(plans.iterator(chunk_size=200), step):
            refresh_figures(plan)
            refresh_search_text(plan)  # the portal finds published plans by these words


@task
def compile_for_meeting(compilation_id: int) -> None:
    """Gather the half-year's compilation plan by plan, then render its report and workbook."""
    runs = Compilation.objects.filter(pk=compilation_id)
    run = runs.get()
    plans = known_nationally()
    with tracked(runs, plans.count()) as step:
        compiled = gather(run.period, plans, step)
        runs.update(html=render_html(compiled), workbook=render_workbook(compiled))
