"""Every write to a plan, one function per action (Zulip's ``do_*`` habit): check, change, audit, in one transaction.

Views and the API call these and nothing else that writes, so permissions, the state machine and the audit trail
cannot be skipped by one entry point and not another.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Organisation, Person
from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.search import search_words
from chiiki_mirai.rules.findings import Finding
from chiiki_mirai.rules.rulebook import DEFAULT_RULEBOOK, Severity
from chiiki_mirai.workflow import coauthors
from chiiki_mirai.workflow.access import formulates, relation_of, situation_of
from chiiki_mirai.workflow.documents import findings_of, revision_findings, revived, stored
from chiiki_mirai.workflow.judgements import carry_over, unjudged_reviews
from chiiki_mirai.workflow.models import (
    AuditEvent,
    CoordinationRecord,
    CoreEntityRecord,
    FieldComment,
    Judgement,
    Plan,
    ReviewInvitation,
    Revision,
    SupportRequestRecord,
)
from chiiki_mirai.workflow.notifications import tell_next
from chiiki_mirai.workflow.refusals import Refused as Refused
from chiiki_mirai.workflow.refusals import StaleEdit as StaleEdit
from chiiki_mirai.workflow.signals import plan_changed
from chiiki_mirai.workflow.states import (
    DECIDING_BODIES,
    REVIEW_STATES,
    TRANSITIONS,
    Action,
    PlanState,
    Role,
    refusal,
)
from chiiki_mirai.workflow.steps import STEPS, Moment, Step
from chiiki_mirai.workflow.steps import Announcement as Announcement
from chiiki_mirai.workflow.steps import require_checked_text as require_checked_text


def record_audit(plan: Plan, person: Person, kind: str, **fields: Any) -> AuditEvent:
    """One line of a plan's append-only audit trail, by ``person`` (every domain writes it through here)."""
    return AuditEvent.objects.create(
        plan=plan, actor=person.user, actor_name=str(person), kind=kind, **fields
    )


def _author_organisations(document: PlanDocument) -> list[Organisation]:
    codes = [author.code for author in document.authors]
    found = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing or not codes:
        raise Refused(
            Text(
                f"策定主体（authors）の団体コードが組織一覧にありません: {', '.join(missing) or '（未記載）'}",
                f"authors name organisations that are not registered: {', '.join(missing) or '(none)'}",
            )
        )
    return [found[code] for code in codes]


def _summary_columns(document: PlanDocument, authors: list[Organisation]) -> dict[str, Any]:
    lead = next((a for a, doc in zip(authors, document.authors, strict=True) if doc.lead), authors[0])
    industry = document.industry
    return {
        "plan_type": document.plan_type.value,
        "title": document.title or "（無題）",
        "prefecture_code": lead.prefecture_code or 0,
        "strategic_field": document.strategic_field or "",
        "industry": " ".join([*industry.sectors, industry.description or ""])[:200] if industry else "",
        "search_text": search_words(document, [str(a) for a in authors]),
    }


def refresh_search_text(plan: Plan) -> None:
    """Re-index the words a plan is found by from its text in force (after the way words are indexed changes:
    ``plans.search``); run for every plan by the recompute task."""
    document = revived(plan.current_revision().document)
    words = search_words(document, [str(a) for a in _author_organisations(document)])
    Plan.objects.filter(pk=plan.pk).update(search_text=words)


def _next_public_id(plan_type: str, prefecture_code: int) -> str:
    prefix = f"{plan_type}-{prefecture_code:02d}-"
    taken = Plan.objects.filter(public_id__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def _count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)


def _write_revision(plan: Plan, person: Person, document: PlanDocument, note: str) -> Revision:
    """A new revision, checked under the plan's edition, with the untouched judgements of the last one carried
    over (``judgements.carry_over``). Until its pre-check is confirmed a plan follows the newest edition."""
    previous = plan.revisions.order_by("-number").first()
    if plan.prechecked_revision is None and plan.rulebook != DEFAULT_RULEBOOK:
        plan.rulebook = DEFAULT_RULEBOOK
        Plan.objects.filter(pk=plan.pk).update(rulebook=DEFAULT_RULEBOOK)
    findings = findings_of(document, edition=plan.rulebook, plan_id=plan.pk, access=PLATFORM)
    number = previous.number + 1 if previous else 1
    data = stored(document.model_copy(update={"id": plan.public_id}))
    _index_core_entities(plan, document)
    _index_support_requests(plan, document)
    revision = Revision.objects.create(
        plan=plan,
        number=number,
        document=data,
        author=person.user,
        note=note,
        errors=_count(findings, Severity.ERROR),
        warnings=_count(findings, Severity.WARNING),
        reviews=_count(findings, Severity.REVIEW),
        rulebook=plan.rulebook,
    )
    if previous is not None:
        carry_over(plan, previous, revision)
    return revision


