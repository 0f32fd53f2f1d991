"""Revising a published plan after a report: proposed by those who report on it, accepted or declined by a
national reviewer; accepting puts the text into force as a new revision that names the report behind it.

An amendment is checked as the pre-check checks a text (issue 20 §3): judgements carry over where the amendment
leaves a finding's text untouched, and every review finding it changes or adds is judged met by the deciding
reviewer in the act of accepting — a published text is never one no reviewer judged."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.utils import timezone

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.models import Amendment, ProgressRecord
from chiiki_mirai.monitoring.services import may_revise
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.diff import compare
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.rules.findings import Finding
from chiiki_mirai.workflow.access import relation_of
from chiiki_mirai.workflow.documents import findings_of, stored
from chiiki_mirai.workflow.judgements import open_reviews
from chiiki_mirai.workflow.models import AuditEvent, Judgement, Plan
from chiiki_mirai.workflow.services import (
    Refused,
    do_revise_published,
    record_audit,
    require_no_errors,
    require_same_authors,
)
from chiiki_mirai.workflow.states import PlanState, Relation, Role


def may_decide(person: Person) -> bool:
    """Only 内閣官房 and 経済産業省 decide on a revision of a published plan, as on the pre-check (001 第3章第1節
    A(5)③ 「内閣官房及び経済産業省は…計画の内容を見直す」; 002 l.69 ⑤ 事前確認・調整 by 内閣官房・経済産業省)."""
    return person.is_secretariat


def may_see_amendments(person: Person, plan: Plan) -> bool:
    """A proposed revision is not public, nor every official's: the plan's authors, the prefecture that compiles
    them, those who may propose one (a type A plan's reporting bodies) and the national reviewers see them."""
    national_reviewer = person.role_enum is Role.REVIEWER and person.organisation.is_national
    return (
        national_reviewer
        or relation_of(person, plan) in (Relation.AUTHOR_ORGANISATION, Relation.PREFECTURE_OF_AUTHOR)
        or may_revise(person, plan)
    )


def _why(amendment: Amendment) -> str:
    report = f"進捗報告 {amendment.report.period} を踏まえた見直し" if amendment.report else "計画の見直し"
    return f"{report}（見直し案 #{amendment.pk}）: {amendment.note}"


@transaction.atomic
def do_propose_amendment(
    person: Person, plan: Plan, document: PlanDocument, note: str, report: ProgressRecord | None
) -> Amendment:
    if plan.state_enum is not PlanState.PUBLISHED:
        raise Refused(Text("見直し案は公表された計画について出します。", "amend published plans only."))
    if not may_revise(person, plan):
        raise Refused(Text("この計画の見直し案を出す権限がありません。", "you may not amend this plan."))
    if report is not None and report.plan_id != plan.pk:
        raise Refused(Text("別の計画の進捗報告です。", "that report belongs to another plan."))
    if not note.strip():
        raise Refused(Text("変更の説明を書いてください。", "say what changes and why."))
    require_same_authors(plan, document)
    require_no_errors(document, Text("見直し案", "the proposed revision"))
    proposed = stored(document.model_copy(update={"id": plan.public_id}))
    if not compare(plan.current_revision().document, proposed):
        raise Refused(
            Text("見直し案が計画の現在の内容と同じです。変更を加えてください。", "nothing is changed.")
        )
    amendment = Amendment.objects.create(
        plan=plan,
        report=report,
        document=proposed,
        note=note.strip()[:500],
        base_revision=plan.current_revision().number,
        proposed_by=person.user,
    )
    record_audit(
        plan, person, AuditEvent.Kind.COMMENT, comment=f"見直し案 #{amendment.pk} を提出: {_why(amendment)}"
    )
    return amendment


def _open(amendment: Amendment, person: Person) -> None:
    if not may_decide(person):
        raise Refused(
            Text(
                "見直し案を反映・見送りできるのは内閣官房・経済産業省の審査担当者です。",
                "only reviewers of the Cabinet Secretariat and METI decide on a revision.",
            )
        )
    if amendment.state != Amendment.State.PROPOSED:
        raise Refused(
            Text(
                f"この見直し案はすでに「{amendment.get_state_display()}」です。",
                "this amendment has already been decided.",
            )
        )


def reviews_to_judge(amendment: Amendment) -> list[Finding]:
    """The review findings of the amendment's text that no standing judgement covers (new, or on a text it
    changes): the deciding reviewer judges each before the text comes into force."""
    plan = amendment.plan
    document = PlanDocument.model_validate(amendment.document)
    findings = findings_of(document, edition=plan.rulebook, plan_id=plan.pk, access=PLATFORM)
    text = stored(document.model_copy(update={"id": plan.public_id}))
    open_findings, _ = open_reviews(plan, plan.current_revision(), findings, text, plan.rulebook)
    return open_findings


@transaction.atomic
def do_accept_amendment(
    person: Person, amendment: Amendment, comment: str = "", judged_met: Collection[tuple[str, str]] = ()
) -> Amendment:
    """Put the amendment into force; ``judged_met`` names the (rule, path) of each review finding in
    :func:`reviews_to_judge` the reviewer judged met (any left out refuses the whole, nothing changed)."""
    amendment = Amendment.objects.select_for_update().get(
        pk=amendment.pk
    )  # no join: PostgreSQL locks no outer join
    _open(amendment, person)
    plan = amendment.plan
    if plan.current_revision().number != amendment.base_revision:
        raise Refused(
            Text(
                f"見直し案のもとになった第{amendment.base_revision}版の後に計画が改訂されています。"
                "最新の版をもとに出し直してもらってください。",
                "the plan has been revised since this amendment was drafted.",
            )
        )
    opened = reviews_to_judge(amendment)  # checked once: the same findings are refused or recorded below
    met = set(judged_met)
    unjudged = [f for f in opened if (f.rule, f.path) not in met]
    if unjudged:
        listed = "、".join(f"{f.rule}（{f.path}）" for f in unjudged[:10])
        raise Refused(
            Text(
                f"見直し案で新たに生じた、または内容が変わった要審査の指摘 {len(unjudged)} 件を判断してから反映してください: {listed}",
                f"judge the {len(unjudged)} review findings the amendment adds or changes before it comes into force: "
                f"{listed}",
            )
        )
    revision = do_revise_published(
        person, plan, PlanDocument.model_validate(amendment.document), _why(amendment)
    )
    Judgement.objects.bulk_create(
        Judgement(
            plan=plan,
            revision=revision.number,
            rule=finding.rule,
            path=finding.path,
            verdict=Judgement.Verdict.MET,
            comment="見直しの反映にあたり確認",
            reviewer=person.user,
        )
        for finding in opened
    )
    for finding in opened:
        record_audit(
            plan,
            person,
            AuditEvent.Kind.JUDGEMENT,
            revision=revision.number,
            comment=f"{finding.rule} {finding.path}: met 見直しの反映にあたり確認",
        )
    amendment.state = Amendment.State.ACCEPTED
    amendment.revision = revision.number
    amendment.decided_by, amendment.decided_at, amendment.comment = person.user, timezone.now(), comment
    amendment.save()
    return amendment


@transaction.atomic
def do_reject_amendment(person: Person, amendment: Amendment, comment: str) -> Amendment:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    _open(amendment, person)
    if not comment.strip():
        raise Refused(Text("見送る理由を書いてください。", "give the reason."))
    amendment.state = Amendment.State.REJECTED
    amendment.decided_by, amendment.decided_at, amendment.comment = person.user, timezone.now(), comment
    amendment.save()
    record_audit(
        amendment.plan,
        person,
        AuditEvent.Kind.COMMENT,
        comment=f"見直し案 #{amendment.pk} を見送り: {comment}",
    )
    return amendment
