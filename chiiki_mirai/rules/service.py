"""Checking files: read each, run the rulebook (cross-plan rules over the set), locate findings.

The command line calls this; the web and the API call the same engine on stored documents.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from chiiki_mirai.i18n import Lang
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.errors import DocumentError, Problem
from chiiki_mirai.plans.io import Document, Source, lines_of, load, read_source
from chiiki_mirai.rules.engine import Checker
from chiiki_mirai.rules.findings import Finding, has_errors
from chiiki_mirai.rules.rulebook import Severity


@dataclass
class FileResult:
    """One file's outcome: its document (if it could be read) and its findings, located."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    readable: bool = True

    @property
    def plan_type(self) -> str | None:
        return self.document.plan_type.value if isinstance(self.document, PlanDocument) else None

    @property
    def title(self) -> str | None:
        if isinstance(self.document, PlanDocument):
            return self.document.title
        if isinstance(self.document, ProgressReport):
            return f"進捗報告 {self.document.plan} {self.document.period}"
        return None

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "plan_type": self.plan_type,
            "title": self.title,
            "findings": [f.as_json() for f in self.findings],
        }


def problem_findings(checker: Checker, problems: Sequence[Problem]) -> list[Finding]:
    """A file's reading problems, reported like findings of the input rules that name them."""
    rulebook = checker.rulebook
    findings = []
    for problem in problems:
        rule = rulebook.rule(problem.code)
        findings.append(
            Finding(
                rule=rule.id,
                severity=Severity.ERROR,
                path=problem.path or "",
                message=problem.message(checker.lang),
                source=rule.cite(),
                line=problem.line,
            )
        )
    return findings


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch builds thousands of long-lived models.

    Every collection of the older generations re-scans the growing set of checked plans; the documents are trees
    (no reference cycles), so there is nothing for it to find until the batch ends, when it runs again as before.
    Measured in benchmarks/RESULTS.md: raising the young threshold lifted batch throughput by about 40 %; pausing
    the collector took another 8–12 % (issue 23). A batch's own cyclic garbage (a caught exception's traceback)
    waits for the end of the batch.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Everything the batch made is still "young"; resumed as it is, the collector's first pass would scan all of
        # it (0.3 s for 3,000 plans). What the batch keeps is long-lived: moved to the oldest generation unscanned
        # (freeze, then unfreeze), where a later full collection still finds any cycle among it.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def check_sources(
    checker: Checker, sources: Sequence[Source | DocumentError], *, locate_lines: bool = True
) -> list[FileResult]:
    """Read and check each source; plans are also checked together for cross-plan rules.

    Each file is parsed and validated in turn and only its document is kept, so a batch holds one raw
    parse tree at a time. ``locate_lines`` adds the YAML line of each finding (for people; it composes
    the text once per file with findings, which costs more than the check itself).
    """
    with paused_collector():
        results, loaded = _load_all(checker, sources)
        plans = [(r, s, d) for r, s, d in loaded if isinstance(d, PlanDocument)]
        plan_findings = checker.check_plans([d for _, _, d in plans])
        for (result, _, _), findings in zip(plans, plan_findings, strict=True):
            result.findings = findings
        # A report is compared with the plan it reports on when that plan is in the same batch: by the plan's id,
        # or by its file's name without the extension (how the examples name their plans).
        by_name = {key: d for _, s, d in plans for key in (d.id, Path(s.name).stem) if key}
        for result, _, document in loaded:
            if isinstance(document, ProgressReport):
                result.findings = checker.check_progress(document, by_name.get(document.plan))
        if locate_lines:
            for result, source, _ in loaded:
                if result.findings:
                    lines = lines_of(source, {f.path for f in result.findings if f.path})
                    result.findings = [
                        f.with_line(lines.get(f.path)) if f.path else f for f in result.findings
                    ]
    return results


def _load_all(
    checker: Checker, sources: Sequence[Source | DocumentError]
) -> tuple[list[FileResult], list[tuple[FileResult, Source, Document]]]:
    results: list[FileResult] = []
    loaded: list[tuple[FileResult, Source, Document]] = []
    for index, source in enumerate(sources):
        if isinstance(source, DocumentError):
            results.append(
                FileResult(f"#{index}", problem_findings(checker, source.problems), readable=False)
            )
            continue
        try:
            document = load(source)
        except DocumentError as exc:
            results.append(FileResult(source.name, problem_findings(checker, exc.problems), readable=False))
            continue
        result = FileResult(source.name, document=document)
        results.append(result)
        loaded.append((result, source, document))
    return results, loaded


def check_paths(checker: Checker, paths: Sequence[Path]) -> list[FileResult]:
    sources: list[Source | DocumentError] = []
    for path in paths:
        try:
            sources.append(read_source(path))
        except DocumentError as exc:
            sources.append(exc)
    results = check_sources(checker, sources)
    for path, result in zip(paths, results, strict=True):
        result.file = str(path)
    return results


def exit_code(results: Sequence[FileResult]) -> int:
    """0: no errors; 1: a plan has error findings; 2: a file could not be read as a document."""
    if any(not r.readable for r in results):
        return 2
    return 1 if any(r.has_errors for r in results) else 0


def lang_of(value: str | None) -> Lang:
    return "en" if value == "en" else "ja"
