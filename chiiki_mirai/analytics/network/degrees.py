"""Connector and hub degrees per firm, their rank in the prefecture, and the reference list (DuckDB).

The SQL is the definition: for the chosen year, a link's amount is the supplier's 域外販売 when the buyer is in
another prefecture, and the buyer's 域内仕入 when both are in the same prefecture. A degree is the firm's amount
over its prefecture's total of the same kind. Ranks count firms with a positive amount; ties share a rank.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow.csv as pacsv

from chiiki_mirai.analytics.network.layout import csv_error, register_inputs
from chiiki_mirai.analytics.network.quality import QualityReport, build_clean_tables, require_usable
from chiiki_mirai.i18n import Text

OutputFormat = Literal["parquet", "csv"]
Progress = Callable[[Text], None]


@dataclass(frozen=True)
class ReferenceListRule:
    """What "relatively high" means (002 1(1)⑨ gives no figure, so it is a setting).

    002 (l.109) sets two separate requirements: ① コネクター度・ハブ度が都道府県内で相対的に高いこと and
    ② 従業員規模が2,000名以下であること. So, exactly:
    - Ranks are among ALL the prefecture's firms with a positive amount of that kind, large firms included: a
      firm's standing in its prefecture does not change because its neighbours are large. Ties share a rank.
    - The cut-off of each degree is ceil(top_share × the number of those firms), computed in decimal (not binary
      floating point, where 0.07 × 100 = 7.000000000000001 and would give 8).
    - A firm is listed when its connector rank or its hub rank is at most that cut-off (firms tied at the cut-off
      are all listed) AND its employee count is known and at most ``max_employees``. A large firm (or one of
      unknown size) within the cut-off takes its place in the ranks and is not listed: the list can be shorter
      than the cut-off, and longer only by ties at the cut-off.
    Default share 3 %: degrees are heavy-tailed, the top few per cent of firms carry most of a prefecture's
    out-of-prefecture sales and in-prefecture purchases (the prefecture summary reports the share the listed
    firms cover), and a per-prefecture percentile gives every prefecture a list in proportion to its economy.
    """

    max_employees: int = 2000
    top_share: float = 0.03

    def cutoff(self, active_firms: int) -> int:
        """The same arithmetic as the SQL's ``_CUTOFF`` (hand computations in the tests use this)."""
        return math.ceil(round(Decimal(str(self.top_share)) * active_firms, 9)) if active_firms else 0


@dataclass(frozen=True)
class DegreesResult:
    year: int
    quality: QualityReport
    firms: int
    listed: int
    seconds: float


