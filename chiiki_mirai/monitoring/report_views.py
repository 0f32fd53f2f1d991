"""The half-year's progress report typed into a form (issue 22 §1: an official reports without YAML or Excel)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from pydantic import ValidationError

from chiiki_mirai.monitoring import services
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.report_form import (
    report_data,
    report_items,
    shown_from_report,
    status_options,
)
from chiiki_mirai.monitoring.views import reporting_plan, say_received
from chiiki_mirai.plans.errors import validation_problems
from chiiki_mirai.plans.periods import PERIOD_PATTERN
from chiiki_mirai.web.language import current_lang, in_reader_language
from chiiki_mirai.workflow.documents import revived
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import PlanState


@login_required
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    """GET: the form for ``?period=`` (a report already sent for it filled in, to correct); POST: submitted as an
    uploaded report is (``services.do_submit_progress``), or shown back as typed with each problem in place."""
    person, plan = reporting_plan(request, public_id)
    if plan.state_enum is not PlanState.PUBLISHED:
        raise Http404  # progress is reported on published plans (the dashboard offers no form before)
    period = request.POST.get("period") or request.GET.get("period", "")
    if not re.fullmatch(PERIOD_PATTERN, period):
        raise Http404
    part = services.reporting_part(person, plan, revived(plan.current_revision().document))
    sent = next((r for r in services.latest_reports(plan) if r.period == period), None)
    shown = shown_from_report(sent.document) if sent else {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        shown = {name: request.POST.get(name, "") for name in request.POST}
        reporter = person.organisation.code if person.organisation.code.isdigit() else None
        data, places = report_data(
            plan.public_id, period, reporter, report_items(part, period, shown), request.POST
        )
        try:
            services.do_submit_progress(person, plan, ProgressReport.model_validate(data))
        except ValidationError as error:
            for problem in validation_problems(error):
                name = places.get(problem.path or "", "")
                errors.setdefault(name, []).append(problem.message(current_lang()))
            status = 422
        except Refused as refused:
            messages.error(request, in_reader_language(refused.text))
            status = 422
        else:
            say_received(request, period)
            return redirect("monitoring:dashboard", public_id=plan.public_id)
    items = report_items(part, period, shown, errors)
    context = {
        "plan": plan,
        "period": period,
        "items": items,
        "statuses": status_options(),
        "summary": [(f, i) for i in items for f in i.fields if f.errors],
        "unplaced": errors.get("", []),
        "sent": sent is not None,
        # The newest report's id: what the browser kept of this form is dropped once a report has gone through.
        "report_version": plan.progress_records.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }
    return render(request, "monitoring/report.html", context, status=status)
