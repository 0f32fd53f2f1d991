"""Every write of type A's formulation (001 A(4)), with its checks and its trail: a bureau drafts and publishes its
block's 計画の素案; prefectures propose projects for its candidates; 内閣官房・経済産業省 accept, ask for changes or
decline, and formulate the plan from the draft and the accepted proposals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from chiiki_mirai.formulation.checks import check_block_draft, compose_plan
from chiiki_mirai.formulation.document import BlockDraftDocument, ProposalDocument
from chiiki_mirai.formulation.models import (
    BlockDraft,
    FormulationEvent,
    FormulationRevision,
    ProjectProposal,
)
from chiiki_mirai.i18n import Lang, Text
from chiiki_mirai.organisations.models import Organisation, Person
from chiiki_mirai.reference.national import block, block_of_bureau
from chiiki_mirai.rules.findings import Finding, has_errors
from chiiki_mirai.workflow.documents import plan_checker
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.services import Refused, StaleEdit, do_create_formulated_plan
from chiiki_mirai.workflow.states import Role

Subject = BlockDraft | ProjectProposal


# ----------------------------------------------------------------------------------------------- who may


def bureau_block(person: Person | None) -> str | None:
    """The block a bureau's person drafts for (None for anyone else)."""
    if person is None or person.role_enum is not Role.BUREAU:
        return None
    found = block_of_bureau(person.organisation.code)
    return found.code if found else None


def decides(person: Person | None) -> bool:
    """内閣官房・経済産業省 accept proposals and formulate plans (001 A(4)②)."""
    return person is not None and person.is_secretariat


def proposes_for(person: Person | None) -> Organisation | None:
    """The prefecture a person proposes for: its departments (authors and the compiler) — 001 A(4)②「都道府県から」."""
    if person is None or person.role_enum not in (Role.AUTHOR, Role.COMPILER):
        return None
    return person.organisation if person.organisation.is_prefecture else None


def visible_drafts(person: Person | None) -> QuerySet[BlockDraft]:
    """Published drafts for everyone; drafts being written for their bureau and 内閣官房・経済産業省."""
    shown = Q(state=BlockDraft.State.PUBLISHED)
    if decides(person):
        shown = Q()
    elif (own := bureau_block(person)) is not None:
        shown |= Q(block=own)
    return BlockDraft.objects.filter(shown)


def visible_proposals(person: Person | None) -> QuerySet[ProjectProposal]:
    """A proposal is its prefectures' until submitted; then 内閣官房・経済産業省 and the block's bureau see it; other
    prefectures (and other signed-in officials) only once it is accepted. The public sees the plan, not proposals."""
    if person is None:
        return ProjectProposal.objects.none()
    shown = Q(state=ProjectProposal.State.ACCEPTED)
    if (prefecture := proposes_for(person)) is not None:
        shown |= Q(prefectures=prefecture)
    submitted = ~Q(state=ProjectProposal.State.DRAFTING)
    if decides(person):
        shown |= submitted
    elif (own := bureau_block(person)) is not None:
        shown |= submitted & Q(block_draft__block=own)
    return ProjectProposal.objects.filter(pk__in=ProjectProposal.objects.filter(shown).values("pk"))


# ----------------------------------------------------------------------------------------------- trail


def _record(
    subject: Subject,
    person: Person,
    kind: str,
    before: str = "",
    comment: str = "",
    revision: int | None = None,
) -> None:
    FormulationEvent.objects.create(
        draft=subject if isinstance(subject, BlockDraft) else None,
        proposal=subject if isinstance(subject, ProjectProposal) else None,
        actor=person.user,
        actor_name=str(person),
        kind=kind,
        from_state=before,
        to_state=subject.state,
        revision=revision,
        comment=comment,
    )


def _write(subject: Subject, person: Person, data: dict[str, Any], note: str) -> int:
    owner = {"draft": subject} if isinstance(subject, BlockDraft) else {"proposal": subject}
    number = FormulationRevision.objects.filter(**owner).count() + 1
    FormulationRevision.objects.create(**owner, number=number, document=data, author=person.user, note=note)
    return number


def _stored(document: BlockDraftDocument | ProposalDocument, public_id: str) -> dict[str, Any]:
    """What a revision keeps: what the writers wrote, with the platform's id (as ``workflow.documents.stored``)."""
    return document.model_copy(update={"id": public_id}).model_dump(mode="json", exclude_unset=True)


