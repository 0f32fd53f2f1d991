"""Report requests for type A plans (001 A(5)①): every half-year 内閣官房・経済産業省 ask each 5W1H owner — the
relevant ministries' and the prefectures' departments — to report on its measures; the owners see the requests in
their inbox and by e-mail (Django's mail: the console by default, SMTP by settings), and the overdue are reminded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.models import ProgressRecord, ReportRequest
from chiiki_mirai.monitoring.results import current_texts
from chiiki_mirai.organisations.models import Organisation, Person
from chiiki_mirai.plans.periods import period_label
from chiiki_mirai.workflow.documents import revived
from chiiki_mirai.workflow.models import AuditEvent, Plan
from chiiki_mirai.workflow.services import Refused, record_audit
from chiiki_mirai.workflow.states import PlanState, Role


def owners(plan: Plan) -> dict[str, list[str]]:
    """``{owner body code: [measure ids]}`` from the plan's text in force (A-OWNER makes every measure name one)."""
    document = revived(plan.current_revision().document)
    owned: dict[str, list[str]] = {}
    for measure in document.policy.measures if document.policy else []:
        if measure.owner_body:
            owned.setdefault(measure.owner_body, []).append(measure.id)
    return owned


def _require_secretariat(person: Person) -> None:
    if not person.is_secretariat:
        raise Refused(
            Text(
                "進捗報告を依頼・督促するのは内閣官房・経済産業省の担当者です（001 A(5)①）。",
                "only the Cabinet Secretariat and METI request progress reports (001 A(5)①).",
            )
        )


def _recipients(organisation: Organisation) -> list[str]:
    """Who reads a body's requests: a ministry's reporters, a prefecture's departments (authors and compiler)."""
    roles = [Role.MINISTRY_REPORTER] if organisation.is_national else [Role.AUTHOR, Role.COMPILER]
    people = Person.objects.filter(organisation=organisation, role__in=[r.value for r in roles])
    return sorted({p.user.email for p in people.select_related("user") if p.user.email})


def _message(request: ReportRequest, reminder: bool) -> tuple[str, str, str, list[str]]:
    head = "【督促】" if reminder else ""
    subject = f"{head}進捗報告のお願い: {request.plan.title}（{period_label(request.period)}）"
    body = (
        f"{request.organisation} ご担当者様\n\n"
        f"戦略産業クラスター計画「{request.plan.title}」（{request.plan.public_id}）について、"
        f"{period_label(request.period)}の進捗報告をお願いします（地域未来戦略 第3章第1節 A(5)①）。\n"
        f"ご担当の施策: {', '.join(request.measures)}\n"
        f"報告期限: {request.due:%Y年%m月%d日}\n"
        "進捗が芳しくない場合は、その要因と対応を含めて報告してください（A(5)②）。\n"
        "基盤の「報告依頼」から報告できます。\n"
    )
    return subject, body, settings.DEFAULT_FROM_EMAIL, _recipients(request.organisation)


@dataclass(frozen=True)
class Sent:
    requests: int  # requests made (or reminders sent)
    mails: int  # e-mails sent


@transaction.atomic
def do_send_report_requests(person: Person, period: str, due: dt.date) -> Sent:
    """One request per 5W1H owner of every published type A plan for ``period`` (asking again is harmless: a body
    already asked for the half-year is not asked twice)."""
    _require_secretariat(person)
    made: list[ReportRequest] = []
    plans = Plan.objects.filter(plan_type="A", state=PlanState.PUBLISHED).order_by("public_id")
    for plan in plans:
        owned = owners(plan)
        bodies = {o.code: o for o in Organisation.objects.filter(code__in=owned)}
        for code, measures in owned.items():
            if code not in bodies:
                continue
            request, created = ReportRequest.objects.get_or_create(
                plan=plan,
                period=period,
                organisation=bodies[code],
                defaults={"measures": measures, "due": due, "requested_by": person.user},
            )
            if created:
                made.append(request)
                record_audit(
                    plan,
                    person,
                    AuditEvent.Kind.COMMENT,
                    comment=f"進捗報告を依頼 {period}: {bodies[code]}（{', '.join(measures)}）",
                )
    mails = [m for m in (_message(r, reminder=False) for r in made) if m[3]]
    return Sent(len(made), send_mass_mail(mails, fail_silently=False) if mails else 0)


@transaction.atomic
def do_send_reminders(person: Person, period: str, today: dt.date | None = None) -> Sent:
    """Remind every body whose request for ``period`` is past its due date without its report."""
    _require_secretariat(person)
    today = today or timezone.localdate()
    overdue = [
        line.request for line in lines(ReportRequest.objects.filter(period=period), today) if line.overdue
    ]
    now = timezone.now()
    for request in overdue:
        request.reminders += 1
        request.reminded_at = now
        request.save(update_fields=["reminders", "reminded_at"])
        record_audit(
            request.plan,
            person,
            AuditEvent.Kind.COMMENT,
            comment=f"進捗報告を督促 {period}: {request.organisation}",
        )
    mails = [m for m in (_message(r, reminder=True) for r in overdue) if m[3]]
    return Sent(len(overdue), send_mass_mail(mails, fail_silently=False) if mails else 0)


@dataclass(frozen=True)
class InboxLine:
    request: ReportRequest
    done: bool  # the body's report for the half-year has arrived
    overdue: bool
    measure_titles: tuple[str, ...] = ()  # the requested measures by their titles (issue 22 §5: not m1, m2)


def lines(requests: QuerySet[ReportRequest], today: dt.date) -> list[InboxLine]:
    """Each request with whether its body has reported (one query for all of them), open ones first."""
    chosen = list(requests.select_related("plan", "organisation"))
    reported = set(
        ProgressRecord.objects.filter(
            plan_id__in={r.plan_id for r in chosen}, period__in={r.period for r in chosen}
        ).values_list("plan_id", "period", "reporter_id")
    )
    texts = current_texts(list({r.plan_id for r in chosen}))
    titles = {
        (plan_id, m.get("id")): m.get("title") or m.get("id")
        for plan_id, text in texts.items()
        for m in (text.get("policy") or {}).get("measures", [])
    }
    found = [
        InboxLine(
            r,
            done := (r.plan_id, r.period, r.organisation_id) in reported,
            not done and r.due < today,
            tuple(str(titles.get((r.plan_id, m), m)) for m in r.measures),
        )
        for r in chosen
    ]
    return sorted(found, key=lambda line: (line.done, line.request.due, line.request.plan.public_id))


def inbox(person: Person, today: dt.date | None = None) -> list[InboxLine]:
    """The requests addressed to the person's body, open ones first."""
    return lines(
        ReportRequest.objects.filter(organisation=person.organisation), today or timezone.localdate()
    )
