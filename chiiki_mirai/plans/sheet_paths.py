"""Which field path each label and heading of a workbook stands for, kept in a hidden sheet (issue 22 §4: the
workbook is a form in words; the paths are in a hidden sheet).

A sheet of single items has a label per row (「計画名」) and the value beside it, under the heading 「値」; a table has
a heading per column (「基準値 › 年度」) and an item per row. The hidden sheet 「項目名（YAML）」 lists, for every sheet,
which label or heading stands for which path (``kgis[].kind`` for a column). Reading finds each label's row and each
heading's column wherever they stand, so rows sorted or inserted and columns moved by the person filling it in are
read right, and a sheet or column of their own notes is ignored; a label or heading of the form that was changed is
said where it stands, never a value dropped unsaid. Workbooks written before this layout (the path in a hidden
column B or row 2) are still read (``read_legacy_items``, ``read_legacy_table``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from chiiki_mirai.i18n import Text
from chiiki_mirai.plans.errors import DocumentError, Problem
from chiiki_mirai.plans.io import MAX_ITEMS
from chiiki_mirai.plans.paths import EMPTY_LIST, assign, parts
from chiiki_mirai.reports.spreadsheet import append_row

PATHS_SHEET = "項目名（YAML）"
VALUE_HEADING = "値"
_ROW, _COLUMN, _EMPTY = "行", "列", "空の一覧"

#: What a cell's value becomes for the document, given its path (a choice in words -> its stored value).
Convert = Callable[[str, Any], Any]


@dataclass
class PathMap:
    """Collects, while the sheets are written, which label or heading stands for which path."""

    entries: list[tuple[str, str, str, str]] = field(default_factory=list)
    _taken: set[tuple[str, str, str]] = field(default_factory=set)

    def _unique(self, sheet: str, kind: str, words: str) -> str:
        shown, count = words, 1
        # Two fields of one sheet said alike are told apart by a number.
        while (sheet, kind, shown) in self._taken:
            count += 1
            shown = f"{words}（{count}）"
        self._taken.add((sheet, kind, shown))
        return shown

    def row(self, sheet: str, label: str, path: str) -> str:
        """An item sheet's row; returns its label as written (made unique within the sheet)."""
        label = self._unique(sheet, _ROW, label)
        self.entries.append((sheet, _ROW, label, path))
        return label

    def column(self, sheet: str, heading: str, path: str) -> str:
        """A table's column (``path`` with ``[]`` where the item's number goes); returns its heading as written."""
        heading = self._unique(sheet, _COLUMN, heading)
        self.entries.append((sheet, _COLUMN, heading, path))
        return heading

    def empty(self, sheet: str, path: str) -> None:
        """A list the document holds empty (``kgis: []``), kept so that reading gives it back."""
        self.entries.append((sheet, _EMPTY, "", path))

    def write(self, book: Workbook) -> None:
        sheet = book.create_sheet(PATHS_SHEET)
        append_row(sheet, ["シート", "種類", "見出し", "パス（YAML での項目名）"])
        for entry in self.entries:
            append_row(sheet, entry)
        for letter, width in zip("ABCD", (24, 8, 40, 48), strict=True):
            sheet.column_dimensions[letter].width = width
        # For the platform and those who write YAML, not for the person filling it in.
        sheet.sheet_state = "hidden"


@dataclass
class SheetPaths:
    rows: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    empty: list[str] = field(default_factory=list)


def checked_path(path: str, where: str) -> str:
    """A path read from a workbook, refused (located) when it numbers an item past ``MAX_ITEMS``: writing
    ``authors[100000000]`` would first make a list of a hundred million empty items."""
    if any(isinstance(step, int) and step > MAX_ITEMS for step in parts(path)):
        detail = Text(
            f"{where} のパス「{path[:80]}」の番号が大きすぎます（{MAX_ITEMS:,}まで）",
            f"the path '{path[:80]}' at {where} numbers an item past {MAX_ITEMS:,}",
        )
        raise DocumentError([Problem("INPUT-WORKBOOK", {"detail": detail})])
    return path


def read_path_map(rows: list[tuple[Any, ...]]) -> dict[str, SheetPaths]:
    """The hidden sheet's rows as each sheet's labels and headings -> paths."""
    found: dict[str, SheetPaths] = {}
    for number, row in enumerate(rows[1:], start=2):
        sheet, kind, words, path = (list(row) + [None] * 4)[:4]
        if not isinstance(sheet, str) or not isinstance(path, str) or not path.strip():
            continue
        path = checked_path(path.strip(), f"{PATHS_SHEET}!D{number}")
        paths = found.setdefault(sheet, SheetPaths())
        words = str(words).strip() if words is not None else ""
        if kind == _ROW:
            paths.rows[words] = path
        elif kind == _COLUMN:
            paths.columns[words] = path
        elif kind == _EMPTY:
            paths.empty.append(path)
    return found


