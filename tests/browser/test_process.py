"""Issue 11 in a real browser: an author edits a pre-checked plan during 各種調整, the reviewer sees only the
changed finding (the other judgement carried over) and the diff since the pre-check, judges it, and the plan is
published with its batch by the secretariat's one action. Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow import calendar, services
from chiiki_mirai.workflow.batches import BatchRule
from chiiki_mirai.workflow.documents import read_plan_text, revision_findings
from chiiki_mirai.workflow.models import Judgement, Plan
from chiiki_mirai.workflow.states import Action, PlanState
from tests.browser.test_journeys import Shoot, announce, announce_and_submit, gone, press, set_text, sign_in
from tests.web.conftest import plan_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def prechecked_in_coordination(staff: dict[str, Person]) -> Plan:
    """The sample B plan, pre-checked today, in 各種調整, in a batch the secretariat adopted for this month."""
    today = timezone.localdate()
    calendar.do_adopt_calendar(
        staff["reviewer"], "browser", BatchRule(2, today + dt.timedelta(days=30), None, 31, None), "第2弾"
    )
    plan = services.do_create_plan(staff["author"], read_plan_text("p.yaml", plan_text()))
    plan = services.do_transition(staff["author"], plan, Action.REQUEST_PRECHECK)
    plan = services.do_transition(staff["reviewer"], plan, Action.START_PRECHECK)
    for finding in revision_findings(plan.current_revision(), access=PLATFORM):
        if finding.severity.value == "review":
            services.do_judge(
                staff["reviewer"], plan, finding.rule, finding.path, Judgement.Verdict.MET, "確認"
            )
    plan = services.do_transition(staff["reviewer"], plan, Action.CONFIRM_PRECHECK)
    return services.do_transition(staff["author"], plan, Action.BEGIN_COORDINATION)


def test_an_edit_in_coordination_goes_back_for_the_changed_finding_and_the_batch_is_published(
    browser: WebDriver,
    live_server: Any,
    staff: dict[str, Person],
    shoot: Shoot,
) -> None:
    base = live_server.url
    plan = prechecked_in_coordination(staff)
    assert plan.batch == 2

    # 1. The author rewrites the cost-effectiveness text (a judged finding) during coordination and saves.
    sign_in(browser, base, "author")
    browser.get(f"{base}/work/plans/{plan.public_id}/edit/")
    set_text(browser, "plan-text", plan_text(**{"約10ポイント上回る": "上回る見込み"}))
    press(browser, "保存する")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "事前確認依頼" in main and "事前確認済の版" in main
    shoot("1-edit-sent-back-to-the-reviewers")

    # 2. The reviewer sees the change since the pre-check and one finding to judge; the other is carried over.
    sign_in(browser, base, "reviewer")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    press(browser, "事前確認を始める")
    WebDriverWait(browser, 10).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "main"), "事前確認中")
    )
    assert "上回る見込み" in browser.find_element(By.ID, "since-h").find_element(By.XPATH, "..").text
    radios = browser.find_elements(By.CSS_SELECTOR, "input[name=verdict][value=met]")
    assert len(radios) == 1
    assert "判断を引継ぎ" in browser.page_source
    # Beside the findings, the independent input-output estimate of the plan's ripple effects (issue 13 §3).
    estimate = browser.find_element(By.ID, "estimate-h").find_element(By.XPATH, "..")
    assert "売上の増加による効果" in estimate.text and "雇用者数の推計は行いません" in estimate.text
    assert estimate.find_elements(By.TAG_NAME, "svg")
    shoot("2-reviewer-sees-only-the-changed-finding")
    radios[0].click()
    radios[0].find_element(By.XPATH, "./ancestor::form").find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 10).until(gone(radios[0]))
    press(browser, "事前確認を完了する")
    assert "事前確認済" in browser.find_element(By.TAG_NAME, "main").text

    # 3. Announcement (today, with the support policy), the prefecture submits, the requirements check starts.
    sign_in(browser, base, "author")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    announce_and_submit(browser, base, plan)

    # 4. The secretariat publishes batch 2 together; the portal says which batch.
    browser.get(f"{base}/work/batches/")
    shoot("3-batches-before-publication")
    press(browser, "第2弾を一斉に公表する")
    assert "第2弾: 1件を公表しました" in browser.find_element(By.TAG_NAME, "main").text
    plan.refresh_from_db()
    assert plan.state_enum is PlanState.PUBLISHED
    browser.delete_all_cookies()
    browser.get(f"{base}/plans/{plan.public_id}/")
    assert "第2弾で公表" in browser.find_element(By.TAG_NAME, "main").text
    shoot("4-published-in-its-batch")


def test_the_prefecture_sends_a_municipal_plan_back_and_it_comes_again_through_it(
    browser: WebDriver,
    live_server: Any,
    staff: dict[str, Person],
    shoot: Shoot,
) -> None:
    """Issue 20 §1 (P-AGGREGATE, 002 l.67 and l.255): once handed to 福岡県, only its compiler submits; it sends the
    plan back with a reason the author sees first, and the plan comes again through the prefecture."""
    base = live_server.url
    plan = prechecked_in_coordination(staff)

    # 1. 北九州市 announces and hands the plan to 福岡県; it may no longer submit it itself.
    sign_in(browser, base, "author")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    announce(browser, "北九州市長")
    press(browser, "首長による公表を記録する")
    press(browser, "都道府県に提出する（取りまとめ）")
    assert not browser.find_elements(By.XPATH, "//button[normalize-space()='国へ正式に提出する']")

    # 2. 福岡県 sends it back with its reason.
    sign_in(browser, base, "compiler")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    browser.find_element(By.ID, "comment-return_to_municipality").send_keys(
        "県の産業振興計画との整合を追記してください"
    )
    press(browser, "市町村に差し戻す（取りまとめ）")
    plan.refresh_from_db()
    assert plan.state_enum is PlanState.COORDINATING

    # 3. The author sees the reason at the top of the plan's page, announces again and hands it over again.
    sign_in(browser, base, "author")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    notice = browser.find_element(By.ID, "sent-back").text
    assert "市町村に差し戻す" in notice and "県の産業振興計画との整合を追記してください" in notice
    shoot("1-author-sees-the-prefectures-reason")
    announce(browser, "北九州市長")
    press(browser, "首長による公表を記録する")
    assert not browser.find_elements(By.ID, "sent-back")  # acted on: the reason leaves the top
    press(browser, "都道府県に提出する（取りまとめ）")

    # 4. 福岡県 submits it to the nation this time.
    sign_in(browser, base, "compiler")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    press(browser, "国へ正式に提出する")
    assert Plan.objects.get(pk=plan.pk).state_enum is PlanState.SUBMITTED
    shoot("2-submitted-through-the-prefecture")
