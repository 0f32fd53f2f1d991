"""The public portal: no login; published plans only."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from chiiki_mirai.organisations.models import Organisation, author_names
from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.plans.form_layout import plan_sections
from chiiki_mirai.plans.labels import label
from chiiki_mirai.plans.search import normalise
from chiiki_mirai.plans.workbook import write_blank_workbook
from chiiki_mirai.portal.caching import public_page
from chiiki_mirai.portal.opendata import COLUMNS, csv_bytes
from chiiki_mirai.reference.fields import STRATEGIC_FIELD_LABELS, StrategicField
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.reports.plan_book import book
from chiiki_mirai.reports.spreadsheet import Sheet, xlsx
from chiiki_mirai.web.language import current_lang
from chiiki_mirai.web.responses import csv_download, xlsx_download
from chiiki_mirai.workflow.documents import revived
from chiiki_mirai.workflow.downloads import plan_download
from chiiki_mirai.workflow.guidance import guidance
from chiiki_mirai.workflow.models import Plan, SupportProgramme, SupportRequestRecord
from chiiki_mirai.workflow.states import PlanState

PAGE_SIZE = 20


def published() -> QuerySet[Plan]:
    return Plan.objects.filter(state=PlanState.PUBLISHED)


def search(params: Any) -> QuerySet[Plan]:
    """Published plans matching every given filter; keywords (space-separated, AND) search the plan's words.

    Filters on the authors go through a subquery, so no DISTINCT is needed over the plans' rows.
    """
    plans = published()
    authors = Organisation.objects.all()
    if (prefecture := params.get("prefecture", "")).isdigit():
        authors = authors.filter(prefecture_code=int(prefecture))
    if municipality := params.get("municipality", "").strip():
        authors = authors.filter(Q(code=municipality) | Q(name__contains=municipality))
    if authors.query.where:
        plans = plans.filter(
            pk__in=Plan.authors.through.objects.filter(organisation__in=authors).values("plan_id")
        )
    if (plan_type := params.get("type", "")) in ("A", "B", "C"):
        plans = plans.filter(plan_type=plan_type)
    if field := params.get("field", ""):
        plans = plans.filter(strategic_field=field)
    if industry := params.get("industry", "").strip():
        plans = plans.filter(industry__icontains=industry)
    if programme := params.get("programme", "").strip():
        plans = plans.filter(
            pk__in=SupportRequestRecord.objects.filter(programme=programme).values("plan_id")
        )
    for word in normalise(params.get("q", "")).split()[:10]:
        plans = plans.filter(search_text__contains=word)
    return plans.defer("search_text").order_by("prefecture_code", "public_id")


def counted_page(rows: QuerySet[Any, dict[str, Any]], requested: str | None) -> Page[dict[str, Any]]:
    """The requested page of search results, counted by the same query (``COUNT(*) OVER ()``): the separate count
    scanned every published plan's words a second time, a third of an uncached search (issue 23). A page past the
    end (or not a number) is answered as Django's paginator answers it."""
    try:
        number = int(requested or 1)
    except ValueError:
        number = 1
    found = (
        list(rows.annotate(matching=Window(Count("pk")))[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
        if number >= 1
        else []
    )
    if not found and number != 1:
        return Paginator(rows, PAGE_SIZE).get_page(requested)
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.__dict__["count"] = found[0]["matching"] if found else 0  # Paginator.count is a cached_property
    return Page(found, number, paginator)


@cache
def _prefectures() -> list[tuple[str, str]]:
    return [(str(p.prefecture_code), p.name) for p in local_governments().prefectures()]


def _options(choices: list[tuple[str, str]], selected: str) -> list[tuple[str, str, bool]]:
    return [(value, label, value == selected) for value, label in choices]


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The search page. Rows and options are plain values prepared here: rendering model objects through the
    template engine was most of the page's time under load."""
    params = request.GET
    fields = ("pk", "public_id", "plan_type", "title", "industry", "published_at", "batch")
    page = counted_page(search(params).values(*fields), params.get("page"))
    authors = author_names([row["pk"] for row in page.object_list])
    rows = [
        {
            **row,
            "url": reverse("portal:plan", args=[row["public_id"]]),
            "authors": "・".join(name for _, name in authors.get(row["pk"], [])),
        }
        for row in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "params": params,
        "prefectures": _options(_prefectures(), params.get("prefecture", "")),
        "fields": _options(
            [(f.value, STRATEGIC_FIELD_LABELS[f]) for f in StrategicField], params.get("field", "")
        ),
        "types": _options([(t, f"{t} {PlanType(t).label}") for t in ("A", "B", "C")], params.get("type", "")),
        "programmes": _options(
            [(n, n) for n in SupportProgramme.objects.values_list("name", flat=True)],
            params.get("programme", ""),
        ),
        "query": params.urlencode(),
    }
    template = "portal/_results.html" if request.headers.get("HX-Request") else "portal/home.html"
    return render(request, template, context)


@public_page
def plan_page(request: HttpRequest, public_id: str) -> HttpResponse:
    plan = get_object_or_404(published().prefetch_related("authors"), public_id=public_id)
    document = plan.current_revision().document
    context = {
        "plan": plan,
        "book": book(revived(document), current_lang()),
        "sections": readable(document),
        "support_requests": plan.support_requests.all(),
    }
    return render(request, "portal/plan.html", context)


@public_page
def plan_print(request: HttpRequest, public_id: str) -> HttpResponse:
    """The 計画書 as a printable A4 page (page breaks by 記載項目; header with id, revision and state; page
    numbers): the browser prints it to PDF."""
    plan = get_object_or_404(published(), public_id=public_id)
    revision = plan.current_revision()
    context = {"plan": plan, "revision": revision, "book": book(revived(revision.document), current_lang())}
    return render(request, "portal/plan_print.html", context)


def readable(document: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """The plan's top-level items (label, field name, value) in the document's order (the template nests the rest)."""
    lang = current_lang()
    return [(label(key, lang), key, value) for key, value in document.items() if key not in ("format", "id")]


@public_page
def download(request: HttpRequest, public_id: str, syntax: str) -> HttpResponse:
    plan = get_object_or_404(published(), public_id=public_id)
    return plan_download(plan.current_revision().document, plan.public_id, syntax)


def _rows() -> list[tuple[Plan, dict[str, Any]]]:
    plans = published().prefetch_related("authors").order_by("public_id")
    return [(plan, plan.current_revision().document) for plan in plans]


@public_page
def open_data_csv(request: HttpRequest) -> HttpResponse:
    return csv_download(csv_bytes(_rows()), "chiiki-mirai-plans.csv")


@public_page
def open_data_xlsx(request: HttpRequest) -> HttpResponse:
    """The CSV's table as a workbook: codes stay text (01, 070009), which Excel strips from a CSV (issue 22 §5)."""
    rows = [[c.value(plan, document) for c in COLUMNS] for plan, document in _rows()]
    sheet = Sheet("計画", [c.label for c in COLUMNS], rows)
    return xlsx_download(xlsx([sheet]), "chiiki-mirai-plans.xlsx")


@public_page
def open_data_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps([document for _, document in _rows()], ensure_ascii=False, indent=1)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chiiki-mirai-plans.json"'
    return response


@public_page
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/open_data.html", {"columns": COLUMNS, "count": published().count()})


def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Choose the interface language (a link, not a form: public pages carry no CSRF token and can be cached)."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@public_page
def blank_workbook(request: HttpRequest, plan_type: str) -> HttpResponse:
    """The official workbook of a type, empty, for a municipality to prepare its plan offline before it has an
    account (upload it on 「文書から作成する」 to create the plan)."""
    if plan_type not in ("A", "B", "C"):
        raise Http404
    return xlsx_download(write_blank_workbook(plan_type, form_guidance(plan_type)), f"plan-{plan_type}.xlsx")


@cache
def form_guidance(plan_type: str) -> dict[int, str]:
    """Each 記載項目's guidance from the seeds, as the blank form prints it beside the fields."""
    found = {}
    for index, _name in plan_sections(plan_type):
        said = guidance(PlanType(plan_type), index)
        if said is not None:
            heading, lines, source = said
            found[index] = "\n".join([heading, *(f"・{line}" for line in lines), f"根拠: {source}"])
    return found
