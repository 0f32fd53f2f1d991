"""Issue 14: a published plan of each type as people see it, in Japanese and English, and its printed PDF
(Chromium's own print to PDF) — kept under test-artifacts/ for a person to look at."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.remote.webdriver import WebDriver

from chiiki_mirai.web.demo import load_demo
from chiiki_mirai.workflow.models import Plan
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_journeys import Shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_published_plans_of_each_type_on_screen_and_in_print(
    browser: WebDriver, live_server: Any, shoot: Shoot
) -> None:
    load_demo()
    base = live_server.url
    plans = {p.plan_type: p for p in Plan.objects.filter(state="published").order_by("public_id")}
    assert set(plans) == {"A", "B", "C"}
    browser.delete_all_cookies()
    for language in ("ja", "en"):
        browser.get(f"{base}/language/{language}/")
        for plan_type, plan in sorted(plans.items()):
            browser.get(f"{base}/plans/{plan.public_id}/")
            heading = browser.find_element(By.CSS_SELECTOR, "section.plan-section h2").text
            assert heading.startswith("①" if plan_type == "A" else "1.")
            shoot(f"{plan_type}-{language}")
    for plan_type, plan in sorted(plans.items()):
        browser.get(f"{base}/plans/{plan.public_id}/print/")
        options = PrintOptions()
        options.page_width, options.page_height = 21.0, 29.7  # A4 in cm
        pdf = base64.b64decode(browser.print_page(options))
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 7  # a page per 記載項目 at least
        (SCREENSHOTS.parent / "pdf").mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS.parent / "pdf" / f"plan-{plan_type}.pdf").write_bytes(pdf)
