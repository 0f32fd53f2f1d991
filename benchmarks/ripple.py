"""The input-output estimate's speed (issue 13 §3): one plan under 50 ms in-process, the national set of 2,000
plans under 10 s.

    .venv/bin/python -m benchmarks.ripple [--plans 2000] [--rounds 5]

Plans come from ``benchmarks/plan_generator.py`` (the six samples varied), read once; timed are: the first
estimate in a fresh process (loading the table and inverting the 26 × 26 matrix included), a single estimate
once warm (median of 200), and all plans (median of ``--rounds``). The same run times ``json.dumps`` of each
plan's result as a floor for "doing anything per plan".
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from benchmarks.plan_generator import generate
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.io import load, source_from_text


def cold_start() -> float:
    code = (
        "import time; from pathlib import Path; from chiiki_mirai.plans.io import load, source_from_text; "
        "p = load(source_from_text('p.yaml', Path('examples/plans/b-kitakyushu-robotics.yaml').read_text())); "
        "t = time.perf_counter(); from chiiki_mirai.analytics.ripple.estimate import estimate; estimate(p); "
        "print(time.perf_counter() - t)"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(completed.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from chiiki_mirai.analytics.ripple.estimate import estimate

    plans = []
    for index, text in enumerate(generate(args.plans)):
        document = load(source_from_text(f"p{index}.yaml", text))
        if isinstance(document, PlanDocument):
            plans.append(document)
    colds = [cold_start() for _ in range(3)]
    estimate(plans[0])
    singles = []
    for plan in plans[:200]:
        started = time.perf_counter()
        estimate(plan)
        singles.append(time.perf_counter() - started)
    alls, floors = [], []
    for _ in range(args.rounds):
        started = time.perf_counter()
        results = [estimate(plan) for plan in plans]
        alls.append(time.perf_counter() - started)
        started = time.perf_counter()
        for result in results:
            json.dumps(result.as_json())
        floors.append(time.perf_counter() - started)
    print(f"{len(plans):,} plans read")
    print(
        f"first estimate in a fresh process: median {statistics.median(colds) * 1000:.1f} ms (runs {[round(c * 1000, 1) for c in colds]})"
    )
    print(
        f"one plan, warm: median {statistics.median(singles) * 1000:.3f} ms, max {max(singles) * 1000:.3f} ms (goal < 50 ms)"
    )
    print(
        f"all {len(plans):,} plans: median {statistics.median(alls):.3f} s (runs {[round(a, 3) for a in alls]}; goal < 10 s)"
    )
    print(f"json.dumps of every result (floor): median {statistics.median(floors):.3f} s")


if __name__ == "__main__":
    main()
