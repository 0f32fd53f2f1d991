"""Amounts as officials write them, parsed to 百万円."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiiki_mirai.plans.amounts import (
    AmountError,
    format_million_yen,
    parse_quantity,
    to_number,
    value_in_unit,
)


@pytest.mark.parametrize(
    ("text", "million_yen"),
    [
        ("1,200億円", 120_000),
        ("３５０百万円", 350),
        ("12.5億", 1_250),
        ("3兆円", 3_000_000),
        ("5,000千円", 5),
        ("1兆2,000億円", 1_200_000),
        ("０．１億円", 10),
        ("300万円", 3),
        ("▲30百万円", -30),
        ("12000", 12_000),
        ("１２，０００", 12_000),
        (" 18,000 ", 18_000),
    ],
)
def test_notations_parse_to_million_yen(text: str, million_yen: int) -> None:
    value = value_in_unit(text, "百万円")
    assert value == million_yen
    assert isinstance(value, int)  # whole values stay whole: YAML 12000 round-trips as 12000


@pytest.mark.parametrize("text", ["abc", "1,20億円", "億円", "", "12..5", "1,20", "--5", "12億ドル"])
def test_unreadable_notations_are_refused(text: str) -> None:
    with pytest.raises(AmountError):
        value_in_unit(text, "百万円")


def test_values_convert_into_the_field_unit() -> None:
    assert value_in_unit("12億円", "億円") == 12
    assert value_in_unit("1,200億円", "億円") == 1_200
    assert value_in_unit("1,200人", "人") == 1_200
    with pytest.raises(AmountError):
        value_in_unit("1,200人", "百万円")


def test_non_money_units_are_kept() -> None:
    quantity = parse_quantity("3.5%")
    assert (quantity.value, quantity.unit) == (Decimal("3.5"), "%")


@given(st.integers(min_value=0, max_value=10**9))
def test_grouped_integers_round_trip(n: int) -> None:
    assert value_in_unit(f"{n:,}", "百万円") == n
    assert value_in_unit(f"{n:,}百万円", "百万円") == n


@given(st.integers(min_value=1, max_value=99_999), st.integers(min_value=0, max_value=9_999))
def test_oku_and_cho_compose(cho: int, oku: int) -> None:
    text = f"{cho}兆{oku:,}億円" if oku else f"{cho}兆円"
    assert value_in_unit(text, "百万円") == cho * 1_000_000 + oku * 100


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_to_number_is_lossless(value: Decimal) -> None:
    assert Decimal(str(to_number(value))) == value


def test_formatting_as_officials_write() -> None:
    assert format_million_yen(120_000) == "1,200億円"
    assert format_million_yen(2_180_000) == "2兆1,800億円"
    assert format_million_yen(3_000_000) == "3兆円"
    assert format_million_yen(350) == "3.5億円"
    assert format_million_yen(50) == "50百万円"
    assert format_million_yen(-30) == "▲30百万円"


@pytest.mark.parametrize(
    ("million_yen", "written"),
    [
        (0, "0百万円"),
        (9_999, "100億円"),  # 99.99億円 shown to 0.1億円
        (1_000_000, "1兆円"),  # exactly 1兆円
        (3_100_000, "3兆1,000億円"),
        (9_999_999.9, "10兆円"),  # rounded before 兆 and 億 are split: never 9兆10,000億円
        (9_999_994, "9兆9,999.9億円"),
        (-2_500, "▲25億円"),
        (99.96, "1億円"),
    ],
)
def test_money_reads_as_officials_write_it_at_the_edges(million_yen: float, written: str) -> None:
    assert format_million_yen(million_yen) == written
