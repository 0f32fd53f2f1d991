"""Issue 14 §3 in a real browser: the demo author writes a C plan from nothing through the guided path — no YAML —
and requests the pre-check. Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.browser.test_journeys import Shoot, press, sign_in
from tests.web.test_guided_journey_data import C_PLAN_FORMS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fill(browser: WebDriver, name: str, value: str) -> None:
    """Set a form field as a person would leave it (typing hundreds of characters tests the keyboard, not us)."""
    element = browser.find_element(By.NAME, name)
    browser.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element,
        value,
    )


def test_a_c_plan_from_nothing_through_the_guided_path(
    browser: WebDriver,
    live_server: Any,
    staff: dict[str, Person],
    shoot: Shoot,
) -> None:
    base = live_server.url
    sign_in(browser, base, "author")
    browser.find_element(By.LINK_TEXT, "計画を作る（項目ごとに入力）").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/work/plans/start/"))
    browser.find_element(By.CSS_SELECTOR, "input[name=plan_type][value=C]").click()
    browser.find_element(By.ID, "title").send_keys("北九州 金属加工 地場産業成長プラン")
    press(browser, "作成して入力を始める")
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/sections/1/"))
    for section, fields in C_PLAN_FORMS.items():
        assert f"/sections/{section}/" in browser.current_url
        for name, value in fields.items():
            if not name.endswith(".__rows"):  # the page keeps its own row count
                fill(browser, name, value)
        if section == 2:
            shoot("1-section-with-the-seeds-items-and-an-example")
        if section == 4:  # the live pre-check of the section's KGIs, as filled in and before saving
            WebDriverWait(browser, 20).until(
                expected_conditions.text_to_be_present_in_element(
                    (By.ID, "section-findings"), "入力中の内容で確認しました"
                )
            )
            shoot("1b-kgis-checked-as-filled-in")
        press(browser, "保存して次の項目へ")
        WebDriverWait(browser, 10).until(expected_conditions.url_contains(f"/sections/{section + 1}/"))
    progress = browser.find_element(By.CSS_SELECTOR, "nav.section-nav").text
    assert "エラー" not in progress  # every section complete as far as the automatic check can tell
    plan = Plan.objects.get()
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    shoot("2-the-plan-written-without-yaml")
    press(browser, "事前確認を依頼する")
    plan.refresh_from_db()
    assert plan.state_enum is PlanState.PRECHECK_REQUESTED


def test_what_is_typed_survives_a_lost_session(
    browser: WebDriver, live_server: Any, staff: dict[str, Person], shoot: Shoot
) -> None:
    """Issue 22 §2: leaving a form with unsaved changes asks first; typing on after the session expired loses
    nothing — signed in again, the form offers the text back, and once saved the offer is gone."""
    from django.conf import settings

    from chiiki_mirai.plans.document import PlanDocument
    from chiiki_mirai.workflow import services

    base = live_server.url
    document = PlanDocument.model_validate(
        {"plan_type": "C", "title": "下書きの計画", "authors": [{"code": "401005", "lead": True}]}
    )
    plan = services.do_create_plan(staff["author"], document, "作成")
    url = f"{base}/work/plans/{plan.public_id}/sections/2/"
    sign_in(browser, base, "author")
    browser.get(url)
    words = "北九州の金属加工業は、自動車部品の下請けから自社製品へ移りつつある。"
    browser.find_element(By.NAME, "industry.description").send_keys(words)
    leaving = "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;"
    assert browser.execute_script(leaving) is True  # the browser asks before the page is left

    browser.delete_cookie(settings.SESSION_COOKIE_NAME)  # the session expires while the official types
    press(browser, "保存する")
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/accounts/login/"))
    sign_in(browser, base, "author")
    browser.get(url)
    offer = WebDriverWait(browser, 10).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".keep-offer"))
    )
    assert "保存されていない入力" in offer.text
    shoot("1-the-text-offered-back")
    offer.find_element(By.XPATH, ".//button[normalize-space()='入力を戻す']").click()
    assert browser.find_element(By.NAME, "industry.description").get_attribute("value") == words
    press(browser, "保存する")
    plan.refresh_from_db()
    assert plan.current_revision().document["industry"]["description"] == words
    browser.get(url)
    assert not browser.find_elements(By.CSS_SELECTOR, ".keep-offer")  # saved: nothing left to offer
