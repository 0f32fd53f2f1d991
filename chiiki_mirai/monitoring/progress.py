"""Progress of background work, written to its run record as it goes (the page that started it polls it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db.models import QuerySet
from django.utils import timezone

from chiiki_mirai.monitoring.models import BackgroundRun

PROGRESS_EVERY = 25  # items between progress updates: often enough to watch, rarely enough to cost nothing


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