def _compare_and_set(subject: Subject, base_version: int, **columns: Any) -> None:
    """Of two officials who opened the same version, the second save is refused (``StaleEdit``)."""
    updated = (
        type(subject)
        .objects.filter(pk=subject.pk, version=base_version)
        .update(version=F("version") + 1, updated_at=timezone.now(), **columns)
    )
    if not updated:
        raise StaleEdit(type(subject).objects.values_list("version", flat=True).get(pk=subject.pk))
    subject.refresh_from_db()


# ----------------------------------------------------------------------------------------------- block drafts


def draft_errors(document: BlockDraftDocument) -> list[str]:
    return [f"{f.path}: {f.message.ja}" for f in check_block_draft(document) if f.error]


@transaction.atomic
def do_save_block_draft(
    person: Person,
    document: BlockDraftDocument,
    note: str = "",
    draft: BlockDraft | None = None,
    base_version: int | None = None,
) -> BlockDraft:
    """Create or edit the block's draft; only its own bureau writes, and only until it is published."""
    own = bureau_block(person)
    if own is None or own != document.block:
        raise Refused(
            Text(
                "計画の素案を作成・編集できるのは、その地方ブロックの経済産業局（沖縄は沖縄総合事務局）の担当者です（001 A(4)①）。",
                "only the block's regional bureau (Okinawa: the Okinawa General Bureau) writes its draft (001 A(4)①).",
            )
        )
    the_block = block(own)
    title = (document.title or f"{the_block.name if the_block else own}地方ブロック 計画の素案")[:300]
    if draft is None:
        taken = BlockDraft.objects.filter(block=own).count()
        public_id = f"BD-{own}-{taken + 1}"
        draft = BlockDraft.objects.create(
            public_id=public_id, block=own, title=title, document=_stored(document, public_id)
        )
        number = _write(draft, person, draft.document, note or "作成")
        _record(draft, person, FormulationEvent.Kind.CREATE, revision=number, comment=note)
        return draft
    draft = BlockDraft.objects.select_for_update().get(pk=draft.pk)  # its state as stored now
    if draft.block != own:
        raise Refused(Text("他の地方ブロックの素案です。", "that draft belongs to another block."))
    if draft.published:
        raise Refused(
            Text(
                "公表した素案は変更できません（提案はこの素案に対して出されています）。改訂は新しい素案として作成してください。",
                "a published draft cannot change (proposals answer it); write a new draft instead.",
            )
        )
    data = _stored(document, draft.public_id)
    _compare_and_set(
        draft, base_version if base_version is not None else draft.version, document=data, title=title
    )
    number = _write(draft, person, data, note)
    _record(draft, person, FormulationEvent.Kind.EDIT, revision=number, comment=note)
    return draft


@transaction.atomic
def do_publish_block_draft(person: Person, draft: BlockDraft, now: dt.datetime | None = None) -> BlockDraft:
    """The bureau publishes its draft once the committee adopted it: no error left, and a meeting on or before
    today (the platform's reading: the seeds say the committee drafts it, not when it is made public)."""
    draft = BlockDraft.objects.select_for_update().get(pk=draft.pk)
    if bureau_block(person) != draft.block:
        raise Refused(
            Text(
                "素案を公表できるのは、その地方ブロックの経済産業局です。",
                "only the block's bureau publishes its draft.",
            )
        )
    if draft.published:
        raise Refused(Text("この素案は公表済です。", "this draft is already published."))
    document = BlockDraftDocument.model_validate(draft.document)
    errors = draft_errors(document)
    now = now or timezone.now()
    meetings = document.committee.meetings if document.committee else []
    if not errors and not any(m.date <= timezone.localdate(now) for m in meetings):
        errors = ["committee.meetings: 有識者検討会は、公表の日までに開催されている必要があります。"]
    if errors:
        raise Refused(
            Text(
                "素案に不備があるため公表できません: " + "／".join(errors[:5]),
                "the draft has errors and cannot be published: " + " / ".join(errors[:5]),
            )
        )
    before = draft.state
    draft.state, draft.published_at = BlockDraft.State.PUBLISHED, now
    draft.save(update_fields=["state", "published_at", "updated_at"])
    _record(draft, person, FormulationEvent.Kind.PUBLISH, before)
    return draft


# ----------------------------------------------------------------------------------------------- proposals


def proposal_findings(document: ProposalDocument, lang: Lang = "ja") -> list[Finding]:
    """The pre-check of a proposal, against the published draft it names (A-PROPOSAL-*, and A's marked rules)."""
    found = BlockDraft.objects.filter(
        public_id=document.block_draft, state=BlockDraft.State.PUBLISHED
    ).first()
    draft = BlockDraftDocument.model_validate(found.document) if found else None
    return plan_checker(lang).check_proposal(document, draft)


