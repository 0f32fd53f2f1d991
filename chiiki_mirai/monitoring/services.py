"""Progress reports and withdrawal decisions: every write here, with its checks and its audit record."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.halfyears import HalfYear, merge
from chiiki_mirai.monitoring.models import (
    KgiFigure,
    KpiReading,
    ProgressRecord,
    ProjectFigure,
    WithdrawalDecision,
)
from chiiki_mirai.monitoring.published import public_records
from chiiki_mirai.monitoring.rollup import contributions, projects
from chiiki_mirai.monitoring.status import Assessment, KpiStatus, assess
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.choices import MeasureStatus
from chiiki_mirai.plans.document import Kpi, PlanDocument
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.rules.findings import has_errors
from chiiki_mirai.workflow.access import relation_of
from chiiki_mirai.workflow.documents import plan_checker, revived
from chiiki_mirai.workflow.models import AuditEvent, Plan
from chiiki_mirai.workflow.services import Refused, record_audit
from chiiki_mirai.workflow.states import PlanState, Relation, Role


def owned_measures(person: Person, plan: Plan, document: PlanDocument | None = None) -> set[str]:
    """Type A (001 A(5)①②): the measures whose 5W1H names the person's body as the one that reports — a ministry's
    reporters for the ministry, a prefecture's departments (authors, compiler) for the prefecture. ``document``:
    the plan's text in force when the caller has it already."""
    organisation = person.organisation
    reports_for_body = (organisation.is_national and person.role_enum is Role.MINISTRY_REPORTER) or (
        organisation.is_prefecture and person.role_enum in (Role.AUTHOR, Role.COMPILER)
    )
    if not reports_for_body:
        return set()
    document = document or revived(plan.current_revision().document)
    return {
        m.id
        for m in (document.policy.measures if document.policy else [])
        if m.owner_body == organisation.code
    }


def may_report(person: Person, plan: Plan, document: PlanDocument | None = None) -> bool:
    """B/C: the plan's authors report. A: each body named as a measure's 5W1H owner reports on its measures."""
    if plan.plan_type == "A":
        return bool(owned_measures(person, plan, document))
    return person.role_enum is Role.AUTHOR and relation_of(person, plan) is Relation.AUTHOR_ORGANISATION


def may_revise(person: Person, plan: Plan, document: PlanDocument | None = None) -> bool:
    """Who proposes a revision and records withdrawal decisions: those who report; for type A also 内閣官房・経済産業省,
    who 取りまとめ the results and 必要に応じて計画の内容を見直す (001 A(5)③)."""
    secretariat = person.is_secretariat
    return (plan.plan_type == "A" and secretariat) or may_report(person, plan, document)


def reporting_part(person: Person, plan: Plan, document: PlanDocument) -> PlanDocument:
    """What ``person`` reports on: the whole plan for B/C; for A only its body's measures and their KPIs (the Excel
    form it downloads, and what the report is checked against)."""
    if plan.plan_type != "A" or document.policy is None:
        return document
    own = owned_measures(person, plan, document)
    measures = [m for m in document.policy.measures if m.id in own]
    kpis = {k for m in measures for k in m.kpis}
    policy = document.policy.model_copy(
        update={"measures": measures, "kpis": [k for k in document.policy.kpis if k.id in kpis]}
    )
    return document.model_copy(update={"policy": policy})


def _require_own_items(person: Person, plan: Plan, report: ProgressReport, document: PlanDocument) -> None:
    """A type A report covers the reporter's own measures and their KPIs only (a ministry reports what it owns)."""
    own = owned_measures(person, plan, document)
    own_kpis = {
        k for m in (document.policy.measures if document.policy else []) if m.id in own for k in m.kpis
    }
    others = [m.id for m in report.measures if m.id not in own] + [
        k.id for k in report.kpis if k.id not in own_kpis
    ]
    if others:
        raise Refused(
            Text(
                f"{person.organisation}が報告できるのは、担当する施策（{', '.join(sorted(own))}）とその KPI だけです: "
                f"{', '.join(others)} は他の機関の担当です（001 A(5)②）。",
                f"{person.organisation} reports only on its own measures ({', '.join(sorted(own))}) and their KPIs; "
                f"{', '.join(others)} belong to other bodies (001 A(5)②).",
            )
        )


def sees_unpublished_reports(person: Person | None) -> bool:
    """Whether a reader sees the half-years not yet published (001 A(5)④): signed-in officials do, as on the progress
    dashboard (a page for signed-in people only); the public sees a half-year once its results are published."""
    return person is not None


def reporting_today() -> dt.date:
    """Today, for deciding which half-years and fiscal years can be reported on (the tests' world sets its own)."""
    return timezone.localdate()


