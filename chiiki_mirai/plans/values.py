"""Field types of the documents: numbers, money, fiscal years, periods, dates and codes.

Each accepts the notations officials type (full-width digits, 億円, 令和8年度, 2027/3/31) and
raises a ``PydanticCustomError`` with a stable type code that ``plans.errors`` translates.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StrictFloat, StrictInt
from pydantic_core import PydanticCustomError

from chiiki_mirai.plans.amounts import (
    MILLION_YEN,
    AmountError,
    Number,
    parse_quantity,
    to_number,
    value_in_unit,
)
from chiiki_mirai.plans.periods import PERIOD_PATTERN, PeriodError, is_period, parse_fiscal_year

_COUNT_SUFFIXES = ("人", "名", "社", "件")


def amount_error(text: str, unit: str | None = None, subpath: str = "") -> PydanticCustomError:
    """The one error for an unreadable amount; ``subpath`` locates it below the validated object."""
    return PydanticCustomError(
        "amount_invalid", "cannot read amount {text}", {"text": text, "unit": unit or "", "subpath": subpath}
    )


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            quantity = parse_quantity(value)
        except AmountError:
            raise amount_error(value) from None
        if quantity.unit is not None:
            raise PydanticCustomError(
                "unit_not_allowed", "a bare number is expected here", {"text": value, "unit": quantity.unit}
            )
        return to_number(quantity.value)
    return value


def _million_yen(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return value_in_unit(value, MILLION_YEN)
        except AmountError:
            raise amount_error(value, MILLION_YEN) from None
    return value


def _count(value: Any) -> Any:
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        text = text.removesuffix(next((s for s in _COUNT_SUFFIXES if text.endswith(s)), ""))
        if not text.isdigit():
            raise PydanticCustomError("count_invalid", "not a whole number: {text}", {"text": value})
        return int(text)
    return value


def _fiscal_year(value: Any) -> Any:
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            return parse_fiscal_year(value)
        except PeriodError:
            raise PydanticCustomError(
                "fiscal_year_invalid", "not a fiscal year: {text}", {"text": value}
            ) from None
    return value


def _period(value: Any) -> Any:
    if (
        isinstance(value, str)
        and len(value) == 6
        and value[4] == "H"
        and value[5] in "12"
        and value[:4].isdigit()
    ):
        return value  # the common, already canonical case: no normalisation needed
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().upper()
        match = re.fullmatch(r"(\d{4})年度?(上期|下期)", unicodedata.normalize("NFKC", value).strip())
        if match:
            text = f"{match[1]}H{1 if match[2] == '上期' else 2}"
        if not is_period(text):
            raise PydanticCustomError("period_invalid", "not a half-year period: {text}", {"text": value})
        return text
    return value


_WESTERN_DATE = re.compile(r"(\d{4})[/年.-](\d{1,2})[/月.-](\d{1,2})日?")
#: 令和13年3月31日, R13.3.31, 平成31年4月30日 (元年 for the first year).
_WAREKI_DATE = re.compile(r"(令和|平成|R|H)(元|\d{1,2})[/年.-](\d{1,2})[/月.-](\d{1,2})日?")


#: The era the platform shows after a day (2031年3月31日（令和13年）), read back without it.
_ERA_NOTE = re.compile(r"\s*\((?:令和|平成|昭和)(?:元|\d{1,2})年\)$")


def _date(value: Any) -> Any:
    if isinstance(value, str):
        text = _ERA_NOTE.sub("", unicodedata.normalize("NFKC", value).strip())
        year: int | None = None
        if match := _WESTERN_DATE.fullmatch(text):
            year, month, day = int(match[1]), int(match[2]), int(match[3])
        elif match := _WAREKI_DATE.fullmatch(text.upper() if text[:1].isascii() else text):
            year = parse_fiscal_year(f"{match[1]}{match[2]}")  # the era's year, counted as 年度 are
            month, day = int(match[3]), int(match[4])
        if year is not None:
            try:
                return date(year, month, day)
            except ValueError:
                pass
        raise PydanticCustomError("date_invalid", "not a date: {text}", {"text": value})
    return value


def _padded(width: int) -> Any:
    """Codes typed in Excel lose their leading zeros (70009 for 070009): restore them."""

    def pad(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:0{width}d}"
        if isinstance(value, str):
            return unicodedata.normalize("NFKC", value).strip().replace("-", "")
        return value

    return pad


_pad_code = _padded(6)


def _government_code(value: Any) -> Any:
    """A local government by its code (leading zeros restored) or by its name as officials write it (北九州市,
    福岡県北九州市, きたきゅうしゅうし): the code is what is stored. A name two governments share asks for the prefecture;
    a name no government has is left for the code check to report."""
    value = _pad_code(value)
    if not isinstance(value, str) or not value or value.isdigit():
        return value
    from chiiki_mirai.reference.localgov import local_governments  # the master is read on a name's first use

    found = local_governments().named(value)
    if len(found) == 1:
        return found[0].code
    if len(found) > 1:
        raise PydanticCustomError(
            "government_ambiguous",
            "{text} names several local governments: {candidates}",
            {"text": value, "candidates": "・".join(f"{g.full_name}（{g.code}）" for g in found)},
        )
    return value


def _identifier(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


NumberValue = Annotated[StrictInt | StrictFloat, BeforeValidator(_number)]
MillionYen = Annotated[
    StrictInt | StrictFloat, BeforeValidator(_million_yen), Field(description="金額（百万円）")
]
# Constraints stand before the BeforeValidator so pydantic-core checks them natively; after it they become a
# Python call per value (a twentieth of the validation's time went to the Period pattern alone, issue 23).
Count = Annotated[StrictInt, Field(ge=0), BeforeValidator(_count)]
FiscalYear = Annotated[
    StrictInt, Field(ge=1989, le=2100, description="年度（西暦）"), BeforeValidator(_fiscal_year)
]
Period = Annotated[
    str, Field(pattern=PERIOD_PATTERN, description="半期（例: 2026H1）"), BeforeValidator(_period)
]
Day = Annotated[date, BeforeValidator(_date)]
LocalGovernmentCode = Annotated[
    str, BeforeValidator(_government_code), Field(description="全国地方公共団体コード（6桁）または団体名")
]
CorporateNumber = Annotated[str, BeforeValidator(_padded(13)), Field(description="法人番号（13桁）")]
Identifier = Annotated[str, Field(min_length=1), BeforeValidator(_identifier)]
Ratio = Annotated[StrictFloat | StrictInt, BeforeValidator(_number), Field(ge=0, le=1)]


def normalize_in_unit(data: Any, unit: Any, paths: tuple[tuple[str, ...], ...]) -> Any:
    """Read string values at ``paths`` of a mapping into ``unit`` (a KGI's or KPI's own unit).

    Runs before field validation, so an error names the sub-path it came from.
    """
    if not isinstance(data, dict) or not isinstance(unit, str):
        return data
    for path in paths:
        if _has_text(data, path):
            break
    else:
        return data  # nothing written as text: the common case costs no copy
    data = dict(data)
    for path in paths:
        _convert_at(data, path, unit, ".".join(path))
    return data


def _has_text(container: dict[str, Any], path: tuple[str, ...]) -> bool:
    """Whether a text stands at ``path`` (a list on the way is read item by item). Asked for every KGI and KPI of
    every plan checked: the one- and two-key paths the documents use are read directly, longer ones a level at a
    time."""
    head, last = path[0], path[-1]
    if len(path) == 1:
        return type(container.get(head)) is str
    if len(path) == 2:
        value = container.get(head)
        if type(value) is dict:
            return type(value.get(last)) is str
        if type(value) is list:
            return any(type(item) is dict and type(item.get(last)) is str for item in value)
        return False
    level: list[Any] = [container]
    for key in path[:-1]:
        deeper: list[Any] = []
        for item in level:
            value = item.get(key) if isinstance(item, dict) else None
            if isinstance(value, list):
                deeper += value
            elif value is not None:
                deeper.append(value)
        level = deeper
    return any(isinstance(item, dict) and isinstance(item.get(last), str) for item in level)


def _convert_at(container: dict[str, Any], path: tuple[str, ...], unit: str, subpath: str) -> None:
    head, *rest = path
    if head not in container:
        return
    value = container[head]
    if rest:
        if isinstance(value, dict):
            container[head] = inner = dict(value)
            _convert_at(inner, tuple(rest), unit, subpath)
        elif isinstance(value, list):
            container[head] = items = [dict(item) if isinstance(item, dict) else item for item in value]
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    _convert_at(item, tuple(rest), unit, subpath.replace(head, f"{head}.{index}", 1))
        return
    if isinstance(value, str):
        try:
            container[head] = value_in_unit(value, unit)
        except AmountError:
            raise amount_error(value, unit, subpath) from None


__all__ = [
    "CorporateNumber",
    "Count",
    "Day",
    "FiscalYear",
    "Identifier",
    "LocalGovernmentCode",
    "MillionYen",
    "Number",
    "NumberValue",
    "Period",
    "Ratio",
    "normalize_in_unit",
]
