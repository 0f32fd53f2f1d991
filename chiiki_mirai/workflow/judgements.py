"""Reviewers' judgements across revisions: what carries over to a new text, and what is open again.

A judgement is made on one `review` finding of one revision. When the authors save a new revision, a judgement
carries over (copied, with ``carried_from`` naming the revision where a reviewer made it) if the same finding is
still there, with the same evidence, and no field at, under or above its path changed. Anything else is open
again: a reviewer must judge it on the new text. This is how "what is published is what was pre-checked" holds
(issue 11; 002 ⑤「要件の事前確認が済んだ後…正式に提出」) while an unrelated edit does not undo the review.
"""

from __future__ import annotations

from typing import Any

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.plans.diff import compare
from chiiki_mirai.rules.findings import Finding
from chiiki_mirai.rules.rulebook import Severity
from chiiki_mirai.workflow.documents import revision_findings
from chiiki_mirai.workflow.models import Judgement, Plan, Revision


def latest_judgements(plan: Plan, revision: int) -> dict[tuple[str, str], Judgement]:
    """The judgement that stands for each (rule, path) of one revision: the latest made or carried."""
    latest: dict[tuple[str, str], Judgement] = {}
    for judgement in Judgement.objects.filter(plan=plan, revision=revision).order_by("at", "id"):
        latest[(judgement.rule, judgement.path)] = judgement
    return latest


def touches(path: str, changed: str) -> bool:
    """Whether a change at ``changed`` alters the field ``path`` (itself, inside it, or a container of it)."""
    if not path or path == changed:
        return True
    return any(
        longer.startswith(shorter) and longer[len(shorter)] in ".["
        for shorter, longer in ((path, changed), (changed, path))
        if len(longer) > len(shorter)
    )


def open_reviews(
    plan: Plan, previous: Revision, findings: list[Finding], document: dict[str, Any], rulebook: str
) -> tuple[list[Finding], list[Judgement]]:
    """For a text ``document`` (checked under ``rulebook``, giving ``findings``) that follows ``previous``: its review
    findings left open, and the standing judgements of ``previous`` that carry over to it."""
    reviews = [f for f in findings if f.severity is Severity.REVIEW]
    standing = latest_judgements(plan, previous.number)
    if not standing:
        return reviews, []
    old_evidence = {(f.rule, f.path): f.evidence for f in revision_findings(previous, access=PLATFORM)}
    changed = [change.path for change in compare(previous.document, document)]
    open_findings, carried = [], []
    for finding in reviews:
        key = (finding.rule, finding.path)
        judgement = standing.get(key)
        unchanged = (
            judgement is not None
            and key in old_evidence
            and old_evidence[key] == finding.evidence
            and previous.rulebook == rulebook
            and not any(touches(finding.path, path) for path in changed)
        )
        if judgement is None or not unchanged:
            open_findings.append(finding)
        else:
            carried.append(judgement)
    return open_findings, carried


def carry_over(plan: Plan, previous: Revision, revision: Revision) -> list[Finding]:
    """Copy the untouched judgements of ``previous`` to ``revision``; return its review findings left open.

    The findings of each revision are those of the edition that checked it."""
    findings = revision_findings(revision, access=PLATFORM)
    open_findings, carried = open_reviews(plan, previous, findings, revision.document, revision.rulebook)
    Judgement.objects.bulk_create(
        Judgement(
            plan=plan,
            revision=revision.number,
            rule=judgement.rule,
            path=judgement.path,
            verdict=judgement.verdict,
            comment=judgement.comment,
            reviewer=judgement.reviewer,
            carried_from=judgement.carried_from or judgement.revision,
        )
        for judgement in carried
    )
    return open_findings


def unjudged_reviews(plan: Plan, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Of the current revision's `review` findings: those without a judgement, and those judged not met."""
    latest = {key: j.verdict for key, j in latest_judgements(plan, plan.current_revision().number).items()}
    reviews = [f for f in findings if f.severity is Severity.REVIEW]
    missing = [f for f in reviews if (f.rule, f.path) not in latest]
    not_met = [f for f in reviews if latest.get((f.rule, f.path)) == Judgement.Verdict.NOT_MET]
    return missing, not_met
