"""The plan as an Excel workbook, where officials work: one sheet per 記載項目, tables for the repeating items.

Lossless by construction: every label and column heading, in words, stands for a field path listed in a hidden
sheet (``plans.sheet_paths``: a person fills in values beside the labels and sees no path), and reading rebuilds the
document from those paths, so ``read(write(plan)) == plan``. Enumerations get drop-down lists in words
(「付加価値増加額」), read back to their stored values; numbers, years, ratios and days are checked by Excel with a
warning (the platform reads 「15億円」 and 「令和8年度」, which Excel doubts), days written as Excel dates. The blank
form of a type (:func:`write_blank_workbook`) lists every field of the type with the seeds' guidance beside each
記載項目 (002 ⑦ 様式). Reading is hardened: the file is checked as a zip (entry count, total size, compression ratio)
before openpyxl opens it, formulas are never evaluated (only cached values are read), and XML is parsed through
defusedxml.
"""

from __future__ import annotations

import io
import re
import typing
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, BeforeValidator, ValidationError
from pydantic.fields import FieldInfo

from chiiki_mirai.i18n import Text
from chiiki_mirai.plans import values
from chiiki_mirai.plans.choices import Choice
from chiiki_mirai.plans.document import PLAN_FORMAT, PlanDocument
from chiiki_mirai.plans.errors import DocumentError, Problem, validation_problems
from chiiki_mirai.plans.form_layout import PLACE_FIELDS, FormTable, offered, plan_sections, section_entries
from chiiki_mirai.plans.labels import inner_types, label_at, path_label
from chiiki_mirai.plans.paths import flatten, get, parts
from chiiki_mirai.plans.sheet_paths import (
    PATHS_SHEET,
    VALUE_HEADING,
    Convert,
    PathMap,
    read_legacy_items,
    read_legacy_table,
    read_mapped,
    read_path_map,
)
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.reports.sections import SECTIONS, section_index
from chiiki_mirai.reports.spreadsheet import append_row, style_headings

#: Repeating items shown as tables: (sheet, path of the list).
TABLES: tuple[tuple[str, str], ...] = (
    ("策定主体", "authors"),
    ("核となる企業", "core_entities"),
    ("KGI", "kgis"),
    ("投資の具体像", "pathway.investments"),
    ("核となる投資案件", "core_projects"),
    ("インフラ", "infrastructure"),
    ("施策", "policy.measures"),
    ("KPI", "policy.kpis"),
)
MAX_ENTRIES, MAX_UNCOMPRESSED, MAX_RATIO = 2_000, 50 * 1024 * 1024, 200


def _sheet_title(index: int) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", SECTIONS[index][0].ja)[:31]


# ---------------------------------------------------------------- enumerations (drop-down lists)


@cache
def enumerations() -> dict[str, dict[str, str]]:
    """Field path without indices (``kgis.kind``) -> the allowed values, each with the words a person picks in the
    drop-down (「付加価値増加額」, not ``value_added``; issue 22 §4)."""
    found: dict[str, dict[str, str]] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = f"{prefix}.{name}" if prefix else name
            for inner in inner_types(info.annotation):
                if isinstance(inner, type) and issubclass(inner, Enum):
                    found[path] = {
                        str(m.value): m.label if isinstance(m, Choice) else str(m.value) for m in inner
                    }
                elif isinstance(inner, type) and issubclass(inner, BaseModel) and path.count(".") < 6:
                    walk(inner, path)

    walk(PlanDocument, "")
    return found


@dataclass(frozen=True)
class CellKind:
    """How Excel checks a typed value, as far as it can (issue 22 §4). The platform reads more than Excel knows
    (「15億円」, 「令和8年度」, 「120人」), so a value Excel doubts is warned about, not refused: the person may keep it and
    the platform says at its cell on upload if it does not read."""

    type: Literal["decimal", "whole", "date"]  # DataValidation's
    low: str
    high: str
    prompt: str
    warning: str
    number_format: str | None = None


