"""The PDCA pages: a plan's progress dashboard (report, statuses, charts, decisions), reports due, the roll-up."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiiki_mirai.analytics.estimate_pages import estimate_context
from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring import figures, services
from chiiki_mirai.monitoring.amendments import may_decide, may_see_amendments
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.models import Amendment, Recomputation, WithdrawalDecision
from chiiki_mirai.monitoring.rendering import rollup_body
from chiiki_mirai.monitoring.status import KpiStatus, expected_at, period_number
from chiiki_mirai.monitoring.tasks import start_recomputation
from chiiki_mirai.monitoring.workbook import read_progress_workbook, write_progress_workbook
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.amounts import format_million_yen
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.errors import DocumentError
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.plans.periods import PERIOD_PATTERN
from chiiki_mirai.plans.wording import say
from chiiki_mirai.portal.caching import cached_for, cached_page
from chiiki_mirai.reference.fields import STRATEGIC_FIELD_LABELS
from chiiki_mirai.reference.localgov import (
    LocalGovernment,
    LocalGovernmentMaster,
    local_governments,
    prefecture_code_to_lg_code,
)
from chiiki_mirai.reports.charts import Line, line_chart
from chiiki_mirai.reports.japan_map import MapPoint, japan_map
from chiiki_mirai.reports.spreadsheet import Sheet, excel_csv, xlsx
from chiiki_mirai.web.language import current_lang, in_reader_language
from chiiki_mirai.web.responses import csv_download, xlsx_download
from chiiki_mirai.workflow.access import visible_plans
from chiiki_mirai.workflow.documents import problem_messages, revived
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import PlanState, Role
from chiiki_mirai.workflow.views import person_of, plan_for, posted_action, submitted_text, uploaded_bytes


def _half_years(first: str, last: str) -> list[str]:
    start, end = period_number(first), period_number(last)
    return [f"{n // 2}H{n % 2 + 1}" for n in range(start, end + 1)]


@login_required
def dashboard(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    plan = plan_for(person, public_id)
    reports = services.latest_reports(plan)
    latest = reports[-1] if reports else None
    rows = services.kpi_rows(plan, latest) if latest else []
    document = revived(plan.current_revision().document)
    charts = []
    for kpi in document.policy.kpis if document.policy else []:
        periods = ([kpi.baseline.period] if kpi.baseline else []) + [t.period for t in kpi.targets]
        periods += [r.period for r in reports]
        if not periods:
            continue
        xs = _half_years(min(periods, key=period_number), max(periods, key=period_number))
        trajectory = {p: v for p in xs if (v := expected_at(kpi, p)) is not None}
        actual = {
            r.period: float(a["actual"])
            for r in reports
            for a in r.document.get("kpis", [])
            if a.get("id") == kpi.id and a.get("actual") is not None
        }
        charts.append(
            line_chart(
                f"{kpi.id} {kpi.name or ''}",
                xs,
                [Line("計画の軌道", "#626264", trajectory, dashed=True), Line("実績", "#0031d8", actual)],
                kpi.unit or "",
            )
        )
    context: dict[str, Any] = {
        "plan": plan,
        "reports": reports,
        # The newest report's id: a draft kept in the browser (web/_keep.html) is dropped once a report goes through.
        "report_version": max((r.pk for r in reports), default=0),
        "latest": latest,
        "measures": ProgressReport.model_validate(latest.document).measures if latest else [],
        "rows": rows,
        "charts": charts,
        "open": services.open_decisions(plan),
        "decisions": _decisions_with_effect(plan, document),
        "may_report": services.may_report(person, plan, document) and plan.state_enum is PlanState.PUBLISHED,
        "may_revise": services.may_revise(person, plan, document) and plan.state_enum is PlanState.PUBLISHED,
        "problems": [],
        "choices": WithdrawalDecision.Decision.choices,
        "workbook_periods": _reportable_periods(plan),
        "amendments": list(plan.amendments.select_related("report"))
        if may_see_amendments(person, plan)
        else [],
        **estimate_context(document),
    }
    if request.method == "POST":
        if not context["may_report"]:
            raise PermissionDenied
        try:
            report = _submitted_report(request)
            services.do_submit_progress(person, plan, report)
        except DocumentError as error:
            context["problems"] = problem_messages(error, current_lang())
        except Refused as refused:
            messages.error(request, in_reader_language(refused.text))
        else:
            say_received(request, report.period)
            return redirect("monitoring:dashboard", public_id=plan.public_id)
    return render(request, "monitoring/dashboard.html", context, status=422 if context["problems"] else 200)


def say_received(request: HttpRequest, period: str) -> None:
    """The one notice of a report gone through (uploaded or typed), the half-year in words: 2026年度上期."""
    words = say("period", period, lang=current_lang()).text
    messages.success(request, _("%(period)s の進捗報告を受け付けました。") % {"period": words})


def _submitted_report(request: HttpRequest) -> ProgressReport:
    """The report of the form: an Excel workbook (as downloaded and filled in), a YAML/JSON file, or text."""
    upload = request.FILES.get("file")
    if upload is not None and (upload.name or "").lower().endswith(".xlsx"):
        return read_progress_workbook(uploaded_bytes(upload), upload.name or "progress.xlsx")
    text, name = submitted_text(request)
    report = load(source_from_text(name, text))
    if not isinstance(report, ProgressReport):
        raise Refused(Text("進捗報告（progress@1）ではありません。", "not a progress@1 report."))
    return report


def _reportable_periods(plan: Plan) -> list[str]:
    """Half-years a report can be prepared for: from the publication to the one under way, newest first."""
    today = timezone.localdate()
    first = plan.published_at.date() if plan.published_at else today
    return list(reversed([*services.periods_between(first, today), services.current_period(today)]))


def reporting_plan(request: HttpRequest, public_id: str, revising: bool = False) -> tuple[Person, Plan]:
    """The signed-in person and the plan ``public_id``, which they must be allowed to report on — or, with
    ``revising``, to revise (``services.may_revise``) — else 403."""
    person = person_of(request)
    plan = plan_for(person, public_id)
    if not (services.may_revise if revising else services.may_report)(person, plan):
        raise PermissionDenied
    return person, plan


@login_required
def progress_workbook(request: HttpRequest, public_id: str) -> HttpResponse:
    """The Excel form for a half-year's report, pre-filled with the plan's KPIs, measures and KGIs."""
    person, plan = reporting_plan(request, public_id)
    period = request.GET.get("period", "")
    if not re.fullmatch(PERIOD_PATTERN, period):
        raise Http404
    reporter = person.organisation.code if person.organisation.code.isdigit() else None
    document = services.reporting_part(person, plan, revived(plan.current_revision().document))
    content = write_progress_workbook(plan.public_id, document, period, reporter)
    return xlsx_download(content, f"progress-{plan.public_id}-{period}.xlsx")


@login_required
@require_POST
def decide(request: HttpRequest, public_id: str) -> HttpResponse:
    form = request.POST
    return posted_action(
        request,
        public_id,
        lambda person, plan: services.do_decide(
            person,
            plan,
            form.get("kpi", ""),
            form.get("period", ""),
            form.get("decision", ""),
            form.get("reasons", ""),
        ),
        success=_("撤退基準への判断を記録しました。"),
        back="monitoring:dashboard",
    )


@login_required
def due(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    plans = visible_plans(person)
    if person.role_enum is not Role.REVIEWER:
        plans = plans.filter(authors=person.organisation)
    awaiting = (
        Amendment.objects.filter(state=Amendment.State.PROPOSED).select_related("plan", "report")
        if may_decide(person)
        else Amendment.objects.none()
    )
    return render(
        request,
        "monitoring/due.html",
        {"items": services.reports_due(plans, timezone.localdate()), "awaiting": awaiting},
    )


def filters_from(request: HttpRequest) -> figures.Filters:
    year = request.GET.get("fy", "")
    return figures.Filters(
        plan_type=request.GET.get("type", "") if request.GET.get("type") in {"A", "B", "C"} else "",
        strategic_field=request.GET.get("field", "")[:40],
        fy=int(year) if year.isdigit() and len(year) == 4 else None,
    )


@login_required
def national_rollup(request: HttpRequest) -> HttpResponse:
    national_only(request)
    dimension = request.GET.get("by", "national")
    dimension = dimension if dimension in figures.DIMENSIONS else "national"
    filters = filters_from(request)
    version = figures.version()
    if request.GET.get("format") == "csv":
        data = cached_for(
            request, lambda: excel_csv(*figures.rollup_table(dimension, filters)), version, shared=True
        )
        return csv_download(data, f"rollup-{dimension}.csv")
    if request.GET.get("format") == "xlsx":
        data = cached_for(
            request,
            lambda: xlsx(
                [
                    Sheet(
                        "全体KGIの全国集計", *figures.rollup_table(dimension, filters), figures.ROLLUP_WIDTHS
                    ),
                    Sheet(
                        "凡例", ["項目", "意味"], [list(item) for item in figures.ROLLUP_LEGEND], (28, 120)
                    ),
                    Sheet(
                        "集計に入らない計画",
                        ["KGI", "計画ID", "計画名", "代わりに設定しているKGI"],
                        [
                            [missing.kind.label, *plan]
                            for missing in figures.missing_kgis(filters)
                            for plan in missing.plans
                        ],
                        (18, 14, 50, 60),
                    ),
                ]
            ),
            version,
            shared=True,
        )
        return xlsx_download(data, f"rollup-{dimension}.xlsx")
    trace = request.GET.get("trace", "")
    query = _query(request, "by", "type", "field", "fy")

    def table() -> str:
        # The same for every national official: rendered once per version of the figures.
        body = rollup_body(figures.rollup_rows(dimension, filters), dimension, query)
        return render_to_string("monitoring/_rollup_table.html", {"body": body})

    return render(
        request,
        "monitoring/rollup.html",
        {
            "table": mark_safe(
                cached_for(request, table, version, shared=True)
            ),  # a rendered, escaped template
            "dimension": dimension,
            "dimensions": list(figures.DIMENSIONS),
            "filters": filters,
            "trace": trace,
            "traced": figures.traced(dimension, trace, filters) if trace else None,
            "query": query,
            "field_choices": FIELD_CHOICES,
            "run": Recomputation.objects.order_by("-pk").first(),
            "legend": figures.ROLLUP_LEGEND,
            "missing": figures.missing_kgis(filters),
        },
    )


FIELD_CHOICES = [(field.value, label) for field, label in STRATEGIC_FIELD_LABELS.items()]


def _query(request: HttpRequest, *names: str) -> str:
    return urlencode({name: request.GET[name] for name in names if request.GET.get(name)})


def national_only(request: HttpRequest) -> Person:
    person = person_of(request)
    if not person.organisation.is_national:
        raise PermissionDenied
    return person


@require_POST
@login_required
def recompute(request: HttpRequest) -> HttpResponse:
    """Rebuild every plan's figures in the background; the roll-up page shows its progress."""
    person = national_only(request)
    start_recomputation(person.user)
    return redirect("monitoring:rollup")


