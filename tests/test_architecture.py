"""Rules of the codebase's shape, checked rather than hoped for."""

from __future__ import annotations

import json
import subprocess
import sys

from chiiki_mirai.plans.schema import SCHEMA_NAMES, document_schema
from tests.conftest import ROOT

CORE_MODULES = [
    "chiiki_mirai.plans.document",
    "chiiki_mirai.plans.io",
    "chiiki_mirai.monitoring.document",
    "chiiki_mirai.rules.engine",
    "chiiki_mirai.rules.service",
    "chiiki_mirai.reports.html",
    "chiiki_mirai.cli.main",
    "chiiki_mirai.plans.diff",
    "chiiki_mirai.plans.labels",
    "chiiki_mirai.workflow.states",
    "chiiki_mirai.workflow.batches",
    "chiiki_mirai.formulation.document",
    "chiiki_mirai.formulation.checks",
    "chiiki_mirai.reference.national",
]


def test_the_core_imports_no_django() -> None:
    code = (
        "import sys; "
        + "; ".join(f"import {m}" for m in CORE_MODULES)
        + "; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"


def test_published_schemas_are_current() -> None:
    for name in SCHEMA_NAMES:
        published = json.loads(
            (ROOT / "docs" / "schema" / f"{name}-1.schema.json").read_text(encoding="utf-8")
        )
        assert published == document_schema(name), (
            f"run: chiiki-mirai schema --document {name} > docs/schema/{name}-1.schema.json"
        )


def test_reference_data_travels_with_its_attribution() -> None:
    data = ROOT / "chiiki_mirai" / "reference" / "data"
    attribution = (data / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for csv in data.glob("*.csv"):
        assert csv.name in attribution
