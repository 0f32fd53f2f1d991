from __future__ import annotations

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
