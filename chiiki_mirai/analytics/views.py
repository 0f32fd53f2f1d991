"""The reference list where 002 1(1)⑨ uses it: the subsidy reviewers' look-up, a prefecture's own list for the
governments that choose core companies, and the 証憑 of firms not on it (submit, forward, confirm, download)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiiki_mirai.analytics import evidence as evidence_services
from chiiki_mirai.analytics.bulk_lookup import (
    MAX_NUMBERS,
    MAX_UPLOAD_BYTES,
    BulkInputError,
    bulk_csv,
    bulk_lookup,
    read_numbers_csv,
)
from chiiki_mirai.analytics.models import Evidence, EvidenceFile
from chiiki_mirai.analytics.reference import TERMS, browse, browsing_prefecture, latest_edition, lookup
from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.web.language import in_reader_language
from chiiki_mirai.web.responses import csv_download
from chiiki_mirai.workflow.access import can_view
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.views import POSTED_INT_LIMIT, plan_for, posted_int

PAGE_SIZE = 100


def _person(request: HttpRequest) -> Person | None:
    return Person.objects.select_related("organisation").filter(user__pk=request.user.pk or 0).first()


def may_look_up(person: Person | None) -> bool:
    """National bodies (the secretariat and the ministries that grant subsidies) use the look-up."""
    return person is not None and person.organisation.is_national


@login_required
def lookup_page(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if not may_look_up(person):
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    context = {"query": query, "results": lookup(query) if query else [], "edition": latest_edition()}
    return render(request, "analytics/lookup.html", context)


@login_required
def reference_list_page(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    prefecture = browsing_prefecture(person)
    if person is None or prefecture is None:
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    page = min(max(1, posted_int(request.GET.get("page"), 1)), POSTED_INT_LIMIT // PAGE_SIZE)
    firms, total = browse(person, query, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    names = {p.prefecture_code: p.name for p in local_governments().prefectures()}
    context = {
        "terms": TERMS,
        "prefecture": names.get(prefecture, str(prefecture)),
        "edition": latest_edition(),
        "firms": firms,
        "total": total,
        "query": query,
        "page": page,
        "more": page * PAGE_SIZE < total,
    }
    return render(request, "analytics/reference_list.html", context)


def _uploads(request: HttpRequest) -> list[evidence_services.Upload]:
    return [
        evidence_services.Upload(f.name or "file", f.read(evidence_services.MAX_FILE_BYTES + 1))
        for f in request.FILES.getlist("files")
    ]


def _done(request: HttpRequest, public_id: str, action: Callable[[], object], success: str) -> HttpResponse:
    try:
        action()
    except Refused as refused:
        messages.error(request, in_reader_language(refused.text))
    else:
        messages.success(request, success)
    return redirect("workflow:plan", public_id=public_id)


@login_required
@require_POST
def submit_evidence(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _person(request)
    if person is None:
        raise PermissionDenied
    plan = plan_for(person, public_id)
    uploads = _uploads(request)
    return _done(
        request,
        public_id,
        lambda: evidence_services.do_submit_evidence(
            person, plan, request.POST.get("corporate_number", ""), request.POST.get("text", ""), uploads
        ),
        _("証憑を提出しました（都道府県の確認待ち）。"),
    )


def _evidence(request: HttpRequest, pk: int) -> tuple[Person, Evidence]:
    person = _person(request)
    evidence = get_object_or_404(Evidence.objects.select_related("plan"), pk=pk)
    if person is None or not can_view(person, evidence.plan):
        raise Http404
    return person, evidence


@login_required
@require_POST
def forward_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    person, evidence = _evidence(request, pk)
    return _done(
        request,
        evidence.plan.public_id,
        lambda: evidence_services.do_forward_evidence(person, evidence),
        _("証憑を経済産業省に提出しました。"),
    )


@login_required
@require_POST
def decide_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    person, evidence = _evidence(request, pk)
    confirm = request.POST.get("decision") == "confirm"
    return _done(
        request,
        evidence.plan.public_id,
        lambda: evidence_services.do_decide_evidence(
            person, evidence, confirm, request.POST.get("reason", "")
        ),
        _("証憑の確認結果を記録しました。"),
    )


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    attached = get_object_or_404(EvidenceFile.objects.select_related("evidence__plan"), pk=pk)
    person = _person(request)
    plan = attached.evidence.plan
    if person is None or not can_view(person, plan) or not evidence_services.may_see_evidence(person, plan):
        raise Http404
    response = HttpResponse(bytes(attached.data), content_type=attached.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(attached.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quoted(name: str) -> str:
    return quote(name, safe="")


@login_required
def bulk_lookup_page(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of 法人番号 (first column), get a CSV back: one line per firm and plan naming it."""
    person = _person(request)
    if not may_look_up(person):
        raise PermissionDenied
    if request.method == "POST":
        upload = request.FILES.get("numbers")
        try:
            if upload is None:
                raise BulkInputError(Text("CSV ファイルを選んでください。", "choose a CSV file."))
            rows = bulk_lookup(read_numbers_csv(upload.read(MAX_UPLOAD_BYTES + 1)))
        except BulkInputError as refused:
            messages.error(request, in_reader_language(refused.text))
            context = {"limit": MAX_NUMBERS, "edition": latest_edition()}
            return render(request, "analytics/bulk_lookup.html", context, status=422)
        else:
            return csv_download(bulk_csv(rows), "core-companies-lookup.csv")
    return render(request, "analytics/bulk_lookup.html", {"limit": MAX_NUMBERS, "edition": latest_edition()})
