"""A-SCALE's threshold is the secretariat's setting per edition (001 A(2)④ gives no figure)."""

from __future__ import annotations

import pytest

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.rules.rulebook import DEFAULT_RULEBOOK
from chiiki_mirai.workflow.documents import findings_of, read_plan_text
from chiiki_mirai.workflow.models import RuleSetting
from chiiki_mirai.workflow.rule_settings import do_set_rule_value
from chiiki_mirai.workflow.services import Refused
from tests.conftest import EXAMPLES
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def scale_finding() -> tuple[str, str]:
    path = EXAMPLES / "plans" / "a-kumamoto-semiconductor.yaml"
    found = [
        f
        for f in findings_of(read_plan_text(path.name, path.read_text(encoding="utf-8")), access=PLATFORM)
        if f.rule == "A-SCALE"
    ]
    assert len(found) == 1
    return found[0].severity.value, found[0].message


def test_unset_says_not_checked_and_a_setting_is_applied(cast: dict[str, Person]) -> None:
    severity, message = scale_finding()
    assert severity == "review" and "未確認" in message and "2兆1,800億円" in message
    with pytest.raises(Refused, match="内閣官房・経済産業省"):
        do_set_rule_value(cast["maff"], DEFAULT_RULEBOOK, "A-SCALE", "threshold_million_yen", "3兆円", "理由")
    with pytest.raises(Refused, match="読めません"):
        do_set_rule_value(cast["cas"], DEFAULT_RULEBOOK, "A-SCALE", "threshold_million_yen", "三兆", "理由")
    with pytest.raises(Refused, match="設定できない"):  # only what the edition declares settable
        do_set_rule_value(cast["cas"], DEFAULT_RULEBOOK, "KGI-VA-CALC", "tolerance", "1", "理由")
    assert RuleSetting.objects.count() == 0
    do_set_rule_value(
        cast["cas"], DEFAULT_RULEBOOK, "A-SCALE", "threshold_million_yen", "3兆円", "関係府省庁と協議"
    )
    assert RuleSetting.objects.get().value == 3_000_000
    severity, message = scale_finding()
    assert "下回ります" in message and "3兆円" in message and "未確認" not in message
    # Cleared, the rule says 「未確認」 again; the older edition was never touched.
    do_set_rule_value(cast["meti"], DEFAULT_RULEBOOK, "A-SCALE", "threshold_million_yen", "", "見直し中")
    assert "未確認" in scale_finding()[1]


def test_the_settings_page(cast: dict[str, Person]) -> None:
    page = signed_in(cast["cas"]).get("/work/settings/").content.decode()
    assert "A-SCALE" in page and "一定の大規模投資の見込みがあること" in page and "未設定" in page
    assert signed_in(cast["kumamoto"]).get("/work/settings/").status_code == 403
    response = signed_in(cast["cas"]).post(
        "/work/settings/",
        {
            "edition": "2026-12",
            "rule": "A-SCALE",
            "param": "threshold_million_yen",
            "value": "1,000億円",
            "note": "目安",
        },
        follow=True,
    )
    assert "1,000億円" in response.content.decode()
