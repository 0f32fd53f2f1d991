"""The workflow services on a real database: the journey, its refusals, revisions, locking and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import read_plan_text
from chiiki_mirai.workflow.models import AuditEvent, Judgement, Plan
from chiiki_mirai.workflow.states import Action, PlanState
from tests.web.conftest import announcement_for, judge_all_met, plan_text, signed_in

Advance = Callable[[Plan, PlanState], Plan]


def test_whole_journey_is_audited_in_order(draft: Plan, advance: Advance) -> None:
    plan = advance(draft, PlanState.PUBLISHED)
    assert plan.published_at is not None
    transitions = list(
        AuditEvent.objects.filter(plan=plan, kind=AuditEvent.Kind.TRANSITION).values_list(
            "from_state", "to_state", "actor_name"
        )
    )
    assert [t[1] for t in transitions] == [
        "precheck_requested",
        "in_precheck",
        "prechecked",
        "coordinating",
        "announced",
        "with_prefecture",
        "submitted",
        "requirements_check",
        "published",
    ]
    assert transitions[0][0] == "draft" and "北九州市" in transitions[0][2]
    assert "福岡県" in transitions[6][2]  # the prefecture submitted it (P-AGGREGATE)
    # The announcement was written into the plan as a revision of its own.
    assert plan.current_revision().document["announcement"] == {
        "by": "北九州市長",
        "date": "2026-08-20",
        "support_policy": "核となる企業への伴走支援体制を市と地域金融機関で構築する方針",  # 002 1(2)⑥※
    }
    assert plan.revisions.count() == 2


def test_request_sets_the_batch(draft: Plan, advance: Advance) -> None:
    plan = advance(draft, PlanState.PRECHECK_REQUESTED)
    assert (plan.batch, plan.early_case, plan.review_due) == (1, False, dt.date(2026, 8, 15))


def test_precheck_request_is_refused_while_the_check_reports_errors(people: dict[str, Person]) -> None:
    broken = plan_text(**{"kind: value_added": "kind: own"})  # KGI-MANDATORY-VA: an error
    plan = services.do_create_plan(people["author"], read_plan_text("p.yaml", broken))
    assert plan.current_revision().errors > 0
    with pytest.raises(services.Refused, match="エラー"):
        services.do_transition(people["author"], plan, Action.REQUEST_PRECHECK)
    plan.refresh_from_db()
    assert plan.state_enum is PlanState.DRAFT


def test_confirmation_needs_every_review_finding_judged_met(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    plan = advance(draft, PlanState.IN_PRECHECK)
    assert plan.current_revision().reviews > 0, "the sample should carry review findings"
    with pytest.raises(services.Refused, match="判断のないもの"):
        services.do_transition(people["reviewer"], plan, Action.CONFIRM_PRECHECK)
    judge_all_met(people["reviewer"], plan)
    first = Judgement.objects.filter(plan=plan).first()
    assert first is not None
    services.do_judge(
        people["reviewer"], plan, first.rule, first.path, Judgement.Verdict.NOT_MET, "根拠が不十分"
    )
    with pytest.raises(services.Refused, match="満たさない"):
        services.do_transition(people["reviewer"], plan, Action.CONFIRM_PRECHECK)
    with pytest.raises(services.Refused, match="理由"):
        services.do_judge(people["reviewer"], plan, first.rule, first.path, Judgement.Verdict.NOT_MET, " ")
    services.do_judge(people["reviewer"], plan, first.rule, first.path, Judgement.Verdict.MET, "補足で確認")
    assert (
        services.do_transition(people["reviewer"], plan, Action.CONFIRM_PRECHECK).state_enum
        is PlanState.PRECHECKED
    )


def test_send_back_needs_a_comment_and_authors_see_field_comments(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    plan = advance(draft, PlanState.IN_PRECHECK)
    with pytest.raises(services.Refused):
        services.do_transition(people["reviewer"], plan, Action.SEND_BACK, comment="")
    services.do_comment_field(
        people["reviewer"], plan, "kgis[0].target.value", "目標値の根拠を示してください。"
    )
    plan = services.do_transition(people["reviewer"], plan, Action.SEND_BACK, comment="KGIの根拠")
    assert plan.state_enum is PlanState.SENT_BACK
    assert list(plan.field_comments.values_list("path", flat=True)) == ["kgis[0].target.value"]
    # Sent back, the plan is the authors' to edit again, and to request again.
    services.do_save_revision(
        people["author"], plan, read_plan_text("p.yaml", plan_text()), plan.version, "根拠を追記"
    )
    plan.refresh_from_db()
    assert (
        services.do_transition(people["author"], plan, Action.REQUEST_PRECHECK).state_enum
        is PlanState.PRECHECK_REQUESTED
    )


def test_second_save_from_the_same_version_is_refused_not_lost(
    draft: Plan, people: dict[str, Person]
) -> None:
    base = draft.version
    first = read_plan_text("a.yaml", plan_text(**{"北九州": "北九州（一）"}))
    second = read_plan_text("b.yaml", plan_text(**{"北九州": "北九州（二）"}))
    services.do_save_revision(people["author"], draft, first, base, "一人目")
    with pytest.raises(services.StaleEdit) as refused:
        services.do_save_revision(people["author"], draft, second, base, "二人目")
    assert refused.value.current_version == base + 1
    draft.refresh_from_db()
    assert "北九州（一）" in draft.current_revision().document["title"]
    assert draft.revisions.count() == 2


def test_a_save_that_fails_midway_leaves_nothing_behind(
    draft: Plan, people: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version, summary columns, revision and audit line are one write: a failure in the middle undoes it all."""

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write_revision", broken)
    before = (draft.version, draft.title, draft.revisions.count(), AuditEvent.objects.count())
    edited = read_plan_text("a.yaml", plan_text(**{"北九州": "北九州（改）"}))
    with pytest.raises(RuntimeError):
        services.do_save_revision(people["author"], draft, edited, draft.version, "途中で失敗")
    draft.refresh_from_db()
    assert (draft.version, draft.title, draft.revisions.count(), AuditEvent.objects.count()) == before