_KEEP = (
    "このまま入力するには「はい」を選びます（基盤が読み取れない場合は、取込みのときにそのセルを示します）。"
)
#: The pages' day style, 2031年3月31日（令和13年）: Excel's Japanese-locale codes (``[$-411]``, ``ggg`` the era, ``e`` its
#: year) give the era beside the western date in any Excel.
DATE_FORMAT = '[$-411]yyyy"年"m"月"d"日（"ggge"年）"'
_CELL_KINDS: dict[str, CellKind] = {
    "money": CellKind(
        "decimal",
        "0",
        "1E+12",
        "金額（百万円）。「15億円」「1,500百万円」のようにも書けます。",
        "百万円単位の数値ではありません。",
    ),
    "number": CellKind(
        "decimal", "-1E+15", "1E+15", "数値（単位はその項目の単位）。", "数値ではありません。"
    ),
    "ratio": CellKind(
        "decimal", "0", "1", "割合（0〜1。40%なら0.4）。", "割合は0から1までの数で入力します（40%なら0.4）。"
    ),
    "count": CellKind(
        "whole", "0", "10000000", "人数・件数（整数）。「120人」とも書けます。", "整数ではありません。"
    ),
    "fiscal_year": CellKind(
        "whole",
        "1989",
        "2100",
        "年度（西暦。例: 2030）。「令和12年度」とも書けます。",
        "西暦の年度ではありません。",
    ),
    "date": CellKind(
        "date",
        "32516",
        "73415",
        "日付（例: 2031/3/31）。「令和13年3月31日」とも書けます。",
        "日付ではありません。",
        DATE_FORMAT,
    ),  # 1989-01-08 .. 2100-12-31 as Excel's day numbers
}


@cache
def cell_kinds(document: type[BaseModel] = PlanDocument) -> dict[str, str]:
    """Field path without indices (``kgis.baseline.fy``) -> the kind of value Excel can check (``_CELL_KINDS``), from
    the validators the document model gives its fields (one source for the platform and the workbook)."""
    by_reader = {
        values._million_yen: "money",
        values._number: "number",
        values._count: "count",
        values._fiscal_year: "fiscal_year",
        values._date: "date",
    }
    found: dict[str, str] = {}

    def flattened(annotation_metadata: Iterable[Any]) -> list[Any]:
        """Validators and bounds, from inside a FieldInfo (Ratio | None) or a NativeFirst's reader too."""
        plain: list[Any] = []
        for part in annotation_metadata:
            if isinstance(part, FieldInfo):
                plain += flattened(part.metadata)
            elif isinstance(part, values.NativeFirst):
                plain += flattened(getattr(part.reader, "__metadata__", ()))
            else:
                plain.append(part)
        return plain

    def kind_of(info: FieldInfo) -> str | None:
        metadata = flattened(info.metadata)
        for arg in typing.get_args(info.annotation):
            metadata += flattened(getattr(arg, "__metadata__", ()))
        readers = [m.func for m in metadata if isinstance(m, BeforeValidator)]
        kind = next((by_reader[r] for r in readers if r in by_reader), None)
        bounded = any(getattr(m, "le", None) == 1 for m in metadata)
        return "ratio" if kind == "number" and bounded else kind

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = f"{prefix}.{name}" if prefix else name
            if kind := kind_of(info):
                found[path] = kind
            for inner in inner_types(info.annotation):
                if isinstance(inner, type) and issubclass(inner, BaseModel) and path.count(".") < 6:
                    walk(inner, path)

    walk(document, "")
    return found


def _cell_kind(path: str, document: type[BaseModel] = PlanDocument) -> CellKind | None:
    kind = cell_kinds(document).get(re.sub(r"\[\d*\]", "", path))
    return _CELL_KINDS[kind] if kind else None


def check_typed(
    sheet: Worksheet,
    path: str,
    cells: str,
    validations: dict[CellKind, DataValidation],
    document: type[BaseModel] = PlanDocument,
) -> None:
    """Excel's own check of a number, year, ratio or date at ``cells`` (one validation per kind and sheet)."""
    kind = _cell_kind(path, document)
    if kind is None:
        return
    if kind not in validations:
        validation = DataValidation(
            type=kind.type, operator="between", formula1=kind.low, formula2=kind.high, allow_blank=True
        )
        validation.errorStyle = "warning"
        validation.errorTitle, validation.error = "入力の確認", f"{kind.warning}{_KEEP}"
        validation.promptTitle, validation.prompt = "入力のしかた", kind.prompt
        validation.showInputMessage = validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        validations[kind] = validation
    validations[kind].add(cells)
    if kind.number_format:
        for row in sheet[cells] if ":" in cells else ((sheet[cells],),):
            for cell in row:
                cell.number_format = kind.number_format


