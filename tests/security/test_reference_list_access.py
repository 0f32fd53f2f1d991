"""The reference list is not public (002 1(1)⑨, issue 19 §1): only people entitled to it get an answer that depends
on it; for everyone else a listed firm and an unlisted one look the same, and every answer that used it is recorded.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from chiiki_mirai.analytics.models import ReferenceEdition, ReferenceListView
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import CLAIMED, LISTED, plan_text, signed_in

NOTE = "参考リストは閲覧権限のある方にのみ照合します"
# The sample's first core firm is on the list (福岡県), the second is not (both claim to be).
LISTED_PATH, UNLISTED_PATH = "core_entities[0].evidence", "core_entities[1].evidence"


def _reflist(findings: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    return {
        f["path"]: (f["severity"], f["message"].split("」", 1)[-1])  # the message after the firm's name
        for f in findings
        if f["rule"].startswith("B-REFLIST")
    }


def _api_check(person: Person | None) -> list[dict[str, str]]:
    headers = {} if person is None else {"Authorization": f"Bearer {issue_token(person)}"}
    response = Client(headers=headers).post(
        "/api/check", {"text": plan_text()}, content_type="application/json"
    )
    assert response.status_code == 200
    findings: list[dict[str, str]] = response.json()
    return findings


@pytest.mark.parametrize("who", ["anonymous", "other_author", "other_compiler"])
def test_the_unentitled_cannot_tell_listed_from_unlisted(
    who: str, people: dict[str, Person], edition: ReferenceEdition
) -> None:
    person = None if who == "anonymous" else people[who]
    findings = _reflist(_api_check(person))
    assert findings[LISTED_PATH] == findings[UNLISTED_PATH]
    assert NOTE in findings[LISTED_PATH][1]
    assert not ReferenceListView.objects.exists()  # nothing of the list was consulted


@pytest.mark.parametrize("who", ["author", "same_prefecture_author", "compiler", "reviewer", "reporter"])
def test_the_entitled_get_the_answer_and_it_is_recorded(
    who: str, people: dict[str, Person], edition: ReferenceEdition
) -> None:
    findings = _reflist(_api_check(people[who]))
    assert LISTED_PATH not in findings and UNLISTED_PATH in findings
    assert NOTE not in findings[UNLISTED_PATH][1]
    (view,) = ReferenceListView.objects.all()
    assert (view.actor_name, view.prefecture) == (str(people[who]), 40)


def test_the_live_check_page_hides_the_list_from_another_prefecture(
    people: dict[str, Person], edition: ReferenceEdition
) -> None:
    page = signed_in(people["other_author"]).post("/work/check/", {"text": plan_text()}).content.decode()
    assert page.count(NOTE) == 3  # every firm: 福岡県's list is not 熊本県's to consult
    own = signed_in(people["author"]).post("/work/check/", {"text": plan_text()}).content.decode()
    # Only the third firm, which the list's data does not hold (so its prefecture is unknown), is said unchecked;
    # the listed and the unlisted 福岡県 firms are checked (2026-12b: written evidence no longer silences them).
    assert own.count(NOTE) == 1


def test_the_working_page_shows_degrees_only_to_the_entitled(
    people: dict[str, Person],
    edition: ReferenceEdition,
    draft: Plan,
    advance: Callable[[Plan, PlanState], Plan],
) -> None:
    advance(draft, PlanState.PUBLISHED)
    url = f"/work/plans/{draft.public_id}/"
    stranger = signed_in(people["other_author"]).get(url).content.decode()
    assert "位）</td>" not in stranger  # no in-prefecture rank
    assert "未確認（参考リストは閲覧権限のある方にのみ照合します）" in stranger
    assert "非掲載" not in stranger.split("計画推進の核となる企業と参考リスト", 1)[1].split("</table>", 1)[0]
    before = ReferenceListView.objects.count()
    own = signed_in(people["compiler"]).get(url).content.decode()
    assert "（1位）</td>" in own  # LISTED is the top connector of 福岡県
    assert ReferenceListView.objects.count() == before + 1  # one page, one record (福岡県 firms only)
    detail = Client(headers={"Authorization": f"Bearer {issue_token(people['other_author'])}"}).get(
        f"/api/plans/{draft.public_id}"
    )
    assert _reflist(detail.json()["findings"]).get(LISTED_PATH) == _reflist(detail.json()["findings"]).get(
        UNLISTED_PATH
    )


def test_the_sample_firms_are_what_the_tests_say(edition: ReferenceEdition) -> None:
    text = plan_text()
    assert text.index(LISTED) < text.index(CLAIMED)
