"""Authoring by section: every section's form saves back exactly what it showed; tables edit rows in place."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.form_layout import plan_sections
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.plans.test_workbook import meaning
from tests.web.conftest import signed_in

_INPUT = re.compile(r'<input (?:id="[^"]*" )?name="([^"]+)" value="([^"]*)"')
_TEXTAREA = re.compile(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>', re.S)
_SELECT = re.compile(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def form_values(html: str) -> dict[str, str]:
    """What a browser would submit unchanged: every input's current value."""
    values = {unescape(n): unescape(v) for n, v in _INPUT.findall(html)}
    values |= {unescape(n): unescape(v) for n, v in _HIDDEN.findall(html)}
    values |= {unescape(n): unescape(v) for n, v in _TEXTAREA.findall(html)}
    for name, options in _SELECT.findall(html):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        values[unescape(name)] = unescape(chosen.group(1)) if chosen else ""
    return values


@pytest.mark.parametrize("index", [i for i, _ in plan_sections()])
def test_saving_a_section_unchanged_keeps_the_plan(
    index: int, draft: Plan, people: dict[str, Person]
) -> None:
    client = signed_in(people["author"])
    url = f"/work/plans/{draft.public_id}/sections/{index}/"
    page = client.get(url)
    assert page.status_code == 200
    before = draft.current_revision().document
    response = client.post(url, form_values(page.content.decode()))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert meaning(draft.current_revision().document) == meaning(before)