def _choices_at(path: str) -> dict[str, str] | None:
    return enumerations().get(re.sub(r"\[\d*\]", "", path))


def _enumeration_for(path: str) -> list[str] | None:
    """The words of a field's drop-down, or None for a free field."""
    found = _choices_at(path)
    return list(found.values()) if found is not None else None


def _is_place(path: str) -> bool:
    return re.sub(r"\[\d*\]", "", path).rsplit(".", 1)[-1] in PLACE_FIELDS


def _in_words(path: str, value: Any) -> Any:
    """A stored value as the words the workbook shows: a choice (``value_added`` -> 付加価値増加額), a local
    government by its name (401005 -> 福岡県北九州市; read back to its code)."""
    if _is_place(path) and isinstance(value, str):
        government = local_governments().get(value)
        return government.full_name if government is not None else value
    found = _choices_at(path)
    return found.get(value, value) if found is not None and isinstance(value, str) else value


def _typed(path: str, value: Any) -> Any:
    """A stored day (``2031-03-31``) as an Excel date, shown in the pages' style; read back to the same day."""
    kind = _cell_kind(path)
    if kind is not None and kind.type == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _from_words(path: str, value: Any) -> Any:
    """What a person picked (or typed: the stored value reads too) as the stored choice."""
    found = _choices_at(path)
    if found is None or not isinstance(value, str):
        return value
    return next((code for code, words in found.items() if words == value), value)


# ---------------------------------------------------------------- writing