@login_required
def recomputation(request: HttpRequest, pk: int) -> HttpResponse:
    national_only(request)
    run = get_object_or_404(Recomputation, pk=pk)
    return render(request, "monitoring/_recompute.html", {"run": run})


@login_required
def prefecture_dashboard(request: HttpRequest, code: int) -> HttpResponse:
    """A prefecture's plans at a glance: KPI statuses at each plan's latest report, and its KGI figures."""
    person = person_of(request)
    if not 1 <= code <= 47:
        raise Http404
    prefecture = local_governments().get(prefecture_code_to_lg_code(code))
    if not (person.organisation.is_national or person.organisation.prefecture_code == code):
        raise PermissionDenied
    filters = replace(filters_from(request), prefecture=code)

    def body() -> str:
        # The same for everyone allowed here: rendered once per version of the figures.
        plans = list(
            Plan.objects.filter(state=PlanState.PUBLISHED, prefecture_code=code)
            .order_by("public_id")
            .only("pk", "public_id", "title", "plan_type")
        )
        standing = figures.standings(p.pk for p in plans)
        context = {
            "prefecture": prefecture,
            "rows": [(plan, standing[plan.pk]) for plan in plans],
            "statuses": list(KpiStatus),
            "kgis": figures.rollup_rows("prefecture", filters),
            "filters": filters,
            "field_choices": FIELD_CHOICES,
        }
        return render_to_string("monitoring/_prefecture.html", context)

    body_html = cached_for(request, body, figures.version(), shared=True)
    return render(
        request, "monitoring/prefecture.html", {"prefecture": prefecture, "body": mark_safe(body_html)}
    )


