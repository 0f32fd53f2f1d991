"""The compilation for the vice-ministers' meeting: national bodies start one for a half-year, watch it being
generated in the background, and download the printable report and the workbook."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chiiki_mirai.monitoring.models import Compilation
from chiiki_mirai.monitoring.services import periods_between
from chiiki_mirai.monitoring.tasks import start_compilation
from chiiki_mirai.monitoring.views import national_only
from chiiki_mirai.plans.periods import period_label
from chiiki_mirai.web.responses import xlsx_download

SHOWN_PERIODS = 8  # the half-years offered: the last four years


def _periods() -> list[tuple[str, str]]:
    today = timezone.localdate()
    ended = periods_between(dt.date(today.year - 5, 4, 1), today)  # not replace(year=…): 29 February
    return [(p, period_label(p)) for p in reversed(ended[-SHOWN_PERIODS:])]


@login_required
def compilations(request: HttpRequest) -> HttpResponse:
    person = national_only(request)
    periods = _periods()
    if request.method == "POST":
        period = request.POST.get("period", "")
        if period not in dict(periods):
            messages.error(
                request, _("半期を一覧から選んでください（入力: %(period)s）。") % {"period": period[:10]}
            )
        else:
            start_compilation(person.user, period)
            messages.success(
                request, _("%(period)sの取りまとめの作成を始めました。") % {"period": period_label(period)}
            )
        return redirect("monitoring:compilations")
    runs = Compilation.objects.defer("html", "workbook").order_by("-pk")[:20]
    return render(request, "monitoring/compilations.html", {"runs": runs, "periods": periods})


@login_required
def compilation(request: HttpRequest, pk: int) -> HttpResponse:
    """One run's row, polled by htmx while it is generated."""
    national_only(request)
    run = get_object_or_404(Compilation.objects.defer("html", "workbook"), pk=pk)
    return render(request, "monitoring/_compilation.html", {"run": run})


@login_required
def compilation_report(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    national_only(request)
    run = get_object_or_404(Compilation, pk=pk, state=Compilation.State.DONE)
    if kind not in {"html", "xlsx"}:
        raise Http404
    if kind == "xlsx":
        return xlsx_download(bytes(run.workbook), f"compilation-{run.period}.xlsx")
    return HttpResponse(run.html, content_type="text/html; charset=utf-8")