DEGREES_SQL = """
CREATE OR REPLACE TEMP TABLE firm_amounts AS
WITH out_of_prefecture AS (
    -- Each link counts for one firm: the supplier's 域外販売 when it crosses a prefecture border, else the
    -- buyer's 域内仕入. Two groupings, each on one firm column, cost less than one on a key that mixes them
    -- (0.34-0.39 s against 0.42-0.44 s at 10M links, in file order or shuffled).
    SELECT supplier AS idx, sum(amount) AS amount FROM links_clean
    WHERE year = $year AND supplier_prefecture <> buyer_prefecture GROUP BY supplier
), in_prefecture AS (
    SELECT buyer AS idx, sum(amount) AS amount FROM links_clean
    WHERE year = $year AND supplier_prefecture = buyer_prefecture GROUP BY buyer
), amounts AS (
    SELECT f.idx, f.prefecture,
           coalesce(o.amount, 0) AS out_of_prefecture_sales,
           coalesce(i.amount, 0) AS in_prefecture_purchases
    FROM firms_clean f
    LEFT JOIN out_of_prefecture o ON o.idx = f.idx
    LEFT JOIN in_prefecture i ON i.idx = f.idx
)
SELECT * FROM amounts;

DROP TABLE IF EXISTS link_duplicates;
DROP TABLE IF EXISTS links_classified;

CREATE OR REPLACE TEMP TABLE firm_degrees AS
WITH prefecture_totals AS (
    -- One row per prefecture (a per-row window with FILTER was quadratic in the prefecture's size), with its
    -- cut-offs: computed once per prefecture, not once per firm.
    SELECT prefecture,
           sum(out_of_prefecture_sales) AS prefecture_out_of_prefecture_sales,
           sum(in_prefecture_purchases) AS prefecture_in_prefecture_purchases,
           count(*) FILTER (WHERE out_of_prefecture_sales > 0) AS connector_active,
           count(*) FILTER (WHERE in_prefecture_purchases > 0) AS hub_active,
           CAST(ceil(round($top_share * count(*) FILTER (WHERE out_of_prefecture_sales > 0), 9)) AS BIGINT)
               AS connector_cutoff,
           CAST(ceil(round($top_share * count(*) FILTER (WHERE in_prefecture_purchases > 0), 9)) AS BIGINT)
               AS hub_cutoff
    FROM firm_amounts GROUP BY prefecture
), ranked AS (
    -- Ranked on narrow rows: the names and codes join afterwards (sorting them along cost twice as much).
    SELECT idx, out_of_prefecture_sales, in_prefecture_purchases,
           CASE WHEN out_of_prefecture_sales > 0 THEN rank() OVER (
                PARTITION BY prefecture, out_of_prefecture_sales > 0 ORDER BY out_of_prefecture_sales DESC) END
               AS connector_rank,
           CASE WHEN in_prefecture_purchases > 0 THEN rank() OVER (
                PARTITION BY prefecture, in_prefecture_purchases > 0 ORDER BY in_prefecture_purchases DESC) END
               AS hub_rank
    FROM firm_amounts
)
SELECT f.firm_id, f.name, f.location, f.prefecture, f.employees, f.industry,
       r.out_of_prefecture_sales, r.in_prefecture_purchases,
       t.prefecture_out_of_prefecture_sales, t.prefecture_in_prefecture_purchases,
       CASE WHEN t.prefecture_out_of_prefecture_sales > 0
            THEN r.out_of_prefecture_sales / t.prefecture_out_of_prefecture_sales ELSE 0 END AS connector_degree,
       CASE WHEN t.prefecture_in_prefecture_purchases > 0
            THEN r.in_prefecture_purchases / t.prefecture_in_prefecture_purchases ELSE 0 END AS hub_degree,
       r.connector_rank, r.hub_rank, t.connector_active, t.hub_active, t.connector_cutoff, t.hub_cutoff
FROM firms_clean f
JOIN ranked r ON r.idx = f.idx
JOIN prefecture_totals t ON t.prefecture = f.prefecture;

CREATE OR REPLACE TEMP TABLE reference_list AS
SELECT firm_id, name, location, prefecture, employees, industry,
       connector_degree, connector_rank, hub_degree, hub_rank,
       CASE WHEN connector_rank <= connector_cutoff AND hub_rank <= hub_cutoff THEN 'both'
            WHEN connector_rank <= connector_cutoff THEN 'connector' ELSE 'hub' END AS listed_by
FROM firm_degrees
WHERE employees IS NOT NULL AND employees <= $max_employees
  AND (connector_rank <= connector_cutoff OR hub_rank <= hub_cutoff);

CREATE OR REPLACE TEMP TABLE prefecture_summary AS
SELECT d.prefecture,
       count(*) AS firms,
       max(d.connector_active) AS firms_with_out_of_prefecture_sales,
       max(d.hub_active) AS firms_with_in_prefecture_purchases,
       max(d.prefecture_out_of_prefecture_sales) AS out_of_prefecture_sales,
       max(d.prefecture_in_prefecture_purchases) AS in_prefecture_purchases,
       count(r.firm_id) AS listed,
       coalesce(sum(r.connector_degree), 0) AS listed_share_of_out_of_prefecture_sales,
       coalesce(sum(r.hub_degree), 0) AS listed_share_of_in_prefecture_purchases
FROM firm_degrees d LEFT JOIN reference_list r ON r.firm_id = d.firm_id
GROUP BY d.prefecture;
"""

OUTPUT_TABLES = ("firm_degrees", "reference_list", "prefecture_summary")
_ORDER = {
    "firm_degrees": "prefecture, firm_id",
    "reference_list": "prefecture, firm_id",
    "prefecture_summary": "prefecture",
}


