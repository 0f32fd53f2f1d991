"""The pre-check for a terminal: one block per file, findings grouped by 記載項目."""

from __future__ import annotations

from collections.abc import Sequence

import click

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.reports.sections import SEVERITY_LABELS, by_section, summary_line
from chiiki_mirai.rules.rulebook import Severity
from chiiki_mirai.rules.service import FileResult

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.REVIEW: "cyan", Severity.INFO: "blue"}


def render_text(results: Sequence[FileResult], lang: Lang) -> str:
    """ANSI-styled text; ``click.echo`` drops the styles when the output is not a terminal."""
    blocks = [_file_block(result, lang) for result in results]
    return "\n\n".join(blocks) + "\n"


def _file_block(result: FileResult, lang: Lang) -> str:
    lines = [click.style(f"■ {result.file}", bold=True) + _heading(result, lang)]
    if not result.findings:
        lines.append("  " + ("指摘はありません。" if lang == "ja" else "No findings."))
    for section, findings in by_section(result.findings, lang):
        lines.append(f"  【{section}】" if lang == "ja" else f"  [{section}]")
        for finding in findings:
            label = SEVERITY_LABELS[finding.severity].get(lang)
            where = finding.path + (
                f"（{finding.line}行目）"
                if lang == "ja" and finding.line
                else f" (line {finding.line})"
                if finding.line
                else ""
            )
            lines.append(
                f"    {click.style(f'[{label}]', fg=_COLOURS[finding.severity], bold=True)} {finding.rule}  {where}"
            )
            lines.append(f"      {finding.message}")
            if finding.evidence:
                evidence = finding.evidence.strip().replace("\n", "\n        ")
                lines.append(f"      {'記載内容' if lang == 'ja' else 'Evidence'}: {evidence}")
            if finding.source:
                lines.append(
                    click.style(f"      {'根拠' if lang == 'ja' else 'Source'}: {finding.source}", dim=True)
                )
    lines.append("  " + summary_line(result.findings, lang))
    return "\n".join(lines)


def _heading(result: FileResult, lang: Lang) -> str:
    if result.plan_type is None and result.title is None:
        return ""
    kind = PlanType(result.plan_type).label if result.plan_type else ""
    prefix = (
        f"{result.plan_type} {kind}"
        if lang == "ja" and result.plan_type
        else (f"type {result.plan_type}" if result.plan_type else "")
    )
    return f" — {prefix}「{result.title or ''}」"
