"""What a check reports: a finding with its rule, severity, field path, message and source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from chiiki_mirai.rules.rulebook import Severity


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check function yields: where, which message variant, and its parameters."""

    path: str
    key: str = "default"
    params: dict[str, Any] = field(default_factory=dict)
    evidence: str | None = None
    severity: Severity | None = None  # overrides the rule's (e.g. a review rule whose evidence is missing)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    path: str
    message: str
    source: str
    evidence: str | None = None
    line: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
            "source": self.source,
            "evidence": self.evidence,
            "line": self.line,
        }

    def with_line(self, line: int | None) -> Finding:
        return replace(self, line=line)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, f.path, f.rule))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
