"""Fiscal years (年度, April–March), half-year periods (2026H1/2026H2) and 和暦 as officials write them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

#: ASCII digits: ``\d`` would also take ２０２６ or ٢٠٢٦, stored as typed and never equal to 2026H1 (the reader
#: turns full-width digits into these).
PERIOD_PATTERN = r"^[0-9]{4}H[12]$"
_PERIOD = re.compile(PERIOD_PATTERN)
# 令和 began on 2019-05-01; 平成 fiscal years are still met in baselines.
_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
_WAREKI = re.compile(r"^(?P<era>令和|平成|R|H)(?P<year>元|\d{1,2})(?:年度?)?$")
_WESTERN = re.compile(r"^(?P<year>\d{4})(?:年度?)?$")


class PeriodError(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(f"not a fiscal year or period: {text!r}")
        self.text = text


def parse_fiscal_year(value: object) -> int:
    """2026, "2026", "2026年度", "令和8年度", "R8", "令和元年度" -> the fiscal year as an int."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise PeriodError(repr(value))
    text = unicodedata.normalize("NFKC", value).strip()
    if match := _WESTERN.match(text):
        return int(match["year"])
    if match := _WAREKI.match(text):
        year = 1 if match["year"] == "元" else int(match["year"])
        return _ERAS[match["era"]] + year
    raise PeriodError(value)


def wareki_fiscal_year(fy: int) -> str:
    """2026 -> 令和8年度; 2019 -> 令和元年度; 2018 -> 平成30年度."""
    if fy >= 2019:
        year = fy - 2018
        return f"令和{'元' if year == 1 else year}年度"
    return f"平成{fy - 1988}年度"


def wareki_year(day: date) -> str:
    """The era year of a day: 2031-03-31 -> 令和13年; 2019-04-30 -> 平成31年; 2019-05-01 -> 令和元年."""
    if day >= date(2019, 5, 1):
        year = day.year - 2018
        return f"令和{'元' if year == 1 else year}年"
    return f"平成{day.year - 1988}年"


def date_label(day: date) -> str:
    """The one way the platform shows a day to people: 2031年3月31日（令和13年）, as a year is 2030年度（令和12年度）."""
    return f"{day.year}年{day.month}月{day.day}日（{wareki_year(day)}）"


def fiscal_year_label(fy: int) -> str:
    """2026 -> 2026年度（令和8年度）, the way plans print a year."""
    return f"{fy}年度（{wareki_fiscal_year(fy)}）"


def is_period(text: str) -> bool:
    return bool(_PERIOD.match(text))


def period_fiscal_year(period: str) -> int:
    return int(period[:4])


def period_half(period: str) -> int:
    return int(period[5])


def period_index(period: str) -> int:
    """Half-years since year 0, so periods compare and subtract as integers."""
    return period_fiscal_year(period) * 2 + period_half(period) - 1


def period_end(period: str) -> date:
    """2026H1 ends on 2026-09-30; 2026H2 on 2027-03-31."""
    fy = period_fiscal_year(period)
    return date(fy, 9, 30) if period_half(period) == 1 else date(fy + 1, 3, 31)


def period_of(day: date) -> str:
    """The half-year a date falls in."""
    fy = day.year if day.month >= 4 else day.year - 1
    return f"{fy}H{1 if 4 <= day.month <= 9 else 2}"


def fiscal_year_start(fy: int) -> date:
    return date(fy, 4, 1)


def fiscal_year_end(fy: int) -> date:
    return date(fy + 1, 3, 31)


def period_label(period: str) -> str:
    """2026H1 -> 2026年度上期."""
    return f"{period_fiscal_year(period)}年度{'上期' if period_half(period) == 1 else '下期'}"
