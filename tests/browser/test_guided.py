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
    document = plan.current_revision().document
    # Typed by name and as 和暦 (issue 22 §1), stored as codes and dates.
    assert (
        document["area"]["core_areas"] == ["401005"] and document["core_entities"][0]["location"] == "401005"
    )
    assert document["policy"]["measures"][0]["deadline"] == "2030-03-31"
    assert [t["period"] for t in document["policy"]["kpis"][0]["targets"]] == ["2028H2", "2030H2"]

    # The reviewer sends it back with a reason; the author sees it first on the home page, fixes and asks again.
    sign_in(browser, base, "reviewer")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
    press(browser, "事前確認を始める")
    browser.find_element(By.ID, "comment-send_back").send_keys(
        "相談窓口の体制（人員）を具体的に書いてください"
    )
    press(browser, "差し戻す")
    sign_in(browser, base, "author")
    todo = browser.find_element(By.ID, "todo-h").find_element(By.XPATH, "..").text
    assert "相談窓口の体制（人員）を具体的に書いてください" in todo
    shoot("3-the-reason-first-on-the-home-page")
    browser.get(f"{base}/work/plans/{plan.public_id}/sections/6/")
    fill(browser, "policy.support_structure.staff", "2")
    press(browser, "保存する")
    browser.get(f"{base}/work/plans/{plan.public_id}/")
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


def test_the_blank_workbook_filled_offline_becomes_the_plan(
    browser: WebDriver, live_server: Any, staff: dict[str, Person], tmp_path: Any
) -> None:
    """Issue 22 §4: the blank C form (as the portal serves it), filled in beside its labels with Excel's words (a
    municipality by name, a choice from its drop-down) and uploaded on 「文書から作成する」, is the plan meant."""
    import io

    from django.test import Client
    from openpyxl import load_workbook

    base = live_server.url
    book = load_workbook(io.BytesIO(Client().get("/forms/plan-C.xlsx").content))

    def beside(sheet: str, label: str, value: str) -> None:
        rows = book[sheet]
        row = next(r for r in range(2, rows.max_row + 1) if rows.cell(r, 1).value == label)
        rows.cell(row, 2, value)

    def in_table(sheet: str, heading: str, value: str) -> None:
        rows = book[sheet]
        column = next(c for c in range(1, rows.max_column + 1) if rows.cell(1, c).value == heading)
        rows.cell(2, column, value)

    beside("基本情報（策定主体・計画期間）", "計画名", "北九州 金属加工 地場産業成長プラン（Excel から）")
    in_table("策定主体", "策定主体の全国地方公共団体コード", "北九州市")
    in_table("策定主体", "共同作成の代表団体", "true")
    in_table("KGI", "ID", "va")
    in_table("KGI", "種類", "付加価値増加額")
    path = tmp_path / "plan-C.xlsx"
    book.save(path)
    sign_in(browser, base, "author")
    browser.get(f"{base}/work/plans/new/")
    browser.find_element(By.ID, "plan-file").send_keys(str(path))
    press(browser, "作成する")
    plan = Plan.objects.get()
    document = plan.current_revision().document
    assert plan.title == "北九州 金属加工 地場産業成長プラン（Excel から）" and plan.plan_type == "C"
    assert document["authors"][0]["code"] == "401005" and document["kgis"][0]["kind"] == "value_added"
