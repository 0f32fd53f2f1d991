"""What each action asks before it changes a plan's state, and what it does beside the change: one row per action
(``STEPS``), next to who may take it from where (``states.TRANSITIONS``). ``services.do_transition`` runs a row:
its ``requires`` (each refuses or passes; nothing written yet), its ``before`` (writes that precede the change and
may still refuse — the transaction rolls them back), the change of state, then its ``after`` (set on the plan and
saved with its new state). The next rule of the process is a row or a function here, not a branch there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.rules.findings import Finding
from chiiki_mirai.rules.rulebook import Severity
from chiiki_mirai.workflow.batches import batch_for
from chiiki_mirai.workflow.calendar import current_calendar
from chiiki_mirai.workflow.documents import revision_findings, revived
from chiiki_mirai.workflow.judgements import unjudged_reviews
from chiiki_mirai.workflow.models import Plan, Revision
from chiiki_mirai.workflow.refusals import Refused
from chiiki_mirai.workflow.states import TRANSITIONS, Action


@dataclass(frozen=True)
class Announcement:
    """首長による公表 as recorded: who, when, and what the seeds require the announcement to include."""

    by: str
    date: dt.date
    #: B: 002 1(2)②⑥※「知事等としての発表は計画策定後に伴走支援体制構築の方針も含めて行ってください」
    support_policy: str = ""
    #: C: 002 2(2)②⑤※「市町村長等としての発表は計画策定後に相談窓口の設置も含めて行ってください」
    consultation_desk: str = ""

    def as_document(self) -> dict[str, str]:
        data = {"by": self.by, "date": self.date.isoformat()}
        extra = {
            "support_policy": self.support_policy.strip(),
            "consultation_desk": self.consultation_desk.strip(),
        }
        return data | {k: v for k, v in extra.items() if v}


WriteRevision = Callable[[Plan, Person, PlanDocument, str], Revision]


@dataclass(frozen=True)
class Moment:
    """What a step knows of the action being taken."""

    person: Person
    action: Action
    comment: str
    announcement: Announcement | None
    now: dt.datetime
    write_revision: (
        WriteRevision  # ``services._write_revision``: a step that writes text writes it as every save does
    )

    @property
    def label(self) -> Text:
        return TRANSITIONS[self.action].label


StepRule = Callable[[Plan, Moment], None]


@dataclass(frozen=True)
class Step:
    requires: tuple[StepRule, ...] = ()
    before: tuple[StepRule, ...] = ()
    after: tuple[StepRule, ...] = ()


def _count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)


# ---------------------------------------------------------------- what an action asks


def require_checked_text(plan: Plan, step: Text) -> None:
    """Refused unless the text in force has no error and every review finding judged met (whatever the path)."""
    revision = plan.current_revision()
    findings = revision_findings(revision, access=PLATFORM)
    errors = _count(findings, Severity.ERROR)  # now, not as saved: a rejected 証憑 counts
    missing, not_met = unjudged_reviews(plan, findings)
    if errors or missing or not_met:
        raise Refused(
            Text(
                f"{step.ja}には、現在の本文（第{revision.number}版）の事前確認が済んでいる必要があります: "
                f"エラー {errors} 件、判断のない要審査 {len(missing)} 件、「満たさない」{len(not_met)} 件。",
                f"{step.en} needs the text in force (revision {revision.number}) to be pre-checked: "
                f"{errors} errors, {len(missing)} review findings without a judgement, "
                f"{len(not_met)} judged not met.",
            )
        )


def checked_text(plan: Plan, moment: Moment) -> None:
    """Whatever path a plan took, what goes on (is handed over, submitted, published) is the pre-checked text."""
    require_checked_text(plan, moment.label)


def saved_without_errors(plan: Plan, moment: Moment) -> None:
    """002 ⑤: the pre-check is requested for a text the automatic check passes."""
    errors = plan.current_revision().errors
    if errors:
        raise Refused(
            Text(
                f"自動チェックでエラーが{errors}件あります。エラーを直してから事前確認を依頼してください。",
                f"the automatic check reports {errors} errors; fix them before requesting the pre-check.",
            )
        )


def every_review_met(plan: Plan, moment: Moment) -> None:
    """The pre-check is confirmed only with no error now and every review finding judged met."""
    findings = revision_findings(plan.current_revision(), access=PLATFORM)
    missing, not_met = unjudged_reviews(plan, findings)
    errors = _count(findings, Severity.ERROR)
    if errors:
        raise Refused(
            Text(
                f"自動チェックでエラーが{errors}件あります。差し戻してください。",
                f"the automatic check reports {errors} errors; send the plan back.",
            )
        )
    if missing or not_met:
        raise Refused(
            Text(
                f"要審査の指摘のうち、判断のないものが{len(missing)}件、「満たさない」が{len(not_met)}件あります。"
                "すべて「満たす」と判断するか、差し戻してください。",
                f"{len(missing)} review findings have no judgement and {len(not_met)} are judged not met; "
                "judge them all met or send the plan back.",
            )
        )


def published_with_its_batch(plan: Plan, moment: Moment) -> None:
    """002 ⑥ ※1「第1弾として取りまとめ、内閣官房HPで一斉に公表」: a plan of a batch is published with it, or alone
    with the reason recorded."""
    if plan.batch is not None and not moment.comment.strip():
        raise Refused(
            Text(
                f"第{plan.batch}弾の計画は、弾ごとに一斉に公表します（「公表の弾」の画面）。"
                "この計画だけを先に公表するときは、その理由をコメントに入力してください。",
                f"plans of batch {plan.batch} are published together (the batches page); to publish this one "
                "alone, give the reason as a comment.",
            )
        )


def checked_announcement(plan: Plan, announcement: Announcement | None, today: dt.date) -> Announcement:
    """The announcement as 002 ⑤ orders it: after the pre-check's confirmation, not in the future, and for B with
    the support policy, for C with the consultation desk (the 2026-12 rulebook checks the same in the text)."""
    if announcement is None or not announcement.by.strip():
        raise Refused(
            Text("公表した首長と公表日を入力してください。", "give who announced the plan and when.")
        )
    confirmed = timezone.localdate(plan.prechecked_at) if plan.prechecked_at else None
    if confirmed and announcement.date < confirmed:
        raise Refused(
            Text(
                f"公表日（{announcement.date:%Y-%m-%d}）が事前確認の完了（{confirmed:%Y-%m-%d}）より前です。"
                "首長による公表は事前確認が済んだ後に行います（002 1(1)⑤）。",
                f"the announcement ({announcement.date:%Y-%m-%d}) precedes the pre-check's confirmation "
                f"({confirmed:%Y-%m-%d}); the head announces after the pre-check (002 1(1)⑤).",
            )
        )
    if announcement.date > today:
        raise Refused(
            Text(
                f"公表日（{announcement.date:%Y-%m-%d}）が未来の日付です。公表した後に記録してください。",
                f"the announcement date ({announcement.date:%Y-%m-%d}) is in the future; record it once made.",
            )
        )
    if plan.plan_type == "B" and not announcement.support_policy.strip():
        raise Refused(
            Text(
                "B計画の知事等による発表には、伴走支援体制構築の方針を含めます（002 1(2)②⑥※）。発表した方針を入力してください。",
                "a B plan's announcement includes the head's policy on the support system (002 1(2)②⑥※); give it.",
            )
        )
    if plan.plan_type == "C" and not announcement.consultation_desk.strip():
        raise Refused(
            Text(
                "C計画の市町村長等による発表には、相談窓口の設置を含めます（002 2(2)②⑤※）。発表した相談窓口を入力してください。",
                "a C plan's announcement includes the consultation desk (002 2(2)②⑤※); give it.",
            )
        )
    return announcement


# ---------------------------------------------------------------- what an action does beside the change


def announcement_in_the_text(plan: Plan, moment: Moment) -> None:
    """The announcement becomes part of the plan's text (記載項目: 発表), as a revision of its own; the judgements
    carry over to it, and it must stand pre-checked like any text that goes on."""
    checked = checked_announcement(plan, moment.announcement, timezone.localdate(moment.now))
    data = {**plan.current_revision().document, "announcement": checked.as_document()}
    moment.write_revision(plan, moment.person, revived(data), "首長による公表の記録")
    require_checked_text(plan, moment.label)


def placed_in_a_batch(plan: Plan, moment: Moment) -> None:
    """A plan belongs to the batch of its FIRST request: sent back and asked again, it stays in that batch."""
    if plan.precheck_requested_at is not None:
        return
    edition, calendar = current_calendar()
    batch = batch_for(timezone.localdate(moment.now), calendar)
    plan.precheck_requested_at, plan.batch, plan.batch_calendar = moment.now, batch.number, edition
    plan.early_case, plan.review_due = batch.early_case, batch.review_due


def precheck_remembered(plan: Plan, moment: Moment) -> None:
    """The revision confirmed, and when: later edits are checked against it (「事前確認済の版からの差分」)."""
    plan.prechecked_revision, plan.prechecked_at = plan.current_revision().number, moment.now


def publication_dated(plan: Plan, moment: Moment) -> None:
    plan.published_at = moment.now


#: Every action with more than who-may-from-where; the others (send back, return, begin coordination …) change the
#: state alone (their comment, where needed, is ``Transition.needs_comment``).
STEPS: dict[Action, Step] = {
    Action.REQUEST_PRECHECK: Step(requires=(saved_without_errors,), after=(placed_in_a_batch,)),
    Action.CONFIRM_PRECHECK: Step(requires=(every_review_met,), after=(precheck_remembered,)),
    Action.RECORD_ANNOUNCEMENT: Step(before=(announcement_in_the_text,)),
    Action.HAND_TO_PREFECTURE: Step(requires=(checked_text,)),
    Action.SUBMIT: Step(requires=(checked_text,)),
    Action.START_REQUIREMENTS_CHECK: Step(requires=(checked_text,)),
    Action.PUBLISH: Step(requires=(published_with_its_batch, checked_text), after=(publication_dated,)),
    Action.PUBLISH_FORMULATED: Step(requires=(checked_text,), after=(publication_dated,)),
}
