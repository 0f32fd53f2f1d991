"""The logic model page: public tree with statuses, actuals entered by national bodies, the plans feeding ア."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

import pytest
from django.test import Client

from chiiki_mirai.monitoring import services
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.models import LogicModelActual
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import publish_half_year, signed_in
from tests.web.test_monitoring import report

URL = "/logic-model/"


def row_of(page: str, indicator: str) -> str:
    """The table row of an indicator (its first series)."""
    start = page.index(f'id="ind-{indicator}"')
    return page[start : page.index("</tr>", start)]


def test_the_public_reads_the_tree(people: dict[str, Person]) -> None:
    page = Client().get(URL).content.decode()
    for heading in (
        "強い地域経済の構築",
        "アウトカム ア. 産業クラスターの形成",
        "アウトプット h. 人材育成",
        "横断的施策",
    ):
        assert heading in page
    assert "2,740地区（2026）" in row_of(page, "イ1") and "実績なし" in row_of(page, "イ1")
    assert 'name="value"' not in page  # no entry forms for the public


def test_a_reviewer_enters_an_actual_and_the_status_follows(people: dict[str, Person]) -> None:
    reviewer = signed_in(people["reviewer"])
    response = reviewer.post(URL, {"indicator": "イ1", "series": "value", "year": "2028", "value": "1,500"})
    assert (response.status_code, unquote(response["Location"])) == (302, f"{URL}#ind-イ1")
    assert "遅れ" in row_of(Client().get(URL).content.decode(), "イ1")  # 1,500 against 1,370 on the line
    reviewer.post(
        URL, {"indicator": "イ1", "series": "value", "year": "2028", "value": "1300", "note": "訂正"}
    )
    row = row_of(Client().get(URL).content.decode(), "イ1")
    assert (
        "順調" in row and "1,300地区（2028）" in row
    )  # the correction counts, and the public sees it at once
    assert LogicModelActual.objects.count() == 2  # both entries kept


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"indicator": "イ1", "series": "value", "year": "2028", "value": "abc"},
            "イ1 の実績値: 数値を入力してください（入力: abc）",
        ),
        (
            {"indicator": "イ1", "series": "value", "year": "20x", "value": "1"},
            "イ1 の年: 2000〜2100 の西暦で入力してください",
        ),
        (
            {"indicator": "I1", "series": "value", "year": "2027", "value": "1.2"},
            "I1 の比較対象（東京圏の伸び率）: 値を入力してください",
        ),
        ({"indicator": "I3", "series": "men", "year": "2027", "value": "1"}, "I3: 系列 men はありません"),
        ({"indicator": "Z9", "series": "value", "year": "2027", "value": "1"}, "指標 Z9 はありません"),
        ({"indicator": "イ1", "series": "value", "year": "2028", "value": "nan"}, "数値を入力してください"),
    ],
)
def test_bad_entries_are_refused_with_where(
    people: dict[str, Person], form: dict[str, str], message: str
) -> None:
    page = signed_in(people["reviewer"]).post(URL, form, follow=True).content.decode()
    assert message in page
    assert LogicModelActual.objects.count() == 0


@pytest.mark.parametrize("role", ["author", "compiler"])
def test_only_national_bodies_enter_actuals(people: dict[str, Person], role: str) -> None:
    form = {"indicator": "イ1", "series": "value", "year": "2028", "value": "1"}
    assert signed_in(people[role]).post(URL, form).status_code == 403
    assert Client().post(URL, form).status_code == 403
    assert LogicModelActual.objects.count() == 0


def test_the_plans_roll_up_feeds_outcome_a(
    draft: Plan, advance: Callable[[Plan, PlanState], Plan], people: dict[str, Person]
) -> None:
    published = advance(draft, PlanState.PUBLISHED)
    document = load(source_from_text("r.yaml", report(published, "2027H2", 60, capex=30)))
    assert isinstance(document, ProgressReport)
    services.do_submit_progress(people["author"], published, document)
    publish_half_year(people["reviewer"], "2027H2")  # the page is public: published half-years only
    page = Client().get(URL).content.decode()
    feed = page[page.index('class="plans-feed"') :]
    capex = feed[feed.index("官民設備投資額") : feed.index("</tr>", feed.index("官民設備投資額"))]
    assert "30億円" in capex and "2027" in capex  # reported capex of 30億円 in FY2027, from one plan


def test_in_english(people: dict[str, Person]) -> None:
    reader = Client()
    reader.get("/language/en/")
    page = reader.get(URL).content.decode()
    assert "Logic model of the Regional Future Strategy" in page
    assert "no actual" in row_of(page, "イ1") and "実績なし" not in page  # statuses said in English too
    assert "5,000人 every year" not in page and "at least 5,000 人 every year" in row_of(page, "h1")
