"""Field types of the documents: numbers, money, fiscal years, periods, dates and codes.

Each accepts the notations officials type (full-width digits, 億円, 令和8年度, 2027/3/31) and
raises a ``PydanticCustomError`` with a stable type code that ``plans.errors`` translates.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StrictFloat,
    StrictInt,
    TypeAdapter,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

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
        and value[:4].isascii()
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


class NativeFirst:
    """A value pydantic-core accepts as it stands in native code, before the Python reader of notations runs.

    Most values in a plan are already canonical (2026, 2026H1, 1500); calling a Python validator for each cost a
    fifth of the validation (issue 23). The field is a left-to-right union of ``native`` and the ``reader`` type:
    only a value ``native`` refuses reaches the reader, whose result and errors are as before, so ``native`` must
    accept only values the reader returns unchanged. The native branch's own refusal is labelled :data:`NATIVE`
    and dropped from what people are told (``plans.errors``); the reader's is labelled :data:`READER`, a label
    taken out of the error's location again. The JSON Schema is the reader's.
    """

    def __init__(self, reader: Any, native: core_schema.CoreSchema) -> None:
        self.reader = reader
        self.native = native
        self._json_schemas: dict[str, JsonSchemaValue] = {}

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        reader = handler.generate_schema(self.reader)
        return core_schema.union_schema([(self.native, NATIVE), (reader, READER)], mode="left_to_right")

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # One adapter per type and mode, not one per field using the type.
        if handler.mode not in self._json_schemas:
            self._json_schemas[handler.mode] = TypeAdapter(self.reader).json_schema(mode=handler.mode)
        return copy.deepcopy(self._json_schemas[handler.mode])


#: Union labels no field is named (a NUL cannot stand in a plan's keys: ``plans.io`` refuses control characters).
NATIVE = "\x00native"
READER = "\x00reader"

_STRICT_NUMBER = core_schema.union_schema(
    [core_schema.int_schema(strict=True), core_schema.float_schema(strict=True)]
)


def _ascii_digits(count: int) -> core_schema.CoreSchema:
    return core_schema.str_schema(strict=True, pattern=f"^[0-9]{{{count}}}$")


# Each type: what type checkers see, its description (the field's label; said again inside for the JSON Schema of
# a list's items), the reader of the notations officials type, and what is accepted natively.
_MILLION_YEN = "金額（百万円）"
_FISCAL_YEAR = "年度（西暦）"
_PERIOD = "半期（例: 2026H1）"
_GOVERNMENT = "全国地方公共団体コード（6桁）または団体名"
_CORPORATE = "法人番号（13桁）"
NumberValue = Annotated[
    int | float,
    NativeFirst(Annotated[StrictInt | StrictFloat, BeforeValidator(_number)], _STRICT_NUMBER),
]
MillionYen = Annotated[
    int | float,
    Field(description=_MILLION_YEN),
    NativeFirst(
        Annotated[StrictInt | StrictFloat, BeforeValidator(_million_yen), Field(description=_MILLION_YEN)],
        _STRICT_NUMBER,
    ),
]
# Constraints stand before the BeforeValidator so pydantic-core checks them natively; after it they become a
# Python call per value (a twentieth of the validation's time went to the Period pattern alone, issue 23).
Count = Annotated[
    int,
    NativeFirst(
        Annotated[StrictInt, Field(ge=0), BeforeValidator(_count)], core_schema.int_schema(strict=True, ge=0)
    ),
]
FiscalYear = Annotated[
    int,
    Field(description=_FISCAL_YEAR),
    NativeFirst(
        Annotated[
            StrictInt, Field(ge=1989, le=2100, description=_FISCAL_YEAR), BeforeValidator(_fiscal_year)
        ],
        core_schema.int_schema(strict=True, ge=1989, le=2100),
    ),
]
Period = Annotated[
    str,
    Field(description=_PERIOD),
    NativeFirst(
        Annotated[str, Field(pattern=PERIOD_PATTERN, description=_PERIOD), BeforeValidator(_period)],
        core_schema.str_schema(strict=True, pattern=PERIOD_PATTERN),
    ),
]
Day = Annotated[
    date, NativeFirst(Annotated[date, BeforeValidator(_date)], core_schema.date_schema(strict=True))
]
LocalGovernmentCode = Annotated[
    str,
    Field(description=_GOVERNMENT),
    NativeFirst(
        Annotated[str, BeforeValidator(_government_code), Field(description=_GOVERNMENT)], _ascii_digits(6)
    ),
]
CorporateNumber = Annotated[
    str,
    Field(description=_CORPORATE),
    NativeFirst(
        Annotated[str, BeforeValidator(_padded(13)), Field(description=_CORPORATE)], _ascii_digits(13)
    ),
]
Identifier = Annotated[
    str,
    NativeFirst(
        Annotated[str, Field(min_length=1), BeforeValidator(_identifier)],
        core_schema.str_schema(strict=True, min_length=1),
    ),
]
Ratio = Annotated[
    float | int,
    NativeFirst(
        Annotated[StrictFloat | StrictInt, BeforeValidator(_number), Field(ge=0, le=1)],
        core_schema.union_schema(
            [
                core_schema.float_schema(strict=True, ge=0, le=1),
                core_schema.int_schema(strict=True, ge=0, le=1),
            ]
        ),
    ),
]


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
