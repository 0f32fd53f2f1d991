"""Loading a rulebook file through typed classes that refuse unknown keys."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any, Literal

import yaml_rs
from pydantic import BaseModel, ConfigDict, Field, model_validator

from chiiki_mirai.i18n import Lang, Text
from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.resources import package_path

RULEBOOK_FORMAT = "chiiki-mirai/rulebook@1"
DEFAULT_RULEBOOK = "2026-12b"  # the newest edition; older ones stay selectable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    REVIEW = "review"
    INFO = "info"

    @property
    def label(self) -> str:
        return self.text.ja

    @property
    def text(self) -> Text:
        """The severity in words, Japanese and English (pages show it in the reader's language)."""
        return _SEVERITY_TEXT[self.value]

    @property
    def rank(self) -> int:
        """Most severe first when sorting."""
        return ("error", "warning", "review", "info").index(self.value)


_SEVERITY_TEXT = {
    "error": Text("エラー", "error"),
    "warning": Text("警告", "warning"),
    "review": Text("要審査", "review"),
    "info": Text("情報", "info"),
}


class _Strict(BaseModel):
    # Built on first use: a rulebook is validated whole, so its parts' own validators are never needed.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Bilingual(_Strict):
    ja: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.ja


class SourceRef(_Strict):
    """A passage of a policy document: ``002 1(1)③「5年間の計画を策定することを基本」``."""

    doc: str
    ref: str
    quote: str | None = None

    def cite(self) -> str:
        return f"{self.doc} {self.ref}" + (f"「{self.quote}」" if self.quote else "")


Scope = Literal["input", "plan", "plans", "progress", "proposal", "process"]


class Rule(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
    severity: Severity
    types: tuple[PlanType, ...] = (PlanType.A, PlanType.B, PlanType.C)
    scope: Scope = "plan"
    check: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    title: Bilingual
    messages: dict[str, Bilingual] = Field(default_factory=dict)
    sources: tuple[SourceRef, ...] = ()
    basis: Literal["seed", "spec", "project"] = "seed"
    note: str | None = None
    #: A plan rule that also runs on type A's candidate project proposals (001 A(4)②: proposals are judged
    #: against the requirements they must carry into the plan).
    proposals: bool = False
    #: Params the secretariat sets as data for an edition (A-SCALE's threshold: the seeds give no figure); the
    #: platform's setting fills them, and while it is empty the rule says 「未確認」.
    settable: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        runs = self.scope in ("plan", "plans", "progress", "proposal")
        if runs and not self.check:
            raise ValueError(f"rule {self.id}: a {self.scope} rule names its check")
        if runs and "default" not in self.messages:
            raise ValueError(f"rule {self.id}: a default message is required")
        if self.basis == "seed" and not self.sources:
            raise ValueError(f"rule {self.id}: a rule drawn from the seeds cites its passage")
        return self

    def applies_to(self, plan_type: PlanType) -> bool:
        return plan_type in self.types

    def cite(self) -> str:
        return "; ".join(s.cite() for s in self.sources) or {
            "spec": "plan-format.md",
            "project": "chiiki-mirai",
        }.get(self.basis, "")

    def message(self, key: str, lang: Lang) -> str:
        return self.messages.get(key, self.messages.get("default", self.title)).get(lang)


class Rulebook(_Strict):
    format: Literal["chiiki-mirai/rulebook@1"]
    version: str
    title: Bilingual
    documents: dict[str, str]
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> Rulebook:
        ids = [r.id for r in self.rules]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"duplicate rule ids: {sorted(duplicates)}")
        unknown_docs = {s.doc for r in self.rules for s in r.sources} - set(self.documents)
        if unknown_docs:
            raise ValueError(f"sources cite unknown documents: {sorted(unknown_docs)}")
        return self

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def by_scope(self, scope: Scope) -> list[Rule]:
        return [r for r in self.rules if r.scope == scope]

    def with_settings(self, settings: dict[str, dict[str, Any]]) -> Rulebook:
        """This edition with the secretariat's settings in the params each rule declares settable (others are
        the edition's text and cannot be changed from outside)."""
        if not settings:
            return self
        rules = []
        for rule in self.rules:
            given = {k: v for k, v in settings.get(rule.id, {}).items() if k in rule.settable}
            rules.append(rule.model_copy(update={"params": {**rule.params, **given}}) if given else rule)
        return self.model_copy(update={"rules": tuple(rules)})


def available_rulebooks() -> list[str]:
    folder = package_path("rules", "rulebooks")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


class UnknownRulebook(LookupError):
    def __init__(self, version: str) -> None:
        super().__init__(version)
        self.version = version


@cache
def load_rulebook(version: str = DEFAULT_RULEBOOK) -> Rulebook:
    if version not in available_rulebooks():
        raise UnknownRulebook(version)
    text = package_path("rules", "rulebooks", f"{version}.yaml").read_text(encoding="utf-8")
    # yaml-rs, the parser plans are read with: the rulebook in about 5 ms instead of PyYAML's 170–190 ms on every
    # start of the CLI (issue 23); tests/rules/test_rulebook.py holds both parsers to the same reading of each edition.
    rulebook = Rulebook.model_validate(
        yaml_rs.loads(text, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    )
    if rulebook.version != version:
        raise ValueError(f"rulebook file {version}.yaml declares version {rulebook.version}")
    return rulebook
