"""Each value of a plan in words, as people read plans (issue 14): one module for the pages, print and files.

A value is said by what it is, found from the document model (its field's type) or, for the few plain-typed fields
that carry codes and amounts, from the field's name:
- a choice by its label (「法人」, not ``corporate``; English: the value in words), a strategic field by its name;
- a municipality or prefecture by its name, the code after it in small print on pages (「北九州市（401005）」);
- a JSIC code with its name (「E09 食料品製造業」);
- a share as a percentage (0.3 → 30%), money in 百万円 as officials write it (3兆1,000億円), a fiscal year with its
  和暦 (2030年度（令和12年度））, yes/no in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.amounts import format_million_yen
from chiiki_mirai.plans.choices import Choice
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.labels import inner_types, label
from chiiki_mirai.plans.periods import date_label, fiscal_year_label, is_period, period_label
from chiiki_mirai.reference.fields import STRATEGIC_FIELD_LABELS, StrategicField
from chiiki_mirai.reference.jsic import jsic
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.reference.national import national_names

GOVERNMENT_FIELDS = frozenset({"code", "location", "core_areas", "reported_by"})
#: A national body (N-CAS …) or, for a measure's reporting body, a prefecture: by name, the code in small print.
BODY_FIELDS = frozenset({"bodies", "owner_body"})
JSIC_FIELDS = frozenset({"sectors"})
SHARE_FIELDS = frozenset({"share", "share_of_plan", "value_added_rate", "threshold_ratio", "shares"})
MONEY_FIELDS = frozenset({"amount", "total_investment", "amount_requested", "sales_increase"})
PERIOD_FIELDS = frozenset({"period", "at"})  # a half-year, 2026H1
YEAR_FIELDS = frozenset(
    {
        "fy",
        "start_fy",
        "end_fy",
        "goal_fy",
        "investment_fy",
        "operation_fy",
        "fiscal_year",
        "from_fy",
        "to_fy",
    }
)


_NAMED_BY_CODE = GOVERNMENT_FIELDS | BODY_FIELDS


@dataclass(frozen=True)
class Said:
    """A value in words, with what may follow it in small print (a code) on a page."""

    text: str
    note: str = ""


def say(key: str, value: Any, field_type: Any = None, lang: Lang = "ja") -> Said:
    """``value`` of the field ``key`` (whose model type is ``field_type`` when known) in words."""
    choice = _choice(field_type)
    if choice is not None and isinstance(value, str) and value in choice._value2member_map_:
        member = choice(value)
        return Said(member.label if lang == "ja" else member.text.en)
    if key == "strategic_field" and isinstance(value, str) and value in StrategicField._value2member_map_:
        return Said(
            STRATEGIC_FIELD_LABELS[StrategicField(value)] if lang == "ja" else value.replace("_", " ")
        )
    if isinstance(value, bool):
        return Said(("はい" if value else "いいえ") if lang == "ja" else ("yes" if value else "no"))
    if isinstance(value, date):
        return Said(date_label(value) if lang == "ja" else value.isoformat())
    if key in BODY_FIELDS and isinstance(value, str) and value in national_names():
        return Said(national_names()[value], value)
    if key in _NAMED_BY_CODE and isinstance(value, str):
        government = local_governments().get(value)
        return Said(government.full_name, value) if government is not None else Said(value)
    if key in JSIC_FIELDS and isinstance(value, str):
        found = jsic().get(value)
        return Said(
            f"{value} {found.name_ja if lang == 'ja' else found.name_en.capitalize()}" if found else value
        )
    if key in PERIOD_FIELDS and isinstance(value, str) and is_period(value):
        return Said(period_label(value) if lang == "ja" else f"FY{value[:4]} {value[4:]}")
    if isinstance(value, int | float):
        if key in SHARE_FIELDS:
            return Said(f"{value * 100:.4g}%")
        if key in MONEY_FIELDS:
            return Said(format_million_yen(value))
        if key in YEAR_FIELDS and isinstance(value, int):
            return Said(fiscal_year_label(value) if lang == "ja" else f"FY{value}")
        return Said(f"{value:,}" if isinstance(value, int) else f"{value:,.10g}")
    return Said(str(value))


def _choice(field_type: Any) -> type[Choice] | None:
    """The choice a field's type holds, if any. Asked for every value a page shows: kept per annotation object (by
    identity, with the object itself so that a reused id never answers for another; hashing typing objects cost
    more than the answer)."""
    if field_type is None:
        return None
    known = _CHOICES.get(id(field_type))
    if known is None or known[0] is not field_type:
        found = next(
            (t for t in inner_types(field_type) if isinstance(t, type) and issubclass(t, Choice)), None
        )
        known = _CHOICES[id(field_type)] = (field_type, found)
    return known[1]


_CHOICES: dict[int, tuple[Any, type[Choice] | None]] = {}


@cache
def field_types(model: type[BaseModel]) -> dict[str, Any]:
    return {name: info.annotation for name, info in model.model_fields.items()}


def submodel(field_type: Any) -> type[BaseModel] | None:
    for inner in inner_types(field_type) if field_type is not None else []:
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


def label_in(model: type[BaseModel] | None, name: str, lang: Lang = "ja") -> str:
    """A field's label where it stands: ``period`` is the plan's period at the top, a half-year inside a KPI."""
    if name == "period" and model is not None and model is not PlanDocument:
        return "時期（半期）" if lang == "ja" else "Half-year"
    return label(name, lang)