def _index_core_entities(plan: Plan, document: PlanDocument) -> None:
    """The companies at the core of the current text (B/C core entities, A core projects), for the look-up."""
    named = [(e.name or "", e.corporate_number or "") for e in document.core_entities]
    named += [(p.company or "", p.corporate_number or "") for p in document.core_projects]
    CoreEntityRecord.objects.filter(plan=plan).delete()
    CoreEntityRecord.objects.bulk_create(
        CoreEntityRecord(plan=plan, position=i, name=name[:200], corporate_number=number)
        for i, (name, number) in enumerate(named)
        if name or number
    )


def _index_support_requests(plan: Plan, document: PlanDocument) -> None:
    """The support programmes the current text requests, for the plan page, the search and the look-up."""
    measures = document.policy.measures if document.policy else []
    SupportRequestRecord.objects.filter(plan=plan).delete()
    SupportRequestRecord.objects.bulk_create(
        SupportRequestRecord(
            plan=plan,
            measure=measure.id,
            programme=request.programme[:200],
            ministry=(request.ministry or "")[:100],
            fiscal_year=request.fiscal_year,
            amount_million_yen=float(request.amount_requested)
            if request.amount_requested is not None
            else None,
        )
        for measure in measures
        for request in measure.support_programs
    )


def _require_author(person: Person, plan_authors: list[Organisation]) -> None:
    if person.role_enum is not Role.AUTHOR or person.organisation not in plan_authors:
        raise Refused(
            Text(
                "この計画を作成・編集できるのは、策定主体の計画作成担当者だけです。",
                "Only authors of the plan's organisations may create or edit it.",
            )
        )


#: 001 A(4)②: a type A plan is formulated nationally from the block draft and the prefectures' proposals.
TYPE_A_IS_FORMULATED = Text(
    "戦略産業クラスター計画（A）は、内閣官房・経済産業省が計画の素案と都道府県の候補プロジェクト提案を基に策定します"
    "（001 第3章第1節 A(4)②）。都道府県は「候補プロジェクト提案」から提案してください。",
    "a strategic industry cluster plan (A) is formulated by the Cabinet Secretariat and METI from the block draft "
    "and the prefectures' project proposals (001 A(4)②); prefectures propose projects instead.",
)


@transaction.atomic
def do_create_plan(person: Person, document: PlanDocument, note: str = "") -> Plan:
    if document.plan_type is PlanType.A:
        raise Refused(TYPE_A_IS_FORMULATED)
    authors = _author_organisations(document)
    _require_author(person, authors)
    if coauthors.lead_code(document) != person.organisation.code:
        raise Refused(
            Text(
                "計画を作成する団体を主担当（lead）にしてください。共同作成の団体は招待し、承諾を得てから主担当を"
                "引き継げます。",
                "make the creating body the lead; co-authors are invited and may take the lead once they accept.",
            )
        )
    plan = _new_plan(person, document, authors, PlanState.DRAFT, note or "作成")
    # The other bodies named are invited, not made authors: they become authors when they accept.
    plan.authors.set([person.organisation])
    coauthors.record_changes(
        person, plan, {person.organisation.code}, {a.code for a in authors} - {person.organisation.code}, 1
    )
    return plan


def _new_plan(
    person: Person, document: PlanDocument, authors: list[Organisation], state: PlanState, note: str
) -> Plan:
    columns = _summary_columns(document, authors)
    plan = Plan.objects.create(
        public_id=_next_public_id(columns["plan_type"], columns["prefecture_code"]), state=state, **columns
    )
    plan.authors.set(authors)
    revision = _write_revision(plan, person, document, note)
    record_audit(
        plan, person, AuditEvent.Kind.CREATE, to_state=plan.state, revision=revision.number, comment=note
    )
    return plan


def do_create_formulated_plan(person: Person, document: PlanDocument, note: str) -> Plan:
    """A type A plan composed by 内閣官房・経済産業省 (``formulation.compose_plan``), in formulation: its authors are
    the proposing prefectures, its writers the formulators (the caller holds the transaction)."""
    if not person.is_secretariat:
        raise Refused(
            Text(
                "戦略産業クラスター計画を策定できるのは内閣官房・経済産業省の担当者です（001 A(4)②）。",
                "only the Cabinet Secretariat and METI formulate strategic industry cluster plans (001 A(4)②).",
            )
        )
    if document.plan_type is not PlanType.A:
        raise Refused(Text("策定するのは A の計画です。", "only type A plans are formulated."))
    return _new_plan(person, document, _author_organisations(document), PlanState.FORMULATING, note)


