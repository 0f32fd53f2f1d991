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
