"""Inputs that real inter-firm data brings, through both engines: read right, or refused naming file, line and column.

Each case was first seen computed wrong in silence or crashing (issue 15); each is built here by hand.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from chiiki_mirai.analytics.network.degrees import DegreesResult, ReferenceListRule, run_duckdb
from chiiki_mirai.analytics.network.layout import NetworkInputError
from chiiki_mirai.cli.main import main

ENGINES = ["duckdb", "spark"]
FIRMS = "firm_id,name,location,employees,industry\nA,甲社,072010,100,E27\nB,乙社,072036,50,E28\nC,丙社,131016,30,G39\n"
SAMPLE = 20_480  # DuckDB's sniffer reads this many rows: each defect below stands after them


def run(
    engine: str, firms: Path, links: Path, out: Path, request: pytest.FixtureRequest, **kw: Any
) -> DegreesResult:
    if engine == "duckdb":
        return run_duckdb(firms, links, out, **kw)
    from chiiki_mirai.analytics.network.spark import run_spark

    return run_spark(firms, links, out, spark=request.getfixturevalue("spark"), **kw)


def table(out: Path, name: str) -> dict[str, dict[str, Any]]:
    """An output table by firm id, from DuckDB's file or Spark's folder of parts."""
    path = out / f"{name}.parquet"
    source = f"{path}/*.parquet" if path.is_dir() else str(path)
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{source}')")
    assert relation is not None
    return {str(r[0]): dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()}


def write(folder: Path, name: str, content: str | bytes | pa.Table) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, pa.Table):
        pq.write_table(content, path)
    else:
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def refusal(engine: str, firms: Path, links: Path, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    with pytest.raises(NetworkInputError) as caught:
        run(engine, firms, links, tmp_path / "out", request)
    assert not (tmp_path / "out").exists()  # nothing written for a refused input
    return caught.value.message("ja")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_non_finite_amounts_are_bad_amounts(
    engine: str, form: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # A→C 100 is 福島's only usable 域外販売; the three others would make the total infinite or NaN.
    rows = [("A", "C", 100.0), ("B", "C", float("inf")), ("B", "C", float("-inf")), ("A", "C", float("nan"))]
    rows.append(("A", "B", 5.0))  # 域内仕入 of B
    if form == "csv":
        text = "supplier_id,buyer_id,amount,year\n" + "".join(f"{s},{b},{a},2025\n" for s, b, a in rows)
        firms, links = write(tmp_path, "firms.csv", FIRMS), write(tmp_path, "links.csv", text)
    else:
        firms = write(tmp_path, "firms.csv", FIRMS)
        columns = list(zip(*rows, strict=True))
        links = write(
            tmp_path,
            "links.parquet",
            pa.table(
                {"supplier_id": columns[0], "buyer_id": columns[1], "amount": columns[2], "year": [2025] * 5}
            ),
        )
    result = run(engine, firms, links, tmp_path / "out", request)
    assert {i.code: i.count for i in result.quality.issues} == {"LINK-BAD-AMOUNT": 3}
    degrees = table(tmp_path / "out", "firm_degrees")
    assert degrees["A"]["connector_degree"] == 1.0 and degrees["B"]["connector_degree"] == 0.0
    assert degrees["B"]["hub_degree"] == 1.0 and degrees["A"]["hub_degree"] == 0.0
    assert result.listed == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_a_quoted_name_after_the_sniffers_sample_is_read(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    filler = "".join(f"X{i},社{i},072010,5,E27\n" for i in range(SAMPLE))
    firms = write(
        tmp_path,
        "firms.csv",
        FIRMS + filler + 'Q,"株式会社A, Ltd.",072010,5,E27\nR,"言う""引用""",072010,5,E27\n',
    )
    links = write(tmp_path, "links.csv", "supplier_id,buyer_id,amount,year\nQ,C,100,2025\nA,B,5,2025\n")
    result = run(engine, firms, links, tmp_path / "out", request)
    degrees = table(tmp_path / "out", "firm_degrees")
    assert degrees["Q"]["name"] == "株式会社A, Ltd." and degrees["Q"]["connector_degree"] == 1.0
    assert degrees["R"]["name"] == '言う"引用"'
    assert result.firms == 3 + SAMPLE + 2 and not result.quality.issues


