"""A readable comparison of two plan texts: what was added, removed or changed, field by field, by section."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.errors import format_path
from chiiki_mirai.reports.sections import SECTIONS, section_index

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    path: str
    kind: ChangeKind
    before: Any
    after: Any


def flatten(data: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every scalar of a document with its field path (``kgis[0].target.value``); empty lists count as values."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from flatten(value, (*prefix, str(key)))
    elif isinstance(data, list) and data:
        for index, value in enumerate(data):
            yield from flatten(value, (*prefix, index))
    elif data is not None and data != []:
        yield format_path(prefix), data


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Changes from ``before`` to ``after``, in the order a plan is read."""
    old, new = dict(flatten(before)), dict(flatten(after))
    changes = [
        Change(path, "changed" if path in old else "added", old.get(path), value)
        for path, value in new.items()
        if old.get(path) != value
    ]
    changes += [Change(path, "removed", value, None) for path, value in old.items() if path not in new]
    order = {path: i for i, path in enumerate([*new, *old])}
    return sorted(changes, key=lambda c: (section_index(c.path), order[c.path]))


def by_section(changes: list[Change], lang: Lang) -> list[tuple[str, list[Change]]]:
    groups: dict[int, list[Change]] = {}
    for change in changes:
        groups.setdefault(section_index(change.path), []).append(change)
    return [(SECTIONS[i][0].get(lang), groups[i]) for i in sorted(groups)]
