"""The author's journey against ``scripts/serve`` in production mode on PostgreSQL (issue 21): the stylesheets and
scripts load (no failed resource), the live check works over htmx, no CSP violation reaches the console (the
browser fixture's check), and the plan reaches the pre-check request."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.test_journeys import press, set_text, sign_in
from tests.conftest import ROOT
from tests.web.conftest import PASSWORD, plan_text
from tests.web.test_production import (  # noqa: F401  # postgres_database is a fixture
    free_port,
    postgres_database,
    production_env,
    start_serve,
)

pytestmark = pytest.mark.browser


def failed_resources(browser: WebDriver) -> list[str]:
    """Resources of the page that did not load (Chromium reports each one's HTTP status). The browser's own request
    for /favicon.ico is not the page's: the site has no icon, and Chromium asks whenever it likes."""
    entries = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus])"
    )
    return [
        f"{name} {status}"
        for name, status in entries
        if status and status >= 400 and not name.endswith("/favicon.ico")
    ]


def test_the_author_in_production(browser: WebDriver, tmp_path: Path, postgres_database: str) -> None:  # noqa: F811
    port = free_port()
    env = production_env(tmp_path, port, postgres_database)
    env["CHIIKI_MIRAI_ALLOWED_HOSTS"] = "localhost"  # a secure context for the Secure cookies over plain HTTP
    env["CHIIKI_MIRAI_BIND"] = f"127.0.0.1:{port}"
    base = f"http://localhost:{port}"
    serve = start_serve(env, tmp_path / "serve.log", base)
    try:
        code = (
            "from chiiki_mirai.web.demo import make_person; from chiiki_mirai.workflow.states import Role;"
            f"make_person('author', '401005', Role.AUTHOR, {PASSWORD!r})"
        )
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", code],
            env=env,
            cwd=ROOT,
            check=True,
        )
        browser.get(f"{base}/")
        assert not failed_resources(browser)
        # The stylesheet is applied: the header's 4 px key-colour rule (site.css), not the browser's default.
        header = browser.find_element(By.CSS_SELECTOR, ".site-header")
        assert header.value_of_css_property("border-bottom-width") == "4px"
        sign_in(browser, base, "author")
        browser.get(f"{base}/work/plans/new/")
        assert not failed_resources(browser)
        set_text(browser, "plan-text", plan_text(**{"kind: value_added": "kind: own"}))
        WebDriverWait(browser, 30).until(
            expected_conditions.text_to_be_present_in_element((By.ID, "live-findings"), "KGI-MANDATORY-VA")
        )
        set_text(browser, "plan-text", plan_text())
        WebDriverWait(browser, 30).until_not(
            expected_conditions.text_to_be_present_in_element((By.ID, "live-findings"), "KGI-MANDATORY-VA")
        )
        press(browser, "作成する")
        WebDriverWait(browser, 30).until(expected_conditions.url_contains("/work/plans/B-40-"))
        press(browser, "事前確認を依頼する")
        assert "事前確認依頼" in browser.find_element(By.TAG_NAME, "main").text
        assert not failed_resources(browser)
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=60)
