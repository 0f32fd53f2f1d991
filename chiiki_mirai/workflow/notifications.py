"""Each step of the process tells the people who act next, by mail (issue 22 §3): a request for the pre-check and a
submission → 内閣官房・経済産業省's reviewers; a send-back, a confirmation, a return and a publication → the plan's
authors; a hand-over → the compiler of the authors' prefecture. The text is Japanese, with a link to the plan; a
person turns these mails off on「通知の設定」(``Person.mail_notifications``); the actor is never told of their own
step. Sent through the mail settings every other mail uses, once the step is committed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from chiiki_mirai.organisations.models import OrganisationKind, Person
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import DECIDING_BODIES, Action, Role

logger = logging.getLogger(__name__)


class Audience(Enum):
    REVIEWERS = "reviewers"
    AUTHORS = "authors"
    COMPILERS = "compilers"


#: Who acts next after each step (the platform's reading of 002 ⑤: the steps alternate between these bodies).
NEXT: dict[Action, Audience] = {
    Action.REQUEST_PRECHECK: Audience.REVIEWERS,
    Action.SEND_BACK: Audience.AUTHORS,
    Action.CONFIRM_PRECHECK: Audience.AUTHORS,
    Action.HAND_TO_PREFECTURE: Audience.COMPILERS,
    Action.RETURN_TO_MUNICIPALITY: Audience.AUTHORS,
    Action.SUBMIT: Audience.REVIEWERS,
    Action.RETURN_FOR_REQUIREMENTS: Audience.AUTHORS,
    Action.PUBLISH: Audience.AUTHORS,
    Action.PUBLISH_FORMULATED: Audience.AUTHORS,
}


def _reviewers(plan: Plan) -> QuerySet[Person]:
    return Person.objects.filter(role=Role.REVIEWER.value, organisation__code__in=DECIDING_BODIES)


def _authors(plan: Plan) -> QuerySet[Person]:
    return Person.objects.filter(role=Role.AUTHOR.value, organisation__in=plan.authors.all())


def _compilers(plan: Plan) -> QuerySet[Person]:
    prefectures = {a.prefecture_code for a in plan.authors.all()}
    return Person.objects.filter(
        role=Role.COMPILER.value,
        organisation__kind=OrganisationKind.PREFECTURE,
        organisation__prefecture_code__in=prefectures,
    )


AUDIENCES: dict[Audience, Callable[[Plan], QuerySet[Person]]] = {
    Audience.REVIEWERS: _reviewers,
    Audience.AUTHORS: _authors,
    Audience.COMPILERS: _compilers,
}


def recipients(plan: Plan, action: Action, actor: Person) -> list[str]:
    audience = NEXT.get(action)
    if audience is None:
        return []
    people = (
        AUDIENCES[audience](plan)
        .filter(mail_notifications=True, user__is_active=True)
        .exclude(pk=actor.pk)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(people))


def message(plan: Plan, action: Action, actor: Person, comment: str) -> tuple[str, str]:
    label = action.label.ja
    link = f"{settings.SITE_URL}{reverse('workflow:plan', args=[plan.public_id])}"
    lines = [
        f"計画「{plan.title}」（{plan.public_id}）について、{actor.organisation}が「{label}」を行いました。",
        f"計画の状態: {plan.get_state_display()}",
    ]
    if comment.strip():
        lines.append(f"理由・コメント: {comment.strip()}")
    lines += [
        "",
        f"計画のページ: {link}",
        "",
        "このメールは、あなたの番の手続があることをお知らせするものです。",
        "通知が不要な場合は、業務画面の「通知の設定」で止められます。",
    ]
    return f"【地域未来戦略】{label}: {plan.title}（{plan.public_id}）", "\n".join(lines) + "\n"


def tell_next(plan: Plan, action: Action, actor: Person, comment: str) -> None:
    """Once the step is committed, mail the people whose turn it now is (nothing if it is rolled back)."""
    to = recipients(plan, action, actor)
    if not to:
        return
    subject, body = message(plan, action, actor, comment)
    mails = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to]
    transaction.on_commit(lambda: _send(mails))


def _send(mails: list[tuple[str, str, str, list[str]]]) -> None:
    """The step is done whatever the mail server says: a failure is logged for the operator, never shown as one."""
    try:
        send_mass_mail(mails)
    except Exception:  # any transport error (SMTP down, refused address): the step stands
        logger.exception("notification mail failed (%d messages)", len(mails))


def do_set_mail_notifications(person: Person, on: bool) -> Person:
    """A person turns the mails of the process on or off for themself."""
    person.mail_notifications = on
    person.save(update_fields=["mail_notifications"])
    return person
