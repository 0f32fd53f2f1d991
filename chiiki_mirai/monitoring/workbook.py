"""A half-year's progress report as an Excel workbook: downloaded pre-filled with the plan's KPIs, measures and
KGIs (names, the trajectory's value for the half-year, the withdrawal threshold shown for reference), filled in,
and uploaded back. Read like the plan workbook: each heading's path is in the hidden sheet (``plans.sheet_paths``),
columns without a path are for reference only, a measure's status is picked in words, and problems are located at
their cells."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from chiiki_mirai.monitoring.document import CAUSE_HEADING, PROGRESS_FORMAT, REMEDY_HEADING, ProgressReport
from chiiki_mirai.monitoring.status import expected_at
from chiiki_mirai.plans.choices import MeasureStatus
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.sheet_paths import VALUE_HEADING, PathMap
from chiiki_mirai.plans.workbook import CellKind, check_typed, dropdown, open_workbook, read_sheets, validated
from chiiki_mirai.reports.spreadsheet import append_row, style_headings

REPORT_SHEET = "進捗報告"
# (sheet, [(heading, field path or "" for a reference column, width)])
Columns = list[tuple[str, str, int]]
KPI_COLUMNS: Columns = [
    ("KPI", "kpis[].id", 8),
    ("KPI 名（参考）", "", 36),
    ("単位（参考）", "", 10),
    ("計画の軌道（この半期、参考）", "", 16),
    ("撤退基準（参考）", "", 24),
    ("実績", "kpis[].actual", 12),
    ("備考", "kpis[].note", 30),
]
MEASURE_COLUMNS: Columns = [
    ("施策", "measures[].id", 8),
    ("施策名（参考）", "", 36),
    ("状況", "measures[].status", 12),
    ("備考", "measures[].note", 30),
    (CAUSE_HEADING, "measures[].bottleneck", 36),
    (REMEDY_HEADING, "measures[].remedy", 36),
]
KGI_COLUMNS: Columns = [
    ("KGI", "kgis[].id", 10),
    ("KGI 名（参考）", "", 30),
    ("単位（参考）", "", 10),
    ("年度", "kgis[].fy", 8),
    ("実績", "kgis[].actual", 14),
]
TABLES = {"KPIの実績": KPI_COLUMNS, "施策の進捗": MEASURE_COLUMNS, "KGIの実績": KGI_COLUMNS}


#: A measure's status as the form offers it (issue 22 §4: 順調・遅延・完了・中止, not ``on_track,delayed,…``).
STATUS_WORDS = {status.label: status.value for status in MeasureStatus}


def _table(sheet: Worksheet, columns: Columns, rows: list[list[Any]], paths: PathMap) -> None:
    append_row(
        sheet,
        [paths.column(sheet.title, heading, path) if path else heading for heading, path, _ in columns],
    )
    style_headings(sheet)
    for row in rows:
        append_row(sheet, row)
    validations: dict[CellKind, DataValidation] = {}
    for index, (_, path, width) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if path:  # an actual figure or a year: Excel checks it as it can (issue 22 §4)
            check_typed(
                sheet, path, f"{letter}2:{letter}{max(len(rows), 1) + 1}", validations, ProgressReport
            )
    sheet.freeze_panes = "A2"


def write_progress_workbook(plan_id: str, plan: PlanDocument, period: str, reported_by: str | None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = REPORT_SHEET
    paths = PathMap()
    append_row(sheet, ["項目", VALUE_HEADING])
    for label, path, value in [
        ("文書形式", "format", PROGRESS_FORMAT),
        ("計画ID", "plan", plan_id),
        ("半期", "period", period),
        ("報告する団体コード", "reported_by", reported_by),
    ]:
        append_row(sheet, [paths.row(REPORT_SHEET, label, path), value])
    style_headings(sheet)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 20, 30
    kpis = plan.policy.kpis if plan.policy else []
    measures = plan.policy.measures if plan.policy else []
    _table(
        book.create_sheet("KPIの実績"),
        KPI_COLUMNS,
        [
            [
                k.id,
                k.name,
                k.unit,
                expected_at(k, period),
                k.withdrawal.rule if k.withdrawal else None,
                None,
                None,
            ]
            for k in kpis
        ],
        paths,
    )
    measure_sheet = book.create_sheet("施策の進捗")
    _table(measure_sheet, MEASURE_COLUMNS, [[m.id, m.title, None, None, None, None] for m in measures], paths)
    dropdown(measure_sheet, list(STATUS_WORDS), f"C2:C{max(len(measures) + 1, 100)}")
    _table(
        book.create_sheet("KGIの実績"),
        KGI_COLUMNS,
        [[k.id, k.name or k.kind.label, k.unit, None, None] for k in plan.kgis],
        paths,
    )
    paths.write(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_progress_workbook(content: bytes, name: str = "progress.xlsx") -> ProgressReport:
    book = open_workbook(content)
    data: dict[str, Any] = {}
    places: dict[str, str] = {}
    tables = {title: title for title in TABLES}
    read_sheets(book, data, places, lambda _path, value: value, skip=set(), tables=tables)
    book.close()
    for measure in data.get("measures", []):
        if isinstance(measure, dict) and measure.get("status") in STATUS_WORDS:
            measure["status"] = STATUS_WORDS[measure["status"]]  # picked in words; the stored value reads too
    return validated(ProgressReport, data, places, name)
