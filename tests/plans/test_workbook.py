"""The Excel workbook: a lossless round trip for every sample, drop-downs, located errors, hostile files refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from chiiki_mirai.plans.errors import DocumentError
from chiiki_mirai.plans.io import load, read_source
from chiiki_mirai.plans.workbook import read_workbook, write_workbook
from tests.conftest import GOOD_PLANS


def meaning(data: Any) -> Any:
    """What a plan says: an explicit null says the same as an absent field (Excel has only empty cells)."""
    if isinstance(data, dict):
        return {k: meaning(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [meaning(v) for v in data]
    return data


def stored(path: Path) -> dict[str, Any]:
    return load(read_source(path)).model_dump(mode="json", exclude_unset=True)


@pytest.mark.parametrize("path", GOOD_PLANS, ids=lambda p: p.stem)
def test_round_trip_keeps_every_value(path: Path) -> None:
    data = stored(path)
    back = read_workbook(write_workbook(data)).model_dump(mode="json", exclude_unset=True)
    assert meaning(back) == meaning(data)


def _sheets(content: bytes) -> dict[str, Any]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: sheet for sheet in book.worksheets}


def test_sheets_per_section_with_japanese_headers_and_dropdowns() -> None:
    content = write_workbook(stored(GOOD_PLANS[0]))
    sheets = _sheets(content)
    assert {"基本情報（策定主体・計画期間）", "KGI", "施策", "KPI"} <= set(sheets)
    kgi = sheets["KGI"]
    headers = [c.value for c in kgi[1]]
    assert "種類" in headers
    kind_column = headers.index("種類") + 1
    validations = kgi.data_validations.dataValidation
    assert any('"capex,value_added,talent' in (v.formula1 or "") for v in validations)
    assert kgi.cell(2, kind_column).value == "kgis[].kind"
    # A measure's title is 施策名 where it stands (issue 22 §5: it was headed 計画名, the plan's).
    measures = [c.value for c in sheets["施策"][1]]
    assert "施策名" in measures and "計画名" not in measures


def _edited(content: bytes, sheet: str, cell: str, value: str) -> bytes:
    book = load_workbook(io.BytesIO(content))
    book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_wrong_value_is_located_by_sheet_and_cell() -> None:
    content = write_workbook(stored(GOOD_PLANS[0]))
    sheets = _sheets(content)
    headers = [c.value for c in sheets["KGI"][2]]
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[headers.index("kgis[].kind")]
    broken = _edited(content, "KGI", f"{column}4", "たくさん")
    with pytest.raises(DocumentError) as error:
        read_workbook(broken)
    assert any(f"KGI!{column}4" in (p.path or "") for p in error.value.problems)


def test_blank_rows_left_by_deleting_are_ignored() -> None:
    content = write_workbook(stored(GOOD_PLANS[0]))
    book = load_workbook(io.BytesIO(content))
    book["KGI"].insert_rows(4)
    out = io.BytesIO()
    book.save(out)
    assert len(read_workbook(out.getvalue()).kgis) == len(load(read_source(GOOD_PLANS[0])).kgis)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"not a zip at all",
        _zip({"xl/workbook.xml": b"\x00" * (60 * 1024 * 1024)}),  # 60 MB of zeros in a few KB: a zip bomb
        _zip({f"f{i}": b"" for i in range(2_500)}),
        _zip({"hello.txt": b"a zip, but not a workbook"}),
        _zip({"xl/workbook.xml": b"<workbook><broken"}),
    ],
    ids=["not-zip", "bomb", "too-many-entries", "not-workbook", "malformed"],
)
def test_hostile_files_get_a_clear_refusal(content: bytes) -> None:
    with pytest.raises(DocumentError) as error:
        read_workbook(content)
    assert error.value.problems[0].code == "INPUT-WORKBOOK"
    assert "Excel" in error.value.problems[0].message("ja")


def test_formulas_are_never_evaluated() -> None:
    content = write_workbook(stored(GOOD_PLANS[0]))
    sheets = _sheets(content)
    row = next(
        r
        for r in range(2, sheets["基本情報（策定主体・計画期間）"].max_row + 1)
        if sheets["基本情報（策定主体・計画期間）"].cell(r, 2).value == "title"
    )
    formula = _edited(
        content, "基本情報（策定主体・計画期間）", f"C{row}", '=HYPERLINK("http://example.invalid","x")'
    )
    # openpyxl saved no cached value for the formula, and only cached values are read: the title is simply absent.
    assert read_workbook(formula).title is None
