"""Every document choice reads as words in both languages: its Japanese term and its English."""

from __future__ import annotations

import re

from chiiki_mirai.plans.choices import CHOICE_ENGLISH, CHOICE_LABELS, Choice, KgiKind, PlanType


def _all_choices() -> list[Choice]:
    return [member for kind in Choice.__subclasses__() for member in kind]


def test_every_choice_has_its_japanese_term_and_its_english() -> None:
    members = _all_choices()
    assert len(members) > 40
    assert [m for m in members if m not in CHOICE_LABELS] == []
    assert [m for m in members if m not in CHOICE_ENGLISH] == []
    assert [m for m in members if "_" in m.text.en or re.search(r"[\u3000-\u9fff]", m.text.en)] == []


def test_a_choice_in_each_language() -> None:
    assert KgiKind.OWN.text.get("ja") == "独自KGI" and KgiKind.OWN.text.get("en") == "own KGI"
    assert PlanType.C.text.get("en") == "local industry growth plan"