def require_no_errors(document: PlanDocument, subject: Text) -> None:
    """Refused, naming the first few, if the pre-check finds errors in ``document`` (``subject`` says what it is)."""
    errors = [f for f in findings_of(document, access=PLATFORM) if f.severity is Severity.ERROR]
    if errors:
        listed = "、".join(f"{f.rule}（{f.path}）" for f in errors[:5])
        raise Refused(
            Text(
                f"{subject.ja}に不備（エラー）が {len(errors)} 件あります: {listed}",
                f"{subject.en} has {len(errors)} errors: {listed}",
            )
        )


def require_same_authors(plan: Plan, document: PlanDocument) -> list[Organisation]:
    """The document's authoring bodies, refused unless they are the plan's (a change of authors is a new plan)."""
    authors = _author_organisations(document)
    if {a.pk for a in authors} != set(plan.authors.values_list("pk", flat=True)):
        raise Refused(
            Text(
                "見直しで策定主体を変えることはできません（新しい計画として作成してください）。",
                "a revision cannot change the authoring bodies.",
            )
        )
    return authors


@transaction.atomic
def do_revise_published(person: Person, plan: Plan, document: PlanDocument, note: str) -> Revision:
    """Put a reviewed revision into force on a published plan (001 A(5)③: 必要に応じて計画の内容を見直す).
    Only a national reviewer does it, never over a text with errors, and the authoring bodies stay the same
    (a change of authors is a new plan)."""
    if person.role_enum is not Role.REVIEWER or not person.organisation.is_national:
        raise Refused(
            Text(
                "公表された計画の見直しを反映できるのは国の審査担当者です。",
                "only national reviewers may do this.",
            )
        )
    if plan.state_enum is not PlanState.PUBLISHED:
        raise Refused(Text("公表された計画ではありません。", "the plan is not published."))
    authors = require_same_authors(plan, document)
    require_no_errors(document, Text("見直し後の計画", "the revised plan"))
    Plan.objects.filter(pk=plan.pk).update(
        version=F("version") + 1, **_summary_columns(document, authors), updated_at=timezone.now()
    )
    plan.refresh_from_db()
    revision = _write_revision(plan, person, document, note)
    record_audit(plan, person, AuditEvent.Kind.EDIT, revision=revision.number, comment=note)
    plan_changed.send(sender=Plan, plan=plan)
    return revision


