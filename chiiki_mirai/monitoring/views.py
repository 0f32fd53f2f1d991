"""The PDCA pages: a plan's progress dashboard (report, statuses, charts, decisions), reports due, the roll-up."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring import services
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.models import WithdrawalDecision
from chiiki_mirai.monitoring.rollup import DIMENSIONS, Contribution, contributions, rollup
from chiiki_mirai.monitoring.status import expected_at, period_number
from chiiki_mirai.plans.errors import DocumentError
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.reports.charts import Line, line_chart
from chiiki_mirai.workflow.access import visible_plans
from chiiki_mirai.workflow.documents import problem_messages, revived
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import PlanState, Role
from chiiki_mirai.workflow.views import person_of, plan_for, posted_action, submitted_text


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
        "latest": latest,
        "measures": ProgressReport.model_validate(latest.document).measures if latest else [],
        "rows": rows,
        "charts": charts,
        "open": services.open_decisions(plan),
        "decisions": plan.withdrawal_decisions.all(),
        "may_report": services.may_report(person, plan) and plan.state_enum is PlanState.PUBLISHED,
        "problems": [],
        "choices": WithdrawalDecision.Decision.choices,
    }
    if request.method == "POST":
        if not context["may_report"]:
            raise PermissionDenied
        try:
            text, name = submitted_text(request)
            report = load(source_from_text(name, text))
            if not isinstance(report, ProgressReport):
                raise Refused(Text("進捗報告（progress@1）ではありません。", "not a progress@1 report."))
            services.do_submit_progress(person, plan, report)
        except DocumentError as error:
            context["problems"] = problem_messages(error)
        except Refused as refused:
            messages.error(request, refused.text.ja)
        else:
            messages.success(request, f"{report.period} の進捗報告を受け付けました。")
            return redirect("monitoring:dashboard", public_id=plan.public_id)
    return render(request, "monitoring/dashboard.html", context, status=422 if context["problems"] else 200)


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
        success="撤退基準への判断を記録しました。",
        back="monitoring:dashboard",
    )


@login_required
def due(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    plans = visible_plans(person)
    if person.role_enum is not Role.REVIEWER:
        plans = plans.filter(authors=person.organisation)
    return render(
        request, "monitoring/due.html", {"items": services.reports_due(plans, timezone.localdate())}
    )


def national_contributions() -> list[Contribution]:
    """Every published plan's national-KGI targets and the actuals of its latest reports."""
    items: list[Contribution] = []
    for plan in Plan.objects.filter(state=PlanState.PUBLISHED).prefetch_related(
        "progress_records", "revisions"
    ):
        actuals: dict[tuple[str, int], float] = {}
        for record in services.latest_reports(plan):
            for kgi in record.document.get("kgis", []):
                if kgi.get("actual") is not None and kgi.get("fy") is not None:
                    actuals[(kgi["id"], int(kgi["fy"]))] = float(kgi["actual"])
        items += contributions(plan.public_id, revived(plan.current_revision().document), actuals)
    return items


@login_required
def national_rollup(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if not person.organisation.is_national:
        raise PermissionDenied
    dimension = request.GET.get("by", "national")
    dimension = dimension if dimension in DIMENSIONS else "national"
    rows = rollup(national_contributions(), dimension)
    if request.GET.get("format") == "csv":
        return _rollup_csv(rows, dimension)
    trace = request.GET.get("trace")
    traced = next((r for r in rows if f"{r.key}|{r.kind.value}|{r.fy}|{int(r.tokyo_area)}" == trace), None)
    return render(
        request,
        "monitoring/rollup.html",
        {"rows": rows, "dimension": dimension, "dimensions": list(DIMENSIONS), "traced": traced},
    )


def _rollup_csv(rows: list[Any], dimension: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "区分",
            "KGI",
            "年度",
            "東京圏",
            "目標（計画の目標年度）",
            "実績",
            "計画数",
            "内訳（計画ID:団体コード:按分比:値）",
        ]
    )
    for r in rows:
        sources = " ".join(f"{c.plan_id}:{c.author}:{c.share:.3f}:{c.value:g}" for c in r.sources)
        writer.writerow(
            [
                r.key,
                r.kind.label,
                r.fy,
                "東京圏" if r.tokyo_area else "",
                r.target,
                r.actual,
                r.plans,
                sources,
            ]
        )
    response = HttpResponse(
        b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="rollup-{dimension}.csv"'
    return response
