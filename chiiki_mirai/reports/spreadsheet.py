"""Tables for Excel users in Japan: CSV as Excel opens it (UTF-8 with a byte-order mark — without it Excel
reads Shift_JIS — and CRLF), and plain .xlsx workbooks of several sheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

BOM = b"\xef\xbb\xbf"
HEADER_FILL = PatternFill("solid", fgColor="E8F1FE")
PATH_FONT = Font(color="626264", size=9)  # the field paths under the headings of a workbook read back


def excel_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return BOM + buffer.getvalue().encode("utf-8")


def style_headings(sheet: Worksheet, *, path_row: bool) -> None:
    """Bold, shaded headings in the first row; under them, in small grey, the field paths when ``path_row``."""
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    if path_row:
        for cell in sheet[2]:
            cell.font = PATH_FONT


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
        sheet.append(list(spec.header))
        style_headings(sheet, path_row=False)
        for row in spec.rows:
            sheet.append(["" if value is None else value for value in row])
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
