"""Check digits of the codes plans cite: 全国地方公共団体コード and 法人番号.

Both algorithms are published by their issuers (総務省 and 国税庁); see
``chiiki_mirai/reference/data/ATTRIBUTION.md``.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LG_CODE = re.compile(r"^\d{6}$")
_CORP_NUMBER = re.compile(r"^\d{13}$")


def local_government_check_digit(base5: str) -> int:
    """Check digit for the first five digits of a 全国地方公共団体コード."""
    if not re.fullmatch(r"\d{5}", base5):
        raise ValueError(f"not five digits: {base5!r}")
    total = sum(weight * int(digit) for weight, digit in zip((6, 5, 4, 3, 2), base5, strict=True))
    return (11 - total % 11) % 10


@lru_cache(maxsize=4096)  # the same few thousand codes recur across plans
def is_valid_local_government_code(code: str) -> bool:
    """True for six digits whose last is the check digit of the first five."""
    return bool(_LG_CODE.match(code)) and int(code[5]) == local_government_check_digit(code[:5])


def corporate_number_check_digit(base12: str) -> int:
    """Check digit (the leading digit) of a 法人番号 for its 12-digit base."""
    if not re.fullmatch(r"\d{12}", base12):
        raise ValueError(f"not twelve digits: {base12!r}")
    # Pn is the n-th digit counted from the right; Qn is 1 for odd n and 2 for even n.
    total = sum(int(digit) * (2 if n % 2 == 0 else 1) for n, digit in enumerate(reversed(base12), start=1))
    return 9 - total % 9


@lru_cache(maxsize=65536)
def is_valid_corporate_number(number: str) -> bool:
    """True for thirteen digits whose first is the check digit of the other twelve."""
    return bool(_CORP_NUMBER.match(number)) and int(number[0]) == corporate_number_check_digit(number[1:])


def make_corporate_number(base12: str) -> str:
    """The full 法人番号 for a 12-digit base (used to mint fictional sample companies)."""
    return f"{corporate_number_check_digit(base12)}{base12}"


def make_local_government_code(base5: str) -> str:
    """The full 6-digit code for a 5-digit base, e.g. ``07201`` -> ``072010``."""
    return f"{base5}{local_government_check_digit(base5)}"
