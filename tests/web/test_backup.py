"""The backup drill (issue 21 §4): the demo with evidence files and progress reports is backed up, restored into a
fresh database, and every plan, revision, audit event, judgement, report and evidence file (its bytes, by hash) is
the same — on SQLite and on PostgreSQL; a database holding data is not overwritten unless told."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.processes
POSTGRES = os.environ.get("CHIIKI_MIRAI_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")

ADD_RECORDS = """
from chiiki_mirai.analytics.evidence import Upload, do_submit_evidence
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.services import do_submit_progress
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.workflow.models import Plan
author = Person.objects.get(user__username="author")
draft = Plan.objects.get(state="draft", authors=author.organisation)
do_submit_evidence(author, draft, "2999900002102", "委託調査で県内上位", [Upload("調査.pdf", b"%PDF-1.7\\n" + bytes(range(256)) + b"\\n%%EOF\\n")])
published = Plan.objects.filter(state="published", plan_type="C").first()
text = published.current_revision().document
# A report reports every KPI (here 「未把握」 with its reason) and every measure (issue 20 §7).
report = ProgressReport.model_validate({
    "plan": published.public_id, "period": "2026H1", "reported_by": published.authors.first().code,
    "kpis": [{"id": k["id"], "note": "未把握（訓練のため）"} for k in text["policy"]["kpis"]],
    "measures": [{"id": m["id"], "status": "on_track"} for m in text["policy"]["measures"]],
})
do_submit_progress(Person.objects.filter(organisation__in=published.authors.all(), role="author").first(), published, report)
"""

FINGERPRINT = """
import hashlib, json
from chiiki_mirai.analytics.models import EvidenceFile
from chiiki_mirai.monitoring.models import ProgressRecord
from chiiki_mirai.workflow.models import AuditEvent, Judgement, Plan, Revision
def rows(queryset, *fields):
    return [[str(v) for v in row] for row in queryset.order_by("pk").values_list(*fields)]
print("FINGERPRINT", json.dumps({
    "plans": rows(Plan.objects, "public_id", "state", "version", "title"),
    "revisions": rows(Revision.objects, "plan__public_id", "number", "document"),
    "audit": rows(AuditEvent.objects, "plan__public_id", "kind", "action", "comment", "at"),
    "judgements": rows(Judgement.objects, "plan__public_id", "rule", "path", "verdict"),
    "reports": rows(ProgressRecord.objects, "plan__public_id", "period", "document"),
    "files": [[f.name, hashlib.sha256(bytes(f.data)).hexdigest()] for f in EvidenceFile.objects.order_by("pk")],
}, ensure_ascii=False, sort_keys=True))
"""


def manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
    )


def fingerprint(env: dict[str, str]) -> dict[str, object]:
    out = manage(env, "shell", "-c", FINGERPRINT).stdout
    line = next(line for line in out.splitlines() if line.startswith("FINGERPRINT "))
    found: dict[str, object] = json.loads(line.removeprefix("FINGERPRINT "))
    return found


@pytest.fixture
def postgres_databases() -> Iterator[tuple[str, str]]:
    if os.environ.get("CHIIKI_MIRAI_SKIP_POSTGRES") == "1":
        pytest.skip("PostgreSQL を省略しました（CHIIKI_MIRAI_SKIP_POSTGRES=1）")
    names = [f"chiiki_backup_{uuid.uuid4().hex[:8]}_{i}" for i in (1, 2)]
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        for name in names:
            admin.execute(f"CREATE DATABASE {name}")
    base = POSTGRES.rsplit("/", 1)[0]
    yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def drill(tmp_path: Path, source_url: str, target_url: str) -> None:
    source = os.environ | {"DATABASE_URL": source_url, "CHIIKI_MIRAI_VAR": str(tmp_path / "var")}
    target = source | {"DATABASE_URL": target_url}
    manage(source, "migrate", "--no-input", "-v", "0")
    manage(source, "load_demo")
    manage(source, "shell", "-c", ADD_RECORDS)
    before = fingerprint(source)
    assert before["files"] and before["reports"], "the drill needs evidence files and progress reports"
    archive = Path(
        manage(source, "backup", "--out", str(tmp_path / "backups")).stdout.strip().splitlines()[-1]
    )
    manifest_counts = json.loads(
        subprocess.run(["tar", "-xOf", str(archive), "manifest.json"], capture_output=True, check=True).stdout
    )["counts"]
    assert manifest_counts["workflow.Plan"] == len(before["plans"])  # type: ignore[arg-type]
    refused = manage(source, "restore", str(archive), check=False)  # the source holds data
    assert refused.returncode != 0 and "--force" in refused.stderr
    manage(target, "restore", str(archive))
    assert fingerprint(target) == before


def test_the_backup_drill_on_sqlite(tmp_path: Path) -> None:
    drill(tmp_path, f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}")


def test_the_backup_drill_on_postgresql(tmp_path: Path, postgres_databases: tuple[str, str]) -> None:
    drill(tmp_path, *postgres_databases)


def test_a_damaged_archive_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "broken.tar"
    archive.write_bytes(b"not a tar")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "CHIIKI_MIRAI_VAR": str(tmp_path),
    }
    result = manage(env, "restore", str(archive), check=False)
    assert result.returncode != 0 and "バックアップとして読めません" in result.stderr
