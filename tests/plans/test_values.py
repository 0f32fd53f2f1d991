"""Field types that accept canonical values natively: the same answers as their Python readers (issue 23)."""

from __future__ import annotations

import typing
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from chiiki_mirai.plans import values
from chiiki_mirai.plans.errors import _readers_only, validation_problems
from chiiki_mirai.plans.values import NativeFirst

NATIVE_FIRST = {
    name: annotation
    for name, annotation in vars(values).items()
    if any(isinstance(part, NativeFirst) for part in getattr(annotation, "__metadata__", ()))
}

#: Canonical values, what officials type beside them, and what no reader accepts.
SAMPLES: list[Any] = [
    0,
    1,
    1988,
    1989,
    2026,
    2100,
    2101,
    70009,
    1234567890123,
    10**21,
    True,
    False,
    None,
    0.0,
    0.5,
    1.0,
    1.5,
    -0.1,
    float("inf"),
    date(2031, 3, 31),
    "2026",
    "2026H1",
    "2026H3",
    "２０２６H1",
    "2026h2",
    "2026年度上期",
    "令和8年度",
    "R8",
    "1,500",
    "15億円",
    "140人",
    "070009",
    "70009",
    "40100",
    "401005",
    "北九州市",
    "1234567890123",
    "1234-5678-90123",
    "2031年3月31日（令和13年）",
    "2031-03-31",
    "",
    " ",
    "x",
    "٢٠٢٦H1",
]
TYPED = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=False),
    st.dates(),
    st.text(max_size=12),
    st.text(alphabet="0123456789０１２３H上下期年度令和R", max_size=8),
)


def outcome(adapter: TypeAdapter[Any], value: Any) -> tuple[str, Any]:
    try:
        return "value", (type(result := adapter.validate_python(value)), result)
    except ValidationError as error:
        return "errors", [
            (d["type"], d["loc"], d["msg"], d.get("ctx"))
            for d in _readers_only(error.errors(include_url=False))
        ]


def test_every_fast_type_is_found() -> None:
    assert set(NATIVE_FIRST) >= {"NumberValue", "MillionYen", "Count", "FiscalYear", "Period", "Ratio", "Day"}


def the_two(name: str) -> tuple[TypeAdapter[Any], TypeAdapter[Any]]:
    annotation = NATIVE_FIRST[name]
    native_first = next(p for p in annotation.__metadata__ if isinstance(p, NativeFirst))
    return TypeAdapter(annotation), TypeAdapter(native_first.reader)


@pytest.mark.parametrize("name", sorted(NATIVE_FIRST))
def test_the_native_path_answers_as_the_reader_does(name: str) -> None:
    """Whatever is given, the field answers what its reader alone answers: the same value of the same type, or the
    same errors at the same place (the native refusal and the union's labels never reach people)."""
    fast, reader = the_two(name)
    for value in SAMPLES:
        assert outcome(fast, value) == outcome(reader, value), value


@pytest.mark.parametrize("name", sorted(NATIVE_FIRST))
@settings(max_examples=200, deadline=None)
@given(value=TYPED)
def test_the_native_path_answers_as_the_reader_does_for_any_value(name: str, value: Any) -> None:
    fast, reader = the_two(name)
    assert outcome(fast, value) == outcome(reader, value)


def test_errors_in_a_document_name_the_field_not_the_union() -> None:
    from chiiki_mirai.plans.document import FiscalYearValue, PeriodValue

    with pytest.raises(ValidationError) as caught:
        PeriodValue.model_validate({"period": "2026H3", "value": "x"})
    problems = validation_problems(caught.value)
    assert [p.path for p in problems] == ["period", "value"]
    assert "2026H3" in problems[0].message("ja") and "x" in problems[1].message("ja")
    assert FiscalYearValue.model_validate({"fy": "令和8年度", "value": "1,500"}).model_dump() == {
        "fy": 2026,
        "value": 1500,
    }
    assert typing.get_args(values.Day)[0] is date


def test_a_period_in_full_width_digits_is_stored_in_ascii() -> None:
    """It was stored as typed (２０２６H1), never equal to the 2026H1 a report or a trajectory names."""
    from chiiki_mirai.plans.document import PeriodValue

    assert PeriodValue.model_validate({"period": "２０２６H1", "value": 1}).period == "2026H1"
    with pytest.raises(ValidationError):
        PeriodValue.model_validate({"period": "٢٠٢٦H1", "value": 1})  # digits NFKC leaves as they are