def _require_begun(report: ProgressReport, today: dt.date) -> None:
    """A report is of a half-year that has begun, and its KGI actuals of fiscal years that have begun: a figure of the
    future is a typing slip (2029H1 for 2026H1), never a result (issue 20 §7)."""
    current = current_period(today)
    if report.period > current:
        raise Refused(
            Text(
                f"半期「{report.period}」はまだ始まっていません（今は{current}です）。報告する半期を確かめてください。",
                f"the half-year {report.period} has not begun (it is {current} now); check the half-year reported.",
            )
        )
    this_year = int(current[:4])
    future = [f"{k.id}（{k.fy}年度）" for k in report.kgis if k.fy is not None and k.fy > this_year]
    if future:
        raise Refused(
            Text(
                f"KGI の実績がまだ始まっていない年度のものです: {'、'.join(future)}（今は{this_year}年度です）。",
                f"KGI actuals of fiscal years that have not begun: {', '.join(future)} (it is FY{this_year} now).",
            )
        )


@transaction.atomic
def do_submit_progress(
    person: Person, plan: Plan, report: ProgressReport, today: dt.date | None = None
) -> ProgressRecord:
    if plan.state_enum is not PlanState.PUBLISHED:
        raise Refused(
            Text("進捗報告は公表された計画について行います。", "progress is reported for published plans.")
        )
    document = revived(plan.current_revision().document)
    if not may_report(person, plan, document):
        raise Refused(Text("この計画の進捗を報告する権限がありません。", "you may not report on this plan."))
    if report.plan != plan.public_id:
        raise Refused(
            Text(
                f"報告の plan（{report.plan}）がこの計画の ID（{plan.public_id}）と違います。",
                f"the report names plan {report.plan}, not {plan.public_id}.",
            )
        )
    _require_begun(report, today or reporting_today())
    known = {k.id for k in document.policy.kpis} if document.policy else set()
    unknown = [k.id for k in report.kpis if k.id not in known]
    if unknown:
        raise Refused(
            Text(f"計画にない KPI です: {', '.join(unknown)}", f"KPIs not in the plan: {', '.join(unknown)}")
        )
    _require_withdrawn_stopped(plan, report, document)
    if plan.plan_type == "A":
        _require_own_items(person, plan, report, document)
        # Each body answers for its own measures: P-DEADLINE asks about those, not the other bodies'.
        document = reporting_part(person, plan, document)
    _require_complete(report, document)
    # The report is checked with the plan it reports on (P-KPI-MEASURE, P-DEADLINE), under the plan's edition.
    findings = plan_checker(edition=plan.rulebook).check_progress(report, document)
    if has_errors(findings):
        # P-PROGRESS: a delayed measure without its cause and remedy cannot be submitted.
        raise Refused(Text("\n".join(f.message for f in findings), "\n".join(f.message for f in findings)))
    record = ProgressRecord.objects.create(
        plan=plan,
        period=report.period,
        document=report.model_dump(mode="json", exclude_unset=True),
        submitted_by=person.user,
        reporter=person.organisation,
    )
    record_audit(plan, person, AuditEvent.Kind.COMMENT, comment=f"進捗報告 {report.period}")
    refresh_figures(plan)
    return record


def latest_reports(plan: Plan, public: bool = False) -> list[HalfYear]:
    """Each half-year's reports merged: the newest of each reporting body counts (a body's corrected report
    replaces its earlier one), several bodies' reports side by side (``halfyears.merge``). ``public``: only the
    reports the public reads (``published.public_records``)."""
    records = plan.progress_records.select_related("reporter").order_by("submitted_at", "id")
    return merge(public_records(records) if public else records)


def kgi_actuals(records: list[HalfYear]) -> dict[tuple[str, int], float]:
    """``(kgi id, fy) -> actual`` from the reports that count (a later half-year's figure for a year wins)."""
    actuals: dict[tuple[str, int], float] = {}
    for record in records:
        for kgi in record.document.get("kgis", []):
            if kgi.get("actual") is not None and kgi.get("fy") is not None:
                actuals[(kgi["id"], int(kgi["fy"]))] = float(kgi["actual"])
    return actuals


