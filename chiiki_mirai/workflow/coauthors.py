"""Who authors a plan changes only by recorded actions with the consent of those concerned (issue 19 §9).

The text's ``authors`` names the authoring bodies, but writing a body there does not make it an author:

- a body newly named becomes an *invitation*, which a person of that body accepts or declines; until it accepts
  it neither sees nor edits the plan;
- only the lead body removes a co-author, and no one removes the lead;
- only the lead body hands the lead to another author.

Every change is an audited event on the plan.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Organisation, Person
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.workflow.models import AuditEvent, AuthorInvitation, Plan
from chiiki_mirai.workflow.refusals import Refused
from chiiki_mirai.workflow.states import Role


def lead_code(document: PlanDocument) -> str | None:
    """The lead body's code: the author marked ``lead``, else the first."""
    authors = [(a.code, bool(a.lead)) for a in document.authors]
    return next((code for code, lead in authors if lead), authors[0][0] if authors else None)


def authors_after_save(person: Person, plan: Plan, document: PlanDocument) -> tuple[set[str], set[str]]:
    """What the text's ``authors`` asks for, as (bodies that stay authors, bodies to invite); refused when the
    text removes the lead, removes another author without being the lead, or moves the lead without being it."""
    current = set(plan.authors.values_list("code", flat=True))
    named = {a.code for a in document.authors}
    current_lead = lead_code(PlanDocument.model_validate(plan.current_revision().document))
    acting = person.organisation.code
    removed = current - named
    if current_lead in removed:
        raise Refused(
            Text(
                "主担当の団体を策定主体から外すことはできません。",
                "the lead body cannot be removed from the authors.",
            )
        )
    if removed and acting != current_lead:
        raise Refused(
            Text(
                "策定主体から団体を外せるのは主担当の団体だけです。",
                "only the lead body may remove an author.",
            )
        )
    new_lead = lead_code(document)
    if new_lead != current_lead and acting != current_lead:
        raise Refused(
            Text(
                "主担当を変えられるのは、今の主担当の団体だけです。",
                "only the lead body may hand over the lead.",
            )
        )
    if new_lead not in current:
        raise Refused(
            Text(
                "主担当にできるのは、すでに策定主体となっている団体（招待を承諾した団体）です。",
                "the lead must be a body that is already an author (one that accepted its invitation).",
            )
        )
    return current - removed, named - current


def record_changes(
    person: Person, plan: Plan, staying: set[str], to_invite: set[str], revision: int | None
) -> None:
    """Apply a saved text's author changes: removals (audited) and invitations (audited, pending)."""
    removed = set(plan.authors.values_list("code", flat=True)) - staying
    if removed:
        plan.authors.remove(*Organisation.objects.filter(code__in=removed))
        _audit(plan, person, f"策定主体から外しました: {'、'.join(sorted(removed))}", revision)
    pending = set(
        AuthorInvitation.objects.filter(
            plan=plan, state=AuthorInvitation.State.PENDING, organisation__code__in=to_invite
        ).values_list("organisation__code", flat=True)
    )
    for organisation in Organisation.objects.filter(code__in=to_invite - pending):
        AuthorInvitation.objects.create(plan=plan, organisation=organisation, invited_by_name=str(person))
        _audit(plan, person, f"共同作成に招待しました: {organisation}", revision)


@transaction.atomic
def do_answer(person: Person, invitation: AuthorInvitation, accept: bool) -> AuthorInvitation:
    """A person of the invited body accepts (it becomes an author) or declines."""
    invitation = AuthorInvitation.objects.select_for_update().get(pk=invitation.pk)
    if person.organisation_id != invitation.organisation_id or person.role_enum is not Role.AUTHOR:
        raise Refused(
            Text(
                "招待に答えられるのは、招待された団体の計画作成担当者です。",
                "only an author of the invited body may answer.",
            )
        )
    if invitation.state != AuthorInvitation.State.PENDING:
        raise Refused(Text("この招待にはすでに回答があります。", "this invitation was already answered."))
    invitation.state = AuthorInvitation.State.ACCEPTED if accept else AuthorInvitation.State.DECLINED
    invitation.answered_by_name, invitation.answered_at = str(person), timezone.now()
    invitation.save(update_fields=["state", "answered_by_name", "answered_at"])
    if accept:
        invitation.plan.authors.add(invitation.organisation)
    verb = "共同作成の招待を承諾しました" if accept else "共同作成の招待を辞退しました"
    _audit(invitation.plan, person, f"{verb}: {invitation.organisation}", None)
    return invitation


def pending_for(person: Person) -> list[AuthorInvitation]:
    if person.role_enum is not Role.AUTHOR:
        return []
    return list(
        AuthorInvitation.objects.filter(
            organisation=person.organisation, state=AuthorInvitation.State.PENDING
        ).select_related("plan")
    )


def _audit(plan: Plan, person: Person, comment: str, revision: int | None) -> None:
    AuditEvent.objects.create(
        plan=plan,
        actor=person.user,
        actor_name=str(person),
        kind=AuditEvent.Kind.AUTHORS,
        revision=revision,
        comment=comment,
    )
