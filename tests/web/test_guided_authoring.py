"""Authoring for officials who never saw YAML (issue 14 §3): a plan started from its type and title, one 記載項目 a
page with the seeds' items and an example beside it, progress by section, save and go on; and the blank workbook
a municipality downloads without an account."""

from __future__ import annotations

from django.test import Client

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.workbook import read_workbook
from chiiki_mirai.workflow.models import Plan
from tests.web.conftest import signed_in


def test_a_plan_starts_without_yaml_and_goes_section_by_section(people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    assert "項目ごとに入力" in client.get("/work/").content.decode()
    response = client.post("/work/plans/start/", {"plan_type": "C", "title": "北九州 地場産業成長プラン"})
    plan = Plan.objects.get()
    assert response["Location"] == f"/work/plans/{plan.public_id}/sections/1/"
    document = plan.current_revision().document
    assert (document["plan_type"], document["authors"]) == ("C", [{"code": "401005", "lead": True}])
    page = client.get(f"/work/plans/{plan.public_id}/sections/2/").content.decode()
    assert "政策文書が求める記載" in page and "1. 地場産業の成長を支援する分野" in page
    assert "002 2(2)① 記載項目" in page and "(1) 該当する作物・品種等" in page
    assert (
        "記載例: 燕三条 金属製品 地場産業成長プラン" in page
    )  # the C sample's same section, shown as an example
    assert "エラー" in page  # progress: sections with errors left are marked
    saved = client.post(
        f"/work/plans/{plan.public_id}/sections/7/",
        {
            "base_version": plan.version,
            "localization.policy": "地元人材の登用と技能の継承を進める",
            "then": "next",
        },
    )
    assert saved["Location"] == f"/work/plans/{plan.public_id}/sections/8/"
    plan.refresh_from_db()
    assert plan.current_revision().document["localization"]["policy"] == "地元人材の登用と技能の継承を進める"
    assert plan.revisions.count() == 2  # each step saved: leaving and coming back loses nothing
    client.cookies["django_language"] = "en"
    english = client.get(f"/work/plans/{plan.public_id}/sections/2/").content.decode()
    assert "(1) Crops, varieties and products concerned" in english  # the example in the reader's language


def test_only_authors_start_plans(people: dict[str, Person]) -> None:
    for name in ("compiler", "reviewer", "reporter"):
        assert signed_in(people[name]).get("/work/plans/start/").status_code == 403
    assert (
        signed_in(people["author"]).post("/work/plans/start/", {"plan_type": "X", "title": ""}).status_code
        == 200
    )
    assert Plan.objects.count() == 0


def test_the_blank_workbook_needs_no_account(db: None) -> None:
    response = Client().get("/forms/plan-C.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('plan-C.xlsx"')
    document = read_workbook(response.content, "plan-C.xlsx")
    assert isinstance(document, PlanDocument) and document.plan_type.value == "C"
    assert Client().get("/forms/plan-X.xlsx").status_code == 404
    assert "計画を準備するための Excel ブック" in Client().get("/open-data/").content.decode()


def test_the_forms_choices_read_as_words(people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    client.post("/work/plans/start/", {"plan_type": "C", "title": "t"})
    plan = Plan.objects.get()
    page = client.get(f"/work/plans/{plan.public_id}/sections/2/").content.decode()
    assert '<option value="overseas" >海外</option>' in page or 'value="overseas" >海外' in page
    assert ">higher_value<" not in page and ">付加価値の向上<" in page


def test_the_forms_read_in_english_for_an_english_reader(people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    client.post("/work/plans/start/", {"plan_type": "C", "title": "t"})
    plan = Plan.objects.get()
    client.cookies["django_language"] = "en"
    industry = client.get(f"/work/plans/{plan.public_id}/sections/2/").content.decode()
    assert "Industries (JSIC)" in industry and "日本標準産業分類" not in industry  # labels in English
    assert ">overseas<" in industry and ">海外<" not in industry  # choices in English
    assert ">Products<" in industry or "Products <code" in industry  # a table's caption
    assert "quoted in Japanese" in industry  # the seed's own words are kept, and said to be
    area = client.get(f"/work/plans/{plan.public_id}/sections/3/").content.decode()
    assert "Core entities" in area and "計画推進の核となる企業" not in area