def refresh_figures(plan: Plan) -> None:
    """Rebuild the plan's kept-ready figures (KGI parts for the roll-up and the map, KPI readings for the
    dashboards) from its current text and its reports; a plan that is not published has none."""
    with transaction.atomic():
        KgiFigure.objects.filter(plan=plan).delete()
        KpiReading.objects.filter(plan=plan).delete()
        ProjectFigure.objects.filter(plan=plan).delete()
        if plan.state_enum is not PlanState.PUBLISHED:
            return
        document = revived(plan.current_revision().document)
        records = latest_reports(plan)
        master = local_governments()
        ProjectFigure.objects.bulk_create(
            ProjectFigure(
                plan=plan,
                plan_type=plan.plan_type,
                strategic_field=document.strategic_field or "",
                location=project.location,
                prefecture=government.prefecture_code,
                at_author=project.at_author,
                description=project.description[:300],
                entity=project.entity[:200],
                amount=project.amount,
                start_fy=project.start_fy,
                end_fy=project.end_fy,
            )
            for project in projects(document)
            if (government := master.get(project.location)) is not None
        )
        KgiFigure.objects.bulk_create(
            KgiFigure(plan=plan, **{k: v for k, v in asdict(part).items() if k != "plan_id"})
            for part in contributions(
                plan.public_id,
                document,
                kgi_actuals(records),
                kgi_actuals(latest_reports(plan, public=True)),
            )
        )
        kpis = document.policy.kpis if document.policy else []
        readings = []
        for record in records:
            sent = {a["id"]: a.get("actual") for a in record.document.get("kpis", [])}
            for kpi in kpis:
                actual = float(value) if (value := sent.get(kpi.id)) is not None else None
                assessment = assess(kpi, actual, record.period)
                readings.append(
                    KpiReading(
                        plan=plan,
                        period=record.period,
                        kpi=kpi.id,
                        actual=actual,
                        expected=assessment.expected,
                        status=assessment.status.value,
                    )
                )
        KpiReading.objects.bulk_create(readings)


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    actual: float | None
    assessment: Assessment
    decision: WithdrawalDecision | None


def kpi_rows(plan: Plan, record: HalfYear) -> list[KpiRow]:
    document = revived(plan.current_revision().document)
    report = ProgressReport.model_validate(record.document)
    actuals = {k.id: (float(k.actual) if k.actual is not None else None) for k in report.kpis}
    decisions = {d.kpi: d for d in WithdrawalDecision.objects.filter(plan=plan, period=record.period)}
    return [
        KpiRow(
            kpi, actuals.get(kpi.id), assess(kpi, actuals.get(kpi.id), record.period), decisions.get(kpi.id)
        )
        for kpi in (document.policy.kpis if document.policy else [])
    ]


def open_decisions(plan: Plan) -> list[tuple[str, KpiRow]]:
    """KPIs at their withdrawal threshold in a half-year's report, with no decision recorded yet."""
    return [
        (record.period, row)
        for record in latest_reports(plan)
        for row in kpi_rows(plan, record)
        if row.assessment.status is KpiStatus.WITHDRAWAL and row.decision is None
    ]


@transaction.atomic
def do_decide(
    person: Person, plan: Plan, kpi: str, period: str, decision: str, reasons: str
) -> WithdrawalDecision:
    if not may_revise(person, plan):
        raise Refused(
            Text("この計画について判断を記録する権限がありません。", "you may not decide for this plan.")
        )
    if decision not in WithdrawalDecision.Decision.values:
        raise Refused(
            Text("判断は「継続」「見直し」「撤退」のいずれかです。", "decide continue, revise or withdraw.")
        )
    if not reasons.strip():
        raise Refused(Text("判断の理由を書いてください。", "give the reasons."))
    if (period, kpi) not in {(p, row.kpi.id) for p, row in open_decisions(plan)}:
        raise Refused(
            Text(
                "この KPI・半期には判断を待つ撤退基準の到達がありません。",
                "no withdrawal decision is open here.",
            )
        )
    made = WithdrawalDecision.objects.create(
        plan=plan, kpi=kpi, period=period, decision=decision, reasons=reasons, decided_by=person.user
    )
    record_audit(
        plan,
        person,
        AuditEvent.Kind.COMMENT,
        comment=f"撤退基準の判断 {kpi} {period}: {made.get_decision_display()} — {reasons}",
    )
    return made


def _require_complete(report: ProgressReport, part: PlanDocument) -> None:
    """A report reports: every KPI of the reporter's part an actual, or 「未把握」 with the reason in its note, and every
    measure a status (002 l.45 「KPIを設定し、数値の現状を確認」; 001 l.383 KGIs 「フォローアップするものとする」)."""
    given = {k.id: k for k in report.kpis}
    statuses = {m.id for m in report.measures}
    kpis = part.policy.kpis if part.policy else []
    measures = part.policy.measures if part.policy else []
    no_figure = [
        k.id
        for k in kpis
        if k.id not in given or (given[k.id].actual is None and not (given[k.id].note or "").strip())
    ]
    no_status = [m.id for m in measures if m.id not in statuses]
    if no_figure or no_status:
        missing_ja = "、".join(
            [*(f"KPI {k} の実績" for k in no_figure), *(f"施策 {m} の状況" for m in no_status)]
        )
        missing_en = ", ".join(
            [*(f"KPI {k}'s actual" for k in no_figure), *(f"measure {m}'s status" for m in no_status)]
        )
        raise Refused(
            Text(
                f"報告に記載のない項目があります: {missing_ja}。実績が分からない KPI は、実績を空欄にして"
                "「未把握」の理由を備考（note）に書いてください。",
                f"the report leaves out {missing_en}. For a KPI whose figure is not known, leave the actual empty and give "
                "the reason in its note.",
            )
        )


