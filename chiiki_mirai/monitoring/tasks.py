"""Background work of the monitoring domain (Django's tasks framework; a database queue run by ``db_worker``)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from chiiki_mirai.monitoring.models import KgiFigure, KpiReading, Recomputation
from chiiki_mirai.monitoring.services import refresh_figures
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState

PROGRESS_EVERY = 25  # plans between progress updates: often enough to watch, rarely enough to cost nothing


def start_recomputation(started_by: User | None) -> Recomputation:
    """Record a rebuild of every plan's figures and queue it once the record is committed."""
    run = Recomputation.objects.create(started_by=started_by)
    transaction.on_commit(lambda: recompute_figures.enqueue(run.pk))
    return run


@task
def recompute_figures(recomputation_id: int) -> None:
    """Rebuild the kept-ready figures of every published plan (after a data repair, an import or a migration)."""
    runs = Recomputation.objects.filter(pk=recomputation_id)
    plans = Plan.objects.filter(state=PlanState.PUBLISHED).order_by("pk")
    runs.update(state=Recomputation.State.RUNNING, total=plans.count())
    try:
        KgiFigure.objects.exclude(plan__state=PlanState.PUBLISHED).delete()
        KpiReading.objects.exclude(plan__state=PlanState.PUBLISHED).delete()
        done = 0
        for plan in plans.iterator(chunk_size=200):
            refresh_figures(plan)
            done += 1
            if done % PROGRESS_EVERY == 0:
                runs.update(done=done)
        runs.update(state=Recomputation.State.DONE, done=done, finished_at=timezone.now())
    except Exception as error:
        runs.update(state=Recomputation.State.FAILED, message=str(error)[:2000], finished_at=timezone.now())
        raise
