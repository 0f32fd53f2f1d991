"""How long the command takes to start and answer (issue 23): the median of whole-process runs of ``check`` on one
sample plan, ``rules`` and ``schema``, beside the floor ``python -c "import pydantic"`` measured in the same run
(the runs alternate, so that load on the machine falls on both).

    .venv/bin/python -m benchmarks.cli_startup [--runs 20]

Goal: ``check`` under 0.4 s and at most 4× the floor, with bytecode cached (``scripts/setup`` compiles it; where
``PYTHONDONTWRITEBYTECODE`` is set nothing else would). Results are written down in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = str(Path(sys.executable).with_name("chiiki-mirai"))
SAMPLE = str(ROOT / "examples" / "plans" / "c-umaji-yuzu.yaml")
CASES = {
    "floor: python -c 'import pydantic'": [sys.executable, "-c", "import pydantic"],
    "check (one plan)": [COMMAND, "check", SAMPLE],
    "rules": [COMMAND, "rules"],
    "schema": [COMMAND, "schema"],
}


def seconds(arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(arguments, capture_output=True, check=False, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    for arguments in CASES.values():
        seconds(arguments)  # warm the file cache (and bytecode, where it may be written)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.runs):
        for name, arguments in CASES.items():
            times[name].append(seconds(arguments))
    floor = statistics.median(next(iter(times.values())))
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<36} median {median * 1000:6.0f} ms   {median / floor:4.1f}× floor")


if __name__ == "__main__":
    main()
