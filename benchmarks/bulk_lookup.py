"""The bulk look-up at its limit (issue 11 §4): 10,000 法人番号 against a reference-list edition and the plans.

    .venv/bin/python -m benchmarks.bulk_lookup [--firms 200000] [--rounds 5]

Builds a fresh SQLite database in a temporary folder (migrations, the demo's published plans), loads a synthetic
network's result as the reference list, then times ``bulk_lookup`` over 10,000 numbers (9,990 of the list's firms,
the demo's core companies, and a few with a wrong check digit) and writing its CSV. Medians of ``--rounds``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="chiiki-bulk-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiiki_mirai.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from chiiki_mirai.analytics.bulk_lookup import bulk_csv, bulk_lookup
    from chiiki_mirai.analytics.models import FirmDegree
    from chiiki_mirai.analytics.network.degrees import run_duckdb
    from chiiki_mirai.analytics.network.generator import NetworkParameters, generate_network, write_network
    from chiiki_mirai.web.demo import load_demo
    from chiiki_mirai.workflow.models import CoreEntityRecord

    call_command("migrate", verbosity=0)
    load_demo()
    firms, links = write_network(
        generate_network(NetworkParameters(firms=args.firms, links=args.firms * 5)), folder / "net"
    )
    run_duckdb(firms, links, folder / "result")
    call_command("load_reference_list", str(folder / "result"), verbosity=0)
    numbers = list(FirmDegree.objects.values_list("firm_id", flat=True)[:9_980])
    numbers += [n for n in CoreEntityRecord.objects.values_list("corporate_number", flat=True) if n][:10]
    numbers += ["4999900002101"] * (10_000 - len(numbers))  # a wrong check digit, reported per line
    entries = list(enumerate(numbers, start=1))
    times = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        rows = bulk_lookup(entries)
        data = bulk_csv(rows)
        times.append(time.perf_counter() - started)
    named = sum(1 for r in rows if r.plans)
    print(
        f"{len(entries):,} numbers against {args.firms:,} firms: median {statistics.median(times):.3f} s "
        f"(runs {', '.join(f'{t:.3f}' for t in times)}); {named} in plans; CSV {len(data):,} bytes"
    )


if __name__ == "__main__":
    main()
