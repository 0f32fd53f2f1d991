"""The network pipeline before and after a change, measured alternately in the same run (issue 15's check that
reading inputs right costs no more than noise).

    .venv/bin/python -m benchmarks.network_inputs --before /path/to/checkout-of-the-old-commit [--rounds 3]

Runs ``chiiki-mirai network degrees`` of the old checkout and of this one, each in a fresh process, alternating
(old, new, old, new …) so that the machine's load falls on both alike, on the benchmark's 10M-link network in
Parquet and the same network as CSV (written once under benchmarks/.data/). Reports the median wall time and
peak memory (max RSS) of each, and the ratio new / old.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.network_degrees import ensure_network

ROOT = Path(__file__).resolve().parent.parent


def as_csv(firms: Path, links: Path) -> tuple[Path, Path]:
    import duckdb

    folder = firms.parent.with_name(firms.parent.name + "-csv")
    if not (folder / "links.csv").exists():
        folder.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect()
        for path in (firms, links):
            con.execute(f"COPY (SELECT * FROM '{path}') TO '{folder / (path.stem + '.csv')}' (HEADER)")
    return folder / "firms.csv", folder / "links.csv"


def one_run(checkout: Path, firms: Path, links: Path) -> tuple[float, float]:
    """(seconds, peak RSS MiB) of the checkout's pipeline in a fresh process."""
    code = (
        "import sys, time, resource, tempfile; from pathlib import Path; "
        "from chiiki_mirai.analytics.network.degrees import run_duckdb; "
        "started = time.perf_counter(); "
        "run_duckdb(Path(sys.argv[1]), Path(sys.argv[2]), Path(tempfile.mkdtemp())); "
        "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(firms), str(links)],
        capture_output=True,
        text=True,
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{checkout} failed:\n{completed.stderr[-2000:]}")
    seconds, peak = completed.stdout.strip().splitlines()[-1].split()
    return float(seconds), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the commit to compare with")
    parser.add_argument("--firms", type=int, default=1_000_000)
    parser.add_argument("--links", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    parquet = ensure_network(args.firms, args.links)
    inputs = {"parquet": parquet, "csv": as_csv(*parquet)}
    for form, (firms, links) in inputs.items():
        one_run(ROOT, firms, links)  # warm the page cache for both
        runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
        for _ in range(args.rounds):
            runs["before"].append(one_run(args.before, firms, links))
            runs["after"].append(one_run(ROOT, firms, links))
        medians = {
            k: (statistics.median(s for s, _ in v), statistics.median(m for _, m in v))
            for k, v in runs.items()
        }
        (bs, bm), (as_, am) = medians["before"], medians["after"]
        print(
            f"{form:8} {args.links:,} links: before {bs:.2f} s, {bm:,.0f} MiB; after {as_:.2f} s, {am:,.0f} MiB; "
            f"after / before {as_ / bs:.2f}  (runs before {[round(s, 2) for s, _ in runs['before']]}, "
            f"after {[round(s, 2) for s, _ in runs['after']]})"
        )


if __name__ == "__main__":
    main()
