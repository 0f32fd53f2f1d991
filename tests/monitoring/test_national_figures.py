"""The national roll-up computed by hand from the sample plans (issue 13 §1): where each figure counts, trained
workers nationwide, the Tokyo area apart for capex and value added, and plans that set no value added."""

from __future__ import annotations

import pytest

from chiiki_mirai.monitoring import figures
from chiiki_mirai.monitoring.rollup import contributions, place_shares
from chiiki_mirai.plans.choices import KgiKind
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.web.demo import load_demo

pytestmark = pytest.mark.django_db

# The five samples the demo publishes (target-year values, 百万円 and 人):
#   A 熊本 (43): capex 250,000 (2040), value added 1,200,000 (2040), talent 12,000 (2040); areas all in 43.
#   A 瀬戸内: capex 65,000, value added 210,000, talent 6,000 (2040); four areas, two in 広島 (34), two in 愛媛 (38).
#   B 福島 (07): capex 25,000, value added 60,000, talent 1,500 (2035).
#   C 燕三条 (15): value added 2,800 (2033).   C 馬路 (39): labour productivity 1,300千円/人 (2030), no value added.


@pytest.fixture
def published() -> None:
    load_demo()  # publishing refreshes each plan's kept-ready figures


def rows(dimension: str) -> dict[tuple[str, KgiKind, int, bool | None], figures.RollupRow]:
    return {(r.key, r.kind, r.fy, r.tokyo_area): r for r in figures.rollup_rows(dimension)}


def test_national(published: None) -> None:
    national = rows("national")
    outside = figures.OUTSIDE_TOKYO
    assert national[(outside, KgiKind.CAPEX, 2040, False)].target == pytest.approx(250_000 + 65_000)
    assert national[(outside, KgiKind.CAPEX, 2035, False)].target == pytest.approx(25_000)
    assert national[(outside, KgiKind.VALUE_ADDED, 2040, False)].target == pytest.approx(1_200_000 + 210_000)
    assert national[(outside, KgiKind.VALUE_ADDED, 2033, False)].target == pytest.approx(2_800)
    # Trained workers: the nationwide row (000 ③ has no Tokyo restriction) equals its two parts.
    everywhere = national[(figures.NATIONWIDE, KgiKind.TALENT, 2040, None)]
    assert everywhere.target == pytest.approx(12_000 + 6_000) and everywhere.plans == 2
    assert not any(r.tokyo_area for r in national.values())  # no sample lies in the Tokyo area
    assert {r.kind for r in national.values() if r.tokyo_area is None} == {KgiKind.TALENT}


def test_by_prefecture_the_areas_decide(published: None) -> None:
    by_prefecture = rows("prefecture")
    # 瀬戸内's areas: 今治市・上島町 (38) and 尾道市・呉市 (34), a quarter each: half its figures in each prefecture.
    assert by_prefecture[("34", KgiKind.CAPEX, 2040, False)].target == pytest.approx(65_000 / 2)
    assert by_prefecture[("38", KgiKind.CAPEX, 2040, False)].target == pytest.approx(65_000 / 2)
    assert by_prefecture[("43", KgiKind.TALENT, 2040, None)].target == pytest.approx(12_000)
    assert by_prefecture[("07", KgiKind.VALUE_ADDED, 2035, False)].target == pytest.approx(60_000)
    assert by_prefecture[("15", KgiKind.VALUE_ADDED, 2033, False)].target == pytest.approx(2_800)
    assert not any(key == "39" for key, *_ in by_prefecture)  # 馬路 sets no national KGI


def test_by_type_region_and_field(published: None) -> None:
    by_type = rows("plan_type")
    assert by_type[("A", KgiKind.VALUE_ADDED, 2040, False)].target == pytest.approx(1_410_000)
    assert by_type[("C", KgiKind.VALUE_ADDED, 2033, False)].target == pytest.approx(2_800)
    by_region = rows("region")
    kyushu = [r for (key, kind, fy, _), r in by_region.items() if "九州" in key and kind is KgiKind.CAPEX]
    assert sum(r.target for r in kyushu) == pytest.approx(250_000)  # 熊本 alone: 九州 block, 2040
    total = sum(r.target for r in by_region.values() if r.kind is KgiKind.CAPEX and r.tokyo_area is False)
    assert total == pytest.approx(250_000 + 65_000 + 25_000)  # every part in exactly one block
    by_field = rows("strategic_field")
    assert sum(r.target for r in by_field.values() if r.kind is KgiKind.TALENT and r.tokyo_area is None) == (
        pytest.approx(12_000 + 6_000 + 1_500)
    )


def test_a_plan_without_value_added_is_its_own_line_not_zero(published: None) -> None:
    missing = {m.kind: m.plans for m in figures.missing_kgis()}
    [(plan_id, title, instead)] = missing[KgiKind.VALUE_ADDED]
    assert plan_id.startswith("C-39-") and "馬路" in title
    assert instead == "労働生産性 1300千円/人（2030年度）"
    assert missing[KgiKind.CAPEX] == [] and missing[KgiKind.TALENT] == []  # not mandatory for C


