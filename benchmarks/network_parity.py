"""Spark and DuckDB on the benchmark's network (issue #5: "the Spark run of the 10M case completes in local mode,
and its results are identical").

    .venv/bin/python -m benchmarks.network_parity [--links 10000000]

Runs both engines on the cached network and compares every firm's ranks (exactly), degrees (to 1e-12 relative:
sums may differ in the last bits with the order of addition) and the reference list (exactly).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.network_degrees import ensure_network
from chiiki_mirai.analytics.network.degrees import run_duckdb
from chiiki_mirai.analytics.network.spark import run_spark, start_spark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=1_000_000)
    parser.add_argument("--links", type=int, default=10_000_000)
    args = parser.parse_args()
    firms, links = ensure_network(args.firms, args.links)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        started = time.perf_counter()
        duck = run_duckdb(firms, links, out / "duck")
        print(f"duckdb: {duck.firms:,} firms, {duck.listed:,} listed, {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        spark = run_spark(firms, links, out / "spark", spark=start_spark("local[*]", shuffle_partitions=16))
        print(
            f"spark:  {spark.firms:,} firms, {spark.listed:,} listed, {time.perf_counter() - started:.1f} s"
        )
        con = duckdb.connect()
        compared = con.execute(
            f"""
            WITH d AS (SELECT * FROM read_parquet('{out / "duck" / "firm_degrees.parquet"}')),
                 s AS (SELECT * FROM read_parquet('{out / "spark" / "firm_degrees.parquet"}/*.parquet'))
            SELECT count(*) AS firms,
                   count(*) FILTER (WHERE s.firm_id IS NULL OR d.firm_id IS NULL) AS missing,
                   count(*) FILTER (WHERE d.connector_rank IS DISTINCT FROM s.connector_rank
                                       OR d.hub_rank IS DISTINCT FROM s.hub_rank) AS rank_differences,
                   max(abs(d.connector_degree - s.connector_degree) / greatest(d.connector_degree, 1e-300)),
                   max(abs(d.hub_degree - s.hub_degree) / greatest(d.hub_degree, 1e-300))
            FROM d FULL JOIN s USING (firm_id)"""
        ).fetchone()
        listed = con.execute(
            f"""SELECT count(*) FROM (
                  (SELECT firm_id, listed_by FROM read_parquet('{out / "duck" / "reference_list.parquet"}')
                   EXCEPT SELECT firm_id, listed_by FROM read_parquet('{out / "spark" / "reference_list.parquet"}/*.parquet'))
                  UNION ALL
                  (SELECT firm_id, listed_by FROM read_parquet('{out / "spark" / "reference_list.parquet"}/*.parquet')
                   EXCEPT SELECT firm_id, listed_by FROM read_parquet('{out / "duck" / "reference_list.parquet"}')))"""
        ).fetchone()
    assert compared is not None and listed is not None
    firms_count, missing, ranks, connector_error, hub_error = compared
    print(
        f"compared {firms_count:,} firms: {missing} missing on either side, {ranks} rank differences, "
        f"largest relative degree difference {max(connector_error or 0, hub_error or 0):.1e}; "
        f"reference-list rows in one and not the other: {listed[0]}"
    )
    identical = (
        missing == 0 and ranks == 0 and listed[0] == 0 and max(connector_error or 0, hub_error or 0) < 1e-12
    )
    print("identical" if identical else "DIFFERENT")


if __name__ == "__main__":
    main()
