from __future__ import annotations

from datetime import date

import pytest

from chiiki_mirai.plans.periods import (
    PeriodError,
    fiscal_year_label,
    parse_fiscal_year,
    period_end,
    period_index,
    period_label,
    period_of,
    wareki_fiscal_year,
)


@pytest.mark.parametrize(
    ("text", "fy"),
    [
        (2026, 2026),
        ("2026", 2026),
        ("2026年度", 2026),
        ("令和8年度", 2026),
        ("R8", 2026),
        ("令和元年度", 2019),
        ("平成30年度", 2018),
        ("２０３５", 2035),
    ],
)
def test_fiscal_year_notations(text: object, fy: int) -> None:
    assert parse_fiscal_year(text) == fy


@pytest.mark.parametrize("text", ["来年度", "26", True, 2026.5, "令和"])
def test_unreadable_fiscal_years(text: object) -> None:
    with pytest.raises(PeriodError):
        parse_fiscal_year(text)


def test_wareki() -> None:
    assert wareki_fiscal_year(2026) == "令和8年度"
    assert wareki_fiscal_year(2019) == "令和元年度"
    assert wareki_fiscal_year(2018) == "平成30年度"
    assert fiscal_year_label(2035) == "2035年度（令和17年度）"


def test_half_years() -> None:
    assert period_end("2026H1") == date(2026, 9, 30)
    assert period_end("2026H2") == date(2027, 3, 31)
    assert period_of(date(2027, 2, 1)) == "2026H2"
    assert period_of(date(2026, 4, 1)) == "2026H1"
    assert period_index("2027H1") - period_index("2026H2") == 1
    assert period_label("2026H2") == "2026年度下期"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("令和13年3月31日", date(2031, 3, 31)),
        ("R13.3.31", date(2031, 3, 31)),
        ("ｒ１３／３／３１", date(2031, 3, 31)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("２０２７年３月３１日", date(2027, 3, 31)),
        ("2027-03-31", date(2027, 3, 31)),
    ],
)
def test_days_are_read_as_officials_write_them(text: str, day: date) -> None:
    """Issue 22 §1: 和暦 dates are read (「令和13年3月31日」 was refused while 令和7年度 was read)."""
    from pydantic import TypeAdapter

    from chiiki_mirai.plans.values import Day

    assert TypeAdapter(Day).validate_python(text) == day


@pytest.mark.parametrize("text", ["令和13年2月30日", "大正5年1月1日", "13年3月31日", "令和13年"])
def test_a_day_that_is_not_one_is_said_with_examples(text: str) -> None:
    from chiiki_mirai.plans.errors import DocumentError
    from chiiki_mirai.plans.io import load, source_from_text

    with pytest.raises(DocumentError) as raised:
        load(
            source_from_text(
                "p.yaml",
                f"format: chiiki-mirai/plan@1\nplan_type: C\npolicy:\n  measures:\n    - {{id: m1, deadline: '{text}'}}\n",
            )
        )
    (problem,) = raised.value.problems
    assert "令和9年3月31日" in problem.message("ja") and problem.line == 5


def test_a_day_is_shown_one_way_with_its_era() -> None:
    from chiiki_mirai.plans.periods import date_label
    from chiiki_mirai.plans.wording import say

    assert date_label(date(2031, 3, 31)) == "2031年3月31日（令和13年）"
    assert date_label(date(2019, 4, 30)) == "2019年4月30日（平成31年）"
    assert say("deadline", date(2019, 5, 1)).text == "2019年5月1日（令和元年）"
    assert say("deadline", date(2019, 5, 1), lang="en").text == "2019-05-01"
