"""The main journeys in a real browser: draft → fix findings → request the pre-check → review → announce →
prefecture submits → publish → the plan is on the portal. Screenshots are kept in test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import PASSWORD, plan_text

# serialized_rollback: the organisations loaded by a data migration come back after each flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Shoot = Callable[[str], Path]


def sign_in(browser: WebDriver, base: str, username: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{base}/accounts/login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/work/"))


def set_text(browser: WebDriver, element_id: str, text: str) -> None:
    """Put a whole plan into the editor at once (typing 10 KB key by key tests the keyboard, not us)."""
    element = browser.find_element(By.ID, element_id)
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        element,
        text,
    )


def press(browser: WebDriver, label: str) -> None:
    """Click the button and wait for the page it submits to (every action here is a full-page form post)."""
    button = browser.find_element(By.XPATH, f"//button[normalize-space()='{label}']")
    button.click()
    WebDriverWait(browser, 10).until(gone(button))


def announce(browser: WebDriver, head: str) -> None:
    """Fill the announcement as 002 asks: who, today (on or after the pre-check's confirmation, which these
    journeys take today), and for a B plan the support-system policy announced with it."""
    browser.find_element(By.ID, "announced_by").send_keys(head)
    today = timezone.localdate().isoformat()
    browser.execute_script(f"document.getElementById('announced_on').value = '{today}'")
    browser.find_element(By.ID, "support_policy").send_keys(
        "核となる企業への伴走支援体制を市と地域金融機関で構築する"
    )


def announce_and_submit(browser: WebDriver, base: str, plan: Plan) -> None:
    """From the author's plan page: the mayor's announcement, handed to 福岡県, which submits; the reviewer then
    starts the requirements check (and stays signed in on the plan's page)."""
    announce(browser, "北九州市長")
    press(browser, "首長による公表を記録する")
    press(browser, "都道府県に提出する（取りまとめ）")
    sign_in(browser, base, "compiler")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    press(browser, "国へ正式に提出する")
    sign_in(browser, base, "reviewer")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    press(browser, "要件確認を始める")


def gone(element: WebElement) -> Callable[[WebDriver], bool]:
    """The element left the page. Like ``staleness_of``, but chromedriver sometimes reports a node of the old
    page as "does not belong to the document" (a plain WebDriverException) rather than as stale."""

    def check(_: WebDriver) -> bool:
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return check


def test_the_whole_journey(
    browser: WebDriver, live_server: Any, staff: dict[str, Person], shoot: Shoot
) -> None:
    base = live_server.url
    # 1. The author drafts a plan with a mistake; the live check shows it, the author fixes it and creates the plan.
    sign_in(browser, base, "author")
    browser.get(f"{base}/work/plans/new/")
    set_text(browser, "plan-text", plan_text(**{"kind: value_added": "kind: own"}))
    WebDriverWait(browser, 10).until(
        expected_conditions.text_to_be_present_in_element((By.ID, "live-findings"), "KGI-MANDATORY-VA")
    )
    shoot("1-live-check-finds-an-error")
    set_text(browser, "plan-text", plan_text())
    WebDriverWait(browser, 10).until_not(
        expected_conditions.text_to_be_present_in_element((By.ID, "live-findings"), "KGI-MANDATORY-VA")
    )
    press(browser, "作成する")
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/work/plans/B-40-"))
    plan = Plan.objects.get()
    press(browser, "事前確認を依頼する")
    assert "事前確認依頼" in browser.find_element(By.TAG_NAME, "main").text
    shoot("2-precheck-requested")

    # 2. The reviewer finds it in the queue, judges every review finding and confirms the pre-check.
    sign_in(browser, base, "reviewer")
    browser.get(f"{base}/work/queue/")
    browser.find_element(By.PARTIAL_LINK_TEXT, plan.public_id).click()
    press(browser, "事前確認を始める")
    WebDriverWait(browser, 10).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "main"), "事前確認中")
    )
    count = len(browser.find_elements(By.CSS_SELECTOR, "input[name=verdict][value=met]"))
    assert count > 0
    for _ in range(count):  # a judged finding loses its form: the first form left is the next to judge
        radio = browser.find_elements(By.CSS_SELECTOR, "input[name=verdict][value=met]")[0]
        radio.click()
        radio.find_element(By.XPATH, "./ancestor::form").find_element(By.TAG_NAME, "button").click()
        WebDriverWait(browser, 10).until(gone(radio))
    assert browser.page_source.count("審査判断") >= count
    assert not browser.find_elements(By.CSS_SELECTOR, "input[name=verdict][value=met]")
    shoot("3-every-review-finding-judged")
    press(browser, "事前確認を完了する")
    assert "事前確認済" in browser.find_element(By.TAG_NAME, "main").text

    # 3. The author records the mayor's announcement and hands the plan to 福岡県, which submits it.
    sign_in(browser, base, "author")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    announce_and_submit(browser, base, plan)
    shoot("4-submitted-and-in-the-requirements-check")

    # 4. The secretariat publishes.
    press(browser, "公表する")
    plan.refresh_from_db()
    assert plan.state_enum is PlanState.PUBLISHED

    # 5. A citizen finds it on the portal without signing in.
    browser.delete_all_cookies()
    browser.get(f"{base}/?q=ロボット")
    browser.find_element(By.PARTIAL_LINK_TEXT, "北九州").click()
    assert "計画推進の核となる企業" in browser.page_source or "核となる" in browser.page_source
    shoot("5-published-on-the-portal")


def test_keyboard_and_zoom(
    browser: WebDriver, live_server: Any, staff: dict[str, Person], shoot: Shoot
) -> None:
    browser.get(f"{live_server.url}/")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "本文へ移動"  # the first Tab reaches the skip link
    # 200 % zoom of a 1280 px window is a 640 px viewport: nothing may need horizontal scrolling.
    browser.set_window_size(640, 900)
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    shoot("portal-at-200-percent")
    browser.set_window_size(1280, 900)
    assert overflow <= 0
