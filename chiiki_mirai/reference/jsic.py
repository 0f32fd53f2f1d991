"""日本標準産業分類 (JSIC, 14th revision): the 20 divisions and 99 middle groups."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from chiiki_mirai.resources import reference_data


@dataclass(frozen=True, slots=True)
class IndustryClass:
    code: str  # "E" (division) or "E28" (middle group)
    parent: str | None
    name_ja: str
    name_en: str

    @property
    def is_division(self) -> bool:
        return self.parent is None


@cache
def jsic() -> dict[str, IndustryClass]:
    """All classes by code, read once per process."""
    text = reference_data("jsic.csv")
    return {
        row["code"]: IndustryClass(row["code"], row["parent"] or None, row["name_ja"], row["name_en"])
        for row in csv.DictReader(text.splitlines())
    }
