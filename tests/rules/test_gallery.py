"""Every rule fires on some defective plan and stays silent on the good samples."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from chiiki_mirai.rules.engine import Checker
from chiiki_mirai.rules.findings import Finding
from chiiki_mirai.rules.rulebook import DEFAULT_RULEBOOK, Severity, load_rulebook
from chiiki_mirai.rules.service import FileResult, check_paths
from tests.conftest import EXAMPLES, GOOD_PLANS, ROOT

DEFECTIVE = EXAMPLES / "defective"
# The gallery demonstrates the edition in force; the older edition's own differences are tested in test_rulebook.
CHECKER = Checker(load_rulebook(DEFAULT_RULEBOOK))


#: Files that cannot carry a header comment (they are not text).
BINARY_SAMPLES = {"input-excel-renamed.yaml": {"INPUT-BINARY"}}


def demonstrated(path: Path) -> set[str]:
    if path.name in BINARY_SAMPLES:
        return BINARY_SAMPLES[path.name]
    head = path.read_bytes()[:400].decode("utf-8", "replace")
    match = re.search(r"demonstrates: ([A-Z0-9 -]+)", head)
    return set(match.group(1).split()) if match else set()


def is_silent(finding: Finding) -> bool:
    """On a good plan only the evidence shown to a reviewer may appear, and (2026-12b, 002 1(1)⑨) the note that an
    unlisted firm's evidence is not yet confirmed: only 経済産業省 confirms it, so no file checked alone has it."""
    unconfirmed = finding.rule == "B-REFLIST-EVIDENCE" and finding.severity is Severity.WARNING
    return (finding.severity is Severity.REVIEW and finding.evidence is not None) or unconfirmed


def test_good_samples_have_no_findings_but_reviewer_evidence() -> None:
    assert len(GOOD_PLANS) >= 6
    results = check_paths(CHECKER, GOOD_PLANS)
    assert {r.plan_type for r in results} == {"A", "B", "C"}
    for result in results:
        assert [f for f in result.findings if not is_silent(f)] == [], result.file


def test_at_least_two_good_samples_of_each_type() -> None:
    types = [r.plan_type for r in check_paths(CHECKER, GOOD_PLANS)]
    assert all(types.count(t) >= 2 for t in "ABC")


def single_files() -> list[Path]:
    return sorted(p for p in DEFECTIVE.glob("*.yaml"))


@pytest.mark.parametrize("path", single_files(), ids=lambda p: p.name)
def test_each_defective_file_fires_the_rules_it_names(path: Path) -> None:
    expected = demonstrated(path)
    assert expected, f"{path.name} names no rule in its header"
    # A progress report is checked with the good plans beside it, as a reviewer has the plan it reports on.
    beside = GOOD_PLANS if path.name.startswith("progress-") else []
    result = check_paths(CHECKER, [path, *beside])[0]
    # These always show the reviewer their evidence: they fire "silently" by design.
    evidence_rules = ("A-SCALE", "KGI-CAPEX-BUILDUP", "KGI-BASIS-ESTIMATE", "B-REFLIST-EVIDENCE")
    fired = {f.rule for f in result.findings if not is_silent(f) or f.rule in evidence_rules}
    assert expected <= fired


def test_b_count_fires_across_a_prefectures_plans_only() -> None:
    paths = sorted((DEFECTIVE / "b-count").glob("*.yaml"))
    together = check_paths(CHECKER, paths)
    assert all(any(f.rule == "B-COUNT" for f in r.findings) for r in together)
    alone = check_paths(CHECKER, paths[:5])
    assert not any(f.rule == "B-COUNT" for r in alone for f in r.findings)


def test_every_catalogue_rule_is_demonstrated() -> None:
    rulebook = CHECKER.rulebook
    workflow_rules = {
        r.id for r in rulebook.by_scope("process")
    }  # checked by the workflow (web platform issue)
    # A 5 MB file and a missing file are made by the CLI tests; hostile workbooks by tests/plans/test_workbook.py.
    read_from_files = {"INPUT-SIZE", "INPUT-READ", "INPUT-WORKBOOK"}
    # Rules of type A's project proposals run on proposals, not plans: tests/formulation/test_proposals.py.
    proposal_rules = {r.id for r in rulebook.by_scope("proposal")}
    shown: set[str] = set()
    for path in [*single_files(), *sorted((DEFECTIVE / "b-count").glob("*.yaml"))]:
        shown |= demonstrated(path)
    missing = {r.id for r in rulebook.rules} - workflow_rules - read_from_files - proposal_rules - shown
    assert missing == set()


def test_the_committed_gallery_is_what_the_script_writes() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_defective_examples.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def findings_of(result: FileResult, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


def test_findings_carry_path_line_message_and_source() -> None:
    (result,) = check_paths(CHECKER, [DEFECTIVE / "b-kpis-and-measures.yaml"])
    (withdrawal,) = findings_of(result, "KPI-WITHDRAWAL")
    assert withdrawal.path == "policy.kpis[1]" + ".withdrawal"
    assert withdrawal.line is not None
    assert (
        withdrawal.message
        == "KPI「医療機器関連の新規立地件数（累計）」に撤退基準がありません。"  # the path is the finding's, not the words'
    )
    assert withdrawal.source.startswith("001 第3章第1節 B(2)⑦・C(2)⑥「KPI 及び KPI 未達時の撤退基準")
