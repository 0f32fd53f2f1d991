"""Pre-check throughput on generated plans, one core: parse + validate + all rules (issue #2).

    .venv/bin/python -m benchmarks.check_throughput [--plans 10000] [--rounds 3]

The headline runs the product's own batch service, ``rules.service.check_sources``, on in-memory YAML texts
(reading from disk and locating lines for people are left out; the second is measured separately). A
split run times each stage in the same streaming shape (each file parsed and validated in turn, then the
rulebook over the set, cross-plan rules included). Baselines measured in the same run on the same texts:
PyYAML with libyaml (this project's earlier parser) and PyYAML's pure-Python loader. Medians over rounds.
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
from chiiki_mirai.rules.service import check_sources, paused_collector

T = TypeVar("T")


def timed[T](function: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def split_round(texts: list[str]) -> dict[str, float]:
    bound = checker()
    parse_s = validate_s = 0.0
    plans = []
    with paused_collector():
        for index, text in enumerate(texts):
            source = source_from_text(f"plan-{index}.yaml", text)
            start = time.perf_counter()
            data = parse(source)
            parsed = time.perf_counter()
            plans.append(PlanDocument.model_validate(data))
            validate_s += time.perf_counter() - parsed
            parse_s += parsed - start
        rules_s, _ = timed(lambda: bound.check_plans(plans))
    return {"parse": parse_s, "validate": validate_s, "rules": rules_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})  # one core, as the issue asks

    texts = generate(args.plans)
    size = sum(len(t.encode()) for t in texts)
    bound = checker()
    n = args.plans

    def end_to_end(locate: bool) -> float:
        sources = [source_from_text(f"plan-{i}.yaml", t) for i, t in enumerate(texts)]
        seconds, results = timed(lambda: check_sources(bound, sources, locate_lines=locate))
        assert len(results) == n
        return seconds

    headline = statistics.median(end_to_end(False) for _ in range(args.rounds))
    located = end_to_end(True)
    splits = [split_round(texts) for _ in range(args.rounds)]
    stage = {key: statistics.median(s[key] for s in splits) for key in ("parse", "validate", "rules")}
    libyaml_s = statistics.median(
        timed(lambda: [yaml.load(t, Loader=_Loader) for t in texts])[0] for _ in range(args.rounds)
    )
    subset = texts[: max(1, n // 10)]
    pure_s, _ = timed(lambda: [yaml.load(t, Loader=yaml.SafeLoader) for t in subset])

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores (pinned to one), Python {platform.python_version()}"
    )
    print(
        f"plans: {n:,} generated ({size / n / 1024:.1f} KiB of YAML each on average, ~20% with defects), rounds: {args.rounds}"
    )
    print(
        f"end to end, check_sources (parse + validate + all rules): {headline:6.2f} s  {n / headline:7,.0f} plans/s"
    )
    print(
        f"  the same with each finding's line located (CLI text/html): {located:6.2f} s  {n / located:7,.0f} plans/s"
    )
    split_total = sum(stage.values())
    for key, seconds in stage.items():
        print(
            f"  split: {key:<9} {seconds:6.2f} s  {n / seconds:7,.0f} plans/s  {seconds / split_total:5.1%}"
        )
    print(
        f"baseline: PyYAML+libyaml parse alone       {n / libyaml_s:7,.0f} plans/s (yaml-rs parse: {libyaml_s / stage['parse']:.1f}x faster)"
    )
    print(
        f"baseline: PyYAML pure-Python parse alone   {len(subset) / pure_s:7,.0f} plans/s ({len(subset):,} plans)"
    )
    print(f"whole pre-check / PyYAML+libyaml parse alone: {libyaml_s / headline:.2f}x the throughput")


if __name__ == "__main__":
    main()
