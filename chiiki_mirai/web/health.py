"""Liveness (``/healthz``: the process answers) and readiness (``/readyz``: it can do its work) for load balancers
and operators. Readiness names the part that fails — never a secret — and answers 503 so a balancer stops sending.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.tasks import task
from django.utils import timezone


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the load benchmark's floor: the server answers, touching nothing else."""
    return HttpResponse("ok", content_type="text/plain")


@task
def heartbeat() -> None:
    """Nothing to do: the background worker proves it runs by finishing it (``/readyz`` queues one)."""


def _database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def _migrations() -> str | None:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:5])
        return f"{len(pending)} unapplied migration(s): {names}"
    return None


def _cache() -> str | None:
    key, value = f"readyz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, 10)
    found = cache.get(key)
    cache.delete(key)
    return None if found == value else "the cache did not keep a value"


def _worker() -> str | None:
    """The worker is ready if nothing has waited in the queue longer than the window. A heartbeat is queued only when
    none waits and none finished within half the window — a balancer probing every few seconds queues one task per
    minute, not one per probe — and finished heartbeats older than a day are removed then, so the table stays small.
    A stopped worker shows within a window of the first probe after it stopped."""
    from django_tasks_db.models import DBTaskResult

    window = dt.timedelta(seconds=settings.WORKER_READY_WINDOW_SECONDS)
    now = timezone.now()
    waiting = DBTaskResult.objects.filter(status="READY")
    stale = waiting.filter(enqueued_at__lt=now - window).order_by("enqueued_at").first()
    if stale is not None:
        age = int((now - stale.enqueued_at).total_seconds())
        return (
            f"the background worker has not taken a task queued {age} s ago (is manage.py db_worker running?)"
        )
    beats = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    if not waiting.exists() and not beats.filter(finished_at__gte=now - window / 2).exists():
        beats.filter(finished_at__lt=now - dt.timedelta(days=1)).delete()
        heartbeat.enqueue()
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": _database,
    "migrations": _migrations,
    "cache": _cache,
    "background worker": _worker,
}


def readyz(request: HttpRequest) -> HttpResponse:
    """200 when every part is ready, else 503 with each failing part named (JSON)."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            problem = check()
        except (
            Exception
        ) as exc:  # a part that cannot even be asked is not ready; its kind is said, not its details
            problem = f"unavailable ({type(exc).__name__})"
        results[name] = problem or "ok"
        if problem and name == "database":
            results |= {other: "not checked (no database)" for other in CHECKS if other != name}
            break
    ready = all(value == "ok" for value in results.values())
    body = json.dumps({"ready": ready, "checks": results}, ensure_ascii=False)
    return HttpResponse(body, status=200 if ready else 503, content_type="application/json")
