"""Which progress reports the public reads (001 第3章第1節 A(5)④: results are published after the report to the
地域未来戦略に関する関係副大臣等会議).

A half-year's reports become public with its publication (:class:`HalfYearPublication`). What was published stays:
a report sent for a published half-year afterwards (a correction) becomes public only with the next publication, of
whatever half-year — the platform's reading where the seeds are silent on corrections, said on the results page.
So a report is public when its half-year is published and it was sent before the latest publication.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, QuerySet

from chiiki_mirai.monitoring.models import HalfYearPublication, ProgressRecord


def public_cutoff() -> dt.datetime | None:
    """When the latest publication was made: reports sent later are not public yet."""
    latest: dt.datetime | None = HalfYearPublication.objects.aggregate(at=Max("published_at"))["at"]
    return latest


def public_records(records: QuerySet[ProgressRecord]) -> QuerySet[ProgressRecord]:
    """``records`` narrowed to those the public reads."""
    cutoff = public_cutoff()
    if cutoff is None:
        return records.none()
    return records.filter(period__in=HalfYearPublication.objects.values("period"), submitted_at__lte=cutoff)
