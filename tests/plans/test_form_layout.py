"""Items inside a table cell (a KPI's targets) are lines of parts between bars, and read back as written."""

from __future__ import annotations

import re

import pytest

from chiiki_mirai.plans.form_layout import FormField, read_value, shown

TARGETS = FormField("targets", "目標", "items", parts=("period", "value"), part_labels=("時期", "値"))


def test_items_are_lines_and_back() -> None:
    items = [{"period": "2026H2", "value": 5}, {"period": "2027H1"}]
    text = shown(items, TARGETS)
    assert text == "2026H2 | 5\n2027H1"
    assert read_value(text, TARGETS) == [{"period": "2026H2", "value": "5"}, {"period": "2027H1"}]


def test_a_part_with_a_bar_or_an_unknown_key_stays_exact_as_json() -> None:
    odd = [{"period": "2026H2", "value": "a|b"}]
    text = shown(odd, TARGETS)
    assert text.startswith("[") and read_value(text, TARGETS) == odd
    extra = [{"period": "2026H2", "note": "x"}]
    assert read_value(shown(extra, TARGETS), TARGETS) == extra


def test_an_empty_middle_part_is_left_out() -> None:
    programmes = FormField(
        "p", "支援策", "items", parts=("programme", "ministry", "fiscal_year"), part_labels=()
    )
    assert read_value("補助金 |  | 2027", programmes) == [{"programme": "補助金", "fiscal_year": "2027"}]
    assert shown([{"programme": "補助金", "fiscal_year": 2027}], programmes) == "補助金 |  | 2027"


def test_what_does_not_read_says_why_and_is_shown_back_as_typed() -> None:
    with pytest.raises(ValueError, match=re.escape("2行目: 区切り「|」が多すぎます")):
        read_value("2026H2 | 5\n2027H1 | 6 | 7", TARGETS)
    with pytest.raises(ValueError, match="JSON として読めません"):
        read_value("[{", TARGETS)
    assert shown("2027H1 | 6 | 7", TARGETS) == "2027H1 | 6 | 7"


def test_places_are_written_and_shown_by_name() -> None:
    """Issue 22 §1: a local government is typed and shown by its name; the code is what is stored."""
    from pydantic import TypeAdapter

    from chiiki_mirai.plans.values import LocalGovernmentCode

    code = TypeAdapter(LocalGovernmentCode)
    assert code.validate_python("北九州市") == "401005"
    assert code.validate_python("福岡県 北九州市") == "401005"
    assert code.validate_python("きたきゅうしゅうし") == "401005"
    assert code.validate_python(70009) == "070009" and code.validate_python("401005") == "401005"
    assert code.validate_python("どこにもない町") == "どこにもない町"  # left for the code check to report
    with pytest.raises(ValueError, match="東京都府中市（132063）・広島県府中市（342084）"):
        code.validate_python("府中市")
    location = FormField("core_entities[0].location", "所在市区町村", "text")
    areas = FormField("area.core_areas", "核となる区域", "lines")
    assert location.place and areas.place and not TARGETS.place
    assert shown("401005", location) == "福岡県北九州市"
    assert shown(["401005", "402133"], areas) == "福岡県北九州市\n福岡県行橋市"


def test_the_four_spillover_targets_are_headed_by_what_they_are() -> None:
    """Issue 22 §1: 域内取引額・売上額・雇用・賃上げ, not four identical 「単位 / 年度 / 値」."""
    from chiiki_mirai.plans.form_layout import section_entries

    labels = [e.label for e in section_entries(5, "B") if isinstance(e, FormField)]
    for group in ("域内取引額", "売上額", "雇用の創出", "賃上げ"):
        assert f"{group} › 値" in labels and f"{group} › 年度" in labels
    assert len(labels) == len(set(labels))
    assert "Sales › Value" in [
        e.in_language("en").label for e in section_entries(5, "B") if isinstance(e, FormField)
    ]


