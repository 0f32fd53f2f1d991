"""The hostile corpus (issue 19 §3, §5, §6) through every entry point: the core, the CLI, the API and the web.

Each input is refused or answered with located problems — a 4xx or exit 2, never a 500 or a traceback — and
nothing is stored. The timings of the same shapes at 0.5 and 5 MB are a benchmark (benchmarks/hostile_inputs.py),
not a test.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import hostile_inputs as shapes
from chiiki_mirai.analytics.bulk_lookup import MAX_UPLOAD_BYTES, BulkInputError, read_numbers_csv
from chiiki_mirai.cli.main import main
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.errors import MAX_PROBLEMS, DocumentError
from chiiki_mirai.plans.io import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_ITEMS,
    _plainly_within_limits,
    _violations,
    load,
    source_from_text,
)
from chiiki_mirai.plans.workbook import read_workbook, write_workbook
from chiiki_mirai.workflow.documents import stored
from chiiki_mirai.workflow.models import Plan
from tests.conftest import GOOD_PLANS
from tests.web.conftest import signed_in

HEAD = "format: chiiki-mirai/plan@1\nplan_type: C\ntitle: t\n"

#: name -> (text, the problem's code, a phrase of its message, the field path it names or None)
CORPUS: dict[str, tuple[str, str, str, str | None]] = {
    "block nesting 1,400 levels": (
        "format: chiiki-mirai/plan@1\nplan_type: C\n" + "".join(f"{' ' * i}a:\n" for i in range(1400)),
        "INPUT-SYNTAX",
        f"上限{MAX_DEPTH}段",
        "a" + ".a" * MAX_DEPTH,
    ),
    "flow nesting 100,000 levels": (
        HEAD + "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "INPUT-SYNTAX",
        "",
        None,
    ),
    "JSON nesting 100,000 levels": (
        '{"format": "chiiki-mirai/plan@1", "plan_type": "C", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "INPUT-SYNTAX",
        "入れ子が深すぎます",
        None,
    ),
    "a 5,000-digit integer": (
        HEAD + "kgis:\n  - kind: capex\n    target: {value: " + "9" * 5000 + ", unit: 百万円, year: 2030}\n",
        "INPUT-TYPE",
        f"{MAX_DIGITS}桁まで",
        "kgis[0].target.value",
    ),
    "a hexadecimal integer past the digit limit (no 21-digit run in the text)": (
        HEAD + "kgis:\n  - kind: capex\n    target: {value: 0x" + "F" * 24 + ", unit: 百万円, fy: 2030}\n",
        "INPUT-TYPE",
        f"{MAX_DIGITS}桁まで",
        "kgis[0].target.value",
    ),
    # Short texts: a limit broken where validation would also refuse the value is still said as the limit.
    "an identifier past the digit limit (short text)": (
        HEAD + "kgis:\n  - id: " + "1" * 25 + "\n    kind: capex\n",
        "INPUT-TYPE",
        f"{MAX_DIGITS}桁まで",
        "kgis[0].id",
    ),
    "a local government code past the digit limit (short text)": (
        HEAD + "authors:\n  - code: " + "4" * 30 + "\n",
        "INPUT-TYPE",
        f"{MAX_DIGITS}桁まで",
        "authors[0].code",
    ),
    "a head count past the digit limit (short text)": (
        HEAD + "core_entities:\n  - name: 甲社\n    employees: " + "7" * 22 + "\n",
        "INPUT-TYPE",
        f"{MAX_DIGITS}桁まで",
        "core_entities[0].employees",
    ),
    "flow nesting 60 levels (short text)": (
        HEAD + "x: " + "[" * 60 + "]" * 60 + "\n",
        "INPUT-SYNTAX",
        f"上限{MAX_DEPTH}段",
        None,
    ),
    "flow nesting 60 levels under a known field (short text)": (
        HEAD + "industry: {sectors: " + "[" * 60 + "]" * 60 + "}\n",
        "INPUT-SYNTAX",
        f"上限{MAX_DEPTH}段",
        None,
    ),
    "a list past the item limit": (
        HEAD + "authors:\n" + "  - '401005'\n" * (MAX_ITEMS + 1),
        "INPUT-TYPE",
        f"{MAX_ITEMS + 1:,}件",
        "authors",
    ),
    "20,000 unknown keys": (
        HEAD + "".join(f"k{i}: 1\n" for i in range(20_000)),
        "INPUT-TYPE",
        "未知の項目",
        "k0",
    ),
    "a NUL escape": (HEAD + 'contact: {name: "a\\0b"}\n', "INPUT-BINARY", "NUL", "contact.name"),
    "a duplicate key on the last line": (HEAD + "title: again\n", "INPUT-DUPLICATE-KEY", "title", None),
}


def _check_problems(text: str, name: str = "hostile.yaml") -> list[tuple[str, str, str | None, int | None]]:
    with pytest.raises(DocumentError) as raised:
        load(source_from_text(name, text))
    return [(p.code, p.message("ja"), p.path, p.line) for p in raised.value.problems]


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_core_locates_each_hostile_input(name: str) -> None:
    text, code, phrase, path = CORPUS[name]
    problems = _check_problems(text, "hostile.json" if text.startswith("{") else "hostile.yaml")
    assert problems[0][0] == code, problems[:3]
    assert phrase in problems[0][1]
    if path is not None:
        assert problems[0][2] == path
    assert len(problems) <= MAX_PROBLEMS + 1


def test_an_integer_just_within_the_digit_limit_is_read() -> None:
    """The bound is 10**20: 20 digits are a number a plan may hold."""
    document = load(
        source_from_text(
            "p.yaml",
            HEAD + "kgis:\n  - id: k1\n    kind: capex\n    target: {value: " + "9" * 20 + ", fy: 2030}\n",
        )
    )
    assert isinstance(document, PlanDocument) and document.kgis[0].target is not None
    assert document.kgis[0].target.value == 10**20 - 1


def test_many_problems_are_counted_not_cut_silently() -> None:
    problems = _check_problems(CORPUS["20,000 unknown keys"][0])
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1][1].startswith(f"ほかに{20_000 - MAX_PROBLEMS:,}件の問題があります")
    # Located in one read of the text: the 200th unknown key is on its own line.
    assert problems[MAX_PROBLEMS - 1][3] == 4 + MAX_PROBLEMS - 1


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_cli_exits_2_with_a_located_message(name: str, tmp_path: Path) -> None:
    text, code, _, _ = CORPUS[name]
    path = tmp_path / ("hostile.json" if text.startswith("{") else "hostile.yaml")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2, result.output[-500:]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert code in result.output and "Traceback" not in result.output


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CORPUS))
def test_the_api_answers_422_and_stores_nothing(name: str, people: dict[str, Person]) -> None:
    text = CORPUS[name][0]
    anonymous = Client().post("/api/check", {"text": text}, content_type="application/json")
    assert anonymous.status_code == 422, anonymous.content[:300]
    assert anonymous.json()["findings"][0]["rule"] == CORPUS[name][1]
    token = issue_token(people["author"])
    created = Client(headers={"Authorization": f"Bearer {token}"}).post(
        "/api/plans", {"text": text}, content_type="application/json"
    )
    assert created.status_code == 422
    assert not Plan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["block nesting 1,400 levels", "a 5,000-digit integer", "20,000 unknown keys"]
)
def test_the_web_upload_shows_the_problem_and_stores_nothing(name: str, people: dict[str, Person]) -> None:
    text, _, phrase, _ = CORPUS[name]
    client = signed_in(people["author"])
    upload = SimpleUploadedFile("hostile.yaml", text.encode(), content_type="application/x-yaml")
    response = client.post("/work/plans/new/", {"file": upload, "text": "", "note": ""})
    assert response.status_code in (200, 422)
    assert phrase in response.content.decode()
    assert not Plan.objects.exists()


def _workbook_with_text_in_a_numeric_cell() -> bytes:
    sample = load(source_from_text("p.yaml", GOOD_PLANS[0].read_text(encoding="utf-8")))
    content = write_workbook(stored(sample))  # type: ignore[arg-type]
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            data = old.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                # The first value cell becomes a number cell holding text.
                data, count = re.subn(
                    rb'<c r="B2"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>',
                    rb'<c r="B2"\1 t="n"><v>abc</v></c>',
                    data,
                    count=1,
                )
                assert count == 1
            new.writestr(entry, data)
    return target.getvalue()


def test_a_numeric_cell_holding_text_is_located() -> None:
    with pytest.raises(DocumentError) as raised:
        read_workbook(_workbook_with_text_in_a_numeric_cell())
    (problem,) = raised.value.problems
    assert problem.code == "INPUT-WORKBOOK"
    assert "2行目" in problem.message("ja")


def test_a_bulk_csv_with_a_huge_field_is_refused_at_its_line() -> None:
    data = "法人番号\n1234567890123\n" + '"' + "9" * 1_900_000 + '"\n'
    with pytest.raises(BulkInputError) as raised:
        read_numbers_csv(data.encode())
    assert "3行目" in raised.value.text.ja


def test_an_oversized_bulk_csv_is_refused_whole_never_cut() -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    while buffer.tell() <= MAX_UPLOAD_BYTES:
        writer.writerow(["1234567890123", "x" * 200])
    with pytest.raises(BulkInputError) as raised:
        read_numbers_csv(buffer.getvalue().encode())
    assert "大きすぎます" in raised.value.text.ja


@pytest.mark.django_db
def test_the_bulk_page_answers_422_for_an_oversized_upload(people: dict[str, Person]) -> None:
    client = signed_in(people["reviewer"])
    data = b"1234567890123," + b"x" * (MAX_UPLOAD_BYTES + 10) + b"\n"
    response = client.post("/companies/lookup/bulk/", {"numbers": SimpleUploadedFile("n.csv", data)})
    assert response.status_code == 422
    assert "大きすぎます" in response.content.decode()


def test_the_benchmark_shapes_are_what_the_corpus_covers() -> None:
    # The benchmark's shapes read as the tests expect at a small size (so the benchmark measures refusals and
    # findings, not crashes).
    for make in shapes.SHAPES.values():
        text = make(20_000)
        try:
            load(source_from_text("b.json" if text.startswith("{") else "b.yaml", text))
        except DocumentError as error:
            assert error.problems


#: Texts a normal plan holds (no control character, short): what the pass leaves to the text-level checks.
_TEXTS = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=3)
_SCALARS = st.one_of(_TEXTS, st.integers(min_value=-(10**22), max_value=10**22), st.none(), st.booleans())


@given(
    st.recursive(
        _SCALARS,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXTS, inner, max_size=4)),
        max_leaves=40,
    ),
    st.integers(min_value=0, max_value=MAX_DEPTH + 3),
)
def test_the_fast_pass_lets_through_only_what_the_located_walk_finds_clean(data: object, extra: int) -> None:
    """Every document takes the path-free pass; the walk that names paths runs only when it fails. Whatever the
    pass calls plainly within the limits, the walk finds nothing in (nesting added to reach the depth limit)."""
    for _ in range(extra):
        data = [data]
    if _plainly_within_limits(data, "plain text"):
        assert list(_violations(data, "plain text")) == []
    if list(_violations(data, None)):
        assert not _plainly_within_limits(data, "plain text")


@pytest.mark.parametrize("layout", ["hidden sheet", "earlier layout"])
def test_a_workbook_path_numbering_an_item_past_the_limit_is_refused_where_it_stands(layout: str) -> None:
    """A forged path (``authors[100000000].code``) would make a list of a hundred million empty items before
    validation saw it: refused, located, in the hidden sheet of paths and in the earlier layout's path column."""
    from openpyxl import load_workbook

    sample = load(source_from_text("p.yaml", GOOD_PLANS[0].read_text(encoding="utf-8")))
    if layout == "hidden sheet":
        book = load_workbook(io.BytesIO(write_workbook(stored(sample))))  # type: ignore[arg-type]
        book["項目名（YAML）"]["D2"] = "authors[100000000].code"
        where = "項目名（YAML）!D2"
    else:
        book = load_workbook(Path(__file__).parents[1] / "plans/data/legacy-layout-plan.xlsx")
        book.worksheets[0]["B2"] = "authors[100000000].code"
        where = f"{book.worksheets[0].title}!B2"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(DocumentError) as raised:
        read_workbook(out.getvalue())
    (problem,) = raised.value.problems
    assert (
        problem.code == "INPUT-WORKBOOK"
        and where in problem.message("ja")
        and "10,000" in problem.message("ja")
    )
