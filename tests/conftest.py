from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOOD_PLANS = sorted((EXAMPLES / "plans").glob("*.yaml"))


@pytest.fixture
def good_plan_paths() -> list[Path]:
    return GOOD_PLANS
