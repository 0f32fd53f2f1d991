"""What is published is what was pre-checked (issue 11 §1, 002 ⑤): edits after the pre-check, the announcement,
the decisions reserved to 内閣官房・経済産業省, the coordination record, and the batch of the first request.

Every refusal is checked to change nothing: no revision, no state change, no audit event, no judgement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from django.test import Client

from chiiki_mirai.organisations.models import Organisation, Person
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow import calendar, services
from chiiki_mirai.workflow.batches import FIRST_BATCH, BatchRule
from chiiki_mirai.workflow.documents import read_plan_text
from chiiki_mirai.workflow.models import AuditEvent, BatchCalendar, CoordinationRecord, Judgement, Plan
from chiiki_mirai.workflow.states import Action, PlanState
from tests.web.conftest import PASSWORD, announcement_for, judge_all_met, plan_text, signed_in

Advance = Callable[[Plan, PlanState], Plan]
KGI_VALUE_ADDED = "  - id: va\n"  # the mandatory value-added KGI of the sample B plan starts here
AUGUST = dt.datetime(2026, 8, 20, 3, 0, tzinfo=dt.UTC)


@contextmanager
def nothing_changes(plan: Plan, match: str | None = None) -> Iterator[None]:
    """The block must raise Refused (saying ``match``) and leave the plan exactly as it was."""

    def snapshot() -> tuple[object, ...]:
        fresh = Plan.objects.get(pk=plan.pk)
        return (
            fresh.state,
            fresh.version,
            fresh.revisions.count(),
            AuditEvent.objects.filter(plan=plan).count(),
            Judgement.objects.filter(plan=plan).count(),
            CoordinationRecord.objects.filter(plan=plan).count(),
        )

    before = snapshot()
    with pytest.raises(services.Refused, match=match):
        yield
    assert snapshot() == before


def edit(plan: Plan, person: Person, note: str, **replace: str) -> Plan:
    services.do_save_revision(
        person, plan, read_plan_text("p.yaml", plan_text(**replace)), plan.version, note
    )
    return Plan.objects.get(pk=plan.pk)


def test_an_unrelated_edit_in_coordination_keeps_the_pre_check(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    plan = advance(draft, PlanState.COORDINATING)
    checked = plan.current_revision().number
    assert plan.prechecked_revision == checked
    plan = edit(plan, people["author"], "連絡先の修正", **{"北九州": "北九州市"})
    assert plan.state_enum is PlanState.COORDINATING
    carried = Judgement.objects.filter(plan=plan, revision=plan.current_revision().number)
    # B-COST-EFFECT, B-EXTERNAL and KGI-CAPEX-BUILDUP (the sample's capex against its named investments).
    assert carried.count() == 3 and {j.carried_from for j in carried} == {checked}


def test_a_changed_judged_field_goes_back_to_the_reviewers_for_that_finding_only(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    plan = advance(draft, PlanState.COORDINATING)
    checked = plan.current_revision().number
    plan = edit(
        plan,
        people["author"],
        "費用対効果を書き換え",
        **{"約10ポイント上回る": "上回る見込み"},
    )
    assert plan.state_enum is PlanState.PRECHECK_REQUESTED
    reopened = AuditEvent.objects.filter(plan=plan, action=Action.REOPEN_PRECHECK.value).get()
    assert "B-COST-EFFECT（requirements.cost_effectiveness）" in reopened.comment
    assert "B-EXTERNAL" not in reopened.comment
    revision = plan.current_revision().number
    # The untouched finding's judgement carried over; the changed one waits for a reviewer.
    standing = {j.rule: j for j in Judgement.objects.filter(plan=plan, revision=revision)}
    assert (
        set(standing) == {"B-EXTERNAL", "KGI-CAPEX-BUILDUP"}
        and standing["B-EXTERNAL"].carried_from == checked
    )
    # The plan keeps its batch, and the reviewer judges just the reopened finding to confirm again.
    assert plan.batch == 1
    plan = services.do_transition(people["reviewer"], plan, Action.START_PRECHECK)
    with pytest.raises(services.Refused, match="判断のないものが1件"):
        services.do_transition(people["reviewer"], plan, Action.CONFIRM_PRECHECK)
    services.do_judge(
        people["reviewer"], plan, "B-COST-EFFECT", "requirements.cost_effectiveness", "met", "根拠を再確認"
    )
    plan = services.do_transition(people["reviewer"], plan, Action.CONFIRM_PRECHECK)
    assert plan.prechecked_revision == revision


def test_edit_after_pre_check_then_early_announcement_then_publication_fails_at_the_first_wrong_step(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    """The scenario measured in issue 11: a mandatory KGI removed in coordination, an announcement dated before
    the pre-check, submission and publication with the error standing. Each step is stopped."""
    plan = advance(draft, PlanState.COORDINATING)
    text = plan_text()
    start = text.index(KGI_VALUE_ADDED)
    end = text.index("  - id:", start + 1)
    services.do_save_revision(
        people["author"], plan, read_plan_text("p.yaml", text[:start] + text[end:]), plan.version, "KGI削除"
    )
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.current_revision().errors > 0
    # First wrong step stopped: the plan went back to the reviewers; it cannot be announced or submitted.
    assert plan.state_enum is PlanState.PRECHECK_REQUESTED
    with nothing_changes(plan):
        services.do_transition(
            people["author"],
            plan,
            Action.RECORD_ANNOUNCEMENT,
            announcement=announcement_for(plan, dt.date(2026, 6, 1)),
        )
    with nothing_changes(plan):
        services.do_transition(people["author"], plan, Action.SUBMIT)
    # The reviewers cannot confirm it over the error: they send it back.
    plan = services.do_transition(people["reviewer"], plan, Action.START_PRECHECK)
    with nothing_changes(plan):
        services.do_transition(people["reviewer"], plan, Action.CONFIRM_PRECHECK)


def test_publication_is_refused_while_the_text_in_force_has_an_open_finding(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    plan = advance(draft, PlanState.REQUIREMENTS_CHECK)
    # A judgement reversed during the requirements check leaves a finding judged not met: no publication.
    services.do_judge(
        people["reviewer"],
        plan,
        "B-EXTERNAL",
        "requirements.external_dependency",
        "not_met",
        "輸入依存が残る",
    )
    with nothing_changes(plan):
        services.do_transition(people["reviewer"], plan, Action.PUBLISH, comment="個別に公表")


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2026, 6, 30), "事前確認の完了（2026-07-01）より前"),
        (dt.date(2026, 8, 21), "未来の日付"),
    ],
)
def test_the_announcement_follows_the_pre_check_and_is_not_in_the_future(
    draft: Plan, advance: Advance, people: dict[str, Person], day: dt.date, message: str
) -> None:
    plan = advance(draft, PlanState.COORDINATING)
    with nothing_changes(plan, message):
        services.do_transition(
            people["author"],
            plan,
            Action.RECORD_ANNOUNCEMENT,
            announcement=announcement_for(plan, day),
            now=AUGUST,
        )


def test_a_b_announcement_states_the_support_policy(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    plan = advance(draft, PlanState.COORDINATING)
    bare = services.Announcement("北九州市長", dt.date(2026, 8, 20))
    with nothing_changes(plan, "伴走支援体制構築の方針"):
        services.do_transition(
            people["author"], plan, Action.RECORD_ANNOUNCEMENT, announcement=bare, now=AUGUST
        )
    plan = services.do_transition(
        people["author"],
        plan,
        Action.RECORD_ANNOUNCEMENT,
        announcement=announcement_for(plan, dt.date(2026, 8, 20)),
        now=AUGUST,
    )
    assert plan.state_enum is PlanState.ANNOUNCED
    assert plan.current_revision().document["announcement"]["support_policy"]


def test_only_the_secretariat_and_meti_confirm_others_judge_when_invited(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    maff = make_person("maff", "N-MAFF", people["reviewer"].role_enum, PASSWORD)
    plan = advance(draft, PlanState.IN_PRECHECK)
    with nothing_changes(plan):
        services.do_judge(maff, plan, "B-EXTERNAL", "requirements.external_dependency", "met")
    services.do_invite_ministry(people["reviewer"], plan, Organisation.objects.get(code="N-MAFF"))
    services.do_judge(
        maff, plan, "B-EXTERNAL", "requirements.external_dependency", "met", "農林水産省として確認"
    )
    services.do_comment_field(maff, plan, "requirements.external_dependency", "輸入部材の代替計画を確認")
    judge_all_met(people["reviewer"], plan)
    with nothing_changes(plan, "内閣官房・経済産業省"):
        services.do_transition(maff, plan, Action.CONFIRM_PRECHECK)
    with nothing_changes(plan):  # an invited ministry cannot invite others
        services.do_invite_ministry(maff, plan, Organisation.objects.get(code="N-MLIT"))
    assert (
        services.do_transition(people["reviewer"], plan, Action.CONFIRM_PRECHECK).state_enum
        is PlanState.PRECHECKED
    )


def test_coordination_is_recorded_in_the_history(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    plan = advance(draft, PlanState.COORDINATING)
    with nothing_changes(plan):
        services.do_record_coordination(people["compiler"], plan, "福岡県", dt.date(2026, 8, 1), "了承")
    with nothing_changes(plan):
        services.do_record_coordination(
            people["author"], plan, "福岡県", dt.date(2026, 9, 1), "了承", today=dt.date(2026, 8, 20)
        )
    with nothing_changes(plan):
        services.do_record_coordination(people["author"], plan, " ", dt.date(2026, 8, 1), "了承")
    services.do_record_coordination(
        people["author"], plan, "福岡県 商工部", dt.date(2026, 8, 5), "県の支援策との重複なしを確認"
    )
    event = AuditEvent.objects.filter(plan=plan, kind=AuditEvent.Kind.COORDINATION).get()
    assert event.comment == "2026-08-05 福岡県 商工部: 県の支援策との重複なしを確認"


def test_a_plan_stays_in_the_batch_of_its_first_request(draft: Plan, people: dict[str, Person]) -> None:
    july_10 = dt.datetime(2026, 7, 10, 1, 0, tzinfo=dt.UTC)
    july_20 = dt.datetime(2026, 7, 20, 1, 0, tzinfo=dt.UTC)  # after the first batch's cut-off (15 July)
    plan = services.do_transition(people["author"], draft, Action.REQUEST_PRECHECK, now=july_10)
    plan = services.do_transition(people["reviewer"], plan, Action.START_PRECHECK)
    plan = services.do_transition(people["reviewer"], plan, Action.SEND_BACK, comment="KGIの根拠を追記")
    plan = edit(plan, people["author"], "根拠を追記")
    plan = services.do_transition(people["author"], plan, Action.REQUEST_PRECHECK, now=july_20)
    assert (plan.batch, plan.precheck_requested_at) == (1, july_10)


def test_the_secretariat_adopts_a_later_batch_without_a_release(
    draft: Plan, people: dict[str, Person]
) -> None:
    later = BatchRule(2, dt.date(2026, 10, 15), None, 31, dt.date(2026, 12, 1))
    maff = make_person("maff", "N-MAFF", people["reviewer"].role_enum, PASSWORD)
    before = BatchCalendar.objects.count()
    for person in (maff, people["author"]):
        with pytest.raises(services.Refused):
            calendar.do_adopt_calendar(person, "2026-09", later)
    with pytest.raises(services.Refused, match="締切が後"):  # a second batch due before the first
        calendar.do_adopt_calendar(
            people["reviewer"], "2026-09", replace(later, request_deadline=dt.date(2026, 7, 1))
        )
    assert BatchCalendar.objects.count() == before
    calendar.do_adopt_calendar(people["reviewer"], "2026-09", later, "第2弾を追加")
    assert calendar.current_calendar() == ("2026-09", [FIRST_BATCH, later])
    plan = services.do_transition(
        people["author"], draft, Action.REQUEST_PRECHECK, now=dt.datetime(2026, 9, 1, 1, 0, tzinfo=dt.UTC)
    )
    assert (plan.batch, plan.review_due, plan.batch_calendar) == (2, dt.date(2026, 11, 15), "2026-09")


def test_a_batch_is_published_together_and_the_portal_says_which(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    ready = advance(draft, PlanState.REQUIREMENTS_CHECK)
    other = services.do_create_plan(
        people["author"],
        read_plan_text("p.yaml", plan_text(**{"北九州ロボット": "北九州第二ロボット"})),
        "作成",
    )
    behind = advance(other, PlanState.COORDINATING)
    with nothing_changes(ready):
        calendar.do_publish_batch(make_person("maff", "N-MAFF", people["reviewer"].role_enum, PASSWORD), 1)
    outcome = calendar.do_publish_batch(people["reviewer"], 1)
    assert [p.public_id for p in outcome.published] == [ready.public_id]
    assert [(p.public_id, text.ja) for p, text in outcome.not_ready] == [
        (behind.public_id, "「各種調整」の段階です")
    ]
    page = Client().get(f"/plans/{ready.public_id}/").content.decode()
    assert "第1弾で公表" in page
    listing = Client().get("/").content.decode()
    assert "第1弾" in listing


def test_a_plan_waiting_for_a_batch_is_placed_when_an_edition_covers_it(
    draft: Plan, people: dict[str, Person]
) -> None:
    """002 ⑥ ※2「追って」: requested after the last deadline, a plan waits without a batch; adopting an edition whose
    window covers its request date places it (on the plan and in its history), and it keeps its first request."""
    plan = services.do_transition(
        people["author"], draft, Action.REQUEST_PRECHECK, now=dt.datetime(2026, 8, 1, 1, 0, tzinfo=dt.UTC)
    )
    assert plan.batch is None
    events = AuditEvent.objects.filter(plan=plan).count()
    calendar.do_adopt_calendar(
        people["reviewer"], "2026-09", BatchRule(2, dt.date(2026, 10, 15), None, 31, None), "第2弾を追加"
    )
    placed_plan = Plan.objects.get(pk=plan.pk)
    assert (placed_plan.batch, placed_plan.batch_calendar, placed_plan.review_due) == (
        2,
        "2026-09",
        dt.date(2026, 11, 15),
    )
    placed = AuditEvent.objects.filter(plan=plan).order_by("pk")
    assert placed.count() == events + 1 and "第2弾に入りました" in placed.last().comment  # type: ignore[union-attr]


def test_a_plan_of_a_batch_is_published_alone_only_with_a_reason(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    """002 ⑥ ※1「一斉に公表」: alone, a batch's plan needs the reason recorded; with its batch it needs none."""
    plan = advance(draft, PlanState.REQUIREMENTS_CHECK)
    assert plan.batch == 1
    with nothing_changes(plan, match="一斉に公表"):
        services.do_transition(people["reviewer"], plan, Action.PUBLISH)
    plan = services.do_transition(
        people["reviewer"], plan, Action.PUBLISH, comment="知事の要望により先行して公表"
    )
    assert plan.state_enum is PlanState.PUBLISHED
    published = AuditEvent.objects.filter(plan=plan, action=Action.PUBLISH.value).get()
    assert published.comment == "知事の要望により先行して公表"


