"""The values a rulebook edition leaves to the secretariat (``Rule.settable``; A-SCALE's threshold: 001 A(2)④
asks for 「一定の大規模投資の見込み」 and gives no figure). Set as data, per edition, with who and why."""

from __future__ import annotations

from dataclasses import dataclass

from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.amounts import AmountError, value_in_unit
from chiiki_mirai.plans.amounts import format_million_yen as yen
from chiiki_mirai.rules.rulebook import Rule, available_rulebooks, load_rulebook
from chiiki_mirai.workflow.documents import rule_settings
from chiiki_mirai.workflow.models import RuleSetting
from chiiki_mirai.workflow.services import Refused


@dataclass(frozen=True)
class Settable:
    edition: str
    rule: Rule
    param: str
    value: float | None

    @property
    def shown(self) -> str:
        return yen(self.value) if self.value is not None else "未設定（「未確認」と表示）"


def settables() -> list[Settable]:
    found = []
    for edition in available_rulebooks():
        values = rule_settings(edition)
        for rule in load_rulebook(edition).rules:
            for param in rule.settable:
                found.append(Settable(edition, rule, param, values.get(rule.id, {}).get(param)))
    return found


def do_set_rule_value(
    person: Person, edition: str, rule_id: str, param: str, text: str, note: str
) -> RuleSetting:
    """Set (or, with an empty value, clear) a settable param of an edition; money is read as officials write it."""
    if not person.is_secretariat:
        raise Refused(
            Text(
                "ルールの設定値を決めるのは内閣官房・経済産業省です。",
                "only the secretariat sets rule values.",
            )
        )
    known = {(s.edition, s.rule.id, s.param) for s in settables()}
    if (edition, rule_id, param) not in known:
        raise Refused(Text("設定できない項目です。", "that value cannot be set."))
    if not note.strip():
        raise Refused(Text("設定の理由を書いてください。", "give the reason for the setting."))
    try:
        value = float(value_in_unit(text, "百万円")) if text.strip() else None
    except AmountError:
        raise Refused(
            Text(
                f"金額「{text}」を読めません（例: 1,000億円、100000）。", f"cannot read the amount '{text}'."
            )
        ) from None
    return RuleSetting.objects.create(
        edition=edition, rule=rule_id, param=param, value=value, note=note.strip()[:300], set_by=person.user
    )