def _proposing(document: ProposalDocument) -> list[Organisation]:
    codes = [a.code for a in document.authors]
    found = {o.code: o for o in Organisation.objects.filter(code__in=codes, kind="prefecture")}
    missing = [c for c in codes if c not in found]
    if missing or not codes:
        raise Refused(
            Text(
                f"提案する都道府県（authors）の団体コードが都道府県ではありません: {', '.join(missing) or '（未記載）'}",
                f"authors must be prefectures: {', '.join(missing) or '(none)'}",
            )
        )
    return [found[c] for c in codes]


@transaction.atomic
def do_save_proposal(
    person: Person,
    document: ProposalDocument,
    note: str = "",
    proposal: ProjectProposal | None = None,
    base_version: int | None = None,
) -> ProjectProposal:
    """Create or edit a proposal; a prefecture's departments write for their prefecture (a joint proposal names
    every proposing prefecture, and any of them may edit it while it is theirs)."""
    own = proposes_for(person)
    prefectures = _proposing(document)
    if own is None or own not in prefectures:
        raise Refused(
            Text(
                "候補プロジェクト提案は、提案する都道府県の担当者が作成します（001 A(4)②）。",
                "project proposals are written by the proposing prefectures' officials (001 A(4)②).",
            )
        )
    draft = BlockDraft.objects.filter(
        public_id=document.block_draft, state=BlockDraft.State.PUBLISHED
    ).first()
    if draft is None:
        raise Refused(
            Text(
                f"block_draft: 計画の素案「{document.block_draft}」は公表されていません。公表された素案の候補に対して提案します。",
                f"block_draft: draft '{document.block_draft}' is not published; proposals answer published drafts.",
            )
        )
    title = (document.title or f"{document.candidate} の候補プロジェクト提案")[:300]
    if proposal is None:
        lead = next((o for o, a in zip(prefectures, document.authors, strict=True) if a.lead), prefectures[0])
        taken = ProjectProposal.objects.filter(
            public_id__startswith=f"PP-{lead.prefecture_code:02d}-"
        ).count()
        public_id = f"PP-{lead.prefecture_code:02d}-{taken + 1:04d}"
        proposal = ProjectProposal.objects.create(
            public_id=public_id,
            block_draft=draft,
            candidate=document.candidate,
            title=title,
            document=_stored(document, public_id),
        )
        proposal.prefectures.set(prefectures)
        number = _write(proposal, person, proposal.document, note or "作成")
        _record(proposal, person, FormulationEvent.Kind.CREATE, revision=number, comment=note)
        return proposal
    proposal = ProjectProposal.objects.select_for_update().get(pk=proposal.pk)  # its state as stored now
    if own not in proposal.prefectures.all():
        raise Refused(Text("他の都道府県の提案です。", "that proposal belongs to other prefectures."))
    if not proposal.editable:
        raise Refused(
            Text(
                f"「{proposal.get_state_display()}」の提案は編集できません。",
                f"a proposal that is '{proposal.state}' cannot be edited.",
            )
        )
    data = _stored(document, proposal.public_id)
    _compare_and_set(
        proposal,
        base_version if base_version is not None else proposal.version,
        document=data,
        title=title,
        block_draft=draft,
        candidate=document.candidate,
    )
    proposal.prefectures.set(prefectures)
    number = _write(proposal, person, data, note)
    _record(proposal, person, FormulationEvent.Kind.EDIT, revision=number, comment=note)
    return proposal


@transaction.atomic
def do_submit_proposal(
    person: Person, proposal: ProjectProposal, now: dt.datetime | None = None
) -> ProjectProposal:
    proposal = ProjectProposal.objects.select_for_update().get(pk=proposal.pk)
    own = proposes_for(person)
    if own is None or own not in proposal.prefectures.all():
        raise Refused(
            Text(
                "提案を提出できるのは、提案する都道府県の担当者です。",
                "only the proposing prefectures submit.",
            )
        )
    if not proposal.editable:
        raise Refused(
            Text(
                f"「{proposal.get_state_display()}」の提案は提出できません。",
                "this proposal cannot be submitted now.",
            )
        )
    findings = proposal_findings(ProposalDocument.model_validate(proposal.document))
    if has_errors(findings):
        listed = "、".join(f"{f.rule}（{f.path}）" for f in findings if f.severity.value == "error")
        raise Refused(
            Text(
                f"自動チェックでエラーがあります。直してから提出してください: {listed}",
                f"the automatic check reports errors; fix them before submitting: {listed}",
            )
        )
    before = proposal.state
    proposal.state, proposal.submitted_at = ProjectProposal.State.SUBMITTED, now or timezone.now()
    proposal.save(update_fields=["state", "submitted_at", "updated_at"])
    _record(proposal, person, FormulationEvent.Kind.SUBMIT, before)
    return proposal


