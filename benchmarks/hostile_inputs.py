"""Hostile inputs: every shape of text up to the size limit is checked in time linear in its size (issue 19 §3).

    .venv/bin/python -m benchmarks.hostile_inputs [--rounds 3] [--sizes 0.5,5]

Each shape is generated at about 0.5 MB and 5 MB and run through what ``POST /api/check``, ``/work/check/`` and
``chiiki-mirai check`` run: ``rules.service.check_sources`` (read, parse, validate, every rule, findings located to
their lines). Goal: each 5 MB shape answered in ≤ 2 s, and ≤ 12× its own 0.5 MB time (linear growth is 10×).
Medians over rounds; the figures are written down in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from chiiki_mirai.plans.io import source_from_text
from chiiki_mirai.rules.engine import checker
from chiiki_mirai.rules.service import check_sources

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "plans" / "c-umaji-yuzu.yaml"
MB = 1024 * 1024


def _repeat(head: str, line: Callable[[int], str], size: int, tail: str = "") -> str:
    parts, total, i = [head], len(head.encode()), 0
    while total < size:
        text = line(i)
        parts.append(text)
        total += len(text.encode())
        i += 1
    parts.append(tail)
    return "".join(parts)


def unknown_keys(size: int) -> str:
    return _repeat(SAMPLE.read_text(encoding="utf-8") + "\n", lambda i: f"unknown_key_{i}: 1\n", size)


def unknown_keys_json(size: int) -> str:
    head = '{"format": "chiiki-mirai/plan@1", "plan_type": "C", "title": "t"'
    return _repeat(head, lambda i: f', "unknown_key_{i}": 1', size, "}")


def deep_block(size: int) -> str:
    # Block-style nesting: depth d costs about d²/2 bytes of indentation.
    depth = int((2 * size) ** 0.5)
    return "format: chiiki-mirai/plan@1\nplan_type: C\n" + "".join(f"{' ' * i}a:\n" for i in range(depth))


def deep_flow(size: int) -> str:
    depth = size // 2
    return "format: chiiki-mirai/plan@1\nplan_type: C\nx: " + "[" * depth + "]" * depth + "\n"


def many_kpis(size: int) -> str:
    """A valid plan with a very long KPI list, each KPI lacking what the rules ask for: thousands of findings."""
    head = SAMPLE.read_text(encoding="utf-8").split("\nkpis:")[0] + "\nkpis:\n"
    if "\nkpis:" not in SAMPLE.read_text(encoding="utf-8"):
        head = SAMPLE.read_text(encoding="utf-8") + "\nkpis:\n"
    return _repeat(head, lambda i: f"  - {{id: x{i}, name: 指標{i}}}\n", size)


def lists_at_the_limit(size: int) -> str:
    """The sample plan with its KGIs, KPIs, measures and core firms repeated (each list at most at the platform's
    item limit) until the text has the size: a readable plan with thousands of rule findings to locate."""
    import yaml

    from chiiki_mirai.plans.io import MAX_ITEMS

    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    lists = [(data, "core_entities"), (data, "kgis"), (data["policy"], "kpis"), (data["policy"], "measures")]
    total = len(SAMPLE.read_bytes())
    for holder, key in lists:
        first = holder[key][0]
        item_size = len(yaml.safe_dump(first, allow_unicode=True).encode())
        count = min(MAX_ITEMS, max(1, (size - total) // item_size))
        # Copies, not the same object: the dumper would write anchors and aliases (refused past a replay limit).
        holder[key] = [
            {**copy.deepcopy(first), **({"id": f"{first['id']}-{i}"} if "id" in first else {})}
            for i in range(count)
        ]
        total += count * item_size
        if total >= size:
            break
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def syntax_error_at_the_end(size: int) -> str:
    """A long valid text that breaks on its last line: the located diagnosis reads the whole text again."""
    return lists_at_the_limit(size) + "broken: [unclosed\n"


def duplicate_key_at_the_end(size: int) -> str:
    return lists_at_the_limit(size) + "title: again\n"


def type_errors(size: int) -> str:
    head = "format: chiiki-mirai/plan@1\nplan_type: C\ntitle: t\nkgis:\n"
    return _repeat(
        head, lambda i: "  - {kind: capex, target: {value: 四十, unit: 百万円, year: 2030}}\n", size
    )


def long_string(size: int) -> str:
    return "format: chiiki-mirai/plan@1\nplan_type: C\ntitle: " + "あ" * (size // 3) + "\n"


def long_flat_list(size: int) -> str:
    return _repeat(
        "format: chiiki-mirai/plan@1\nplan_type: C\ntitle: t\nauthors:\n", lambda i: "  - '401005'\n", size
    )


def big_numbers(size: int) -> str:
    return _repeat(
        "format: chiiki-mirai/plan@1\nplan_type: C\ntitle: t\nx:\n",
        lambda i: "  - " + "9" * 5000 + "\n",
        size,
    )


SHAPES: dict[str, Callable[[int], str]] = {
    "unknown top-level keys (YAML)": unknown_keys,
    "unknown top-level keys (JSON)": unknown_keys_json,
    "block nesting": deep_block,
    "flow nesting": deep_flow,
    "thousands of KPIs (rule findings)": many_kpis,
    "lists at the item limit (findings)": lists_at_the_limit,
    "syntax error on the last line": syntax_error_at_the_end,
    "duplicate key on the last line": duplicate_key_at_the_end,
    "type errors in a list": type_errors,
    "one long string": long_string,
    "one long list": long_flat_list,
    "5,000-digit integers": big_numbers,
}


def run_once(text: str) -> float:
    """Seconds to answer; an input that crashes the check (a 500 on the platform) raises ``Crashed``."""
    bound = checker()
    start = time.perf_counter()
    try:
        check_sources(bound, [source_from_text("hostile.yaml", text)])
    except Exception as exc:  # measured, not hidden: the table says which shape crashed and how
        raise Crashed(type(exc).__name__) from exc
    return time.perf_counter() - start


class Crashed(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="0.5,5", help="sizes in MB, the first is the baseline")
    parser.add_argument("--shape", action="append", help="only these shapes (by name prefix)")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    checker()  # the rulebook is loaded once, outside the timings
    worst = 0.0
    print(f"{'shape':36} " + " ".join(f"{s:>6} MB" for s in sizes) + "   ratio")
    for name, make in SHAPES.items():
        if args.shape and not any(name.startswith(p) for p in args.shape):
            continue
        medians: list[float | str] = []
        for size in sizes:
            text = make(int(size * MB))
            try:
                medians.append(statistics.median(run_once(text) for _ in range(args.rounds)))
            except Crashed as crash:
                medians.append(f"crash:{crash}")
        cells = " ".join(f"{m:8.3f}s" if isinstance(m, float) else f"{m:>9}" for m in medians)
        first, last = medians[0], medians[-1]
        ratio = (
            last / first if isinstance(first, float) and isinstance(last, float) and first else float("nan")
        )
        if isinstance(last, float):
            worst = max(worst, last)
        print(f"{name:36} {cells}  {ratio:6.1f}×", flush=True)
    print(f"slowest at {sizes[-1]} MB: {worst:.3f} s (goal ≤ 2 s; ratio goal ≤ 12×)")


if __name__ == "__main__":
    main()