def test_editing_is_closed_while_the_nation_reviews(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    plan = advance(draft, PlanState.IN_PRECHECK)
    with pytest.raises(services.Refused, match="編集できません"):
        services.do_save_revision(people["author"], plan, read_plan_text("p.yaml", plan_text()), plan.version)


def test_only_the_authors_organisation_may_edit(draft: Plan, people: dict[str, Person]) -> None:
    for name in ("other_author", "same_prefecture_author", "compiler", "reviewer", "admin"):
        with pytest.raises(services.Refused):
            services.do_save_revision(
                people[name], draft, read_plan_text("p.yaml", plan_text()), draft.version
            )


def test_a_plan_must_name_the_creators_organisation(people: dict[str, Person]) -> None:
    with pytest.raises(services.Refused):
        services.do_create_plan(people["other_author"], read_plan_text("p.yaml", plan_text()))


def test_audit_records_cannot_be_changed_or_deleted(draft: Plan) -> None:
    event = AuditEvent.objects.filter(plan=draft).first()
    assert event is not None
    event.comment = "書き換え"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).comment != "書き換え"


def test_an_english_reader_gets_the_outcome_of_an_action_in_english(
    draft: Plan, people: dict[str, Person]
) -> None:
    from tests.web.conftest import signed_in

    client = signed_in(people["author"])
    client.get("/language/en/")
    url = f"/work/plans/{draft.public_id}/"
    refused = client.post(f"{url}{Action.CONFIRM_PRECHECK.value}/", follow=True).content.decode()
    # The core's refusal, in English (&#x27; is the escaped quote).
    assert "cannot &#x27;" in refused and "を行えません" not in refused
    done = client.post(f"{url}{Action.REQUEST_PRECHECK.value}/", follow=True).content.decode()
    assert "Recorded “" in done and "を記録しました" not in done
    client.get("/language/ja/")
    again = client.post(f"{url}{Action.CONFIRM_PRECHECK.value}/", follow=True).content.decode()
    assert "を行えません" in again  # and in Japanese again once the reader switches back


