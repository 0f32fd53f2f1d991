"""A real Chromium (Debian's, through its own chromedriver) against the live Django server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow.states import Role
from tests.conftest import ROOT
from tests.web.conftest import PASSWORD

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail("chromium と chromedriver がありません: scripts/setup-browser を実行してください。")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=ja",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, for CSP violations
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def no_csp_violation(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every browser journey runs under the enforced Content-Security-Policy; a violation the console reports (an
    inline script, a foreign source) fails the test that caused it."""
    if "browser" not in request.fixturenames:
        yield
        return
    driver: Any = request.getfixturevalue("browser")  # a Chrome driver: get_log is Chromium's
    driver.get_log("browser")  # what earlier tests left
    yield
    violations = [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    assert not violations, violations


@pytest.fixture
def shoot(browser: WebDriver, request: pytest.FixtureRequest) -> Iterator[object]:
    """Save full-page screenshots under test-artifacts/screenshots/: <test>-<step>.png at 1280 px and
    <test>-<step>-390px.png on a phone's width (issue 22: both widths for every journey's step)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(step: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{step}.png"
        try:
            for width, name in ((1280, path), (390, path.with_name(f"{path.stem}-390px.png"))):
                browser.set_window_size(width, 900)
                height = browser.execute_script("return document.documentElement.scrollHeight")
                browser.set_window_size(width, min(max(int(height), 900), 6000))
                browser.save_screenshot(str(name))
        finally:
            browser.set_window_size(1280, 900)
        return path

    yield save


@pytest.fixture
def staff(transactional_db: None, settings: Any) -> dict[str, Person]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return {
        "author": make_person("author", "401005", Role.AUTHOR, PASSWORD),
        "compiler": make_person("compiler", "400009", Role.COMPILER, PASSWORD),
        "reviewer": make_person("reviewer", "N-CAS", Role.REVIEWER, PASSWORD),
    }
