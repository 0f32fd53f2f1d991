"""Type A as 001 A(4)(5) writes it, in a real browser: 九州経済産業局 writes and publishes its block draft; 広島県 and
愛媛県 (the 中国 draft published beforehand) propose jointly; 内閣官房 accepts, formulates, completes and publishes
the plan; the report requests go to 国土交通省 and 愛媛県; both report; the merged half-year shows both; the
results become public once the secretariat records the vice-ministers' meeting. Screenshots in
test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from chiiki_mirai.formulation import services as formulation
from chiiki_mirai.formulation.models import BlockDraft, ProjectProposal
from chiiki_mirai.monitoring.models import ProgressRecord, ReportRequest
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.periods import period_label
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.browser.test_journeys import press, set_text, sign_in
from tests.conftest import EXAMPLES
from tests.formulation.conftest import cast, draft_document, fast_passwords, on  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Shoot = Callable[[str], Path]


def main_text(browser: WebDriver) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def fill(browser: WebDriver, values: dict[str, str]) -> None:
    """Type each value into the form field of that name (set at once, as a person's paste would)."""
    for name, value in values.items():
        field = browser.find_element(By.NAME, name)
        browser.execute_script("arguments[0].value = arguments[1];", field, value)


def last_ended_half_year() -> str:
    today = dt.date.today()
    return f"{today.year}H1" if today.month >= 10 else f"{today.year - 1}H{1 if today.month <= 3 else 2}"


def test_type_a_from_block_draft_to_published_results(
    browser: WebDriver,
    live_server: Any,
    cast: dict[str, Person],  # noqa: F811
    shoot: Shoot,
) -> None:
    base = live_server.url
    # The 中国 block's draft is published beforehand by its bureau (the 九州 one is written in the browser below).
    chugoku = formulation.do_save_block_draft(cast["chugoku_bureau"], draft_document("chugoku"))
    formulation.do_publish_block_draft(cast["chugoku_bureau"], chugoku, now=on(4, 25))

    # 1. 九州経済産業局 writes its block's draft and publishes it.
    sign_in(browser, base, "kyushu_bureau")
    browser.get(f"{base}/formulation/drafts/new/text/")
    set_text(
        browser, "document-text", (EXAMPLES / "block-drafts" / "kyushu.yaml").read_text(encoding="utf-8")
    )
    press(browser, "保存する")
    assert "素案 BD-kyushu-1 を保存しました" in browser.page_source
    press(browser, "検討会で採択された素案として公表する")
    assert BlockDraft.objects.get(public_id="BD-kyushu-1").state == "published"
    assert "熊本県北部半導体クラスター" in main_text(browser)
    shoot("1-block-draft-published")

    # 2. 広島県 proposes for the 中国 draft's candidate, jointly with 愛媛県, in the form (no YAML); then submits.
    sign_in(browser, base, "hiroshima")
    browser.get(f"{base}/formulation/drafts/BD-chugoku-1/")
    browser.find_element(By.LINK_TEXT, "この候補に提案する").click()
    assert (
        browser.find_element(By.NAME, "authors[0].code").get_attribute("value") == "広島県"
    )  # started for us, by name (issue 22 §1)
    fill(
        browser,
        {
            "title": "瀬戸内造船 候補プロジェクト提案",
            "authors[1].code": "380008",
            "joint_reason": "造船所と舶用工業の取引が両県にまたがり密接不可分なため",
            "roadmap_alignment": "建造能力の回復とゼロエミッション船の量産体制の構築に対応する",
            "draft_alignment": "中国地方ブロックの素案の候補「瀬戸内造船クラスター」",
            "international_advantage": "国内最大の造船集積と舶用工業の部品供給網",
            "core_projects[0].description": "大型ドックの新設",
            "core_projects[0].ministry": "国土交通省",
            "core_projects[0].department": "海事局 船舶産業課",
            "core_projects[0].company": "芸予造船株式会社（架空）",
            "core_projects[0].total_investment": "1,500億円",
            "core_projects[0].investment_fy": "2027",
            "core_projects[0].operation_fy": "2029",
            "core_projects[0].adopted_support": "造船業再生補助（採択済み・架空）",
        },
    )
    press(browser, "保存する")
    assert "提案 PP-34-0001 を保存しました" in browser.page_source
    assert "広島県・愛媛県" in main_text(browser)
    press(browser, "内閣官房・経済産業省に提出する")
    assert ProjectProposal.objects.get().state == "submitted"
    shoot("2-joint-proposal-submitted")

    # 3. 内閣官房 accepts it with reasons and formulates the plan from the draft's candidate.
    sign_in(browser, base, "cas")
    browser.get(f"{base}/formulation/proposals/PP-34-0001/")
    browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=accept]").click()
    browser.find_element(By.ID, "reasons").send_keys("官民投資ロードマップと計画の素案の両方に整合する")
    press(browser, "判断を記録する")
    assert ProjectProposal.objects.get().state == "accepted"
    browser.get(f"{base}/formulation/drafts/BD-chugoku-1/")
    press(browser, "計画を策定する")
    plan = Plan.objects.get(plan_type="A")
    assert (
        plan.state_enum is PlanState.FORMULATING and f"/work/plans/{plan.public_id}/" in browser.current_url
    )

    # 4. The secretariat writes the plan's text (KGIs, KPIs, 5W1H), judges the review findings and publishes it.
    browser.get(f"{base}/work/plans/{plan.public_id}/edit/")
    set_text(
        browser,
        "plan-text",
        (EXAMPLES / "plans" / "a-setouchi-shipbuilding.yaml").read_text(encoding="utf-8"),
    )
    press(browser, "保存する")
    while forms := browser.find_elements(By.CSS_SELECTOR, "form[action$='/judge/']"):
        forms[0].find_element(By.CSS_SELECTOR, "input[value=met]").click()
        press(browser, "判断を記録する")
    assert "首長による公表を記録する" not in browser.page_source  # no head's announcement for type A
    press(browser, "策定した計画を公表する")
    assert Plan.objects.get(pk=plan.pk).state_enum is PlanState.PUBLISHED
    shoot("3-formulated-and-published")

    # 5. Report requests go to every 5W1H owner: 愛媛県 (m1) and 国土交通省 (m2).
    period = last_ended_half_year()
    browser.get(f"{base}/progress/requests/?period={period}")
    press(browser, f"{period} の依頼を、公表されたA計画の施策の担当機関すべてに送る")
    owners = sorted(ReportRequest.objects.values_list("organisation__code", flat=True))
    assert owners == ["380008", "N-MLIT"]

    # 6. Both report on their own measures, each from its inbox.
    for who, text in (
        (
            "mlit",
            f"format: chiiki-mirai/progress@1\nplan: {plan.public_id}\nperiod: {period}\nmeasures:\n  - {{id: m2, status: delayed, bottleneck: ドック用地の地盤改良, remedy: 工法の変更}}\nkpis:\n  - {{id: k2, actual: 0}}\n",
        ),
        (
            "ehime",
            f"format: chiiki-mirai/progress@1\nplan: {plan.public_id}\nperiod: {period}\nmeasures:\n  - {{id: m1, status: on_track}}\nkpis:\n  - {{id: k1, actual: 160}}\n",
        ),
    ):
        sign_in(browser, base, who)
        browser.get(f"{base}/progress/requests/")
        browser.find_element(By.LINK_TEXT, plan.public_id).click()
        set_text(browser, "report-text", text)
        press(browser, "提出する")
        assert f"{period_label(period)} の進捗報告を受け付けました" in browser.page_source
    assert ProgressRecord.objects.count() == 2
    history = main_text(browser)
    assert "国土交通省・愛媛県" in history or "愛媛県・国土交通省" in history
    shoot("4-merged-half-year")

    # 7. Not public until the secretariat records the meeting; then the page and its open data are.
    browser.delete_all_cookies()
    browser.get(f"{base}/progress/results/{period}/")
    assert "ドック用地の地盤改良" not in browser.page_source
    sign_in(browser, base, "cas")
    browser.get(f"{base}/progress/results/")
    browser.execute_script(f"document.getElementById('meeting_date').value = '{dt.date.today().isoformat()}'")
    press(browser, "公表する")
    browser.delete_all_cookies()
    browser.get(f"{base}/progress/results/{period}/")
    text = main_text(browser)
    assert "ドック用地の地盤改良" in text and "工法の変更" in text
    shoot("5-results-public")
