"""A plan's half-year as the reports of its bodies merged (001 A(5)②③: each ministry and prefecture reports on its
own measures, and 内閣官房・経済産業省 取りまとめ the results).

Per half-year, the newest report of each reporting body counts (a body's corrected report replaces its earlier
one); the bodies' reports are laid side by side and merged item by item — measures and KPIs by id, KGI actuals by
id and year — a later report winning where two name the same item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chiiki_mirai.monitoring.models import ProgressRecord

_ITEMS: dict[str, tuple[str, ...]] = {"measures": ("id",), "kpis": ("id",), "kgis": ("id", "fy")}


@dataclass(frozen=True)
class HalfYear:
    period: str
    document: dict[str, Any]
    parts: tuple[ProgressRecord, ...]  # the reports that count, oldest first

    @property
    def latest(self) -> ProgressRecord:
        return self.parts[-1]

    @property
    def pk(self) -> int:
        """The newest part's id (what an amendment names as the report behind it)."""
        return self.latest.pk

    @property
    def submitted_at(self) -> dt.datetime:
        return self.latest.submitted_at

    @property
    def reporters(self) -> list[str]:
        return [str(p.reporter) if p.reporter_id else "策定主体" for p in self.parts]


def merge_documents(documents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    items: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {name: {} for name in _ITEMS}
    for document in documents:
        for key, value in document.items():
            if key in _ITEMS and isinstance(value, list):
                for item in value:
                    items[key][tuple(item.get(k) for k in _ITEMS[key])] = item
            else:
                merged[key] = value
    for name, found in items.items():
        if found:
            merged[name] = list(found.values())
    return merged


def merge(records: Iterable[ProgressRecord]) -> list[HalfYear]:
    """``records`` of one plan, in submission order → its half-years, oldest first."""
    counting: dict[str, dict[int | None, ProgressRecord]] = {}
    for record in records:
        counting.setdefault(record.period, {})[record.reporter_id] = record
    result = []
    for period in sorted(counting):
        parts = tuple(sorted(counting[period].values(), key=lambda r: (r.submitted_at, r.pk)))
        result.append(HalfYear(period, merge_documents(p.document for p in parts), parts))
    return result
