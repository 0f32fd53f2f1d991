"""PDCA in a real browser: an author reports a half-year with a delayed measure (refused until its cause and
remedy are given); the secretariat reads the dashboards, the roll-up and the logic model, generates the
compilation and watches its progress; the public reads the investment map. Screenshots in
test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from chiiki_mirai.monitoring.models import Compilation, ProgressRecord
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.periods import period_label
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.browser.test_journeys import press, set_text, sign_in
from tests.web.conftest import advance, draft, fast_passwords, people  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Shoot = Callable[[str], Path]


def last_ended_half_year() -> str:
    today = dt.date.today()  # H1 (April–September) ends in September, H2 in March
    return f"{today.year}H1" if today.month >= 10 else f"{today.year - 1}H{1 if today.month <= 3 else 2}"


def half_year_before(period: str) -> str:
    year, half = int(period[:4]), period[-1]
    return f"{year}H1" if half == "2" else f"{year - 1}H2"


def publish(browser: WebDriver, base: str, period: str) -> None:
    """The secretariat records that ``period``'s results were reported to the meeting today, and publishes them."""
    sign_in(browser, base, "reviewer")
    browser.get(f"{base}/progress/results/")
    Select(browser.find_element(By.ID, "period")).select_by_visible_text(period)
    browser.execute_script(f"document.getElementById('meeting_date').value = '{dt.date.today().isoformat()}'")
    press(browser, "公表する")
    assert f"/progress/results/{period}/" in browser.current_url


def report_text(plan: Plan, period: str, *, with_cause: bool, capex: int = 120) -> str:
    cause = (
        ", bottleneck: 用地取得の遅れ, remedy: 県の土地開発公社による先行取得に切り替える"
        if with_cause
        else ""
    )
    return (
        f"format: chiiki-mirai/progress@1\nplan: {plan.public_id}\nperiod: {period}\n"
        "kpis:\n  - {id: k1, actual: 0}\n  - {id: k2, actual: 25}\n"
        f"measures:\n  - {{id: m1, status: delayed{cause}}}\n  - {{id: m2, status: on_track}}\n"
        f"kgis:\n  - {{id: capex, actual: {capex}, fy: {period[:4]}}}\n"
    )


def test_reporting_and_reading_the_pdca(
    browser: WebDriver,
    live_server: Any,
    people: dict[str, Person],  # noqa: F811
    draft: Plan,  # noqa: F811
    advance: Callable[[Plan, PlanState], Plan],  # noqa: F811
    shoot: Shoot,
) -> None:
    base = live_server.url
    plan = advance(draft, PlanState.PUBLISHED)
    # Two half-years that have ended: the first is published, corrected, and the second published after it.
    period, following = half_year_before(last_ended_half_year()), last_ended_half_year()

    # 1. The author reports a delayed measure without its cause: refused, nothing stored.
    sign_in(browser, base, "author")
    browser.get(f"{base}/progress/plans/{plan.public_id}/")
    set_text(browser, "report-text", report_text(plan, period, with_cause=False))
    press(browser, "提出する")
    assert "遅延している施策「m1」" in browser.find_element(By.TAG_NAME, "main").text
    assert ProgressRecord.objects.count() == 0
    shoot("1-delay-without-cause-refused")

    # 2. With the cause and the remedy it is accepted, and the dashboard shows it.
    set_text(browser, "report-text", report_text(plan, period, with_cause=True))
    press(browser, "提出する")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert f"{period_label(period)} の進捗報告を受け付けました" in browser.page_source
    assert "用地取得の遅れ" in main and "先行取得に切り替える" in main
    assert len(browser.find_elements(By.CSS_SELECTOR, "main svg")) >= 2  # KPI charts
    shoot("2-reported-dashboard")

    # 3. The secretariat publishes the half-year after the meeting; then the dashboards, roll-up and logic model.
    publish(browser, base, period)
    browser.get(f"{base}/progress/prefectures/40/")
    assert plan.public_id in browser.find_element(By.TAG_NAME, "main").text
    shoot("3-prefecture-dashboard")
    browser.get(f"{base}/progress/rollup/")
    assert "官民設備投資額" in browser.find_element(By.TAG_NAME, "main").text
    shoot("4-national-rollup")
    browser.get(f"{base}/logic-model/")
    feed = browser.find_element(By.CSS_SELECTOR, ".plans-feed").text
    assert "120億円" in feed  # the reported capex feeds outcome ア
    shoot("5-logic-model")

    # 4. The compilation: started in the page, generated by the worker, its row updated by htmx polling.
    browser.get(f"{base}/progress/compilations/")
    Select(browser.find_element(By.ID, "period")).select_by_value(period)
    press(browser, "取りまとめを作成する")
    run = Compilation.objects.get()
    assert "待機中" in browser.find_element(By.ID, f"run-{run.pk}").text
    call_command(
        "db_worker", "--batch", "--no-startup-delay", verbosity=0
    )  # the browser keeps polling meanwhile
    WebDriverWait(browser, 10).until(
        expected_conditions.text_to_be_present_in_element((By.ID, f"run-{run.pk}"), "完了")
    )
    shoot("6-compilation-done")
    browser.find_element(By.PARTIAL_LINK_TEXT, "報告書").click()
    browser.switch_to.window(browser.window_handles[-1])
    body = browser.find_element(By.TAG_NAME, "body").text
    assert (
        "用地取得の遅れ" in body and "判断待ち" not in body
    )  # k1 at 0 is not yet judged against a threshold
    shoot("7-compilation-report")
    browser.close()
    browser.switch_to.window(browser.window_handles[0])

    # 5. The public: the investment map with Fukuoka filled and a point at Kitakyushu.
    browser.delete_all_cookies()
    browser.get(f"{base}/map/?measure=realised")
    assert browser.find_element(By.CSS_SELECTOR, 'path[data-pref="40"]').get_attribute("fill") not in {
        "",
        None,
    }
    assert "北九州市" in browser.page_source
    shoot("8-investment-map")

    # 6. Issue 20 §2: the author corrects the published half-year. The public reads the results as published; the
    #    secretariat sees the correction waiting; it becomes public with the next half-year's publication.
    results = f"{base}/progress/results/{period}/"
    sign_in(browser, base, "author")
    browser.get(f"{base}/progress/plans/{plan.public_id}/")
    set_text(browser, "report-text", report_text(plan, period, with_cause=True, capex=150))
    press(browser, "提出する")
    browser.delete_all_cookies()
    browser.get(results)
    assert not browser.find_elements(By.ID, "corrections")
    browser.get(f"{base}/logic-model/")
    assert "120億円" in browser.find_element(By.CSS_SELECTOR, ".plans-feed").text
    sign_in(browser, base, "reviewer")
    browser.get(results)
    waiting = browser.find_element(By.ID, "corrections").text
    assert "未公表" in waiting and "150" in waiting
    shoot("9-correction-waiting-for-the-next-publication")
    sign_in(browser, base, "author")
    browser.get(f"{base}/progress/plans/{plan.public_id}/")
    set_text(browser, "report-text", report_text(plan, following, with_cause=True, capex=150))
    press(browser, "提出する")
    publish(browser, base, following)
    browser.delete_all_cookies()
    browser.get(results)
    released = browser.find_element(By.ID, "corrections").text
    assert f"{period_label(following)} の公表とともに公表" in released and "未公表" not in released
    assert "120" in browser.find_element(By.CSS_SELECTOR, "article.result").text  # as published, still
    shoot("10-correction-published-with-the-next-half-year")
    browser.get(f"{base}/progress/results/{following}/")
    assert period_label(period) in browser.find_element(By.ID, "released-h").find_element(By.XPATH, "..").text


