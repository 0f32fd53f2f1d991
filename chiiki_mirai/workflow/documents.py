"""Between stored JSON and the plan core: read an upload, check a revision, write YAML/JSON for download."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.choices import ReferenceListStatus
from chiiki_mirai.plans.document import PLAN_FORMAT, PlanDocument
from chiiki_mirai.plans.errors import DocumentError, Problem
from chiiki_mirai.plans.io import MAX_BYTES, SyntaxName, dump, load, source_from_text
from chiiki_mirai.rules.engine import Checker, checker
from chiiki_mirai.rules.findings import Finding, sort_findings
from chiiki_mirai.rules.rulebook import DEFAULT_RULEBOOK
from chiiki_mirai.rules.service import problem_findings

if TYPE_CHECKING:
    from chiiki_mirai.analytics.reference import ReferenceAccess


def plan_checker(lang: Lang = "ja", edition: str = DEFAULT_RULEBOOK) -> Checker:
    """The edition's checker with the secretariat's settings in force (``RuleSetting``; one small query)."""
    return _checker(lang, edition, json.dumps(rule_settings(edition), sort_keys=True))


@cache
def _checker(lang: Lang, edition: str, settings: str) -> Checker:
    return checker(edition, lang=lang, settings=json.loads(settings))


def rule_settings(edition: str) -> dict[str, dict[str, Any]]:
    """``{rule: {param: value}}`` in force for ``edition`` (the newest setting of each param counts)."""
    from chiiki_mirai.workflow.models import RuleSetting

    settings: dict[str, dict[str, Any]] = {}
    for rule, param, value in RuleSetting.objects.filter(edition=edition).values_list(
        "rule", "param", "value"
    ):
        settings.setdefault(rule, {})[param] = value
    return settings


def read_plan_text(name: str, text: str) -> PlanDocument:
    """A plan from uploaded or pasted text; :class:`DocumentError` (located problems) when it is not one."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DocumentError([Problem("INPUT-SIZE", {"size": len(text.encode()), "limit": MAX_BYTES})])
    document = load(source_from_text(name, text))
    if not isinstance(document, PlanDocument):
        # A progress report uploaded where a plan belongs: say which format a plan declares.
        raise DocumentError(
            [Problem("FMT-VERSION", {"format": document.format, "known": PLAN_FORMAT}, path="format")]
        )
    return document


def stored(document: PlanDocument) -> dict[str, Any]:
    """What a revision keeps: only what the authors wrote (a lossless round trip), as JSON."""
    return document.model_dump(mode="json", exclude_unset=True)


def revived(data: dict[str, Any]) -> PlanDocument:
    return PlanDocument.model_validate(data)


def findings_of(
    document: PlanDocument,
    lang: Lang = "ja",
    edition: str = DEFAULT_RULEBOOK,
    plan_id: int | None = None,
    *,
    access: ReferenceAccess,
    purpose: str = "事前確認",
) -> list[Finding]:
    """The pre-check's findings under ``edition`` (a plan's own is ``Plan.rulebook``), as far as ``access`` may
    depend on the reference list: the platform's decisions pass ``PLATFORM``, a page or an answer the person's
    ``reference_access``."""
    # The platform marks each core entity from the newest reference list, and a stored plan's entities from the
    # state of their 証憑, before B-REFLIST-* judge them.
    from chiiki_mirai.analytics.reference import RESTRICTED_NOTE, with_reference_list
    from chiiki_mirai.workflow.programmes import with_programmes

    marked = with_programmes(with_reference_list(document, plan_id, access=access, purpose=purpose))
    findings = sort_findings(plan_checker(lang, edition).check_plan(marked))
    if not access.restricted:
        return findings
    # Said beside the findings on the firms this person may not have checked against the list.
    unchecked = {
        f"core_entities[{i}]"
        for i, entity in enumerate(marked.core_entities)
        if entity.corporate_number and entity.reference_list is ReferenceListStatus.UNKNOWN
    }
    note = RESTRICTED_NOTE.get(lang)
    return [
        replace(f, message=f.message + note)
        if f.rule.startswith("B-REFLIST") and f.path.split(".", 1)[0] in unchecked
        else f
        for f in findings
    ]


class _CheckedRevision(Protocol):
    document: dict[str, Any]
    rulebook: str
    plan_id: int


def revision_findings(
    revision: _CheckedRevision, lang: Lang = "ja", *, access: ReferenceAccess
) -> list[Finding]:
    """A stored revision's findings now: under the edition that checked it, with the plan's evidence as it stands
    (a rejection or a new reference list after the save counts)."""
    return findings_of(
        revived(revision.document),
        lang,
        revision.rulebook,
        revision.plan_id,
        access=access,
        purpose=f"計画の確認（#{revision.plan_id}）",
    )


def problem_messages(error: DocumentError, lang: Lang = "ja") -> list[Finding]:
    """Reading problems as findings of the input rules (rule, located path, message), as the CLI reports them."""
    return problem_findings(plan_checker(lang), error.problems)


def as_text(data: dict[str, Any], syntax: SyntaxName) -> str:
    return dump(revived(data), syntax)
