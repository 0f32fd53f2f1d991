"""The words a plan is found by on the portal, normalised the way queries are (NFKC, lower case).

Kept short on purpose — names, fields and the few prose items a citizen searches for — so that a substring
search over every published plan stays a scan of about a kilobyte per plan on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.reference.fields import STRATEGIC_FIELD_LABELS, StrategicField
from chiiki_mirai.reference.jsic import jsic

#: Katakana to hiragana (ァ U+30A1 … ヶ U+30F6 lie 0x60 above ぁ … ゖ): ユズ and ゆず are the same word to a reader.
_KANA_FOLD = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, lower case, katakana as hiragana: ＡＩ半導体 and ai半導体 match,
    and so do ユズ and ゆず (issue 22 §6)."""
    return unicodedata.normalize("NFKC", text).lower().translate(_KANA_FOLD)


def search_words(document: PlanDocument, author_names: Iterable[str]) -> str:
    industry, area, policy = document.industry, document.area, document.policy
    field = document.strategic_field or ""
    parts = [
        document.title or "",
        *author_names,
        STRATEGIC_FIELD_LABELS.get(StrategicField(field), "")
        if field in StrategicField._value2member_map_
        else field,
        *(industry.sectors if industry else []),
        # The industries by name too: 金属製品 finds a plan of E24 金属製品製造業.
        *(found.name_ja for code in (industry.sectors if industry else []) if (found := jsic().get(code))),
        industry.description or "" if industry else "",
        *(p.name or "" for p in (industry.products if industry else [])),
        area.description or "" if area else "",
        *(e.name or "" for e in document.core_entities),
        *(p.company or "" for p in document.core_projects),
        *(m.title or "" for m in (policy.measures if policy else [])),
    ]
    return normalise(" ".join(p for p in parts if p))
