from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import settings

# Speed belongs in benchmarks, not in unit tests: no per-example deadline (a busy machine would fail them).
settings.register_profile("chiiki-mirai", deadline=None)
settings.load_profile("chiiki-mirai")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOOD_PLANS = sorted((EXAMPLES / "plans").glob("*.yaml"))


@pytest.fixture
def good_plan_paths() -> list[Path]:
    return GOOD_PLANS


#: The scenarios' plans run to FY2030 and their reports cover its half-years; the tests' world reports in April 2031,
#: so that none is a half-year "not yet begun". The refusal of such a report is tested with its own ``today``.
REPORTING_TODAY = dt.date(2031, 4, 1)


@pytest.fixture(autouse=True)
def reporting_world(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chiiki_mirai.monitoring.services.reporting_today", lambda: REPORTING_TODAY)
