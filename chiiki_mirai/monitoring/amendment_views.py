"""Pages for revising a published plan after a report: the proposal (the plan's text, edited) and its review
(the difference from the text in force; accept or decline)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from chiiki_mirai.monitoring import amendments, services
from chiiki_mirai.monitoring.models import Amendment
from chiiki_mirai.monitoring.views import reporting_plan
from chiiki_mirai.plans.diff import by_section, compare
from chiiki_mirai.plans.errors import DocumentError
from chiiki_mirai.web.language import current_lang, in_reader_language
from chiiki_mirai.workflow.documents import as_text, problem_messages, read_plan_text
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.views import person_of, plan_for


@login_required
def propose(request: HttpRequest, public_id: str) -> HttpResponse:
    person, plan = reporting_plan(request, public_id, revising=True)
    reports = services.latest_reports(plan)
    chosen = request.POST.get("report") or request.GET.get("report", "")
    report = next((r for r in reports if str(r.pk) == chosen), None)
    # The form starts from the text in force; a posted text is taken as it is, even empty (then said so).
    text = (
        request.POST.get("text", "")
        if request.method == "POST"
        else as_text(plan.current_revision().document, "yaml")
    )
    note = request.POST.get("note", "")
    problems = []
    if request.method == "POST":
        try:
            amendment = amendments.do_propose_amendment(
                person, plan, read_plan_text("plan.yaml", text), note, report.latest if report else None
            )
        except DocumentError as error:
            problems = problem_messages(error, current_lang())
        except Refused as refused:
            messages.error(request, in_reader_language(refused.text))
        else:
            messages.success(request, _("見直し案を提出しました。国の審査担当者が確認します。"))
            return redirect("monitoring:amendment", pk=amendment.pk)
    context = {
        "plan": plan,
        "reports": reports,
        "report": report,
        "text": text,
        "note": note,
        "problems": problems,
    }
    return render(request, "monitoring/amend.html", context, status=422 if problems else 200)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_of(request)
    amendment = get_object_or_404(Amendment.objects.select_related("plan", "report"), pk=pk)
    plan = plan_for(person, amendment.plan.public_id)  # 404 for those who may not see the plan
    if not amendments.may_see_amendments(person, plan):
        raise Http404  # not known to exist for them (ids are sequential)
    if request.method == "POST":
        comment = request.POST.get("comment", "")
        try:
            if request.POST.get("decision") == "accept":
                judged = {tuple(v.split("|", 1)) for v in request.POST.getlist("met") if "|" in v}
                amendment = amendments.do_accept_amendment(
                    person, amendment, comment, {(rule, path) for rule, path in judged}
                )
                messages.success(
                    request,
                    _("見直しを第%(revision)s版として反映しました。") % {"revision": amendment.revision},
                )
            else:
                amendments.do_reject_amendment(person, amendment, comment)
                messages.success(request, _("見直し案を見送りました。"))
        except Refused as refused:
            messages.error(request, in_reader_language(refused.text))
        return redirect("monitoring:amendment", pk=pk)
    base = plan.revisions.get(number=amendment.base_revision)
    return render(
        request,
        "monitoring/amendment.html",
        {
            "plan": plan,
            "amendment": amendment,
            "base": base,
            "sections": by_section(compare(base.document, amendment.document), current_lang()),
            "may_decide": (
                deciding := amendments.may_decide(person) and amendment.state == Amendment.State.PROPOSED
            ),
            # What the deciding reviewer judges before accepting (issue 20 §3): new findings, or on changed text.
            "to_judge": amendments.reviews_to_judge(amendment) if deciding else [],
        },
    )
