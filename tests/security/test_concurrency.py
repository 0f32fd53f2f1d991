"""Two officials save the same version at the same moment (issue 19 §8): one gets 200, the other 409 with the
difference — never a 500 ("database is locked" on SQLite). Threads against a live server, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from typing import Any

import pytest

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import read_plan_text
from chiiki_mirai.workflow.states import Role
from tests.web.conftest import PASSWORD, plan_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _put(url: str, token: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="PUT",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.parametrize("round_", range(3))
def test_of_two_saves_from_one_version_one_wins_and_one_gets_409(live_server: Any, round_: int) -> None:
    author: Person = make_person("author", "401005", Role.AUTHOR, PASSWORD)
    plan = services.do_create_plan(author, read_plan_text("p.yaml", plan_text()))
    token = issue_token(author)
    url = f"{live_server.url}/api/plans/{plan.public_id}"
    texts = [
        plan_text(**{"title: 北九州ロボット・自動化システム産業クラスター計画": f"title: 題名{n}"})
        for n in (1, 2)
    ]
    start = threading.Barrier(2)
    results: list[tuple[int, dict[str, Any]]] = []

    def save(text: str) -> None:
        start.wait()
        results.append(_put(url, token, {"text": text, "base_version": plan.version, "note": ""}))

    threads = [threading.Thread(target=save, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in results) == [200, 409], results
    (conflict,) = [body for status, body in results if status == 409]
    assert conflict["detail"]
    plan.refresh_from_db()
    assert plan.revisions.count() == 2  # the first and the one save that won
