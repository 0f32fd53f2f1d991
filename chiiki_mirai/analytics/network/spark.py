"""The same pipeline on Apache Spark (PySpark), for networks beyond one machine; local mode in the tests.

Spark runs the very SQL of ``quality`` and ``degrees`` through a small adapter that translates the few DuckDB
idioms (temporary tables, ``$name`` parameters, an unordered ``row_number()``), so the definition lives in one
place and the two engines cannot drift apart. One question is asked each engine's way: whether any pair of firms
repeats (``quality.RepeatsCheck``: a sorted window runs in one Spark task, so Spark groups); the answer is the
same (a test compares them), and the repeats themselves are then counted by the same SQL.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chiiki_mirai.analytics.network.degrees import (
    OUTPUT_TABLES,
    DegreesResult,
    OutputFormat,
    Progress,
    ReferenceListRule,
    compute_degrees,
)
from chiiki_mirai.analytics.network.layout import (
    FIRM_COLUMNS,
    LINK_COLUMNS,
    NetworkInputError,
    check_types,
    is_csv,
    shared_id_type,
    typed_columns,
    validate_csv,
)
from chiiki_mirai.analytics.network.quality import build_clean_tables, require_usable
from chiiki_mirai.i18n import Text


class _Result:
    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows = [tuple(r) for r in rows]

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None


class SparkConnection:
    """Just enough of DuckDB's connection interface for the shared SQL: ``execute(sql, params)``."""

    def __init__(self, spark: Any) -> None:
        self.spark = spark

    def execute(self, sql: str, parameters: dict[str, Any] | None = None) -> _Result:
        statement = to_spark_sql(sql, parameters or {})
        if re.match(r"\s*SET\s", statement):
            return _Result([])  # DuckDB's own settings (preserve_insertion_order): nothing to do in Spark
        match = re.match(r"\s*CREATE OR REPLACE TEMP (?:TABLE|VIEW) (\w+) AS\s+(.*)", statement, flags=re.S)
        if match:
            name, query = match.groups()
            frame = self.spark.sql(query)
            if "TEMP TABLE" in statement:
                frame = frame.cache()  # a DuckDB temporary table is materialised; so is this
            frame.createOrReplaceTempView(name)
            return _Result([])
        dropped = re.match(r"\s*DROP TABLE IF EXISTS (\w+)\s*$", statement)
        if dropped:
            self.spark.catalog.dropTempView(dropped.group(1))  # uncaches it too
            return _Result([])
        return _Result(self.spark.sql(statement).collect())


def to_spark_sql(sql: str, parameters: dict[str, Any]) -> str:
    # Whole names only: ``$pass`` must not eat the start of ``$passes``.
    sql = re.sub(r"\$(\w+)", lambda m: repr(parameters[m[1]]) if m[1] in parameters else m[0], sql)
    # Spark numbers rows only in a stated order; ids are unique after de-duplication, so order by them.
    sql = sql.replace("row_number() OVER ()", "row_number() OVER (ORDER BY firm_id)")
    # File order: DuckDB's rowid of a table copied in scan order; in Spark, ids that grow with the partitions.
    sql = sql.replace("rowid AS input_row", "monotonically_increasing_id() AS input_row")
    return re.sub(r"\bAS VARCHAR\b", "AS STRING", sql)


def start_spark(master: str = "local[*]", shuffle_partitions: int = 8) -> Any:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master(master)
        .appName("chiiki-mirai network degrees")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "Asia/Tokyo")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def register_inputs_spark(spark: Any, firms: Path, links: Path) -> None:
    """The same views as ``layout.register_inputs``, checked by the same rules, read by Spark."""
    found: dict[Path, dict[str, str]] = {}
    for path, view, columns in ((firms, "firms_input", FIRM_COLUMNS), (links, "links_input", LINK_COLUMNS)):
        if not path.exists():
            raise NetworkInputError(str(path), Text("ファイルがありません。", "The file does not exist."))
        if is_csv(path):
            # Checked whole first (encoding, quoting, row widths: Spark's reader would pass them over silently),
            # then read with the same declared dialect: every column text, named by the header.
            names = validate_csv(path)
            schema = ", ".join(f"`{name}` STRING" for name in names)
            reader = (
                spark.read.schema(schema)
                .option("header", "true")
                .option("quote", '"')
                .option("escape", '"')
                .option("multiLine", "true")
                .option("mode", "FAILFAST")
                .csv(str(path))
            )
        else:
            reader = spark.read.parquet(str(path))
        reader.createOrReplaceTempView(f"{view}_raw")
        found[path] = dict(reader.dtypes)
        check_types(path, columns, found[path], csv_file=is_csv(path))
    id_type = shared_id_type(found[firms], found[links])
    for path, view, columns in ((firms, "firms_input", FIRM_COLUMNS), (links, "links_input", LINK_COLUMNS)):
        select = typed_columns(columns, found[path], is_csv(path), id_type)
        spark.sql(to_spark_sql(f"SELECT {select} FROM {view}_raw", {})).createOrReplaceTempView(view)


def run_spark(
    firms: Path,
    links: Path,
    out: Path,
    *,
    year: int | None = None,
    rule: ReferenceListRule | None = None,
    output_format: OutputFormat = "parquet",
    progress: Progress | None = None,
    spark: Any = None,
) -> DegreesResult:
    rule = rule or ReferenceListRule()
    say = progress or (lambda _: None)
    started = time.perf_counter()
    session = spark or start_spark()
    say(Text("入力を読み込んでいます（Spark）", "registering the inputs (Spark)"))
    register_inputs_spark(session, firms, links)
    con = SparkConnection(session)
    say(Text("入力を点検しています", "checking the inputs"))
    quality = build_clean_tables(con, repeats_check="grouped")  # type: ignore[arg-type]
    require_usable(con, quality, firms, links, year)
    say(Text("コネクター度・ハブ度を計算しています", "computing connector and hub degrees"))
    chosen_year = compute_degrees(con, year=year, rule=rule)  # type: ignore[arg-type]
    say(Text("結果を書き出しています", "writing the results"))
    out.mkdir(parents=True, exist_ok=True)
    for table in OUTPUT_TABLES:
        frame = session.table(table)
        if output_format == "parquet":
            frame.write.mode("overwrite").parquet(str(out / f"{table}.parquet"))
        else:
            from chiiki_mirai.reports.spreadsheet import neutralised_sql

            texts = {name for name, kind in frame.dtypes if kind == "string"}
            frame = frame.selectExpr(
                *(f"{neutralised_sql(f'`{c}`')} AS `{c}`" if c in texts else f"`{c}`" for c in frame.columns)
            )
            frame.write.mode("overwrite").option("header", "true").csv(str(out / f"{table}.csv"))
    firms_count = session.table("firm_degrees").count()
    listed = session.table("reference_list").count()
    return DegreesResult(chosen_year, quality, firms_count, listed, time.perf_counter() - started)