def _on_the_map[T](master: LocalGovernmentMaster, by_code: dict[str, T]) -> list[tuple[LocalGovernment, T]]:
    """The entries whose local government has a place to be drawn at, in code order."""
    return [
        (government, entry)
        for code, entry in sorted(by_code.items())
        if (government := master.get(code)) is not None
        and government.longitude is not None
        and government.latitude is not None
    ]


def _point(government: LocalGovernment, value: float, label: str) -> MapPoint:
    # Only governments kept by _on_the_map are drawn, and those have both coordinates.
    assert government.longitude is not None and government.latitude is not None
    return MapPoint(government.longitude, government.latitude, government.prefecture_code, value, label)


MAP_MEASURES = {"planned": "計画上の投資額（累計）", "realised": "実績（報告された投資額）"}


@cached_page(figures.version)
def investment_map(request: HttpRequest) -> HttpResponse:
    """国内投資マップ (001 第1章, 第3章 2.): planned and realised capex of published plans by prefecture and by
    authoring body, on the shipped boundaries. Public; also as CSV and JSON."""
    filters = filters_from(request)
    measure = request.GET.get("measure", "planned")
    measure = measure if measure in MAP_MEASURES else "planned"
    master = local_governments()
    by_prefecture = figures.investment("prefecture", filters)
    table = [
        (prefecture, by_prefecture.get(str(prefecture.prefecture_code), figures.Investment()))
        for prefecture in master.prefectures()
    ]
    if request.GET.get("format") in ("csv", "xlsx"):
        header = ["都道府県コード", "都道府県", "計画上の投資額（百万円）", "実績（百万円）", "計画数"]
        body = [
            [f"{p.prefecture_code:02d}", p.name, round(a.planned, 3), round(a.realised, 3), len(a.plans)]
            for p, a in table
        ]
        if request.GET["format"] == "xlsx":  # the codes stay text (01), which Excel strips from a CSV
            return xlsx_download(xlsx([Sheet("都道府県別", header, body)]), "investment-map.xlsx")
        return csv_download(excel_csv(header, body), "investment-map.csv")
    places = _on_the_map(master, figures.investment("place", filters))
    project_places = _on_the_map(master, figures.project_places(filters))
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "unit": "百万円",
                "prefectures": [
                    {
                        "code": p.prefecture_code,
                        "name": p.name,
                        "planned": a.planned,
                        "realised": a.realised,
                        "plans": sorted(a.plans),
                    }
                    for p, a in table
                ],
                "places": [
                    {
                        "code": g.code,
                        "name": g.full_name,
                        "lat": g.latitude,
                        "lon": g.longitude,
                        "planned": a.planned,
                        "realised": a.realised,
                        "plans": sorted(a.plans),
                    }
                    for g, a in places
                ],
                "projects": [
                    {
                        "code": g.code,
                        "name": g.full_name,
                        "lat": g.latitude,
                        "lon": g.longitude,
                        "amount": place.amount,
                        "projects": [
                            {
                                "plan": p["plan__public_id"],
                                "description": p["description"],
                                "entity": p["entity"],
                                "amount": p["amount"],
                                "placed_at_author": p["at_author"],
                                "start_fy": p["start_fy"],
                                "end_fy": p["end_fy"],
                            }
                            for p in place.projects
                        ],
                    }
                    for g, place in project_places
                ],
                "source": "出典：地球地図日本（国土地理院）（境界）",
            },
            json_dumps_params={"ensure_ascii": False},
        )
    if measure == "planned":
        # Planned investment is drawn by project, at the municipality of the entity that carries it.
        points = [
            _point(
                g,
                place.amount,
                f"{g.full_name}: {format_million_yen(place.amount)}（"
                + "、".join(
                    f"{p['entity'] or p['description']} {format_million_yen(p['amount'])}"
                    for p in place.projects[:5]
                )
                + ("ほか" if len(place.projects) > 5 else "")
                + "）",
            )
            for g, place in project_places
            if place.amount > 0
        ]
    else:
        points = [
            _point(
                g,
                value,
                f"{g.full_name}: {format_million_yen(value)}（{len(a.plans)}計画）",
            )
            for g, a in places
            if (value := getattr(a, measure)) > 0
        ]
    svg = japan_map(
        {p.prefecture_code: getattr(a, measure) for p, a in table},
        points,
        describe=lambda name, value: f"{name}: {format_million_yen(value)}",
        title=f"国内投資マップ: {MAP_MEASURES[measure]}",
        legend_format=format_million_yen,
    )
    return render(
        request,
        "monitoring/map.html",
        {
            "svg": mark_safe(svg),  # built from escaped parts by japan_map
            "table": table,
            "project_places": project_places,
            "measure": measure,
            "measures": MAP_MEASURES,
            "filters": filters,
            "field_choices": FIELD_CHOICES,
            "query": _query(request, "type", "field", "fy", "measure"),
        },
    )


def _decisions_with_effect(plan: Plan, document: PlanDocument) -> list[dict[str, Any]]:
    """Each withdrawal decision with what follows from it: the measures it withdrew, and the amendment it asks for
    by a date (and whether one has been proposed since)."""
    withdrawn = services.withdrawn_measures(plan, document)
    proposed = list(Amendment.objects.filter(plan=plan).values_list("proposed_at", flat=True))
    return [
        {
            "decision": d,
            "withdrawn": sorted(m for m, by in withdrawn.items() if by.pk == d.pk),
            "expected_by": services.amendment_expected_by(d),
            "amended": any(at >= d.decided_at for at in proposed),
        }
        for d in plan.withdrawal_decisions.all()
    ]
