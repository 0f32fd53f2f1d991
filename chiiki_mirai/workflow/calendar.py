"""The batch calendar in force and its editions (the data behind ``batches.batch_for``), and publishing a batch.

Writes go through ``do_*`` functions like every other write to the process, with the same permission: the
secretariat (内閣官房・経済産業省) adopts calendars and publishes batches (002 ⑥「内閣官房HPで一斉に公表」).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow.batches import FIRST_BATCH, BatchRule, batch_for
from chiiki_mirai.workflow.models import AuditEvent, BatchCalendar, BatchDefinition, Plan
from chiiki_mirai.workflow.states import Action, PlanState


def current_calendar() -> tuple[str, list[BatchRule]]:
    """(edition, batches) in force: the newest adopted edition, or the seed's first batch if none."""
    calendar = BatchCalendar.objects.prefetch_related("batches").first()
    if calendar is None:
        return "", [FIRST_BATCH]
    return calendar.version, [rule_of(b) for b in calendar.batches.all()]


def rule_of(definition: BatchDefinition) -> BatchRule:
    return BatchRule(
        definition.number,
        definition.request_deadline,
        definition.early_case_deadline,
        definition.review_days,
        definition.publication_date,
    )


def _require_secretariat(person: Person, what: Text) -> None:
    from chiiki_mirai.workflow.services import Refused

    if not person.is_secretariat:
        raise Refused(
            Text(
                f"{what.ja}は内閣官房・経済産業省の審査担当者が行います。",
                f"only the secretariat may {what.en}.",
            )
        )


@transaction.atomic
def do_adopt_calendar(person: Person, version: str, batch: BatchRule, note: str = "") -> BatchCalendar:
    """A new edition: the one in force with ``batch`` added or replaced (by its number)."""
    from chiiki_mirai.workflow.services import Refused

    _require_secretariat(person, Text("弾の日程の改定", "adopt a batch calendar"))
    version = version.strip()
    if not version or BatchCalendar.objects.filter(version=version).exists():
        raise Refused(
            Text("新しい版の名前（既存の版と異なるもの）を入力してください。", "give a new edition name.")
        )
    if batch.early_case_deadline and batch.early_case_deadline > batch.request_deadline:
        raise Refused(
            Text(
                "先行事例の締切は、依頼の締切以前の日付です。",
                "the early-case date must not follow the deadline.",
            )
        )
    _, batches = current_calendar()
    merged = sorted([b for b in batches if b.number != batch.number] + [batch], key=lambda b: b.number)
    deadlines = [b.request_deadline for b in merged]
    if deadlines != sorted(deadlines) or len(set(deadlines)) != len(deadlines):
        raise Refused(
            Text(
                "弾の番号の順に、依頼の締切が後になるようにしてください。",
                "later batches must have later request deadlines.",
            )
        )
    calendar = BatchCalendar.objects.create(version=version, note=note.strip()[:300], adopted_by=person.user)
    BatchDefinition.objects.bulk_create(
        BatchDefinition(
            calendar=calendar,
            number=b.number,
            request_deadline=b.request_deadline,
            early_case_deadline=b.early_case_deadline,
            review_days=b.review_days,
            publication_date=b.publication_date,
        )
        for b in merged
    )
    _place_waiting_plans(person, version, merged)
    return calendar


def _place_waiting_plans(person: Person, version: str, calendar: list[BatchRule]) -> None:
    """002 ⑥ ※2「追って」: a plan first requested after the last deadline waited for a batch; once an edition's
    window covers its request date, it is placed in that batch (recorded on the plan and in its history), so that it
    is published with a batch like every other plan."""
    from chiiki_mirai.workflow.services import record_audit

    waiting = Plan.objects.filter(batch__isnull=True, precheck_requested_at__isnull=False).exclude(
        state=PlanState.PUBLISHED
    )
    for plan in waiting.select_for_update().order_by("pk"):
        assert plan.precheck_requested_at is not None
        batch = batch_for(timezone.localdate(plan.precheck_requested_at), calendar)
        if batch.number is None:
            continue
        plan.batch, plan.batch_calendar = batch.number, version
        plan.early_case, plan.review_due = batch.early_case, batch.review_due
        plan.save(update_fields=["batch", "batch_calendar", "early_case", "review_due"])
        record_audit(
            plan,
            person,
            AuditEvent.Kind.COMMENT,
            comment=f"日程の版 {version} の採用により第{batch.number}弾に入りました（確認期限 {batch.review_due:%Y-%m-%d}）",
        )


@dataclass
class BatchPublication:
    published: list[Plan] = field(default_factory=list)
    not_ready: list[tuple[Plan, Text]] = field(default_factory=list)


def do_publish_batch(person: Person, number: int, now: dt.datetime | None = None) -> BatchPublication:
    """Publish together every plan of batch ``number`` that is ready (requirements check passed); list the rest
    with the reason. Each plan is published by the same ``do_transition`` as one at a time, in its own
    transaction: one plan's refusal does not hold back the others."""
    from chiiki_mirai.workflow.services import Refused, do_transition

    _require_secretariat(person, Text("弾の一斉公表", "publish a batch"))
    now = now or timezone.now()
    outcome = BatchPublication()
    for plan in Plan.objects.filter(batch=number).exclude(state=PlanState.PUBLISHED).order_by("public_id"):
        if plan.state_enum is not PlanState.REQUIREMENTS_CHECK:
            outcome.not_ready.append(
                (
                    plan,
                    Text(f"「{plan.state_enum.label.ja}」の段階です", f"still '{plan.state_enum.label.en}'"),
                )
            )
            continue
        try:
            together = f"第{number}弾として一斉に公表"
            outcome.published.append(do_transition(person, plan, Action.PUBLISH, comment=together, now=now))
        except Refused as refused:
            outcome.not_ready.append((plan, refused.text))
    return outcome
