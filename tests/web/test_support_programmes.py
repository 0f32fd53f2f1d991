"""Support programmes read the plans (issue 11 §4; 002「(3)」, 001 第3章第1節 支援策): structured requests from a
list the secretariat keeps, shown and searchable; the bulk look-up of 法人番号 a grant system needs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiiki_mirai.analytics.bulk_lookup import MAX_NUMBERS, judge_number, read_numbers_csv
from chiiki_mirai.analytics.models import ReferenceEdition
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import read_plan_text
from chiiki_mirai.workflow.models import Plan, SupportProgramme, SupportRequestRecord
from chiiki_mirai.workflow.programmes import do_add_programme, do_set_programme_active
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import CLAIMED, LISTED, plan_text, signed_in

STRUCTURED = """      kpis: [k1]
      support_programs:
        - {programme: 地域未来交付金, ministry: 内閣府, fiscal_year: 2027, amount_requested: 1.2億円}
        - 自治体独自の補助金
"""


@pytest.fixture
def requesting(people: dict[str, Person]) -> Plan:
    """The sample B plan whose first measure requests one listed programme (structured) and one by name only."""
    text = plan_text()
    first_kpis = "      kpis: [k1]\n"
    assert first_kpis in text
    return services.do_create_plan(
        people["author"], read_plan_text("p.yaml", text.replace(first_kpis, STRUCTURED, 1))
    )


def test_requests_are_structured_indexed_and_shown(requesting: Plan, people: dict[str, Person]) -> None:
    rows = list(
        SupportRequestRecord.objects.filter(plan=requesting).values_list(
            "programme", "ministry", "fiscal_year", "amount_million_yen"
        )
    )
    assert rows == [("地域未来交付金", "内閣府", 2027, 120.0), ("自治体独自の補助金", "", None, None)]
    page = signed_in(people["author"]).get(f"/work/plans/{requesting.public_id}/").content.decode()
    assert "活用する国の支援策" in page and "2027年度" in page
    assert page.count("支援策の一覧にない名称") == 1  # the name-only request is not on the secretariat's list


def test_the_portal_finds_plans_by_the_programme_they_request(
    requesting: Plan, advance: Callable[[Plan, PlanState], Plan]
) -> None:
    advance(requesting, PlanState.PUBLISHED)
    found = Client().get("/", {"programme": "地域未来交付金"}).content.decode()
    assert requesting.title in found
    other = Client().get("/", {"programme": "大規模成長投資補助金"}).content.decode()
    assert requesting.title not in other
    page = Client().get(f"/plans/{requesting.public_id}/").content.decode()
    assert "活用する国の支援策" in page and "地域未来交付金" in page


def test_only_the_secretariat_keeps_the_list(people: dict[str, Person]) -> None:
    before = SupportProgramme.objects.count()
    for name in ("author", "compiler", "reporter"):
        with pytest.raises(Refused):
            do_add_programme(people[name], "新しい補助金", "経済産業省")
    with pytest.raises(Refused, match="一覧にあります"):
        do_add_programme(people["reviewer"], "地域未来交付金", "内閣府")
    assert SupportProgramme.objects.count() == before
    added = do_add_programme(people["reviewer"], " 新しい  補助金 ", "経済産業省", "2027年度創設")
    assert added.name == "新しい 補助金" and added.active
    do_set_programme_active(people["reviewer"], added, False)
    page = signed_in(people["reviewer"]).get("/work/programmes/").content.decode()
    assert "新しい 補助金" in page and "受付終了" in page


def test_check_digits_and_written_forms_of_numbers() -> None:
    assert judge_number("3-9999-0000-2101") == (LISTED, None)
    assert judge_number("３９９９９００００２１０１")[0] == LISTED  # full-width, as typed in Excel
    number, problem = judge_number("4999900002101")
    assert number == "" and problem is not None and "先頭の数字は 3" in problem.ja
    assert judge_number("12345")[1] is not None
    assert read_numbers_csv(
        "法人番号,企業名\r\n3999900002101,A\r\n\r\n2999900002102,B\r\n".encode("cp932")
    ) == [
        (2, "3999900002101"),
        (4, "2999900002102"),
    ]


def test_the_bulk_look_up_returns_a_csv_line_per_firm_and_plan(
    edition: ReferenceEdition,
    draft: Plan,
    people: dict[str, Person],
    advance: Callable[[Plan, PlanState], Plan],
) -> None:
    advance(draft, PlanState.PUBLISHED)
    upload = "法人番号\n3999900002101\n4999900002101\nabc\n2-9999-0000-2102\n9999900000013\n".encode()
    client = signed_in(people["reviewer"])
    response = client.post("/companies/lookup/bulk/", {"numbers": SimpleUploadedFile("n.csv", upload)})
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("行,入力値,法人番号,確認結果,参考リスト,計画ID")
    rows = [line.split(",") for line in lines[1:]]
    assert [(r[0], r[2], r[4], r[5]) for r in rows] == [
        ("2", LISTED, "掲載", draft.public_id),
        ("3", "", "", ""),
        ("4", "", "", ""),
        ("5", CLAIMED, "非掲載", draft.public_id),
        ("6", "", "", ""),  # the fixture's 東京 firm id is not a valid 法人番号: said on its line
    ]
    assert "検査数字が合いません" in rows[1][3] and "13桁" in rows[2][3]
    assert rows[0][10:12] == ["公表", "はい"]
    assert signed_in(people["author"]).post("/companies/lookup/bulk/", {}).status_code == 403


def test_the_bulk_look_up_api(
    edition: ReferenceEdition,
    draft: Plan,
    people: dict[str, Person],
    advance: Callable[[Plan, PlanState], Plan],
) -> None:
    advance(draft, PlanState.PUBLISHED)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(people['reviewer'], 'grants')}")
    response = api.post(
        "/api/companies/lookup", {"numbers": [LISTED, "4999900002101"]}, content_type="application/json"
    )
    assert response.status_code == 200
    first, second = response.json()
    assert (first["line"], first["reference_list"], first["problem"]) == (1, "掲載", None)
    assert [(p["id"], p["batch"], p["published"]) for p in first["plans"]] == [(draft.public_id, 1, True)]
    assert second["corporate_number"] == "" and "検査数字" in second["problem"]
    too_many = api.post(
        "/api/companies/lookup", {"numbers": [LISTED] * (MAX_NUMBERS + 1)}, content_type="application/json"
    )
    assert too_many.status_code == 422
    author = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(people['author'], 'x')}")
    assert (
        author.post(
            "/api/companies/lookup", {"numbers": [LISTED]}, content_type="application/json"
        ).status_code
        == 403
    )


def test_the_list_starts_with_the_seeds_programmes_by_kind_and_type(db: None) -> None:
    """Issue 20 §8: each programme states its kind and the plan types it serves, and the list starts with what 000
    and 002 name — 特区制度・地方創生伴走支援制度・計画策定支援 included; the packaged list (the CLI's) agrees."""
    from chiiki_mirai.plans.programmes import seeded_programmes

    listed = {p.name: (p.kind, p.plan_types) for p in SupportProgramme.objects.all()}
    seeded = {name: (p.kind.value, "".join(p.plan_types)) for name, p in seeded_programmes().items()}
    assert listed == seeded
    assert listed["地方創生伴走支援制度"] == ("accompaniment", "C")
    assert listed["特区制度を活用した規制・制度改革"] == ("special_zone", "ABC")
    assert listed["計画策定支援（ワンストップ相談窓口）"] == ("planning", "BC")
    assert listed["大規模成長投資補助金"] == ("review", "AB")


def test_a_programme_added_states_its_kind_and_types(people: dict[str, Person]) -> None:
    before = SupportProgramme.objects.count()
    for kind, types in (("loan", "B"), ("subsidy", ""), ("subsidy", "xyz")):
        with pytest.raises(Refused):
            do_add_programme(people["reviewer"], "新しい補助金", "経済産業省", "", kind, types)
    assert SupportProgramme.objects.count() == before
    reviewer = signed_in(people["reviewer"])
    reviewer.post(
        "/work/programmes/add/",
        {"name": "C向け補助金", "ministry": "中小企業庁", "kind": "subsidy", "plan_types": ["C"]},
    )
    added = SupportProgramme.objects.get(name="C向け補助金")
    assert (added.kind, added.plan_types) == ("subsidy", "C")
    page = reviewer.get("/work/programmes/").content.decode()
    row = page[page.index("<td>C向け補助金") :].split("</tr>", 1)[0]
    assert "補助金" in row and ">C<" in row


def test_a_plan_naming_a_programme_not_for_its_type_is_warned(people: dict[str, Person]) -> None:
    """SUPPORT-TYPE: a C plan claiming 審査上の考慮 (B's core firms, 002 ⑨) gets a warning naming it; the platform
    reads kinds and types from the secretariat's list (a programme the secretariat adds counts at once)."""
    from chiiki_mirai.analytics.reference import PLATFORM
    from chiiki_mirai.plans.io import load_path
    from chiiki_mirai.workflow.documents import findings_of
    from tests.conftest import EXAMPLES

    c_plan = load_path(EXAMPLES / "defective" / "c-support-programmes.yaml").document
    found = [f for f in findings_of(c_plan, access=PLATFORM) if f.rule == "SUPPORT-TYPE"]  # type: ignore[arg-type]
    assert [(f.path, f.severity.value) for f in found] == [
        ("policy.measures[0].support_programs[0].programme", "warning"),
        ("policy.measures[0].support_programs[1].programme", "warning"),
    ]
    assert "審査上の考慮" in found[0].message and "002 ⑨" in found[0].message
    # The secretariat's list decides on the platform: widening a programme to C silences its warning.
    SupportProgramme.objects.filter(name="地域産業構造転換インフラ整備推進交付金").update(plan_types="AC")
    again = [f.path for f in findings_of(c_plan, access=PLATFORM) if f.rule == "SUPPORT-TYPE"]  # type: ignore[arg-type]
    assert again == ["policy.measures[0].support_programs[0].programme"]
    good = load_path(EXAMPLES / "plans" / "b-fukushima-medical-devices.yaml").document
    assert not [f for f in findings_of(good, access=PLATFORM) if f.rule == "SUPPORT-TYPE"]  # type: ignore[arg-type]