def test_a_table_row_keeps_what_the_form_does_not_ask_even_when_rows_above_are_deleted() -> None:
    """Issue 22 §1: the reference list's marks are the platform's (no input), yet a form save keeps them with their
    firm — also when a firm above is deleted and the row moves up; a column emptied is emptied, and a group left with
    nothing (a KGI's 基準値) is not made."""
    from chiiki_mirai.plans.form_layout import FormTable, apply_entries, section_entries

    table = next(e for e in section_entries(3) if isinstance(e, FormTable))
    assert {"reference_list", "connector_degree", "hub_degree", "evidence_status"}.isdisjoint(
        c.path for c in table.columns
    )
    stored = {
        "core_entities": [
            {"name": "甲社", "reference_list": "listed", "connector_degree": 0.9, "hub_degree": 0.8},
            {"name": "乙社", "reference_list": "not_listed", "connector_degree": 0.1, "hub_degree": 0.2},
        ]
    }
    form = {
        "core_entities.__rows": "2",
        "core_entities[0].name": "甲社",
        "core_entities[0].__delete": "on",
        "core_entities[1].name": "乙社（改称）",
        "core_entities[2].name": "丙社",  # a new firm in the blank row
    }
    saved, unread = apply_entries(stored, (table,), {"core_entities"}, form)
    assert not unread
    assert saved["core_entities"] == [
        {"name": "乙社（改称）", "reference_list": "not_listed", "connector_degree": 0.1, "hub_degree": 0.2},
        {"name": "丙社"},
    ]

    kgis = next(e for e in section_entries(4) if isinstance(e, FormTable))
    stored = {"kgis": [{"id": "k1", "kind": "capex", "baseline": {"fy": 2025, "value": 10}}]}
    form = {"kgis.__rows": "1", "kgis[0].id": "k1", "kgis[0].kind": "capex"}  # the 基準値 emptied
    saved, _ = apply_entries(stored, (kgis,), {"kgis"}, form)
    assert saved["kgis"] == [{"id": "k1", "kind": "capex"}]


def test_a_day_is_shown_in_the_pages_style_and_reads_back() -> None:
    """Issue 22 §1/§5: a measure's 期限 reads 2031年3月31日（令和13年） in its form as on the pages, and that text, saved
    unchanged, is the same day (the era in brackets is read past)."""
    from pydantic import TypeAdapter

    from chiiki_mirai.plans.form_layout import FormTable, section_entries
    from chiiki_mirai.plans.values import Day

    measures = next(e for e in section_entries(6) if isinstance(e, FormTable) and e.path == "policy.measures")
    deadline = next(c for c in measures.columns if c.path == "deadline")
    assert deadline.day and shown("2031-03-31", deadline) == "2031年3月31日（令和13年）"
    assert shown("来年の春", deadline) == "来年の春"  # typed and not read: shown back as typed
    assert str(TypeAdapter(Day).validate_python("2031年3月31日（令和13年）")) == "2031-03-31"


@pytest.mark.parametrize("rows", ["999999999", "9" * 5000])
def test_a_forged_row_count_costs_no_more_than_the_inputs_posted(rows: str) -> None:
    """A table's 「__rows」 is the browser's word, not a bound: a forged count is read as at most the number of inputs
    posted (blank rows past them add nothing), so it neither loops for an hour nor makes ``int`` raise."""
    from chiiki_mirai.plans.form_layout import FormTable, _row_count, apply_entries, section_entries

    table = next(e for e in section_entries(6) if isinstance(e, FormTable) and e.path == "policy.measures")
    form = {"policy.measures.__rows": rows, "policy.measures[0].id": "m1", "policy.measures[0].title": "診断"}
    assert _row_count(rows, len(form)) == len(form)
    saved, unread = apply_entries({}, (table,), {"policy"}, form)
    assert not unread and saved["policy"]["measures"] == [{"id": "m1", "title": "診断"}]