@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_that_turns_to_shift_jis_is_refused_at_its_line(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    filler = "".join(f"X{i},社{i},072010,5,E27\n" for i in range(SAMPLE))
    firms = write(
        tmp_path, "firms.csv", (FIRMS + filler).encode() + "Q,株式会社きのこ,072010,5,E27\n".encode("cp932")
    )
    links = write(tmp_path, "links.csv", "supplier_id,buyer_id,amount,year\nA,C,100,2025\n")
    line = 1 + 3 + SAMPLE + 1  # header, three firms, the filler, then the Shift_JIS row
    assert refusal(engine, firms, links, tmp_path, request) == (
        f"{firms}:{line}: UTF-8 ではありません（Shift_JIS (CP932) と思われます）。UTF-8 で保存し直してください。"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_row_with_an_unquoted_comma_is_refused_at_its_line(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    firms = write(tmp_path, "firms.csv", FIRMS + "Q,株式会社A, Ltd.,072010,5,E27\n")
    links = write(tmp_path, "links.csv", "supplier_id,buyer_id,amount,year\nA,C,100,2025\n")
    assert refusal(engine, firms, links, tmp_path, request) == (
        f'{firms}:5: 値の数が見出しと合いません（見出し 5 列、この行 6 列）。カンマを含む値は " で囲んでください。'
    )


PARQUET_FIRMS = pa.table(
    {"firm_id": ["A", "B", "C"], "location": ["072010", "072036", "131016"], "employees": [1, 2, 3]}
)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("firms_table", "links_table", "which", "message"),
    [
        (
            PARQUET_FIRMS,
            pa.table({"supplier_id": ["A"], "buyer_id": ["C"], "amount": ["100"], "year": [2025]}),
            "links",
            "列 amount の型が違います（期待: 数値、実際: {found}）",
        ),
        (
            PARQUET_FIRMS,
            pa.table(
                {
                    "supplier_id": ["A"],
                    "buyer_id": ["C"],
                    "amount": [1.0],
                    "year": [datetime.date(2025, 4, 1)],
                }
            ),
            "links",
            "列 year の型が違います（期待: 整数、実際: {found}）",
        ),
        (
            PARQUET_FIRMS.set_column(1, "location", pa.array([72010, 72036, 131016])),
            pa.table({"supplier_id": ["A"], "buyer_id": ["C"], "amount": [1.0], "year": [2025]}),
            "firms",
            "列 location の型が違います（期待: 文字列、実際: {found}）",
        ),
    ],
)
def test_a_parquet_column_of_the_wrong_type_is_refused(
    engine: str,
    firms_table: pa.Table,
    links_table: pa.Table,
    which: str,
    message: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    firms = write(tmp_path, "firms.parquet", firms_table)
    links = write(tmp_path, "links.parquet", links_table)
    found = {"amount": ("VARCHAR", "string"), "year": ("DATE", "date"), "location": ("BIGINT", "bigint")}
    column = message.split()[1]
    expected = message.format(found=found[column][0 if engine == "duckdb" else 1])
    path = firms if which == "firms" else links
    assert refusal(engine, firms, links, tmp_path, request) == f"{path}: {expected}"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("links_text", "message"),
    [
        (
            "supplier_id,buyer_id,amount,year\nA,C,百万,2025\nA,B,五,2025\n",
            "列 amount の型が違います（期待: 数値、実際: 文字列）。例: 「五」",
        ),
        (
            "supplier_id,buyer_id,amount,year\nA,C,1,2025-04-01\n",
            "列 year の型が違います（期待: 整数、実際: 文字列）。例: 「2025-04-01」",
        ),
        ("supplier_id,buyer_id,amount,year\n", "見出しの行だけで、データの行がありません。"),
        (
            "supplier_id,buyer_id,amount,year\nA,Z,1,2025\nA,A,1,2025\n",
            "使える取引が1行もありません: LINK-UNKNOWN-FIRM: 企業一覧にない企業を含む取引です（除きます） — 1 (A→Z); "
            "LINK-SELF-LOOP: 自社との取引です（除きます） — 1 (A→A)",
        ),
    ],
)
def test_links_with_nothing_usable_are_an_error_not_an_empty_list(
    engine: str, links_text: str, message: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    firms, links = write(tmp_path, "firms.csv", FIRMS), write(tmp_path, "links.csv", links_text)
    assert refusal(engine, firms, links, tmp_path, request) == f"{links}: {message}"


@pytest.mark.parametrize("engine", ENGINES)
def test_firms_refusals_name_the_firms_file(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    links = write(tmp_path, "links.csv", "supplier_id,buyer_id,amount,year\nA,C,1,2025\n")
    for text, message in [
        ("firm_id,location\n", "見出しの行だけで、データの行がありません。"),
        (
            "firm_id,location\nA,東京\n",
            "所在地の分かる企業が1社もありません（location は6桁の全国地方公共団体コードです）。",
        ),
        (
            "firm_id,location,employees\nA,072010,百人\n",
            "列 employees の型が違います（期待: 整数、実際: 文字列）。例: 「百人」",
        ),
        ("", "見出しの行がありません（空のファイルです）。"),
    ]:
        firms = write(tmp_path, "firms.csv", text)
        assert refusal(engine, firms, links, tmp_path, request) == f"{firms}: {message}"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_year_without_links_is_refused(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    firms = write(tmp_path, "firms.csv", FIRMS)
    links = write(tmp_path, "links.csv", "supplier_id,buyer_id,amount,year\nA,C,1,2024\nA,C,1,2025\n")
    with pytest.raises(NetworkInputError) as caught:
        run(engine, firms, links, tmp_path / "out", request, year=2019)
    assert (
        caught.value.message("ja")
        == f"{links}: 2019年度の使える取引がありません（あるのは 2024, 2025 年度）。"
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("located_first", [True, False])
def test_a_repeated_firm_keeps_its_first_row(
    engine: str, located_first: bool, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    located, unlocated = "R1,所在地あり,072010,5,E27\n", "R1,所在地なし,,5,E27\n"
    rows = located + unlocated if located_first else unlocated + located
    # The repeat stands far from the first row, where a parallel scan would put it in another chunk.
    filler = "".join(f"X{i},社{i},072010,5,E27\n" for i in range(SAMPLE))
    firms = write(
        tmp_path,
        "firms.csv",
        FIRMS + rows.splitlines(keepends=True)[0] + filler + rows.splitlines(keepends=True)[1],
    )
    links = write(
        tmp_path, "links.csv", "supplier_id,buyer_id,amount,year\nR1,C,100,2025\nA,C,5,2025\nA,B,5,2025\n"
    )
    result = run(engine, firms, links, tmp_path / "out", request)
    counts = {i.code: i.count for i in result.quality.issues}
    degrees = table(tmp_path / "out", "firm_degrees")
    assert counts["FIRM-DUPLICATE-ID"] == 1
    if located_first:
        assert degrees["R1"]["name"] == "所在地あり" and degrees["R1"]["connector_degree"] == pytest.approx(
            100 / 105
        )
        assert "FIRM-NO-LOCATION" not in counts
    else:
        # The documented rule: the first row stands, so R1 has no location and is left out with its link.
        assert "R1" not in degrees and degrees["A"]["connector_degree"] == 1.0
        assert (counts["FIRM-NO-LOCATION"], counts["LINK-UNLOCATED-FIRM"]) == (1, 1)


def boundary_network(tmp_path: Path) -> tuple[Path, Path]:
    """福島 (07): 100 firms selling to one 東京 buyer, so all 100 have a positive connector amount.

    By hand, with top_share 0.07: cut-off = ceil(0.07 × 100) = 7 exactly (binary floating point gives
    7.000000000000001 and so 8). Ranks: F1 1, F2 2 (3,000 employees), F3 3, F4 4 (employees unknown), F5 5,
    F6 and F7 tied at 6, F8 8, F9 … F100 9 … 100. Listed: ranks ≤ 7 with ≤ 2,000 employees known =
    F1, F3, F5, F6, F7 (both tied firms at the cut-off; F2 and F4 keep their ranks but are not listed; F8 at rank
    8 is outside the cut-off)."""
    amounts = {1: 1000, 2: 990, 3: 980, 4: 970, 5: 960, 6: 900, 7: 900, 8: 850}
    firms = ["firm_id,name,location,employees,industry", "T,東京の買い手,131016,10,E27"]
    links = ["supplier_id,buyer_id,amount,year"]
    for i in range(1, 101):
        employees = {2: "3000", 4: ""}.get(i, "100")
        firms.append(f"F{i},企業{i},072010,{employees},E27")
        links.append(f"F{i},T,{amounts.get(i, 109 - i)},2025")
    return write(tmp_path, "firms.csv", "\n".join(firms) + "\n"), write(
        tmp_path, "links.csv", "\n".join(links) + "\n"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_the_reference_list_cut_off_by_hand(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    rule = ReferenceListRule(top_share=0.07)
    assert rule.cutoff(100) == 7 and 0.07 * 100 > 7  # the trap the decimal arithmetic avoids
    run(engine, *boundary_network(tmp_path), tmp_path / "out", request, rule=rule)
    listed = table(tmp_path / "out", "reference_list")
    assert sorted(listed) == ["F1", "F3", "F5", "F6", "F7"]
    assert {firm["listed_by"] for firm in listed.values()} == {"connector"}
    degrees = table(tmp_path / "out", "firm_degrees")
    assert [degrees[f"F{i}"]["connector_rank"] for i in range(1, 10)] == [1, 2, 3, 4, 5, 6, 6, 8, 9]
    assert degrees["F8"]["connector_cutoff"] == 7 and degrees["F8"]["connector_active"] == 100


def test_the_command_refuses_bad_input_without_a_traceback(tmp_path: Path) -> None:
    firms = write(tmp_path, "firms.csv", FIRMS)
    links = write(tmp_path, "links.csv", "supplier_id,buyer_id,amount,year\nA,C,百,2025\n")
    result = CliRunner().invoke(
        main, ["network", "degrees", str(firms), str(links), "--out", str(tmp_path / "o"), "--lang", "en"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        f"{links}: column amount has the wrong type (expected number, found text); e.g. '百'" in result.output
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("row", "message"),
    [
        # Issue 19 §12: within the first 8 KiB the header reader decoded ahead and blamed line 1.
        (
            "D,株式会社きのこ,072010,5,E27\n".encode("cp932"),
            "UTF-8 ではありません（Shift_JIS (CP932) と思われます）。UTF-8 で保存し直してください。",
        ),
        (
            "D,丁\x00社,072010,5,E27\n".encode(),
            "NUL 文字（U+0000）が含まれています。取り除いてから読み込んでください。",
        ),
    ],
    ids=["shift_jis", "nul"],
)
def test_a_bad_row_of_a_small_file_is_refused_at_its_own_line(
    engine: str, row: bytes, message: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    firms = write(tmp_path, "firms.csv", FIRMS.encode() + row)
    links = write(tmp_path, "links.csv", "supplier_id,buyer_id,amount,year\nA,C,100,2025\n")
    assert refusal(engine, firms, links, tmp_path, request) == f"{firms}:5: {message}"