def cell_value(value: Any) -> Any:
    """A cell as document data: a day as its ISO text, a whole float as an integer, blank text as nothing."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _words(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def read_mapped(
    rows: list[tuple[Any, ...]],
    title: str,
    paths: SheetPaths,
    data: dict[str, Any],
    places: dict[str, str],
    convert: Convert,
) -> list[Problem]:
    """A sheet read through its labels or headings; each value's cell is noted in ``places`` (``シート!B12``).

    Returns what could not be read without losing a value: a value beside a label the form does not have (a label
    edited), a column heading of the form that is gone (renamed or deleted). A column or sheet the person added
    under a heading of their own is their notes, and is not read."""
    for path in paths.empty:
        assign(data, path, [])
    if not rows:
        return []
    if paths.columns:
        headings = {_words(v) for v in rows[0]}
        missing = [h for h in paths.columns if h not in headings]
        _read_table(rows[0], rows[1:], 2, title, paths.columns, data, places, convert)
        return [_problem(f"{title}!1:1", _GONE_HEADING, heading) for heading in missing]  # the headings' row
    header = [_words(v) for v in rows[0]]
    value_at = header.index(VALUE_HEADING) if VALUE_HEADING in header else 1
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        label = _words(row[0]) if row else ""
        value = cell_value(row[value_at] if len(row) > value_at else None)
        at = paths.rows.get(label)
        if at is None:
            if value is not None:
                problems.append(_problem(f"{title}!A{number}", _UNKNOWN_LABEL, label))
            continue
        places[at] = f"{title}!{get_column_letter(value_at + 1)}{number}"
        if value is not None:
            assign(data, at, convert(at, value))
    return problems


_UNKNOWN_LABEL = Text(
    "{where}: 項目名「{words}」は様式にありません。項目名を元に戻してください（値は読み込んでいません）",
    "{where}: the form has no item '{words}'; put the item's name back (its value was not read)",
)
_GONE_HEADING = Text(
    "{where}: 列見出し「{words}」が見つかりません。見出しを元に戻してください（その列の値を読み込めません）",
    "{where}: the column heading '{words}' is missing; put it back (that column's values cannot be read)",
)


def _problem(where: str, text: Text, words: str) -> Problem:
    detail = Text(
        text.ja.format(where=where, words=words[:60]), text.en.format(where=where, words=words[:60])
    )
    return Problem("INPUT-WORKBOOK", {"detail": detail})


def _read_table(
    header: tuple[Any, ...],
    body: list[tuple[Any, ...]],
    first_row: int,
    title: str,
    columns: dict[str, str],
    data: dict[str, Any],
    places: dict[str, str],
    convert: Convert,
) -> None:
    """The items under ``header`` (the body starting on sheet row ``first_row``), a column per path."""
    at = {index: columns[heading] for index, v in enumerate(header) if (heading := _words(v)) in columns}
    item = 0
    for number, row in enumerate(body, start=first_row):
        if all(cell_value(row[index]) is None for index in at if index < len(row)):
            continue  # a blank line, or one holding only the person's own notes
        for index, path in at.items():
            concrete = path.replace("[]", f"[{item}]", 1)
            # Empty cells are placed too: a required value left out is pointed at where it belongs.
            places[concrete] = f"{title}!{get_column_letter(index + 1)}{number}"
            value = cell_value(row[index] if index < len(row) else None)
            if value is not None:
                assign(data, concrete, convert(concrete, value))
        item += 1


def read_legacy_items(
    rows: list[tuple[Any, ...]], title: str, data: dict[str, Any], places: dict[str, str], convert: Convert
) -> None:
    """An item sheet of the earlier layout: a field path in (hidden) column B, its value in column C."""
    for number, row in enumerate(rows[1:], start=2):
        path, value = (row[1] if len(row) > 1 else None), cell_value(row[2] if len(row) > 2 else None)
        if isinstance(path, str) and path.strip() and value is not None:
            at = checked_path(path.strip(), f"{title}!B{number}")
            assign(data, at, convert(at, value))
            places[at] = f"{title}!C{number}"


def read_legacy_table(
    rows: list[tuple[Any, ...]], title: str, data: dict[str, Any], places: dict[str, str], convert: Convert
) -> None:
    """A table of the earlier layout: the paths in (hidden) row 2, the items from row 3."""
    if len(rows) < 2:
        return
    paths = [
        checked_path(str(p), f"{title}!{get_column_letter(i + 1)}2") if p else ""
        for i, p in enumerate(rows[1])
    ]
    if paths and rows[2:] and rows[2][0] == EMPTY_LIST:
        assign(data, paths[0], [])
        return
    columns = {f"#{i}": p for i, p in enumerate(paths) if p}
    header = tuple(f"#{i}" for i in range(len(paths)))
    _read_table(header, rows[2:], 3, title, columns, data, places, convert)
