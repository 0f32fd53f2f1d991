"""Check digits of 全国地方公共団体コード and 法人番号, against published examples and as properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chiiki_mirai.reference.codes import (
    corporate_number_check_digit,
    is_valid_corporate_number,
    is_valid_local_government_code,
    local_government_check_digit,
    make_corporate_number,
    make_local_government_code,
)
from chiiki_mirai.reference.localgov import local_governments

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def test_published_local_government_codes_are_valid() -> None:
    # 北海道 010006, 福島県 070009, 福島市 072010, 千代田区 131016 (総務省の公表コード)
    for code in ("010006", "070009", "072010", "131016", "011002"):
        assert is_valid_local_government_code(code)


def test_every_code_in_the_master_has_a_valid_check_digit() -> None:
    master = local_governments()
    assert len(master) == 47 + 1916
    assert all(is_valid_local_government_code(code) for code in master.by_code)


def test_published_corporate_numbers_are_valid() -> None:
    # 国税庁 7000012050002 (its own 法人番号)
    assert is_valid_corporate_number("7000012050002")
    assert corporate_number_check_digit("000012050002") == 7
    assert not is_valid_corporate_number("7000012050003")


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_made_local_government_codes_validate(base: str) -> None:
    code = make_local_government_code(base)
    assert is_valid_local_government_code(code)
    assert code[:5] == base


@given(st.text(alphabet="0123456789", min_size=5, max_size=5), st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_invalidates_a_local_government_code(base: str, shift: int) -> None:
    good = local_government_check_digit(base)
    assert not is_valid_local_government_code(f"{base}{(good + shift) % 10}")


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_made_corporate_numbers_validate(base: str) -> None:
    number = make_corporate_number(base)
    assert len(number) == 13 and is_valid_corporate_number(number)


@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12),
    st.integers(min_value=0, max_value=11),
    st.integers(min_value=1, max_value=9),
)
def test_a_single_digit_error_in_a_corporate_number_is_caught(base: str, position: int, shift: int) -> None:
    number = make_corporate_number(base)
    digits_ = list(number)
    index = position + 1
    original = int(digits_[index])
    changed = (original + shift) % 10
    weight = 2 if (12 - position) % 2 == 0 else 1  # Qn for the n-th digit from the right
    digits_[index] = str(changed)
    mutated = "".join(digits_)
    # The check works mod 9: it catches a change unless the weighted change is a multiple of 9
    # (a 0 typed for a 9 or back is the one slip it cannot see).
    caught = ((changed - original) * weight) % 9 != 0
    assert is_valid_corporate_number(mutated) is not caught


@given(st.text(min_size=0, max_size=14))
def test_validators_never_raise_on_arbitrary_text(text: str) -> None:
    assert is_valid_corporate_number(text) in (True, False)
    assert is_valid_local_government_code(text) in (True, False)