def write_workbook(data: dict[str, Any]) -> bytes:
    """The stored plan (plan@1 JSON data) as an .xlsx workbook."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    tables = {path for _, path in TABLES}
    items: dict[int, list[tuple[str, Any]]] = {}
    for key, value in data.items():
        for path, scalar in flatten(value, key):
            if not any(path == t or path.startswith(t + "[") for t in tables):
                items.setdefault(section_index(path), []).append((path, scalar))
    paths = PathMap()
    for index in sorted(items):
        _item_sheet(book.create_sheet(_sheet_title(index)), items[index], paths)
    for title, path in TABLES:
        rows = get(data, path)
        if rows is not None:
            _table_sheet(book.create_sheet(title), path, rows, paths)
    paths.write(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_blank_workbook(plan_type: str, guidance: Mapping[int, str] | None = None) -> bytes:
    """The official form of a type, empty (issue 22 §4, 002 ⑦): a sheet per 記載項目 with every field of the type on
    its row and the seeds' guidance beside it, every table with its columns and drop-downs in words, the paths hidden.
    Filled in as a person would (values only, beside the labels) and uploaded, it is the plan the person meant."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    tables = {path for _, path in TABLES}
    fixed = [("format", PLAN_FORMAT), ("plan_type", plan_type)]
    paths = PathMap()
    _item_sheet(book.create_sheet(_sheet_title(0)), fixed, paths)
    for index, _name in plan_sections(plan_type):
        rows: list[tuple[str, Any]] = []
        for entry in section_entries(index, plan_type):
            if isinstance(entry, FormTable) or entry.path in tables:
                continue
            if entry.kind == "lines":
                rows += [(f"{entry.path}[{i}]", None) for i in range(3)]
            else:
                rows.append((entry.path, None))
        if rows:
            _item_sheet(book.create_sheet(_sheet_title(index)), rows, paths, (guidance or {}).get(index, ""))
    for title, path in TABLES:
        if offered(path, plan_type):
            _table_sheet(book.create_sheet(title), path, [], paths, _blank_columns(path))
    paths.write(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _blank_columns(path: str) -> list[str]:
    """A table's columns as the form asks them: a list inside an item (a KPI's targets) as two numbered sets."""
    table = next(
        e
        for i in range(len(SECTIONS))
        for e in section_entries(i)
        if isinstance(e, FormTable) and e.path == path
    )
    columns: list[str] = []
    for column in table.columns:
        if column.kind == "items":
            columns += [f"{column.path}[{i}].{part}" for i in range(2) for part in column.parts]
        elif column.kind == "lines":
            columns += [f"{column.path}[{i}]" for i in range(2)]
        else:
            columns.append(column.path)
    return columns


def _item_sheet(sheet: Worksheet, rows: list[tuple[str, Any]], paths: PathMap, guidance: str = "") -> None:
    """A sheet of single items: the label in words and the value beside it (the paths in the hidden sheet)."""
    append_row(sheet, ["項目", VALUE_HEADING, *(["政策文書が求める記載"] if guidance else [])])
    style_headings(sheet)
    validations: dict[CellKind, DataValidation] = {}
    for path, value in rows:
        last = parts(path)[-1]
        # A list's entry (industry.sectors[1]) reads as its field's label and its place: 産業（JSIC）（2件目）.
        shown = (
            label_at(path)
            if isinstance(last, str)
            else f"{label_at(path.rsplit('[', 1)[0])}（{last + 1}件目）"
        )
        append_row(sheet, [paths.row(sheet.title, shown, path), _typed(path, _in_words(path, value))])
        row = sheet.max_row
        sheet.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if choices := _enumeration_for(path):
            dropdown(sheet, choices, f"B{row}")
        elif _is_place(path):
            _place_dropdown(sheet, f"B{row}")
        else:
            check_typed(sheet, path, f"B{row}", validations)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 28, 80
    if guidance:
        sheet.cell(2, 3, guidance).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions["C"].width = 60
    sheet.freeze_panes = "A2"


def _table_sheet(
    sheet: Worksheet, path: str, rows: list[Any], paths: PathMap, blank_columns: list[str] | None = None
) -> None:
    """A table of the items at ``path``, an item a row; with ``blank_columns`` (a blank form) those columns and empty
    rows to fill in."""
    if not rows and blank_columns is None:
        append_row(sheet, ["（なし）"])
        paths.empty(sheet.title, path)
        return
    columns: list[str] = list(blank_columns or [])
    flattened = []
    for item in rows:
        cells = dict(flatten(item, ""))
        flattened.append(cells)
        columns += [c for c in cells if c not in columns]
    append_row(
        sheet,
        [
            paths.column(
                sheet.title,
                _column_heading(path, c),
                f"{path}[]{c}" if c.startswith("[") else f"{path}[].{c}",
            )
            for c in columns
        ],
    )
    style_headings(sheet)
    for cells in flattened:
        append_row(sheet, [_typed(f"{path}.{c}", _in_words(f"{path}.{c}", cells.get(c))) for c in columns])
    validations: dict[CellKind, DataValidation] = {}
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 24
        span = f"{letter}2:{letter}{max(len(rows) + 1, 200)}"
        if choices := _enumeration_for(f"{path}.{column}"):
            dropdown(sheet, choices, span)
        elif _is_place(f"{path}.{column}"):
            _place_dropdown(sheet, span)
        else:
            check_typed(sheet, f"{path}.{column}", span, validations)
    sheet.freeze_panes = "A2"


def _column_heading(table: str, column: str) -> str:
    """A column in words, however deep: 「基準値 › 年度」, 「目標（時期ごと）（1件目） › 半期」 (no path on show)."""
    depth = len(path_label(f"{table}[0]").split(" › "))
    return " › ".join(path_label(f"{table}[0].{column}").split(" › ")[depth:])


PLACES_SHEET = "地方公共団体"


def _places_sheet(book: Workbook) -> str:
    """A hidden sheet of every local government's name, for the place columns' drop-downs (a list in a formula holds
    255 characters; 1,963 names need a range). Returns the range's reference."""
    if PLACES_SHEET not in book.sheetnames:
        sheet = book.create_sheet(PLACES_SHEET)
        for government in local_governments().by_code.values():
            sheet.append([government.full_name])
        sheet.sheet_state = "hidden"
    return f"'{PLACES_SHEET}'!$A$1:$A${len(local_governments())}"


def _place_dropdown(sheet: Worksheet, cells: str) -> None:
    assert sheet.parent is not None
    validation = DataValidation(type="list", formula1=f"={_places_sheet(sheet.parent)}", allow_blank=True)
    validation.error = "一覧の地方公共団体の名前を選んでください（例: 福岡県北九州市）。"
    validation.errorTitle = "地方公共団体の名前ではありません"
    # A code or a short name (北九州市) reads too: the platform says what does not, Excel does not refuse it.
    validation.showErrorMessage = False
    sheet.add_data_validation(validation)
    validation.add(cells)


def dropdown(sheet: Worksheet, choices: list[str], cells: str) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    validation.error = "一覧から選んでください。"
    validation.errorTitle = "選択肢にない値です"
    sheet.add_data_validation(validation)
    validation.add(cells)


# ---------------------------------------------------------------- reading


def check_zip(content: bytes) -> None:
    """Refuse what is not an .xlsx, or would expand out of proportion (a zip bomb), before parsing anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise DocumentError(
            [Problem("INPUT-WORKBOOK", {"detail": "Excel ブック（.xlsx）ではありません"})]
        ) from None
    total = sum(e.file_size for e in entries)
    compressed = max(1, sum(e.compress_size for e in entries))
    if len(entries) > MAX_ENTRIES or total > MAX_UNCOMPRESSED or total / compressed > MAX_RATIO:
        raise DocumentError(
            [
                Problem(
                    "INPUT-WORKBOOK",
                    {"detail": f"展開後の大きさが異常です（{total:,} バイト、{len(entries):,} 個）"},
                )
            ]
        )
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise DocumentError([Problem("INPUT-WORKBOOK", {"detail": "Excel ブック（.xlsx）ではありません"})])


def read_workbook(content: bytes, name: str = "plan.xlsx") -> PlanDocument:
    """A plan from a workbook written by :func:`write_workbook` or :func:`write_blank_workbook` (and filled in by
    people, or an earlier layout's); located problems if not."""
    book = open_workbook(content)
    data: dict[str, Any] = {}
    places: dict[str, str] = {}
    read_sheets(book, data, places, _from_words, skip={PLACES_SHEET}, tables=dict(TABLES))
    book.close()
    return validated(PlanDocument, data, places, name)


def read_sheets(
    book: Any,
    data: dict[str, Any],
    places: dict[str, str],
    convert: Convert,
    *,
    skip: set[str],
    tables: Mapping[str, str],
) -> None:
    """Every sheet of a form read into ``data``: through the hidden sheet of paths (``sheet_paths``), or, for a
    workbook of the earlier layout, through its hidden path column and row (``tables``: its table sheets)."""
    mapping = read_path_map(sheet_rows(book[PATHS_SHEET])) if PATHS_SHEET in book.sheetnames else None
    problems = []
    for sheet in book.worksheets:
        if sheet.title in skip or sheet.title == PATHS_SHEET:
            continue  # the drop-downs' list of names (1,963 rows not worth reading), the paths themselves
        if mapping is not None:
            if (
                paths := mapping.get(sheet.title)
            ) is not None:  # else a sheet of the person's own: not the plan
                problems += read_mapped(sheet_rows(sheet), sheet.title, paths, data, places, convert)
        elif sheet.title in tables:
            read_legacy_table(sheet_rows(sheet), sheet.title, data, places, convert)
        else:
            read_legacy_items(sheet_rows(sheet), sheet.title, data, places, convert)
    if problems:
        raise DocumentError(problems)  # nothing typed is dropped unsaid


def open_workbook(content: bytes) -> Any:
    """A workbook opened for reading values only, after the zip checks; a located problem if it cannot be."""
    check_zip(content)
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for malformed parts; all mean "cannot read"
        raise DocumentError([Problem("INPUT-WORKBOOK", {"detail": type(exc).__name__})]) from None


def sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    """A sheet's values row by row; a cell openpyxl cannot read (text in a cell marked numeric, a broken date) is a
    problem located at its sheet and row, not a crash. The rows are parsed lazily, so the failure comes while
    iterating."""
    rows: list[tuple[Any, ...]] = []
    try:
        for row in sheet.iter_rows(values_only=True):
            rows.append(row)
    except Exception as exc:  # openpyxl raises ValueError, TypeError, KeyError … for a malformed cell
        detail = Text(
            f"シート「{sheet.title}」の{len(rows) + 1}行目のセルを読めません（{type(exc).__name__}: 数値の欄に文字など）",
            f"a cell on row {len(rows) + 1} of sheet '{sheet.title}' cannot be read ({type(exc).__name__}: text in a"
            " numeric cell, for example)",
        )
        raise DocumentError([Problem("INPUT-WORKBOOK", {"detail": detail})]) from None
    return rows


def validated[M: BaseModel](model: type[M], data: dict[str, Any], places: dict[str, str], name: str) -> M:
    """The document read from a workbook, or problems located at their cells (``シート!C12 (path)``)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = validation_problems(error)
        raise DocumentError(
            [
                Problem(p.code, {**p.params}, path=f"{places.get(p.path or '', name)} ({p.path})")
                for p in problems
            ]
        ) from None