def test_a_kgi_row_is_edited_added_and_deleted_in_place(draft: Plan, people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    url = f"/work/plans/{draft.public_id}/sections/4/"
    values = form_values(client.get(url).content.decode())
    count = len(draft.current_revision().document["kgis"])
    values["kgis[0].target.value"] = "9999"
    values[f"kgis[{count}].id"] = "KGI-NEW"  # the blank row at the end
    values[f"kgis[{count}].kind"] = "own"
    values[f"kgis[{count}].name"] = "新しい指標"
    values["kgis[1].__delete"] = "on"
    assert client.post(url, values).status_code == 302
    draft.refresh_from_db()
    kgis = draft.current_revision().document["kgis"]
    assert len(kgis) == count and kgis[0]["target"]["value"] == 9999 and kgis[-1]["id"] == "KGI-NEW"


def test_a_wrong_value_is_shown_beside_its_field_and_nothing_is_saved(
    draft: Plan, people: dict[str, Person]
) -> None:
    client = signed_in(people["author"])
    url = f"/work/plans/{draft.public_id}/sections/1/"
    values = form_values(client.get(url).content.decode())
    values["period.start_fy"] = "いつか"
    response = client.post(url, values)
    assert response.status_code == 422
    body = response.content.decode()
    field = body.split('id="field-period.start_fy"', 1)[1].split("</div>", 1)[0]
    assert 'class="field-error"' in field
    assert draft.revisions.count() == 1


def test_only_authors_may_open_section_forms(draft: Plan, people: dict[str, Person]) -> None:
    assert (
        signed_in(people["other_author"]).get(f"/work/plans/{draft.public_id}/sections/1/").status_code == 404
    )
    assert signed_in(people["author"]).get(f"/work/plans/{draft.public_id}/sections/99/").status_code == 404


def test_a_kpis_targets_and_a_measures_programmes_are_written_in_a_grid(
    draft: Plan, people: dict[str, Person]
) -> None:
    """No JSON, no bars to type (issue 22 §1): a KPI's targets as a grid, a row per half-year and a column for the
    value; a measure's programmes likewise (名称・府省庁・年度・要望額). The text form (a line per item, 「半期 | 値」)
    is still read where it is posted (the API, a value typed before)."""
    client = signed_in(people["author"])
    url = f"/work/plans/{draft.public_id}/sections/6/"
    page = client.get(url).content.decode()
    values = form_values(page)
    assert "policy.kpis[0].targets" not in values and values["policy.kpis[0].targets[0].period"]
    grid = page[page.index('<table class="grid" id="policy.kpis[0].targets">') :].split("</table>", 1)[0]
    assert '<th scope="col">半期</th><th scope="col">値</th>' in grid
    for key in [
        k for k in values if k.startswith(("policy.kpis[0].targets[", "policy.measures[0].support_programs["))
    ]:
        values[key] = ""
    values |= {
        "policy.kpis[0].targets[0].period": "2027H1",
        "policy.kpis[0].targets[0].value": "10",
        "policy.kpis[0].targets[2].period": "2027H2",  # a row left empty between is skipped
        "policy.kpis[0].targets[2].value": "２０",
        "policy.measures[0].support_programs[0].programme": "ものづくり補助金",
        "policy.measures[0].support_programs[0].ministry": "経済産業省",
        "policy.measures[0].support_programs[0].fiscal_year": "2027",
        "policy.measures[0].support_programs[0].amount_requested": "300",
        "policy.measures[0].support_programs[1].programme": "事業承継補助金",
    }
    assert client.post(url, values).status_code == 302
    draft.refresh_from_db()
    policy = draft.current_revision().document["policy"]
    assert policy["kpis"][0]["targets"] == [
        {"period": "2027H1", "value": 10},
        {"period": "2027H2", "value": 20},
    ]
    assert policy["measures"][0]["support_programs"] == [
        {
            "programme": "ものづくり補助金",
            "ministry": "経済産業省",
            "fiscal_year": 2027,
            "amount_requested": 300,
        },
        {"programme": "事業承継補助金"},
    ]
    shown = form_values(client.get(url).content.decode())
    assert [shown[f"policy.kpis[0].targets[{i}].{p}"] for i in (0, 1) for p in ("period", "value")] == [
        "2027H1",
        "10",
        "2027H2",
        "20",
    ]
    assert shown["policy.kpis[0].targets[2].period"] == ""  # empty rows to add to
    # The text form still reads (a line per item).
    text = form_values(client.get(url).content.decode())
    text["policy.kpis[0].targets"] = "2027H1 | 11\n\n2027H2｜21\n"
    assert client.post(url, text).status_code == 302
    draft.refresh_from_db()
    assert draft.current_revision().document["policy"]["kpis"][0]["targets"][1] == {
        "period": "2027H2",
        "value": 21,
    }


def test_a_line_with_too_many_parts_is_refused_where_it_is(draft: Plan, people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    url = f"/work/plans/{draft.public_id}/sections/6/"
    values = form_values(client.get(url).content.decode())
    values["policy.kpis[0].targets"] = "2027H1 | 10\n2027H2 | 20 | 30"
    values["policy.challenges"] = "書きかけの課題"
    response = client.post(url, values)
    assert response.status_code == 422
    body = response.content.decode()
    assert "2行目: 区切り「|」が多すぎます（1行に1件: 半期 | 値）" in body
    # Nothing typed is lost: the bad cell and the other fields come back as the author wrote them.
    assert form_values(body)["policy.kpis[0].targets"] == "2027H1 | 10\n2027H2 | 20 | 30"
    assert form_values(body)["policy.challenges"] == "書きかけの課題"
    # ... and what did read is saved (issue 22 §2), the bad cell keeping its stored targets.
    assert draft.revisions.count() == 2
    saved = draft.current_revision().document["policy"]
    assert saved["challenges"] == ["書きかけの課題"] and len(saved["kpis"][0]["targets"]) > 1
    values = form_values(body)
    values["policy.kpis[0].targets"] = "2027H1 | 10"
    values["policy.measures[0].support_programs"] = " | 経済産業省"  # no programme named
    body = client.post(url, values).content.decode()
    after = body.split('name="policy.measures[0].support_programs[0].programme"', 1)[1]
    beside = after.split("</table>", 1)[1].split("</td>", 1)[0]
    assert 'class="field-error"' in beside  # the missing part is said beside its grid
    assert draft.revisions.count() == 3
    assert draft.current_revision().document["policy"]["kpis"][0]["targets"] == [
        {"period": "2027H1", "value": 10}
    ]


def test_the_working_page_shows_the_plan_as_its_keikakusho(
    draft: Plan, people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    """Authors and the Cabinet Secretariat's reviewer read the plan in its 記載項目, not as YAML (kept folded)."""
    advance(draft, PlanState.IN_PRECHECK)
    for who in ("author", "reviewer"):
        page = signed_in(people[who]).get(f"/work/plans/{draft.public_id}/").content.decode()
        assert "計画書（第1版）" in page and "<h3>3. 現状認識と目指す姿【目標】</h3>" in page
        assert "KGI（必須KGIを先に）" in page and "官民設備投資額" in page
        assert '<details><summary>計画の本文（YAML）</summary><pre class="plan-text">' in page


def test_the_section_is_prechecked_as_it_is_filled_and_nothing_is_saved(
    draft: Plan, people: dict[str, Person]
) -> None:
    """The live check (htmx, on each change): the findings on this section of the plan as it would be saved."""
    client = signed_in(people["author"])
    url = f"/work/plans/{draft.public_id}/sections/4/"
    page = client.get(url).content.decode()
    assert f'hx-post="{url}check/"' in page
    values = form_values(page)
    kinds = [k["kind"] for k in draft.current_revision().document["kgis"]]
    values[f"kgis[{kinds.index('capex')}].__delete"] = "on"  # the mandatory capex KGI taken out
    live = client.post(f"{url}check/", values, headers={"HX-Request": "true"}).content.decode()
    assert "KGI-MANDATORY-CAPEX" in live and "まだ保存していません" in live
    assert "KGI-MANDATORY-CAPEX" not in client.post(f"{url}check/", form_values(page)).content.decode()
    values = form_values(page)
    values["kgis[0].target.fy"] = "いつか"
    wrong = client.post(f"{url}check/", values).content.decode()
    assert 'class="field-error"' in wrong and "kgis[0].target.fy" in wrong
    assert draft.revisions.count() == 1


def test_only_the_plans_authors_may_check_its_sections(draft: Plan, people: dict[str, Person]) -> None:
    url = f"/work/plans/{draft.public_id}/sections/4/check/"
    assert signed_in(people["other_author"]).post(url, {}).status_code == 404
    assert signed_in(people["author"]).get(url).status_code == 405
    assert (
        signed_in(people["author"]).post(f"/work/plans/{draft.public_id}/sections/99/check/", {}).status_code
        == 404
    )


def test_places_are_chosen_by_name(draft: Plan, people: dict[str, Person]) -> None:
    """Issue 22 §1: the area and the core entities' locations are typed by name (with a type-ahead of the 1,963
    local governments, readings too), stored as codes and shown by name again; a shared name asks for the prefecture
    and keeps what was typed."""
    client = signed_in(people["author"])
    url = f"/work/plans/{draft.public_id}/sections/3/"
    page = client.get(url).content.decode()
    assert '<datalist id="places">' in page and 'label="きたきゅうしゅうし"' in page
    values = form_values(page)
    assert values["area.core_areas"].splitlines()[0] == "福岡県北九州市"  # a name, not 401005
    values["area.core_areas"] = "北九州市\nゆくはしし"
    values["core_entities[0].location"] = "福岡県 北九州市"
    assert client.post(url, values).status_code == 302
    draft.refresh_from_db()
    document = draft.current_revision().document
    assert document["area"]["core_areas"] == ["401005", "402133"]
    assert document["core_entities"][0]["location"] == "401005"
    values["core_entities[0].location"] = "府中市"
    refused = client.post(url, values)
    text = unescape(refused.content.decode())
    assert refused.status_code == 422 and "東京都府中市（132063）" in text and 'value="府中市"' in text


def test_the_guided_forms_come_first_in_words(people: dict[str, Person]) -> None:
    """Issue 22 §1: the working page's main button opens the guided forms (YAML the secondary way); labels are
    words with the YAML name folded beside them; an empty section is 「未記入」, not ticked."""
    from chiiki_mirai.plans.document import PlanDocument
    from chiiki_mirai.workflow import services

    client = signed_in(people["author"])
    document = PlanDocument.model_validate(
        {"plan_type": "C", "title": "空の計画", "authors": [{"code": "401005", "lead": True}]}
    )
    plan = services.do_create_plan(people["author"], document, "作成")
    page = client.get(f"/work/plans/{plan.public_id}/").content.decode()
    guided = page.index(f'class="button" href="/work/plans/{plan.public_id}/sections/1/"')
    assert guided < page.index(f'class="button secondary" href="/work/plans/{plan.public_id}/edit/"')
    section = client.get(f"/work/plans/{plan.public_id}/sections/2/").content.decode()
    start = section.index('class="section-nav"')
    nav = section[start : section.index("</nav>", start)]
    assert "未記入" in nav and "✓" not in nav  # 基本情報 lacks its period (an error); the rest is empty
    label = section[section.index('<label for="f-industry.description">') :].split("</details>", 1)[0]
    assert "<code" not in label.split("</label>", 1)[0]  # the label is words only
    assert (
        '<details class="yaml-name"><summary>YAML での項目名</summary><code>industry.description</code>'
        in label
    )


def test_what_does_not_read_stays_in_place_and_the_rest_is_saved(
    draft: Plan, people: dict[str, Person]
) -> None:
    """Issue 22 §2: 「40%」 where a number is wanted is shown in place with its message, and everything else typed
    in the section is saved (the whole section was refused before); the field keeps its stored value."""
    client = signed_in(people["author"])
    url = f"/work/plans/{draft.public_id}/sections/4/"
    values = form_values(client.get(url).content.decode())
    before = draft.current_revision()
    target = next(k for k in values if k.startswith("kgis[") and k.endswith(".target.value") and values[k])
    values[target] = "40%"
    values["current_state.summary"] = "現状の説明を書き直した"
    response = client.post(url, values)
    page = unescape(response.content.decode())
    assert response.status_code == 422 and "ほかの項目は保存しました" in page
    assert 'value="40%"' in page or ">40%</textarea>" in page  # shown back as typed
    draft.refresh_from_db()
    saved = draft.current_revision()
    assert saved.number == before.number + 1
    assert saved.document["current_state"]["summary"] == "現状の説明を書き直した"
    assert [k.get("target") for k in saved.document["kgis"]] == [
        k.get("target") for k in before.document["kgis"]
    ]
    # A form none of whose changes reads saves nothing.
    values["current_state.summary"] = "現状の説明を書き直した"
    values["base_version"] = str(draft.version)
    assert client.post(url, values).status_code == 422
    draft.refresh_from_db()
    assert draft.current_revision().number == saved.number


def test_a_c_author_is_asked_only_for_cs_fields(people: dict[str, Person]) -> None:
    """Issue 22 §1: a C author does not see A's 官民投資ロードマップとの関係性 … nor B's support policy; a field of
    another type written in YAML is not lost by saving the form."""
    from chiiki_mirai.plans.document import PlanDocument
    from chiiki_mirai.workflow import services

    client = signed_in(people["author"])
    document = PlanDocument.model_validate(
        {
            "plan_type": "C",
            "title": "C の計画",
            "authors": [{"code": "401005", "lead": True}],
            "roadmap_alignment": "YAML で書いた A の項目",
        }
    )
    plan = services.do_create_plan(people["author"], document, "作成")
    requirements = client.get(f"/work/plans/{plan.public_id}/sections/8/").content.decode()
    assert 'name="requirements.promise"' in requirements
    for a_only in ("roadmap_alignment", "international_advantage", "draft_alignment", "employment"):
        assert f'name="{a_only}"' not in requirements
    procedure = client.get(f"/work/plans/{plan.public_id}/sections/9/").content.decode()
    assert 'name="announcement.consultation_desk"' in procedure
    assert 'name="announcement.support_policy"' not in procedure
    values = form_values(requirements)
    values["requirements.promise"] = "全国シェア3割の製品を持つ"
    assert client.post(f"/work/plans/{plan.public_id}/sections/8/", values).status_code == 302
    plan.refresh_from_db()
    saved = plan.current_revision().document
    assert saved["requirements"]["promise"] == "全国シェア3割の製品を持つ"
    assert saved["roadmap_alignment"] == "YAML で書いた A の項目"


def test_english_readers_get_states_and_sections_in_english(draft: Plan, people: dict[str, Person]) -> None:
    """Issue 22 §5: English mode says states and section names in English too."""
    client = signed_in(people["author"])
    client.get("/language/en/")
    page = client.get(f"/work/plans/{draft.public_id}/").content.decode()
    assert "draft" in page.lower() and "1. Industry" in page
    section = client.get(f"/work/plans/{draft.public_id}/sections/2/").content.decode()
    assert "<h1>1. Industry" in section
    home = client.get("/work/").content.decode()
    assert "素案" not in home.split("<main", 1)[1]  # the state in English


def test_fields_the_platform_fills_have_no_input(draft: Plan, people: dict[str, Person]) -> None:
    """Issue 22 §1: the 証憑's state (METI's decision, recorded by the platform), the reference list's marks (the
    platform's, from the newest edition) and a programme's kind are not typed; saving the form keeps the marks the
    stored plan holds (``test_saving_a_section_unchanged_keeps_the_plan`` over this sample's listed firms)."""
    page = signed_in(people["author"]).get(f"/work/plans/{draft.public_id}/sections/3/").content.decode()
    assert "evidence_status" not in page and "証憑の確認状況" not in page
    for mark in ("reference_list", "connector_degree", "hub_degree"):
        assert f".{mark}" not in page
    assert draft.current_revision().document["core_entities"][0]["connector_degree"] == 0.018
    programmes = (
        signed_in(people["author"]).get(f"/work/plans/{draft.public_id}/sections/6/").content.decode()
    )
    assert "support_programs[0].kind" not in programmes and "support_programs[0].plan_types" not in programmes
