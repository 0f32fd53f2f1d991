"""Type A's half-yearly cycle (001 A(5)): the report requests (each owner's inbox; the secretariat sends and
reminds) and the half-year's results, public once reported to the 副大臣等会議, with their open data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiiki_mirai.monitoring import requests as report_requests
from chiiki_mirai.monitoring.models import HalfYearPublication, ProgressRecord, ReportRequest
from chiiki_mirai.monitoring.results import (
    RESULT_COLUMNS,
    corrections,
    do_publish_half_year,
    published_results,
    published_rows,
    released_with,
    results_csv,
)
from chiiki_mirai.monitoring.services import period_due, previous_period, sees_unpublished_reports
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.periods import is_period, period_label
from chiiki_mirai.reports.spreadsheet import Sheet, xlsx
from chiiki_mirai.web.responses import csv_download, xlsx_download
from chiiki_mirai.workflow.batch_views import attempt
from chiiki_mirai.workflow.views import person_of


def _secretariat(person: Person | None) -> bool:
    return person is not None and person.is_secretariat


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    today = timezone.localdate()
    secretariat = _secretariat(person)
    period = request.GET.get("period") or previous_period(today)
    context = {
        "lines": report_requests.inbox(person, today),
        "secretariat": secretariat,
        "period": period,
        "due": period_due(period) if is_period(period) else None,
        "all": report_requests.lines(ReportRequest.objects.filter(period=period), today)
        if secretariat
        else [],
    }
    return render(request, "monitoring/requests.html", context)


def _posted(
    request: HttpRequest, date_field: str, default: Callable[[str], dt.date] | None = None
) -> tuple[str, dt.date] | None:
    """The form's half-year and date (``default(period)`` when the date is left empty), or None with the error said
    on the page: a typo is neither a 404 nor a 500."""
    period, typed = request.POST.get("period", ""), request.POST.get(date_field, "").strip()
    if not is_period(period):
        messages.error(request, _("半期は 2026H2 のように入力してください。"))
        return None
    if not typed and default is not None:
        return period, default(period)
    try:
        return period, dt.date.fromisoformat(typed)
    except ValueError:
        messages.error(request, _("日付を YYYY-MM-DD で入力してください: %(typed)s") % {"typed": typed})
        return None


@login_required
@require_POST
def send_requests(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    posted = _posted(request, "due", default=period_due)
    if posted is None:
        return redirect("monitoring:requests")
    period, due = posted
    sent = attempt(request, lambda: report_requests.do_send_report_requests(person, period, due))
    if sent is not None:
        messages.success(
            request,
            _("%(period)s の報告依頼を %(n)d 件送りました（メール %(m)d 通）。")
            % {"period": period_label(period), "n": sent.requests, "m": sent.mails},
        )
    return redirect(f"{reverse('monitoring:requests')}?period={period}")


@login_required
@require_POST
def send_reminders(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    posted = _posted(request, "due", default=period_due)
    if posted is None:
        return redirect("monitoring:requests")
    period = posted[0]
    sent = attempt(request, lambda: report_requests.do_send_reminders(person, period))
    if sent is not None:
        messages.success(
            request,
            _("期限を過ぎた %(n)d 件に督促しました（メール %(m)d 通）。")
            % {"n": sent.requests, "m": sent.mails},
        )
    return redirect(f"{reverse('monitoring:requests')}?period={period}")


# ------------------------------------------------------------------ results of a half-year


def results_index(request: HttpRequest) -> HttpResponse:
    person = person_of(request) if request.user.is_authenticated else None
    published = HalfYearPublication.objects.all()
    reported = sorted(
        set(ProgressRecord.objects.values_list("period", flat=True)) - {p.period for p in published}
    )
    return render(
        request,
        "monitoring/results_index.html",
        {
            "published": published,
            "unpublished": reported if _secretariat(person) else [],
            "secretariat": _secretariat(person),
        },
    )


@login_required
@require_POST
def publish_results(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    posted = _posted(request, "meeting_date")
    if posted is None:
        return redirect("monitoring:results")
    period, meeting_date = posted
    if attempt(
        request, lambda: do_publish_half_year(person, period, meeting_date, request.POST.get("note", ""))
    ):
        messages.success(request, _("%(period)s の結果を公表しました。") % {"period": period_label(period)})
        return redirect("monitoring:results_period", period=period)
    return redirect("monitoring:results")


def _published(period: str) -> HalfYearPublication:
    """Nothing of a half-year is public until it was reported to the meeting and published (404 before)."""
    return get_object_or_404(HalfYearPublication, period=period)


def results_period(request: HttpRequest, period: str) -> HttpResponse:
    publication = _published(period)
    person = person_of(request) if request.user.is_authenticated else None
    return render(
        request,
        "monitoring/results.html",
        {
            "publication": publication,
            "label": period_label(period),
            "results": published_results(publication),
            "corrections": corrections(publication, pending_too=sees_unpublished_reports(person)),
            "released": released_with(publication),
        },
    )


def results_download(request: HttpRequest, period: str, kind: str) -> HttpResponse:
    rows = published_rows(_published(period))
    if kind == "csv":
        return csv_download(results_csv(rows), f"chiiki-mirai-results-{period}.csv")
    if kind == "xlsx":
        table = Sheet(
            period, [c.label for c in RESULT_COLUMNS], [[r[c.name] for c in RESULT_COLUMNS] for r in rows]
        )
        return xlsx_download(xlsx([table]), f"chiiki-mirai-results-{period}.xlsx")
    if kind == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=1)
        response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="chiiki-mirai-results-{period}.json"'
        return response
    raise Http404


def results_dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/results_dictionary.html", {"columns": RESULT_COLUMNS})
