"""Issue 14: an accessibility check of the main pages with axe-core (vendored, tests/browser/vendor/axe-core) run in
Debian's Chromium: no serious or critical violation (issue 22), the new forms included."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from chiiki_mirai.web.demo import load_demo
from chiiki_mirai.workflow.models import Plan
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
AXE = (ROOT / "tests" / "browser" / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def critical_violations(browser: WebDriver) -> list[tuple[str, str]]:
    browser.execute_script(AXE)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done([{id: String(e), impact: 'critical', nodes: []}]));"
    )
    return [
        (v["id"], "; ".join(n["target"][0] if n.get("target") else "" for n in v["nodes"][:3]))
        for v in result
        if v.get("impact") in ("critical", "serious")  # issue 22: serious ones too
    ]


def test_the_main_pages_have_no_critical_violation(
    browser: WebDriver, live_server: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    passwords = load_demo()
    assert passwords is not None
    base = live_server.url
    plan = Plan.objects.filter(state="published").order_by("public_id").first()
    assert plan is not None
    browser.delete_all_cookies()
    public = ["/", f"/plans/{plan.public_id}/", "/map/", "/logic-model/", "/open-data/", "/formulation/"]
    public += ["/formulation/drafts/BD-kyushu-1/", "/progress/results/"]
    found: dict[str, list[tuple[str, str]]] = {}
    for path in public:
        browser.get(base + path)
        found[path] = critical_violations(browser)
    browser.delete_all_cookies()
    browser.get(f"{base}/accounts/login/")
    browser.find_element(By.ID, "id_username").send_keys("author")
    browser.find_element(By.ID, "id_password").send_keys(passwords["author"] + Keys.ENTER)
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/work/"))
    draft = Plan.objects.get(state="draft")
    for path in [
        "/work/",
        "/work/plans/start/",
        f"/work/plans/{draft.public_id}/",
        f"/work/plans/{draft.public_id}/sections/2/",
        f"/work/plans/{draft.public_id}/sections/3/",  # places by name, their type-ahead
        f"/work/plans/{draft.public_id}/sections/6/",  # the KPI targets' grid
        "/work/notifications/",
    ]:
        browser.get(base + path)
        found[path] = critical_violations(browser)
    assert {path: v for path, v in found.items() if v} == {}