def test_a_handed_plan_is_the_prefectures_to_submit_or_send_back(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    """P-AGGREGATE (002 l.67, l.255): once a municipality hands its plan to the prefecture, only the prefecture's
    compiler submits it; the compiler may instead send it back with a reason, which the authors see in the plan's
    history, and the municipality revises, announces again and hands it over again."""
    plan = advance(draft, PlanState.WITH_PREFECTURE)
    events = AuditEvent.objects.filter(plan=plan).count()
    with pytest.raises(services.Refused, match="都道府県の取りまとめ担当者"):
        services.do_transition(people["author"], plan, Action.SUBMIT)
    plan.refresh_from_db()
    assert plan.state_enum is PlanState.WITH_PREFECTURE
    assert AuditEvent.objects.filter(plan=plan).count() == events  # nothing changed, nothing recorded
    with pytest.raises(services.Refused, match="理由"):
        services.do_transition(people["compiler"], plan, Action.RETURN_TO_MUNICIPALITY)
    plan.refresh_from_db()
    assert plan.state_enum is PlanState.WITH_PREFECTURE
    plan = services.do_transition(
        people["compiler"],
        plan,
        Action.RETURN_TO_MUNICIPALITY,
        comment="KPI の撤退基準を数値で示してください",
    )
    assert plan.state_enum is PlanState.COORDINATING
    returned = AuditEvent.objects.filter(plan=plan, action=Action.RETURN_TO_MUNICIPALITY.value).get()
    assert returned.comment == "KPI の撤退基準を数値で示してください" and "福岡県" in returned.actor_name
    history = signed_in(people["author"]).get(f"/work/plans/{plan.public_id}/").content.decode()
    top = history[history.index('id="sent-back"') : history.index("</div>", history.index('id="sent-back"'))]
    assert (
        "市町村に差し戻す" in top and "KPI の撤退基準を数値で示してください" in top
    )  # first, not 5,000 px down
    # The author's home lists it among their steps, with the reason (issue 22 §3); the compiler's home does not.
    home = signed_in(people["author"]).get("/work/").content.decode()
    todo = home[home.index('id="todo-h"') : home.index("</section>", home.index('id="todo-h"'))]
    assert plan.public_id in todo and "KPI の撤退基準を数値で示してください" in todo
    assert "首長による公表を記録する" in todo
    assert 'id="todo-h"' not in signed_in(people["compiler"]).get("/work/").content.decode()
    # Revised and announced again, it goes through the prefecture once more.
    plan = services.do_transition(
        people["author"],
        plan,
        Action.RECORD_ANNOUNCEMENT,
        announcement=announcement_for(plan, dt.date(2026, 9, 1)),
        now=dt.datetime(2026, 9, 1, 3, 0, tzinfo=dt.UTC),
    )
    plan = services.do_transition(people["author"], plan, Action.HAND_TO_PREFECTURE)
    plan = services.do_transition(people["compiler"], plan, Action.SUBMIT)
    assert plan.state_enum is PlanState.SUBMITTED


def test_each_step_tells_the_people_who_act_next_by_mail(
    draft: Plan,
    people: dict[str, Person],
    advance: Callable[[Plan, PlanState], Plan],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Issue 22 §3: request → 内閣官房・経済産業省's reviewers; sent back → the authors (with the reason); handed over →
    the prefecture's compiler; each mail in Japanese with a link; a person turns them off for themself."""
    from django.core import mail

    for name in ("author", "compiler", "reviewer", "other_compiler", "reporter"):
        people[name].user.email = f"{name}@example.lg.jp"
        people[name].user.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.do_transition(people["author"], draft, Action.REQUEST_PRECHECK)
    (request,) = mail.outbox
    assert request.to == ["reviewer@example.lg.jp"] and "事前確認を依頼する" in request.subject
    assert f"/work/plans/{plan.public_id}/" in request.body and "北九州市" in request.body
    mail.outbox.clear()
    plan = services.do_transition(people["reviewer"], plan, Action.START_PRECHECK)
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.do_transition(
            people["reviewer"], plan, Action.SEND_BACK, comment="KGI の根拠を補ってください"
        )
    (back,) = mail.outbox
    assert back.to == ["author@example.lg.jp"] and "KGI の根拠を補ってください" in back.body
    # The reviewer turns the mails off on「通知の設定」: the next request tells no one.
    reviewer = signed_in(people["reviewer"])
    assert "手続の通知メールを受け取る" in reviewer.get("/work/notifications/").content.decode()
    reviewer.post("/work/notifications/", {})
    people["reviewer"].refresh_from_db()
    assert not people["reviewer"].mail_notifications
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_transition(people["author"], plan, Action.REQUEST_PRECHECK)
    assert mail.outbox == []
    reviewer.post("/work/notifications/", {"mail": "on"})
    people["reviewer"].refresh_from_db()
    assert people["reviewer"].mail_notifications
    # The hand-over goes to 福岡県's compiler only (not 熊本県's).
    plan = advance(
        services.do_create_plan(people["author"], read_plan_text("p.yaml", plan_text())), PlanState.ANNOUNCED
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_transition(people["author"], plan, Action.HAND_TO_PREFECTURE)
    assert [m.to for m in mail.outbox] == [["compiler@example.lg.jp"]]


def test_a_mail_server_down_does_not_undo_or_break_a_step(
    draft: Plan,
    people: dict[str, Person],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
    caplog: Any,
) -> None:
    from chiiki_mirai.workflow import notifications

    def down(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("smtp down")

    people["reviewer"].user.email = "reviewer@example.lg.jp"
    people["reviewer"].user.save()
    monkeypatch.setattr(notifications, "send_mass_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.do_transition(people["author"], draft, Action.REQUEST_PRECHECK)
    assert Plan.objects.get(pk=plan.pk).state_enum is PlanState.PRECHECK_REQUESTED
    assert "notification mail failed (1 messages)" in caplog.text


def test_a_reviewer_chooses_the_field_to_comment_on_by_name(
    draft: Plan, people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    """Issue 22 §3: the field is chosen from the plan's own fields in words, not typed as ``kgis[0].target.value``."""
    plan = advance(draft, PlanState.IN_PRECHECK)
    page = signed_in(people["reviewer"]).get(f"/work/plans/{plan.public_id}/").content.decode()
    chooser = page[
        page.index('<select id="comment-path"') : page.index("</select>", page.index('id="comment-path"'))
    ]
    assert '<option value="kgis[0].target.value">' in chooser
    assert "目標値 › 値" in chooser and 'name="path" required size' not in page
    signed_in(people["reviewer"]).post(
        f"/work/plans/{plan.public_id}/comment/",
        {"path": "kgis[0].target.value", "comment": "根拠を示してください"},
    )
    author_page = signed_in(people["author"]).get(f"/work/plans/{plan.public_id}/").content.decode()
    assert "根拠を示してください" in author_page and "目標値 › 値" in author_page


def test_a_sent_back_plan_lists_what_to_fix_linked_to_its_sections(
    draft: Plan, advance: Advance, people: dict[str, Person]
) -> None:
    """Issue 22 §3: the send-back notice lists the findings to fix — a review finding judged 「満たさない」 and the
    reviewer's field comment of the round — each linked to the section form the field is in; another reader of the
    plan (the reviewer) sees the notice without the list."""
    from chiiki_mirai.analytics.reference import PLATFORM
    from chiiki_mirai.workflow.documents import findings_of, revived
    from chiiki_mirai.workflow.models import Judgement

    plan = advance(draft, PlanState.IN_PRECHECK)
    review = next(
        f
        for f in findings_of(revived(plan.current_revision().document), access=PLATFORM)
        if f.severity.value == "review" and f.path.startswith("kgis")
    )
    services.do_judge(
        people["reviewer"], plan, review.rule, review.path, Judgement.Verdict.NOT_MET, "数値の根拠なし"
    )
    services.do_comment_field(
        people["reviewer"], plan, "kgis[0].target.value", "目標値の根拠を示してください。"
    )
    plan = services.do_transition(people["reviewer"], plan, Action.SEND_BACK, comment="KGIの根拠")
    page = signed_in(people["author"]).get(f"/work/plans/{plan.public_id}/").content.decode()
    notice = page[page.index('id="sent-back"') : page.index("</div>", page.index('id="sent-back"'))]
    assert "直す項目" in notice
    assert f'href="/work/plans/{plan.public_id}/sections/4/#field-kgis[0].target.value"' in notice
    assert "目標値の根拠を示してください。" in notice
    assert f"{review.rule}: 満たさない（数値の根拠なし）" in notice
    reviewer_page = signed_in(people["reviewer"]).get(f"/work/plans/{plan.public_id}/").content.decode()
    assert "直す項目" not in reviewer_page