def withdrawn_measures(plan: Plan, document: PlanDocument) -> dict[str, WithdrawalDecision]:
    """Measures withdrawn by a 「撤退」 decision on one of their KPIs (001 B(2)⑦: the withdrawal criterion has
    effect), each with the decision that withdrew it."""
    withdrawn = {
        d.kpi: d
        for d in plan.withdrawal_decisions.filter(decision=WithdrawalDecision.Decision.WITHDRAW).order_by(
            "decided_at"
        )
    }
    measures = document.policy.measures if document.policy else []
    return {m.id: withdrawn[k] for m in measures for k in m.kpis if k in withdrawn}


def _require_withdrawn_stopped(plan: Plan, report: ProgressReport, document: PlanDocument) -> None:
    """A measure withdrawn before this half-year is reported 「中止」, never on track."""
    withdrawn = withdrawn_measures(plan, document)
    wrong = [
        f"{m.id}（{withdrawn[m.id].period} の撤退の判断）"
        for m in report.measures
        if m.id in withdrawn
        and report.period > withdrawn[m.id].period
        and m.status is not MeasureStatus.STOPPED
    ]
    if wrong:
        raise Refused(
            Text(
                f"撤退した施策は「中止」として報告してください: {'、'.join(wrong)}",
                f"report withdrawn measures as stopped: {', '.join(wrong)}",
            )
        )


def amendment_expected_by(decision: WithdrawalDecision) -> dt.date | None:
    """After 「見直し」 or 「撤退」 the plan's amendment is expected by the next half-year's report (the platform's
    reading: the seeds ask the plan be 見直し and give no date)."""
    if decision.decision == WithdrawalDecision.Decision.CONTINUE:
        return None
    year, half = int(decision.period[:4]), int(decision.period[5])
    following = f"{year}H2" if half == 1 else f"{year + 1}H1"
    return period_due(following)


def period_due(period: str) -> dt.date:
    """A half-year's report is due a month after it ends: H1 (Apr–Sep) by 31 Oct, H2 (Oct–Mar) by 30 Apr."""
    year, half = int(period[:4]), int(period[5])
    return dt.date(year, 10, 31) if half == 1 else dt.date(year + 1, 4, 30)


def current_period(today: dt.date) -> str:
    """The half-year under way: April–September is H1 of the fiscal year, October–March H2."""
    fy = today.year if today.month >= 4 else today.year - 1
    return f"{fy}H{1 if 4 <= today.month <= 9 else 2}"


def previous_period(today: dt.date) -> str:
    """The half-year that ended last (the one reports are requested for)."""
    period = current_period(today)
    year, half = int(period[:4]), int(period[5])
    return f"{year}H1" if half == 2 else f"{year - 1}H2"


def periods_between(first: dt.date, today: dt.date) -> list[str]:
    """Half-years that have ended from the one containing ``first`` up to ``today``."""
    fy = first.year if first.month >= 4 else first.year - 1
    half = 1 if 4 <= first.month <= 9 else 2
    result: list[str] = []
    while True:
        period = f"{fy}H{half}"
        end = dt.date(fy, 9, 30) if half == 1 else dt.date(fy + 1, 3, 31)
        if end >= today:
            return result
        result.append(period)
        fy, half = (fy, 2) if half == 1 else (fy + 1, 1)


@dataclass(frozen=True)
class Due:
    plan: Plan
    period: str
    due: dt.date
    submitted: bool
    overdue: bool


def reports_due(plans: QuerySet[Plan], today: dt.date) -> list[Due]:
    result: list[Due] = []
    for plan in plans.filter(state=PlanState.PUBLISHED, published_at__isnull=False).prefetch_related(
        "progress_records"
    ):
        assert plan.published_at is not None
        submitted = {r.period for r in plan.progress_records.all()}
        for period in periods_between(plan.published_at.date(), today):
            done = period in submitted
            result.append(
                Due(plan, period, period_due(period), done, not done and period_due(period) < today)
            )
    return sorted(result, key=lambda d: (d.submitted, d.due, d.plan.public_id))
