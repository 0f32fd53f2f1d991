"""Tables for Excel users in Japan: CSV as Excel opens it (UTF-8 with a byte-order mark — without it Excel
reads Shift_JIS — and CRLF), and plain .xlsx workbooks of several sheets.

Every export goes through this module, which is where formula injection is stopped (OWASP, "CSV Injection"):
in CSV, a text that Excel would take for a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR, and not a
plain number) is written with a leading apostrophe; in .xlsx, every text is written as a text cell — never a
formula or an error value — so it reads back exactly as it was written."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

BOM = b"\xef\xbb\xbf"
HEADER_FILL = PatternFill("solid", fgColor="E8F1FE")


#: A text a spreadsheet would evaluate starts with one of these; a plain number (``-30``, ``+1.5``) is left alone.
#: Both patterns are written so that Python's ``re``, RE2 (Arrow) and Java (Spark) read them alike.
FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$"
_FORMULA_START = re.compile(FORMULA_START)
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)


def neutralised(value: str) -> str:
    """A text as a CSV cell that a spreadsheet shows and never evaluates."""
    if _FORMULA_START.match(value) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralised_table(table: Any) -> Any:
    """An Arrow table with :func:`neutralised` applied to its text columns (the network's CSV outputs)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.and_(
                pc.match_substring_regex(column, FORMULA_START),
                pc.invert(pc.match_substring_regex(column, PLAIN_NUMBER)),
            )
            column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def neutralised_sql(column: str) -> str:
    """The same rule as a Spark SQL expression over a text column."""
    return (
        f"CASE WHEN {column} RLIKE '{FORMULA_START}' AND NOT {column} RLIKE '{PLAIN_NUMBER}' "
        f"THEN concat('\\'', {column}) ELSE {column} END"
    )


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    return neutralised(value) if isinstance(value, str) else value


def excel_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """The one CSV writer of the platform's exports."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(value) for value in header])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return BOM + buffer.getvalue().encode("utf-8")


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_cell(value: object) -> object:
    # A plan cannot hold these characters (refused when read); text from elsewhere shows them as U+FFFD rather
    # than failing the whole export, since XML cannot carry them.
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def append_row(sheet: Worksheet, values: Sequence[object]) -> None:
    """The one way a row enters an exported workbook: a text stays a text cell (openpyxl would make ``=…`` a
    formula and ``#N/A`` an error value)."""
    sheet.append([_xlsx_cell(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type in ("f", "e"):
            cell.data_type = "s"


def style_headings(sheet: Worksheet) -> None:
    """Bold, shaded headings in the first row."""
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL


@dataclass(frozen=True)
class Sheet:
    title: str  # at most 31 characters, none of []:*?/\
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] = ()  # column widths in characters; 16 where not given


def xlsx(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with a bold, filled, frozen header row on each sheet and wrapped long texts."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        append_row(sheet, list(spec.header))
        style_headings(sheet)
        for row in spec.rows:
            append_row(sheet, ["" if value is None else value for value in row])
        for index in range(1, len(spec.header) + 1):
            width = spec.widths[index - 1] if index <= len(spec.widths) else 16
            sheet.column_dimensions[get_column_letter(index)].width = width
            if width >= 30:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
