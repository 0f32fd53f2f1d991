"""Grouping findings by the plan's 記載項目, in the order a plan is read."""

from __future__ import annotations

from collections.abc import Iterable

from chiiki_mirai.i18n import Lang, Text
from chiiki_mirai.rules.findings import Finding
from chiiki_mirai.rules.rulebook import Severity

SECTIONS: tuple[tuple[Text, frozenset[str]], ...] = (
    (Text("ファイル・文書形式", "File and format"), frozenset({"", "format"})),
    (
        Text("基本情報（策定主体・計画期間）", "Basics (authors, period)"),
        frozenset({"id", "plan_type", "title", "authors", "contact", "period"}),
    ),
    (Text("1. 産業領域", "1. Industry"), frozenset({"industry", "strategic_field"})),
    (Text("2. 区域・核となる企業", "2. Area and core entities"), frozenset({"area", "core_entities"})),
    (
        Text("3. 現状認識と目指す姿【目標】（KGI）", "3. Current state and goals (KGIs)"),
        frozenset({"current_state", "kgis"}),
    ),
    (
        Text("4. 道筋（投資案件・波及）", "4. Pathway (investments, spillover)"),
        frozenset({"pathway", "core_projects", "infrastructure"}),
    ),
    (Text("5. 政策手段（施策・KPI・体制）", "5. Policy (measures, KPIs, support)"), frozenset({"policy"})),
    (Text("6. 現地化の取組", "6. Localization"), frozenset({"localization"})),
    (
        Text("要件", "Requirements"),
        frozenset(
            {
                "requirements",
                "roadmap_alignment",
                "international_advantage",
                "draft_alignment",
                "employment",
                "stakeholder_actions",
                "national_policy_needs",
            }
        ),
    ),
    (Text("手続（発表・提出）", "Procedure (announcement, submission)"), frozenset({"announcement"})),
    (
        Text("進捗報告", "Progress report"),
        frozenset({"plan", "period", "reported_by", "measures", "kpis", "kgis"}),
    ),
)


def section_index(path: str) -> int:
    head = path.split(".", 1)[0].split("[", 1)[0]
    for index, (_, heads) in enumerate(SECTIONS):
        if head in heads:
            return index
    return len(SECTIONS) - 1


def by_section(findings: Iterable[Finding], lang: Lang) -> list[tuple[str, list[Finding]]]:
    groups: dict[int, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(section_index(finding.path), []).append(finding)
    return [(SECTIONS[i][0].get(lang), groups[i]) for i in sorted(groups)]


SEVERITY_LABELS = {severity: severity.text for severity in Severity}


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for finding in findings:
        result[finding.severity] += 1
    return result


def summary_line(findings: Iterable[Finding], lang: Lang) -> str:
    numbers = counts(findings)
    if lang == "en":
        return ", ".join(f"{numbers[s]} {SEVERITY_LABELS[s].en}" for s in Severity)
    return "・".join(f"{SEVERITY_LABELS[s].ja} {numbers[s]}件" for s in Severity)