def connect(memory_limit: str = "6GB") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that spills to disk past ``memory_limit`` (out of core for the largest inputs)."""
    spill = Path(tempfile.gettempdir()) / "chiiki-mirai-duckdb"
    spill.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(
        config={"memory_limit": memory_limit, "temp_directory": str(spill), "preserve_insertion_order": False}
    )


def compute_degrees(
    con: duckdb.DuckDBPyConnection, *, year: int | None = None, rule: ReferenceListRule | None = None
) -> int:
    """Fill ``firm_degrees``, ``reference_list`` and ``prefecture_summary`` from the clean tables; return the year.

    The links' tables are released once every firm has its amounts (a few hundred MB at 10M links, no longer
    needed by the per-firm steps)."""
    rule = rule or ReferenceListRule()
    if year is None:
        # Repeats do not change the latest year: read it without the de-duplicating join.
        row = con.execute("SELECT max(year) FROM links_classified WHERE problem IS NULL").fetchone()
        year = int(row[0]) if row and row[0] is not None else 0
    for statement in filter(str.strip, DEGREES_SQL.split(";")):
        parameters = {
            k: v
            for k, v in {
                "year": year,
                "top_share": rule.top_share,
                "max_employees": rule.max_employees,
            }.items()
            if f"${k}" in statement
        }
        con.execute(statement, parameters)
    return year


def run_duckdb(
    firms: Path,
    links: Path,
    out: Path,
    *,
    year: int | None = None,
    rule: ReferenceListRule | None = None,
    output_format: OutputFormat = "parquet",
    progress: Progress | None = None,
    memory_limit: str = "6GB",
) -> DegreesResult:
    """The whole pipeline on the embedded engine: read, check, compute, write."""
    rule = rule or ReferenceListRule()
    say = progress or (lambda _: None)
    started = time.perf_counter()
    con = connect(memory_limit)
    say(Text("入力を読み込んでいます", "registering the inputs"))
    try:
        register_inputs(con, firms, links)
        say(Text("入力を点検しています", "checking the inputs"))
        quality = build_clean_tables(con)
        require_usable(con, quality, firms, links, year)
    except duckdb.InvalidInputException as exc:
        # A CSV is read while the clean tables are built: its errors arrive here, naming the file.
        named = re.search(r"^\s*file = (.+)$", str(exc), flags=re.M)
        raise csv_error(firms if named and named[1].strip() == str(firms) else links, exc) from None
    say(Text("コネクター度・ハブ度を計算しています", "computing connector and hub degrees"))
    chosen_year = compute_degrees(con, year=year, rule=rule)
    say(Text("結果を書き出しています", "writing the results"))
    write_outputs(con, out, output_format)
    (out / "quality.json").write_text(
        json.dumps(quality.as_json(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (out / "rule.json").write_text(
        json.dumps({"year": chosen_year, **asdict(rule)}, indent=2), encoding="utf-8"
    )
    firms_count = _count(con, "firm_degrees")
    listed = _count(con, "reference_list")
    con.close()
    return DegreesResult(chosen_year, quality, firms_count, listed, time.perf_counter() - started)


def write_outputs(con: duckdb.DuckDBPyConnection, out: Path, output_format: OutputFormat) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for table in OUTPUT_TABLES:
        target = out / f"{table}.{output_format}"
        if output_format == "parquet":
            # Parquet is for machines: written unsorted (sorting a million rows costs more than it is worth).
            con.execute(f"COPY {table} TO '{_sql_path(target)}' (FORMAT PARQUET)")
            continue
        # CSV is for people in Excel: sorted, UTF-8 with a BOM so Excel reads the Japanese names correctly, and
        # names that Excel would take for formulas neutralised by the platform's one rule for exports.
        from chiiki_mirai.reports.spreadsheet import neutralised_table

        arrow = neutralised_table(con.sql(f"SELECT * FROM {table} ORDER BY {_ORDER[table]}").to_arrow_table())
        with target.open("wb") as handle:
            handle.write(b"\xef\xbb\xbf")
            pacsv.write_csv(arrow, handle)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
