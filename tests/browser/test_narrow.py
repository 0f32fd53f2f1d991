"""Issue 22 §6 on a 390 px phone (Debian Chromium): nothing scrolls the page sideways — the public plan page, the
portal, the working page and every section form; a wide table scrolls inside its own box, its first column in view.
Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.form_layout import plan_sections
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_journeys import sign_in
from tests.web.conftest import advance, draft, fast_passwords, people  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: The page's own width beyond the window, and the elements (outside tables, which scroll in their boxes) that stick out.
OVERFLOW = (
    "const width = document.documentElement.clientWidth;"
    "return [document.documentElement.scrollWidth - width,"
    " Array.from(document.querySelectorAll('main *')).filter(e => !e.closest('table')"
    " && e.getBoundingClientRect().right > width + 1).map(e => e.tagName + '#' + e.id + '.' + e.className)];"
)


def test_nothing_scrolls_sideways_at_390_px(
    browser: WebDriver,
    live_server: Any,
    people: dict[str, Person],  # noqa: F811
    draft: Plan,  # noqa: F811
    advance: Callable[[Plan, PlanState], Plan],  # noqa: F811
) -> None:
    base = live_server.url
    browser.set_window_size(390, 900)
    try:
        sign_in(browser, base, "author")
        pages = [f"/work/plans/{draft.public_id}/sections/{i}/" for i, _ in plan_sections("B")]
        pages.append(f"/work/plans/{draft.public_id}/")
        for page in pages:
            browser.get(f"{base}{page}")
            assert browser.execute_script(OVERFLOW) == [0, []], page
        plan = advance(draft, PlanState.PUBLISHED)
        browser.delete_all_cookies()
        for page in (f"/plans/{plan.public_id}/", "/"):
            browser.get(f"{base}{page}")
            assert browser.execute_script(OVERFLOW) == [0, []], page
        # A wide table scrolls in its own box with its first column kept in view.
        browser.get(f"{base}/plans/{plan.public_id}/")
        table = browser.find_element(By.CSS_SELECTOR, "main table")
        assert browser.execute_script("return getComputedStyle(arguments[0]).overflowX", table) == "auto"
        first = table.find_element(By.CSS_SELECTOR, "tbody tr > :first-child")
        assert browser.execute_script("return getComputedStyle(arguments[0]).position", first) == "sticky"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SCREENSHOTS / "test_nothing_scrolls_sideways_at_390_px-public-plan.png"))
    finally:
        browser.set_window_size(1280, 900)


#: Tables in the page wider than their own box (those that would scroll inside it).
WIDER_THAN_BOX = (
    "return Array.from(document.querySelectorAll('main table'))"
    ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).map(t => t.id || t.className);"
)


def test_the_section_forms_fit_1280_px(
    browser: WebDriver,
    live_server: Any,
    people: dict[str, Person],  # noqa: F811
    draft: Plan,  # noqa: F811
) -> None:
    """Issue 22 §6: the measures grid fits 1280 px. A wide item (a measure, a KPI, a KGI, a core firm) is a card of
    labelled fields, so no section form scrolls sideways, the page nor a table in it."""
    base = live_server.url
    browser.set_window_size(1280, 900)
    sign_in(browser, base, "author")
    for index, _ in plan_sections("B"):
        browser.get(f"{base}/work/plans/{draft.public_id}/sections/{index}/")
        assert browser.execute_script(OVERFLOW) == [0, []], index
        assert browser.execute_script(WIDER_THAN_BOX) == [], index
    browser.get(f"{base}/work/plans/{draft.public_id}/sections/6/")
    measure = browser.find_element(By.ID, "field-policy.measures[0]")
    assert measure.tag_name == "fieldset" and "施策 1" in measure.find_element(By.TAG_NAME, "legend").text
    browser.execute_script("arguments[0].scrollIntoView()", measure)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "test_the_section_forms_fit_1280_px-measures.png"))
