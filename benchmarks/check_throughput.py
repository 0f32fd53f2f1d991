"""Pre-check throughput on generated plans, one core: parse + validate + all rules (issue #2).

    .venv/bin/python benchmarks/check_throughput.py [--plans 10000] [--rounds 3]

Each stage calls the product's own functions (``plans.io.parse``, the document model's validation, the
bound rulebook over the whole set, cross-plan rules included). Reports the median of each stage over the
rounds and plans per second, beside two baselines measured in the same run on the same texts: PyYAML with
libyaml (the previous parser of this project) and PyYAML's pure-Python loader (a naive implementation).
Results are written down in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

import yaml

from benchmarks.plan_generator import generate
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.io import _Loader, parse, source_from_text
from chiiki_mirai.rules.engine import checker

T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue asks

    texts = generate(args.plans)
    sources = [source_from_text(f"plan-{i}.yaml", t) for i, t in enumerate(texts)]
    size = sum(len(t.encode()) for t in texts)
    bound = checker()
    stages: dict[str, list[float]] = {"parse": [], "validate": [], "rules": [], "total": []}
    findings = 0
    for _ in range(args.rounds):
        parse_s, data = timed(lambda: [parse(s) for s in sources])
        validate_s, plans = timed(lambda data=data: [PlanDocument.model_validate(d) for d in data])
        rules_s, results = timed(lambda plans=plans: bound.check_plans(plans))
        stages["parse"].append(parse_s)
        stages["validate"].append(validate_s)
        stages["rules"].append(rules_s)
        stages["total"].append(parse_s + validate_s + rules_s)
        findings = sum(len(r) for r in results)

    libyaml_s = statistics.median(
        timed(lambda: [yaml.load(t, Loader=_Loader) for t in texts])[0] for _ in range(args.rounds)
    )
    subset = texts[: max(1, args.plans // 10)]
    pure_s, _ = timed(lambda: [yaml.load(t, Loader=yaml.SafeLoader) for t in subset])
    pure_per_plan = pure_s / len(subset)

    median: dict[str, float] = {k: statistics.median(v) for k, v in stages.items()}
    total = median["total"]
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, PyYAML libyaml={yaml.__with_libyaml__}"
    )
    print(
        f"plans: {args.plans:,} ({size / args.plans / 1024:.1f} KiB each on average), rounds: {args.rounds}, findings: {findings:,}"
    )
    for stage in ("parse", "validate", "rules"):
        share = median[stage] / total
        print(
            f"  {stage:<9} {median[stage]:7.2f} s  {args.plans / median[stage]:9,.0f} plans/s  {share:5.1%}"
        )
    print(f"  {'total':<9} {total:7.2f} s  {args.plans / total:9,.0f} plans/s")
    print(
        f"baseline, PyYAML+libyaml parse alone: {args.plans / libyaml_s:,.0f} plans/s (yaml-rs parse is {libyaml_s / median['parse']:.1f}x faster)"
    )
    print(
        f"baseline, PyYAML pure-Python parse alone ({len(subset):,} plans): {1 / pure_per_plan:,.0f} plans/s"
    )
    print(f"whole pre-check vs PyYAML+libyaml parse alone: {libyaml_s / total:.2f}x the throughput")


if __name__ == "__main__":
    main()