def test_a_half_year_reported_through_its_form(
    browser: WebDriver,
    live_server: Any,
    people: dict[str, Person],  # noqa: F811
    draft: Plan,  # noqa: F811
    advance: Callable[[Plan, PlanState], Plan],  # noqa: F811
    shoot: Shoot,
) -> None:
    """Issue 22 §1: an official reports without YAML or Excel — the half-year chosen in words on the dashboard, each
    KPI's actual typed beside its planned trajectory (with its unit: 「140人」), each measure's status picked in words;
    a figure that does not read stays in place with its message; then the report is received. axe-core finds no
    serious or critical violation on the form; screenshots at 1280 and 390 px."""
    from tests.browser.test_accessibility import critical_violations
    from tests.browser.test_guided import fill

    base = live_server.url
    plan = advance(draft, PlanState.PUBLISHED)
    sign_in(browser, base, "author")
    browser.get(f"{base}/progress/plans/{plan.public_id}/")
    choice = Select(browser.find_element(By.ID, "form-period")).first_selected_option
    period_words = choice.text
    assert "年度" in period_words and "H" not in period_words  # the half-year in words
    press(browser, "報告を入力する")
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/report/"))
    assert browser.find_elements(By.ID, "kpis-k1") and critical_violations(browser) == []
    fill(browser, "kpis.k1.actual", "六十")
    fill(browser, "kpis.k2.actual", "140人")
    Select(browser.find_element(By.NAME, "measures.m1.status")).select_by_visible_text("順調")
    Select(browser.find_element(By.NAME, "measures.m2.status")).select_by_visible_text("完了")
    press(browser, "提出する")
    assert browser.find_element(By.NAME, "kpis.k1.actual").get_attribute("value") == "六十"
    assert (
        "数値として読めません" in browser.find_element(By.ID, "problems-h").find_element(By.XPATH, "..").text
    )
    assert ProgressRecord.objects.count() == 0 and critical_violations(browser) == []
    browser.set_window_size(390, 900)
    try:
        assert (
            browser.execute_script("return document.documentElement.scrollWidth") <= 390
        )  # no sideways scroll
    finally:
        browser.set_window_size(1280, 900)
    shoot("1-a-figure-that-does-not-read-in-place")  # at 1280 and 390 px
    fill(browser, "kpis.k1.actual", "60")
    press(browser, "提出する")
    assert (
        f"/progress/plans/{plan.public_id}/" in browser.current_url and "/report/" not in browser.current_url
    )
    record = ProgressRecord.objects.get()
    assert [(k["id"], k["actual"]) for k in record.document["kpis"]] == [("k1", 60), ("k2", 140)]
    assert f"{period_words} の進捗報告を受け付けました" in browser.page_source
    shoot("2-received")
