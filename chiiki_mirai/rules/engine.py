"""Running a rulebook over plans: one plan, a set of plans (cross-plan rules), or a progress report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from chiiki_mirai.formulation.document import BlockDraftDocument, ProposalDocument
from chiiki_mirai.i18n import Lang, Text, in_language
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.rules.checks import (
    PLAN_CHECKS,
    PLANS_CHECKS,
    PROGRESS_CHECKS,
    PROPOSAL_CHECKS,
    PlanCheck,
    load_all,
)
from chiiki_mirai.rules.findings import Finding, Hit, sort_findings
from chiiki_mirai.rules.rulebook import DEFAULT_RULEBOOK, Rule, Rulebook, load_rulebook

load_all()


class UnknownCheck(LookupError):
    pass


#: Said in every report of a rule whose threshold the edition leaves empty (e.g. A-SCALE: 001 A(2)④ asks for
#: 「一定の大規模投資の見込み」 and gives no figure), so that silence is never read as "checked and met".
NOT_CHECKED = Text(
    "（未確認: 政策文書に基準となる数値の定めがないため、数値による判定はしていません）",
    " (not checked: the policy documents give no figure, so nothing is judged against one)",
)


def not_checked(rule: Rule) -> bool:
    """A rule with an empty threshold: its check runs, but the comparison the threshold would make does not."""
    return any(value is None for value in rule.params.values())


class Checker:
    """A rulebook bound to its check functions; build once, check many plans."""

    def __init__(self, rulebook: Rulebook, lang: Lang = "ja") -> None:
        self.rulebook = rulebook
        self.lang: Lang = lang
        registries: dict[str, Mapping[str, object]] = {
            "plan": PLAN_CHECKS,
            "plans": PLANS_CHECKS,
            "progress": PROGRESS_CHECKS,
            "proposal": PROPOSAL_CHECKS,
        }
        for rule in rulebook.rules:
            registry = registries.get(rule.scope)
            if registry is not None and rule.check not in registry:
                raise UnknownCheck(f"rule {rule.id} names unknown {rule.scope} check {rule.check!r}")
        # Each plan type's rules bound to their functions once, not looked up again for every plan.
        self._bound: dict[PlanType, list[tuple[Rule, PlanCheck]]] = {
            plan_type: [
                (rule, PLAN_CHECKS[rule.check])
                for rule in rulebook.by_scope("plan")
                if rule.applies_to(plan_type) and rule.check is not None
            ]
            for plan_type in PlanType
        }

        # What every finding of a rule says besides its message, said once per rule rather than per finding.
        self._said: dict[str, tuple[str, str]] = {
            rule.id: (rule.cite(), NOT_CHECKED.get(lang) if not_checked(rule) else "")
            for rule in rulebook.rules
        }

    def finding(self, rule: Rule, hit: Hit) -> Finding:
        message = (
            rule.messages.get(hit.key, rule.messages["default"])
            .get(self.lang)
            .format_map(_Params({k: in_language(v, self.lang) for k, v in hit.params.items()}))
        )
        citation, suffix = self._said[rule.id]
        return Finding(
            rule=rule.id,
            severity=hit.severity or rule.severity,
            path=hit.path,
            message=message + suffix if suffix else message,
            source=citation,
            evidence=hit.evidence,
        )

    def check_plan(self, plan: PlanDocument) -> list[Finding]:
        """The findings of every single-plan rule that applies to the plan's type."""
        return sort_findings(self._plan_findings(plan))

    def _plan_findings(self, plan: PlanDocument) -> list[Finding]:
        findings: list[Finding] = []
        for rule, check in self._bound[plan.plan_type]:
            for hit in check(plan, rule.params):
                findings.append(self.finding(rule, hit))
        return findings

    def check_plans(self, plans: Sequence[PlanDocument]) -> list[list[Finding]]:
        """Each plan's findings, cross-plan rules (e.g. B-COUNT) included; sorted once, when all are in."""
        results = [self._plan_findings(plan) for plan in plans]
        for rule in self.rulebook.by_scope("plans"):
            assert rule.check is not None
            for index, hit in PLANS_CHECKS[rule.check](plans, rule.params):
                if rule.applies_to(plans[index].plan_type):
                    results[index].append(self.finding(rule, hit))
        return [sort_findings(r) for r in results]

    def check_progress(self, report: ProgressReport, plan: PlanDocument | None = None) -> list[Finding]:
        """The progress rules over one report; those that compare it with the plan run only when it is given."""
        findings: list[Finding] = []
        for rule in self.rulebook.by_scope("progress"):
            assert rule.check is not None
            findings.extend(
                self.finding(rule, hit) for hit in PROGRESS_CHECKS[rule.check](report, rule.params, plan)
            )
        return sort_findings(findings)

    def check_proposal(self, proposal: ProposalDocument, draft: BlockDraftDocument | None) -> list[Finding]:
        """A candidate project proposal (001 A(4)②): the plan rules marked for proposals over the part of a type A
        plan it proposes, and the proposal rules against the block draft it answers (when known)."""
        plan = proposal.as_plan()
        findings = [
            self.finding(rule, hit)
            for rule, check in self._bound[PlanType.A]
            if rule.proposals
            for hit in check(plan, rule.params)
        ]
        for rule in self.rulebook.by_scope("proposal"):
            assert rule.check is not None
            findings.extend(
                self.finding(rule, hit) for hit in PROPOSAL_CHECKS[rule.check](proposal, rule.params, draft)
            )
        return sort_findings(findings)


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def checker(
    version: str = DEFAULT_RULEBOOK, lang: Lang = "ja", settings: dict[str, dict[str, Any]] | None = None
) -> Checker:
    """The edition's checker; ``settings`` fills the params the edition leaves to the secretariat."""
    return Checker(load_rulebook(version).with_settings(settings or {}), lang)


def check(
    plans: Iterable[PlanDocument], version: str = DEFAULT_RULEBOOK, lang: Lang = "ja"
) -> list[list[Finding]]:
    return checker(version, lang).check_plans(list(plans))