def test_an_area_across_the_tokyo_line_is_split_by_the_stated_shares() -> None:
    """福島県's plan whose area is 福島市 (70 %) and さいたま市 (30 %): the Tokyo part of capex and value added is
    apart; trained workers count whole in the nationwide figure."""
    document = PlanDocument.model_validate(
        {
            "plan_type": "B",
            "authors": [{"code": "070009"}],
            "area": {"core_areas": ["072010", "111007"], "shares": {"072010": 0.7, "111007": 0.3}},
            "kgis": [
                {"id": "c", "kind": "capex", "target": {"fy": 2030, "value": 1000}},
                {"id": "t", "kind": "talent", "unit": "人", "target": {"fy": 2030, "value": 100}},
            ],
        }
    )
    assert place_shares(document) == ([("072010", 0.7), ("111007", 0.3)], "area")
    parts = contributions("P", document, {})
    assert {(p.place, p.kind, p.tokyo_area, round(p.value, 6)) for p in parts} == {
        ("072010", KgiKind.CAPEX, False, 700.0),
        ("111007", KgiKind.CAPEX, True, 300.0),
        ("072010", KgiKind.TALENT, False, 70.0),
        ("111007", KgiKind.TALENT, True, 30.0),
    }
    no_area = document.model_copy(update={"area": None})
    assert place_shares(no_area) == ([("070009", 1.0)], "authors")


def test_the_page_and_workbook_say_what_each_figure_counts(published: None) -> None:
    import io

    from django.test import Client
    from openpyxl import load_workbook

    from chiiki_mirai.organisations.models import Person

    client = Client()
    client.force_login(Person.objects.get(user__username="reviewer").user)
    page = client.get("/progress/rollup/").content.decode()
    assert "付加価値増加額を設定していない計画: 1件" in page and "労働生産性 1300千円/人（2030年度）" in page
    assert "全国（東京圏を含む）" in page and "対象区域（area.core_areas）" in page
    book = load_workbook(io.BytesIO(client.get("/progress/rollup/?format=xlsx").content))
    assert book.sheetnames == ["全体KGIの全国集計", "凡例", "集計に入らない計画"]
    legend = {row[0]: row[1] for row in book["凡例"].iter_rows(min_row=2, values_only=True)}
    assert legend.keys() == {term for term, _ in figures.ROLLUP_LEGEND}


def test_the_estimate_stands_beside_the_stated_value_added(published: None) -> None:
    """Each published plan's value-added target has the input-output estimate of its operations beside it, in the
    same row (the year of the target), split by the same shares."""
    from chiiki_mirai.analytics.ripple.estimate import estimate
    from chiiki_mirai.workflow.documents import revived
    from chiiki_mirai.workflow.models import Plan

    expected: dict[int, float] = {}
    for plan in Plan.objects.filter(state="published"):
        result = estimate(revived(plan.current_revision().document))
        if result.stated_year is not None and result.operations.total.value_added > 0:
            expected[result.stated_year] = (
                expected.get(result.stated_year, 0) + result.operations.total.value_added
            )
    national = rows("national")
    for year, value in expected.items():
        assert national[(figures.OUTSIDE_TOKYO, KgiKind.VALUE_ADDED, year, False)].estimate == pytest.approx(
            value
        )
    assert 2033 in expected  # 燕三条: its sales increase (8,000) gives an estimate for 2033


@pytest.mark.parametrize(
    ("values", "bounds"),
    [
        ([12_000] * 5, [12_000]),  # one value: one class, not five classes 「120億円 〜 120億円」
        ([5, 120, 3_000, 41_000, 410_000, 410_000, 410_000, 410_000], [120, 41_000, 410_000]),
        ([4_123, 9_870, 15_555], [4_200, 9_900, 16_000]),  # quantiles rounded up to two significant figures
        ([], []),
    ],
)
def test_map_classes_are_round_distinct_and_never_empty(values: list[float], bounds: list[float]) -> None:
    from chiiki_mirai.reports.japan_map import classes

    found = classes(values)
    assert found == bounds
    assert found == sorted(set(found))
    lower = 0.0
    for bound in found:  # every class holds at least one value
        assert any(lower < v <= bound for v in values)
        lower = bound


def test_the_legend_reads_as_ranges_and_okinawa_is_labelled() -> None:
    from chiiki_mirai.plans.amounts import format_million_yen
    from chiiki_mirai.reports.japan_map import japan_map

    svg = japan_map({40: 12_000.0, 47: 4_123.0}, [], lambda name, value: name, "地図", format_million_yen)
    assert "〜 42億円" in svg and "42億円超 〜 120億円" in svg
    assert ">沖縄県</text>" in svg and 'data-pref="47" stroke="#767676"' in svg
