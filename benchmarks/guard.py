"""A guard against gross speed regressions (issue 23): the pre-check, CLI and plan-page ratios at a small size, in
about a minute, each beside its own floor measured in the same run. ``scripts/test`` runs it last.

    .venv/bin/python -m benchmarks.guard

It fails only when a ratio is worse than half its goal, so a busy machine does not fail it but a change that
halves a speed does; every ratio is printed either way. The goals and the full measurements are in
``benchmarks/RESULTS.md`` (``check_throughput.py``, ``cli_startup.py``, ``platform_load.py``):

- pre-check: ``check_sources`` on generated plans ÷ PyYAML+libyaml parsing the same texts — goal ≥ 5×, fails below
  2.5×;
- CLI: ``chiiki-mirai check`` of one sample plan, whole process ÷ ``python -c "import pydantic"`` — goal ≤ 4×,
  fails above 8×;
- plan page: an uncached public plan page ÷ ``/healthz``, in process (Django's test client, SQLite, the demo
  plans). The goal is set under load (``platform_load.py``: p95 ≤ 9× the floor), which this small run cannot
  reproduce; in process the same code measured 18–20× (2026-12-05, when the load test gave 8.6×), so the guard fails
  above twice that, 40×.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "plans" / "c-umaji-yuzu.yaml"
COMMAND = Path(sys.executable).with_name("chiiki-mirai")


@dataclass(frozen=True)
class Ratio:
    name: str
    value: float
    limit: float
    higher_is_better: bool
    detail: str

    @property
    def passed(self) -> bool:
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def line(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        verdict = "ok" if self.passed else "REGRESSION"
        return (
            f"{self.name:<12} {self.value:6.2f}×  (guard {sign} {self.limit:g}×)  {verdict}   {self.detail}"
        )


def _seconds(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _alternated(
    measured: Callable[[], object], floor: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Median seconds of ``measured`` and of ``floor``, run in turn so that a burst of load falls on both."""
    pairs = [(_seconds(measured), _seconds(floor)) for _ in range(rounds)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def precheck(plans: int = 400, rounds: int = 5) -> Ratio:
    import yaml

    from benchmarks.plan_generator import generate
    from chiiki_mirai.plans.io import _Loader, source_from_text
    from chiiki_mirai.rules.engine import checker
    from chiiki_mirai.rules.service import check_sources

    texts = generate(plans)
    bound = checker()
    sources = [source_from_text(f"plan-{i}.yaml", t) for i, t in enumerate(texts)]
    # Warm: the first plan builds the models' validators.
    check_sources(bound, sources[:20], locate_lines=False)
    whole, floor = _alternated(
        lambda: check_sources(bound, sources, locate_lines=False),
        lambda: [yaml.load(t, Loader=_Loader) for t in texts],
        rounds,
    )
    return Ratio(
        "pre-check",
        floor / whole,
        2.5,
        True,
        f"{plans / whole:,.0f} plans/s; PyYAML+libyaml parse {plans / floor:,.0f} plans/s",
    )


def _process(arguments: list[str]) -> Callable[[], object]:
    return lambda: subprocess.run(arguments, capture_output=True, check=False, cwd=ROOT)


def cli(rounds: int = 9) -> Ratio:
    check = _process([str(COMMAND), "check", str(SAMPLE)])
    check()  # writes bytecode where the machine allows it
    command, base = _alternated(check, _process([sys.executable, "-c", "import pydantic"]), rounds)
    return Ratio(
        "CLI check",
        command / base,
        8.0,
        False,
        f"{command * 1000:.0f} ms; import pydantic {base * 1000:.0f} ms",
    )


def plan_page(rounds: int = 30) -> Ratio:
    """In a child process: its own SQLite database, the demo plans, then the test client."""
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'guard.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "chiiki_mirai.web.settings",
            "CHIIKI_MIRAI_LOG_LEVEL": "ERROR",
            "CHIIKI_MIRAI_VAR": folder,
        }
        completed = subprocess.run(
            [sys.executable, "-m", "benchmarks.guard", "--plan-page-child", str(rounds)],
            capture_output=True,
            text=True,
            env=environment,
            cwd=ROOT,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"the plan-page measurement failed:\n{completed.stderr[-3000:]}")
    page, floor = (float(x) for x in completed.stdout.split()[-2:])
    return Ratio(
        "plan page", page / floor, 40.0, False, f"{page * 1000:.1f} ms; /healthz {floor * 1000:.2f} ms"
    )


def _plan_page_child(rounds: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from chiiki_mirai.workflow.models import Plan

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())  # the demo passwords are not for this output
    client = Client()
    urls = [f"/plans/{p.public_id}/" for p in Plan.objects.filter(state="published")]
    counter = iter(range(10**9))

    def page() -> None:
        for url in urls:
            response = client.get(f"{url}?nocache={next(counter)}")
            assert response.status_code == 200, (url, response.status_code)

    def floor() -> None:
        for _ in urls:
            assert client.get("/healthz").status_code == 200

    page()
    floor()
    pages, floors = _alternated(page, floor, rounds)
    print(pages / len(urls), floors / len(urls))


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--plan-page-child":
        _plan_page_child(int(sys.argv[2]))
        return 0
    started = time.perf_counter()
    ratios = [precheck(), cli(), plan_page()]
    print("speed guard (ratios in one run; goals in benchmarks/RESULTS.md):")
    for ratio in ratios:
        print("  " + ratio.line())
    print(f"  ({time.perf_counter() - started:.0f} s)")
    failed = [r.name for r in ratios if not r.passed]
    if failed:
        print(
            f"速度の大きな後退: {', '.join(failed)} / gross speed regression: {', '.join(failed)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