@transaction.atomic
def do_save_revision(
    person: Person, plan: Plan, document: PlanDocument, base_version: int, note: str = ""
) -> Revision:
    """Save a new text of the plan; refused unless ``base_version`` is still the latest (no silent overwrite)."""
    if formulates(person, plan):
        _require_same_formulation(plan, document)
    else:
        _require_author(person, list(plan.authors.all()))
        if not plan.state_enum.editable:
            raise Refused(
                Text(
                    f"「{plan.state_enum.label.ja}」の間は計画を編集できません。",
                    f"the plan cannot be edited while '{plan.state_enum.label.en}'.",
                )
            )
    authors = _author_organisations(document)
    staying, to_invite = (
        ({a.code for a in authors}, set())
        if formulates(person, plan)
        else coauthors.authors_after_save(person, plan, document)
    )
    # Compare-and-set on the version: of two editors who opened the same version, only the first save lands.
    updated = Plan.objects.filter(pk=plan.pk, version=base_version).update(
        version=F("version") + 1, **_summary_columns(document, authors), updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(Plan.objects.values_list("version", flat=True).get(pk=plan.pk))
    plan.refresh_from_db()
    revision = _write_revision(plan, person, document, note)
    record_audit(plan, person, AuditEvent.Kind.EDIT, revision=revision.number, comment=note)
    coauthors.record_changes(person, plan, staying, to_invite, revision.number)
    if plan.state_enum is PlanState.COORDINATING:
        _reopen_if_prechecked_text_changed(plan, person, revision)
    plan_changed.send(sender=Plan, plan=plan)
    return revision


def _require_same_formulation(plan: Plan, document: PlanDocument) -> None:
    """The record of how a type A plan was formulated (block draft, candidate, proposals) is the platform's, kept
    as formulated: the text may change, where it came from may not."""
    before = plan.current_revision().document.get("formulation", {})
    after = document.formulation.model_dump(mode="json") if document.formulation else {}
    keys = ("block_draft", "candidate", "proposals")
    if document.plan_type is not PlanType.A or any(before.get(k) != after.get(k) for k in keys):
        raise Refused(
            Text(
                "策定の経緯（formulation の計画の素案・候補・提案）と類型は変更できません。",
                "the formulation record (block draft, candidate, proposals) and the type cannot change.",
            )
        )
    _require_proposing_authors(plan, document)


def _require_proposing_authors(plan: Plan, document: PlanDocument) -> None:
    """A type A plan's authors are the prefectures whose accepted proposals it was formulated from (001 A(4)②
    「都道府県から…提案」; the formulation record names them): the text may not add a prefecture (one that declined
    or never proposed) or drop one."""
    from chiiki_mirai.formulation.models import ProjectProposal  # formulation builds on the workflow

    proposing = set(
        ProjectProposal.objects.filter(plan=plan).values_list("prefectures__code", flat=True).distinct()
    )
    named = {a.code for a in document.authors}
    if proposing and named != proposing:
        added, dropped = sorted(named - proposing), sorted(proposing - named)
        detail = "、".join([*(f"追加 {c}" for c in added), *(f"削除 {c}" for c in dropped)])
        raise Refused(
            Text(
                f"戦略産業クラスター計画の策定主体は、採択した提案の都道府県（{'・'.join(sorted(proposing))}）です"
                f"（001 A(4)②）: {detail}",
                f"a strategic plan's authors are the prefectures of its accepted proposals "
                f"({', '.join(sorted(proposing))}) (001 A(4)②): "
                + ", ".join([*(f"added {c}" for c in added), *(f"removed {c}" for c in dropped)]),
            )
        )


def _reopen_if_prechecked_text_changed(plan: Plan, person: Person, revision: Revision) -> None:
    """An edit during 各種調整 is checked again at once: an error, or a review finding whose judged text changed,
    sends the plan back to the reviewers for those findings only (the others' judgements were carried over)."""
    missing, not_met = unjudged_reviews(plan, revision_findings(revision, access=PLATFORM))
    if not (revision.errors or missing or not_met):
        return
    reopened = "、".join(f"{f.rule}（{f.path}）" for f in [*missing, *not_met][:10])
    comment = (
        f"事前確認済の内容が変わったため再確認: エラー {revision.errors} 件、判断が必要な指摘 {len(missing) + len(not_met)} 件"
        + (f"（{reopened}）" if reopened else "")
    )
    before = plan.state
    plan.state = TRANSITIONS[Action.REOPEN_PRECHECK].target
    plan.save(update_fields=["state", "updated_at"])
    record_audit(
        plan,
        person,
        AuditEvent.Kind.TRANSITION,
        action=Action.REOPEN_PRECHECK.value,
        from_state=before,
        to_state=plan.state,
        revision=revision.number,
        comment=comment,
    )


@transaction.atomic
def do_transition(
    person: Person,
    plan: Plan,
    action: Action,
    comment: str = "",
    announcement: Announcement | None = None,
    now: dt.datetime | None = None,
) -> Plan:
    """Take ``action`` on ``plan``: who may (``states.refusal``), what it asks and what it does beside the change of
    state (its row of ``steps.STEPS``), then the audit record. A refusal leaves everything as it was."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    reason = refusal(
        action, situation_of(plan), person.role_enum, relation_of(person, plan), person.organisation.code
    )
    if reason:
        raise Refused(reason)
    transition = TRANSITIONS[action]
    if transition.needs_comment and not comment.strip():
        raise Refused(Text("理由（コメント）を入力してください。", "give a reason (comment)."))
    moment = Moment(person, action, comment, announcement, now or timezone.now(), _write_revision)
    step = STEPS.get(action, Step())
    for rule in (*step.requires, *step.before):
        rule(plan, moment)
    before = plan.state
    plan.state = transition.target
    for effect in step.after:
        effect(plan, moment)
    plan.save()
    record_audit(
        plan,
        person,
        AuditEvent.Kind.TRANSITION,
        action=action.value,
        from_state=before,
        to_state=plan.state,
        revision=plan.current_revision().number,
        comment=comment,
    )
    plan_changed.send(sender=Plan, plan=plan)
    tell_next(plan, action, person, comment)
    return plan


def may_review(person: Person, plan: Plan) -> bool:
    """内閣官房・経済産業省 reviewers judge every plan; another ministry's reviewers those it was invited to."""
    if person.role_enum is not Role.REVIEWER or not person.organisation.is_national:
        return False
    return (
        person.organisation.code in DECIDING_BODIES
        or plan.invitations.filter(organisation=person.organisation).exists()
    )


def _require_reviewing(person: Person, plan: Plan) -> None:
    plan.refresh_from_db(fields=["state"])  # the state as stored now, not as the caller last saw it
    if not may_review(person, plan):
        raise Refused(
            Text(
                "判断・コメントを記録できるのは、内閣官房・経済産業省と、招かれた府省庁の審査担当者です。",
                "only reviewers of the Cabinet Secretariat, METI and invited ministries may judge or comment.",
            )
        )
    if plan.state_enum not in REVIEW_STATES:
        raise Refused(
            Text("事前確認中・要件確認中の計画だけに記録できます。", "only plans under review can be judged.")
        )


@transaction.atomic
def do_judge(person: Person, plan: Plan, rule: str, path: str, verdict: str, comment: str = "") -> Judgement:
    _require_reviewing(person, plan)
    if verdict not in Judgement.Verdict.values:
        raise Refused(Text("判断は「満たす」か「満たさない」です。", "a verdict is met or not_met."))
    if verdict == Judgement.Verdict.NOT_MET and not comment.strip():
        raise Refused(Text("「満たさない」には理由を書いてください。", "say why it is not met."))
    revision = plan.current_revision().number
    judgement = Judgement.objects.create(
        plan=plan,
        revision=revision,
        rule=rule,
        path=path,
        verdict=verdict,
        comment=comment,
        reviewer=person.user,
    )
    record_audit(
        plan,
        person,
        AuditEvent.Kind.JUDGEMENT,
        revision=revision,
        comment=f"{rule} {path}: {verdict} {comment}".strip(),
    )
    return judgement


@transaction.atomic
def do_comment_field(person: Person, plan: Plan, path: str, comment: str) -> FieldComment:
    _require_reviewing(person, plan)
    if not comment.strip():
        raise Refused(Text("コメントが空です。", "the comment is empty."))
    revision = plan.current_revision().number
    note = FieldComment.objects.create(
        plan=plan, revision=revision, path=path, comment=comment, author=person.user
    )
    record_audit(plan, person, AuditEvent.Kind.COMMENT, revision=revision, comment=f"{path}: {comment}")
    return note


@transaction.atomic
def do_invite_ministry(person: Person, plan: Plan, organisation: Organisation) -> ReviewInvitation:
    """The secretariat invites another ministry to judge and comment on a plan (it may not confirm or publish)."""
    if not person.is_secretariat:
        raise Refused(
            Text(
                "府省庁を招くのは内閣官房・経済産業省の審査担当者です。",
                "only the secretariat invites ministries.",
            )
        )
    if not organisation.is_national or organisation.code in DECIDING_BODIES:
        raise Refused(
            Text("招くのは内閣官房・経済産業省以外の府省庁です。", "invite another national ministry.")
        )
    if plan.invitations.filter(organisation=organisation).exists():
        raise Refused(Text(f"{organisation} は招待済みです。", f"{organisation} is already invited."))
    invitation = ReviewInvitation.objects.create(plan=plan, organisation=organisation, invited_by=person.user)
    record_audit(plan, person, AuditEvent.Kind.INVITATION, comment=str(organisation))
    return invitation


@transaction.atomic
def do_record_coordination(
    person: Person, plan: Plan, counterpart: str, held_on: dt.date, outcome: str, today: dt.date | None = None
) -> CoordinationRecord:
    """One step of 各種調整 (002 ⑤): with whom, when, with what outcome; shown in the plan's history."""
    _require_author(person, list(plan.authors.all()))
    plan.refresh_from_db(fields=["state"])
    if plan.state_enum not in (PlanState.PRECHECKED, PlanState.COORDINATING):
        raise Refused(
            Text(
                "各種調整は、事前確認が済んだ後（事前確認済・各種調整）に記録します。",
                "coordination is recorded after the pre-check (pre-check complete or coordinating).",
            )
        )
    if not counterpart.strip() or not outcome.strip():
        raise Refused(Text("調整先と結果を入力してください。", "give the counterpart and the outcome."))
    if held_on > (today or timezone.localdate()):
        raise Refused(Text("調整日が未来の日付です。", "the coordination date is in the future."))
    record = CoordinationRecord.objects.create(
        plan=plan,
        counterpart=counterpart.strip(),
        held_on=held_on,
        outcome=outcome.strip(),
        recorded_by=person.user,
    )
    record_audit(
        plan,
        person,
        AuditEvent.Kind.COORDINATION,
        comment=f"{held_on:%Y-%m-%d} {record.counterpart}: {record.outcome}",
    )
    return record