DECISIONS = {
    "accept": (ProjectProposal.State.ACCEPTED, FormulationEvent.Kind.ACCEPT),
    "request_changes": (ProjectProposal.State.CHANGES_REQUESTED, FormulationEvent.Kind.REQUEST_CHANGES),
    "decline": (ProjectProposal.State.DECLINED, FormulationEvent.Kind.DECLINE),
}


@transaction.atomic
def do_decide_proposal(
    person: Person, proposal: ProjectProposal, decision: str, reasons: str, now: dt.datetime | None = None
) -> ProjectProposal:
    """内閣官房・経済産業省 accept a submitted proposal, ask for changes, or decline it — always with reasons."""
    proposal = ProjectProposal.objects.select_for_update().get(pk=proposal.pk)
    if not decides(person):
        raise Refused(
            Text(
                "提案を採択・修正依頼・不採択とするのは内閣官房・経済産業省の担当者です（001 A(4)②）。",
                "only the Cabinet Secretariat and METI decide on proposals (001 A(4)②).",
            )
        )
    if decision not in DECISIONS:
        raise Refused(
            Text("判断は採択・修正依頼・不採択のいずれかです。", "decide accept, request_changes or decline.")
        )
    if proposal.state != ProjectProposal.State.SUBMITTED:
        raise Refused(Text("提出された提案だけを判断できます。", "only submitted proposals are decided."))
    if not reasons.strip():
        raise Refused(Text("判断の理由を書いてください。", "give the reasons for the decision."))
    if decision == "accept" and has_errors(
        proposal_findings(ProposalDocument.model_validate(proposal.document))
    ):
        raise Refused(
            Text("エラーのある提案は採択できません。", "a proposal with errors cannot be accepted.")
        )
    state, kind = DECISIONS[decision]
    before = proposal.state
    proposal.state, proposal.decided_at = state, now or timezone.now()
    proposal.save(update_fields=["state", "decided_at", "updated_at"])
    _record(proposal, person, kind, before, comment=reasons.strip())
    return proposal


# ----------------------------------------------------------------------------------------------- formulation


@transaction.atomic
def do_formulate_plan(
    person: Person, draft: BlockDraft, candidate: str, proposals: list[ProjectProposal], note: str = ""
) -> Plan:
    """Compose the type A plan from the draft's candidate and the accepted proposals for it; the formulators then
    complete it (KGIs, KPIs, 5W1H) and publish it — no head's announcement (001 A(4)②)."""
    if not decides(person):
        raise Refused(
            Text(
                "戦略産業クラスター計画を策定できるのは内閣官房・経済産業省の担当者です（001 A(4)②）。",
                "only the Cabinet Secretariat and METI formulate strategic industry cluster plans (001 A(4)②).",
            )
        )
    if not draft.published:
        raise Refused(Text("公表された素案から策定します。", "plans are formulated from published drafts."))
    document = BlockDraftDocument.model_validate(draft.document)
    if document.candidate(candidate) is None:
        raise Refused(
            Text(
                f"候補「{candidate}」は素案にありません。", f"'{candidate}' is not a candidate of the draft."
            )
        )
    locked = list(ProjectProposal.objects.select_for_update().filter(pk__in=[p.pk for p in proposals]))
    wrong = [
        p.public_id
        for p in locked
        if p.state != ProjectProposal.State.ACCEPTED
        or p.block_draft_id != draft.pk
        or p.candidate != candidate
        or p.plan_id
    ]
    if not locked or wrong:
        raise Refused(
            Text(
                "策定に使えるのは、この候補について採択され、まだ計画に使われていない提案です"
                + (f"（使えない提案: {', '.join(wrong)}）" if wrong else "（提案が選ばれていません）"),
                "formulate from proposals accepted for this candidate and not yet used"
                + (f" (not usable: {', '.join(wrong)})" if wrong else " (none chosen)"),
            )
        )
    locked.sort(key=lambda p: p.public_id)
    composed = compose_plan(
        draft.public_id,
        document,
        candidate,
        [(p.public_id, ProposalDocument.model_validate(p.document)) for p in locked],
    )
    plan = do_create_formulated_plan(
        person, composed, note or f"計画の素案 {draft.public_id} と採択した提案から策定"
    )
    ProjectProposal.objects.filter(pk__in=[p.pk for p in locked]).update(plan=plan)
    for proposal in locked:
        proposal.refresh_from_db()
        _record(proposal, person, FormulationEvent.Kind.FORMULATE, proposal.state, comment=plan.public_id)
    return plan