def test_the_batches_page_counts_b_and_c_plans_in_words(draft: Plan, people: dict[str, Person]) -> None:
    """The secretariat reads states in words (not ``precheck_requested``) and sees only plans that are requested
    (type A is formulated by the nation and never waits for a batch)."""
    services.do_transition(
        people["author"], draft, Action.REQUEST_PRECHECK, now=dt.datetime(2026, 8, 1, 1, 0, tzinfo=dt.UTC)
    )
    page = signed_in(people["reviewer"]).get("/work/batches/").content.decode()
    later = page.split("最後の弾の締切より後の依頼")[1].split("</p>")[0]
    assert "事前確認依頼" in later and "1件" in later and "precheck_requested" not in page


def test_authors_see_the_calendar_and_reviewers_see_what_is_overdue(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    """002 ⑥: the calendar in force and each plan's batch and 確認期限 on the home page of those who request; a
    pre-check still open after its 確認期限 is flagged in the reviewers' queue."""
    plan = advance(draft, PlanState.PRECHECK_REQUESTED)
    assert (
        plan.review_due is not None and plan.review_due < dt.date.today()
    )  # batch 1's review was due in 2026-08
    home = signed_in(people["author"]).get("/work/").content.decode()
    due = plan.review_due
    assert due is not None
    # Days read one way everywhere (issue 22 §5): 2026年7月15日（令和8年）.
    assert "公表の弾の日程" in home and "2026年7月15日（令和8年）" in home
    assert f"第1弾・{due.year}年{due.month}月{due.day}日" in home
    queue = signed_in(people["reviewer"]).get("/work/queue/").content.decode()
    assert "期限超過" in queue and 'class="overdue"' in queue
    reviewer_home = signed_in(people["reviewer"]).get("/work/").content.decode()
    assert "公表の弾の日程" not in reviewer_home  # reviewers have the batches page
