"""Connector and hub degrees on networks small enough to compute by hand, the quality policy, and the generator."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from chiiki_mirai.analytics.network import degrees, quality
from chiiki_mirai.analytics.network.degrees import ReferenceListRule, run_duckdb
from chiiki_mirai.analytics.network.generator import (
    GeneratedNetwork,
    NetworkParameters,
    generate_network,
    write_network,
)
from chiiki_mirai.analytics.network.layout import NetworkInputError
from chiiki_mirai.cli.main import main

FIRMS = """firm_id,name,location,employees,industry
A,甲社,072010,100,E27
B,乙社,072036,50,E28
C,丙社,131016,3000,G39
D,丁社,070009,10,E27
E,戊社,,5,E27
A,重複行,072010,100,E27
"""
# 福島 (07): A, B, D; 東京 (13): C. Hand computation for 2025:
#   域外販売: A→C 100, B→C 10 (the pair repeats; its largest usable amount 10 counts once) → 福島 110
#   域内仕入: A→B 50 (B), B→A 30 and D→A 20 (A) → 福島 100;  東京: C→A 70 is C's 域外販売 → 東京 70
LINKS = """supplier_id,buyer_id,amount,year
A,C,100,2025
A,B,50,2025
B,A,30,2025
D,A,20,2025
C,A,70,2025
A,A,5,2025
A,Z,5,2025
B,C,-1,2025
B,C,10,2025
B,C,10,2025
D,B,abc,2025
A,B,999,2024
A,D,1,
A,E,5,2025
"""


@pytest.fixture
def network(tmp_path: Path) -> tuple[Path, Path]:
    firms, links = tmp_path / "firms.csv", tmp_path / "links.csv"
    firms.write_text(FIRMS, encoding="utf-8")
    links.write_text(LINKS, encoding="utf-8")
    return firms, links


def rows(path: Path) -> dict[str, dict[str, object]]:
    con = duckdb.connect()
    table = con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall()
    columns = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
    return {str(r[0]): dict(zip(columns, r, strict=True)) for r in table}


def test_degrees_ranks_and_list_match_the_hand_computation(
    network: tuple[Path, Path], tmp_path: Path
) -> None:
    result = run_duckdb(*network, tmp_path / "out")
    assert (result.year, result.firms, result.listed) == (2025, 4, 2)
    firms = rows(tmp_path / "out" / "firm_degrees.parquet")
    assert firms["A"]["connector_degree"] == pytest.approx(100 / 110)
    assert firms["B"]["connector_degree"] == pytest.approx(10 / 110)
    assert firms["A"]["hub_degree"] == pytest.approx(50 / 100) == firms["B"]["hub_degree"]
    assert firms["C"]["connector_degree"] == 1.0 and firms["C"]["hub_degree"] == 0
    assert (firms["A"]["connector_rank"], firms["B"]["connector_rank"], firms["D"]["connector_rank"]) == (
        1,
        2,
        None,
    )
    assert firms["A"]["hub_rank"] == firms["B"]["hub_rank"] == 1  # a tie shares the rank
    listed = rows(tmp_path / "out" / "reference_list.parquet")
    # ceil(3 % of 2 active firms) = 1 per degree; C has 3,000 employees and cannot be listed.
    assert {k: v["listed_by"] for k, v in listed.items()} == {"A": "both", "B": "hub"}


@pytest.mark.parametrize(
    ("repeats_check", "pairs_per_pass"),
    # Repeats found in order (DuckDB's way) or grouped (Spark's), in one pass or in slices.
    [("ordered", 2_500_000), ("ordered", 2), ("grouped", 2_500_000), ("grouped", 2)],
)
def test_every_input_problem_is_reported_with_its_policy(
    network: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    repeats_check: quality.RepeatsCheck,
    pairs_per_pass: int,
) -> None:
    monkeypatch.setattr(quality, "PAIRS_PER_PASS", pairs_per_pass)
    monkeypatch.setattr(
        degrees, "build_clean_tables", partial(quality.build_clean_tables, repeats_check=repeats_check)
    )
    result = run_duckdb(*network, tmp_path / "out")
    counts = {i.code: i.count for i in result.quality.issues}
    assert counts == {
        "FIRM-DUPLICATE-ID": 1,
        "FIRM-NO-LOCATION": 1,
        "LINK-UNKNOWN-FIRM": 1,
        "LINK-UNLOCATED-FIRM": 1,  # A→E: E has no location
        "LINK-SELF-LOOP": 1,
        "LINK-BAD-AMOUNT": 2,  # -1 and "abc"
        "LINK-NO-YEAR": 1,
        "LINK-DUPLICATE": 1,
    }
    # Each example is a row counted under its problem (judged in order: A→A is a self-loop, not a bad amount).
    assert {i.code: sorted(i.examples) for i in result.quality.issues} == {
        "FIRM-DUPLICATE-ID": ["A"],
        "FIRM-NO-LOCATION": ["E"],
        "LINK-UNKNOWN-FIRM": ["A→Z"],
        "LINK-UNLOCATED-FIRM": ["A→E"],
        "LINK-SELF-LOOP": ["A→A"],
        "LINK-BAD-AMOUNT": ["B→C", "D→B"],
        "LINK-NO-YEAR": ["A→D"],
        "LINK-DUPLICATE": ["B→C"],
    }
    report = json.loads((tmp_path / "out" / "quality.json").read_text(encoding="utf-8"))
    assert report["firms_read"] == 6 and report["firms_used"] == 4
    assert report["links_read"] == 14 and report["links_used"] == 7  # six usable pairs in 2025, one in 2024


def test_year_rule_and_csv_output(network: tuple[Path, Path], tmp_path: Path) -> None:
    result = run_duckdb(
        *network,
        tmp_path / "y",
        year=2024,
        rule=ReferenceListRule(max_employees=5000, top_share=1.0),
        output_format="csv",
    )
    assert result.year == 2024
    text = (tmp_path / "y" / "reference_list.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # Excel reads Japanese names from UTF-8 only with a BOM
    assert "乙社" in text.decode("utf-8-sig")  # FY2024 has one link, A→B inside 福島: only B has a degree
    assert json.loads((tmp_path / "y" / "rule.json").read_text()) == {
        "year": 2024,
        "max_employees": 5000,
        "top_share": 1.0,
    }


@pytest.mark.parametrize(
    ("firms_text", "name", "message"),
    [
        ("id,location\nA,072010\n", "firms.csv", "必須の列がありません: firm_id"),
        (None, "firms.csv", "ファイルがありません。"),
        ("x", "firms.xlsx", "CSV（.csv）か Parquet（.parquet）を指定してください。"),
    ],
)
def test_unusable_inputs_are_named(tmp_path: Path, firms_text: str | None, name: str, message: str) -> None:
    firms = tmp_path / name
    if firms_text is not None:
        firms.write_text(firms_text, encoding="utf-8")
    links = tmp_path / "links.csv"
    links.write_text(LINKS, encoding="utf-8")
    with pytest.raises(NetworkInputError) as caught:
        run_duckdb(firms, links, tmp_path / "out")
    assert caught.value.message("ja") == f"{firms}: {message}"


def test_the_generator_is_seeded_exact_and_calibrated() -> None:
    params = NetworkParameters(firms=20_000, links=120_000, seed=7)
    first, second = generate_network(params), generate_network(params)
    assert first.firms.equals(second.firms) and first.links.equals(second.links)
    assert (first.firms.num_rows, first.links.num_rows) == (20_000, 120_000)
    con = duckdb.connect()
    con.register("f", first.firms)
    con.register("l", first.links)
    same, selfs, distinct = con.execute(
        """SELECT avg(CASE WHEN substr(s.location, 1, 2) = substr(b.location, 1, 2) THEN 1 ELSE 0 END),
                  sum(CASE WHEN supplier_id = buyer_id THEN 1 ELSE 0 END), count(DISTINCT (supplier_id, buyer_id))
           FROM l JOIN f s ON s.firm_id = l.supplier_id JOIN f b ON b.firm_id = l.buyer_id"""
    ).fetchone() or (0, 0, 0)
    assert 0.55 < same < 0.75 and selfs == 0 and distinct == 120_000
    top_prefecture = con.execute(
        "SELECT substr(location, 1, 2) p FROM f GROUP BY p ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    assert top_prefecture == ("13",)  # 東京都, the largest population
    large = con.execute("SELECT avg(CASE WHEN employees > 2000 THEN 1 ELSE 0 END) FROM f").fetchone() or (0,)
    assert 0.0002 < large[0] < 0.005
    p99, maximum = con.execute(
        "SELECT quantile_cont(d, 0.99), max(d) FROM (SELECT count(*) d FROM l GROUP BY supplier_id)"
    ).fetchone() or (0, 0)
    assert maximum > 10 * p99 / 2  # heavy-tailed out-degree


def test_network_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    generated = runner.invoke(
        main, ["network", "generate", "--firms", "2000", "--links", "10000", "--out", str(tmp_path / "net")]
    )
    assert generated.exit_code == 0, generated.output
    result = runner.invoke(
        main,
        [
            "network",
            "degrees",
            str(tmp_path / "net" / "firms.parquet"),
            str(tmp_path / "net" / "links.parquet"),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2025年度: 2,000社" in result.output and "コネクター度・ハブ度を計算しています" in result.output
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "firm_degrees.parquet", "reference_list.parquet", "prefecture_summary.parquet", "quality.json", "rule.json"
    }  # fmt: skip
    missing = runner.invoke(
        main, ["network", "degrees", "nope.csv", "nope.csv", "--out", str(tmp_path / "o"), "--lang", "en"]
    )
    assert missing.exit_code == 2 and "nope.csv: The file does not exist." in missing.output


def test_spark_matches_the_hand_computation(
    network: tuple[Path, Path], tmp_path: Path, spark: object
) -> None:
    from chiiki_mirai.analytics.network.spark import run_spark

    result = run_spark(*network, tmp_path / "spark", spark=spark)
    assert (result.year, result.firms, result.listed) == (2025, 4, 2)
    assert {i.code: i.count for i in result.quality.issues}["LINK-BAD-AMOUNT"] == 2


@pytest.mark.parametrize("repeats", [0, 1, 40])
def test_repeats_found_in_order_and_grouped_agree(tmp_path: Path, repeats: int) -> None:
    """The ordered check (DuckDB) and the grouped one (Spark) report the same repeats: rows copied to the far end
    of the file, the same pair in another year (not a repeat), and a network without any."""
    import pyarrow as pa

    from chiiki_mirai.analytics.network.degrees import connect
    from chiiki_mirai.analytics.network.layout import register_inputs

    network = generate_network(NetworkParameters(firms=2_000, links=20_000, seed=5))
    copied = network.links.take(list(range(0, 20_000, 20_000 // repeats))) if repeats else None
    links = network.links
    if copied is not None:
        other_year = copied.set_column(3, "year", pa.array([2024] * len(copied), copied.schema.field(3).type))
        links = pa.concat_tables([links, other_year, copied])
    firms_path, links_path = write_network(GeneratedNetwork(network.firms, links), tmp_path / "net")
    reports: dict[str, quality.QualityReport] = {}
    for how in ("ordered", "grouped"):
        con = connect()
        register_inputs(con, firms_path, links_path)
        reports[how] = quality.build_clean_tables(con, repeats_check=how)
        con.close()
    assert reports["ordered"].as_json() == reports["grouped"].as_json()
    found = {issue.code: issue.count for issue in reports["ordered"].issues}
    assert found.get("LINK-DUPLICATE", 0) == repeats
    assert reports["ordered"].links_used == len(links) - repeats


def test_duckdb_and_spark_give_identical_results(tmp_path: Path, spark: object) -> None:
    from chiiki_mirai.analytics.network.spark import run_spark

    firms, links = write_network(
        generate_network(NetworkParameters(firms=3_000, links=30_000, seed=11)), tmp_path / "net"
    )
    duck = run_duckdb(firms, links, tmp_path / "duck")
    spark_result = run_spark(firms, links, tmp_path / "spark", spark=spark)
    assert (duck.year, duck.firms, duck.listed) == (
        spark_result.year,
        spark_result.firms,
        spark_result.listed,
    )
    con = duckdb.connect()

    def table(folder: Path, name: str) -> dict[object, tuple[object, ...]]:
        query = f"""SELECT firm_id, connector_degree, hub_degree, connector_rank, hub_rank
                    FROM read_parquet('{folder / name}{"/*.parquet" if folder.name == "spark" else ""}')"""
        return {row[0]: row[1:] for row in con.execute(query).fetchall()}

    for name in ("firm_degrees.parquet", "reference_list.parquet"):
        d, s = table(tmp_path / "duck", name), table(tmp_path / "spark", name)
        assert d.keys() == s.keys()
        for firm, (dc, dh, dcr, dhr) in d.items():
            sc, sh, scr, shr = s[firm]
            assert (dcr, dhr) == (scr, shr)
            # Sums may differ in the last bits with the order of addition; nothing more.
            assert dc == pytest.approx(sc, rel=1e-12) and dh == pytest.approx(sh, rel=1e-12)


def test_spark_dialect_substitutes_whole_parameter_names() -> None:
    from chiiki_mirai.analytics.network.spark import to_spark_sql

    sql = "WHERE supplier % $passes = $pass AND year = $year AND name = $unknown"
    assert to_spark_sql(sql, {"pass": 1, "passes": 4, "year": 2025}) == (
        "WHERE supplier % 4 = 1 AND year = 2025 AND name = $unknown"
    )
