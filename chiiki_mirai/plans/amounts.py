"""Amounts and units as officials write them: ``1,200億円``, ``３５０百万円``, ``12.5億``, ``▲30百万円``.

Money is stored in 百万円 unless a KGI or KPI names another unit. Parsing works on Decimal so
that ``0.1億`` is exactly 10 百万円, and returns an int whenever the value is whole so that a
YAML ``12000`` stays ``12000`` after a round trip.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Number = int | float

#: Money units and their size in yen.
MONEY_UNITS: dict[str, Decimal] = {
    "円": Decimal(1),
    "千円": Decimal(1_000),
    "万円": Decimal(10_000),
    "百万円": Decimal(1_000_000),
    "億円": Decimal(100_000_000),
    "兆円": Decimal(1_000_000_000_000),
}
MILLION_YEN = "百万円"

#: Money per person (labour productivity).
MONEY_PER_PERSON_UNITS = frozenset({"円/人", "千円/人", "万円/人", "百万円/人"})
#: Counts and rates the platform knows for KGIs and spillover targets.
COUNT_UNITS = frozenset(
    {
        "人",
        "万人",
        "人泊",
        "万人泊",
        "社",
        "者",
        "事業者",
        "件",
        "台",
        "隻",
        "t",
        "トン",
        "ha",
        "kl",
        "回",
        "団体",
        "品目",
        "校",
        "店舗",
        "拠点",
    }
)
RATE_UNITS = frozenset({"%", "ポイント"})
KNOWN_UNITS = frozenset(MONEY_UNITS) | MONEY_PER_PERSON_UNITS | COUNT_UNITS | RATE_UNITS

_BARE_MULTIPLIERS = {"兆": "兆円", "億": "億円", "万": "万円", "百万": "百万円", "千": "千円"}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_COMPOUND = re.compile(
    rf"^(?:(?P<cho>{_NUMBER})兆)?(?:(?P<oku>{_NUMBER})億)?(?:(?P<man>{_NUMBER})万)?(?P<rest>{_NUMBER})?$"
)
# A unit never starts with a digit, comma or point: "1,20" and "12..5" are typos, not units.
_LEADING_NUMBER = re.compile(rf"^(?P<number>{_NUMBER})(?P<unit>[^\d.,]\S*)?$")
_NEGATIVE_MARKS = ("-", "−", "▲", "△")


class AmountError(ValueError):
    """A value that is not a number in a notation the platform reads."""

    def __init__(self, text: str, reason: str = "unreadable") -> None:
        super().__init__(f"cannot read amount {text!r} ({reason})")
        self.text = text
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Quantity:
    value: Decimal
    unit: str | None  # None: a bare number, in whatever unit the field says


def is_money_unit(unit: str | None) -> bool:
    return unit in MONEY_UNITS


def to_number(value: Decimal) -> Number:
    """Whole values become int (lossless YAML round trips); others float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def parse_quantity(raw: str) -> Quantity:
    """Read ``1,200億円``, ``1兆2,000億円``, ``５,０００千円``, ``3.5%``, ``1,200人``, ``▲30``."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    negative = text.startswith(_NEGATIVE_MARKS)
    if negative:
        text = text[1:]
    if not text:
        raise AmountError(raw, "empty")
    quantity = _parse_money(text) or _parse_plain(text, raw)
    return Quantity(-quantity.value if negative else quantity.value, quantity.unit)


def _parse_money(text: str) -> Quantity | None:
    unit = next((u for u in sorted(MONEY_UNITS, key=len, reverse=True) if text.endswith(u)), None)
    body = text[: -len(unit)] if unit else text
    if unit is None:
        # 12.5億 / 300万: a bare multiplier means yen.
        bare = next((m for m in sorted(_BARE_MULTIPLIERS, key=len, reverse=True) if body.endswith(m)), None)
        if bare is None or not re.search(r"\d", body):
            return None
        body, unit = body[: -len(bare)], _BARE_MULTIPLIERS[bare]
    match = _COMPOUND.match(body)
    if not match or not body:
        # A money suffix on a body that is no number is a typo, not some other unit.
        raise AmountError(text)
    parts = match.groupdict()
    # Within a compound (1兆2,000億円) the inner multipliers are in yen; the suffix scales the rest.
    yen = Decimal(0)
    for key, size in (("cho", 10**12), ("oku", 10**8), ("man", 10**4)):
        if parts[key]:
            yen += _decimal(parts[key]) * size
    if parts["rest"]:
        yen += _decimal(parts["rest"]) * MONEY_UNITS[unit]
    return Quantity(yen / MONEY_UNITS[unit], unit)


def _parse_plain(text: str, raw: str) -> Quantity:
    match = _LEADING_NUMBER.match(text)
    if not match:
        raise AmountError(raw)
    try:
        value = _decimal(match["number"])
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise AmountError(raw) from None
    return Quantity(value, match["unit"] or None)


def convert_money(value: Decimal, *, from_unit: str, to_unit: str) -> Decimal:
    """Money between units: ``convert_money(Decimal(12), from_unit="億円", to_unit="百万円") == 1200``."""
    return value * MONEY_UNITS[from_unit] / MONEY_UNITS[to_unit]


def value_in_unit(raw: str, unit: str) -> Number:
    """A string value read into the unit of its field (converting between money units)."""
    quantity = parse_quantity(raw)
    if quantity.unit is None or quantity.unit == unit:
        return to_number(quantity.value)
    if is_money_unit(quantity.unit) and is_money_unit(unit):
        return to_number(convert_money(quantity.value, from_unit=quantity.unit, to_unit=unit))
    raise AmountError(raw, f"unit {quantity.unit} is not {unit}")


def to_million_yen(value: Number, unit: str) -> float:
    """A money value in 百万円, for totals across plans that chose different units."""
    return float(convert_money(Decimal(str(value)), from_unit=unit, to_unit=MILLION_YEN))


def format_million_yen(value: Number) -> str:
    """As officials write it: 2兆1,800億円, 1,200億円, 3.5億円; 50百万円 below 1億円; ▲ for negatives."""
    amount = Decimal(str(value))
    sign, amount = ("▲" if amount < 0 else ""), abs(amount)
    # Rounded to the 0.1億円 shown before 兆 and 億 are split: 9,999,999.9百万円 is 10兆円, never 9兆10,000億円.
    oku = (amount / 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if oku >= 10_000:
        cho, rest = divmod(oku, 10_000)
        return f"{sign}{cho:,.0f}兆" + (f"{_grouped(rest)}億円" if rest else "円")
    if amount >= 100 or oku >= 1:
        return f"{sign}{_grouped(oku)}億円"
    return f"{sign}{_grouped(amount)}百万円"


def _grouped(value: Decimal) -> str:
    """1234.50 -> '1,234.5'; at most one decimal, as in officials' tables."""
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text
