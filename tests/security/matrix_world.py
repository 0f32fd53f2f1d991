"""The world the authorization matrix runs in: every kind of person, and one object of every kind each URL names.

Kept apart from the matrix's expectations (test_authorization_matrix.py) so that the expectations read as a table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow.states import Role
from tests.web.conftest import PASSWORD, signed_in

#: The people, in the order of the letters of each expectation (see test_authorization_matrix.py).
ROLES = (
    "anonymous",
    "author",  # 北九州市: the plans' author
    "other_author",  # 熊本県
    "same_prefecture_author",  # 福岡市
    "compiler",  # 福岡県: compiles 北九州市's plans
    "other_compiler",  # 熊本県
    "reviewer",  # 内閣官房
    "reporter",  # 経済産業省's reporter
    "admin",  # 内閣官房's administrator
    "bureau",  # 九州経済産業局
    "meti",  # 経済産業省's reviewer
    "maff",  # 農林水産省's reviewer (not invited)
)
EXTRA_PEOPLE = {
    "bureau": ("N-METI-KYS", Role.BUREAU),
    "meti": ("N-METI", Role.REVIEWER),
    "maff": ("N-MAFF", Role.REVIEWER),
}


def everyone(people: dict[str, Person]) -> dict[str, Person]:
    return people | {
        name: make_person(f"mx_{name}", code, role, PASSWORD) for name, (code, role) in EXTRA_PEOPLE.items()
    }


def routes() -> Iterator[tuple[str, str]]:
    """(name, route) of every URL pattern of the platform, from the URLconf itself (Django's admin and the API's
    own documentation pages aside: the admin is Django's staff check, tested by its own row)."""

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield namespace + (pattern.name or str(pattern.pattern)), prefix + str(pattern.pattern)

    for name, route in walk(get_resolver(), "/", ""):
        if not name.startswith("admin:"):
            yield name, route


#: A POST carries what an entitled person would send to any of the routes (each takes the fields it knows), so
#: that "served" means the action was done and a refusal is the service's, not a missing field's.
PAYLOAD = {
    "comment": "確認しました",
    "rule": "B-REFLIST-EVIDENCE",
    "path": "core_entities[1].evidence",
    "verdict": "met",
    "counterpart": "福岡県",
    "held_on": "2026-09-01",
    "outcome": "合意",
    "organisation": "N-MAFF",
    "corporate_number": "2999900002102",
    "text": "県内上位の証憑",
    "decision": "confirm",
    "reason": "確認",
    "reasons": "整合するため",
    "period": "2027H2",
    "due": "2028-01-31",
    "meeting_date": "2028-01-20",
    "note": "記録",
    "answer": "accept",
    "kpi": "k1",
}


def outcome(response: Any) -> str:
    """One letter for a response (the legend is in test_authorization_matrix.py)."""
    status, location = response.status_code, response.get("Location", "")
    if (status in (301, 302, 303) and "/accounts/login/" in location) or status == 401:
        return "l"
    if status >= 500:
        return "!"
    letters = {403: "f", 404: "n", 405: "m", 400: "v", 409: "v", 413: "v", 422: "v"}
    if status in letters:
        return letters[status]
    storage = getattr(response.wsgi_request, "_messages", None)
    if any(m.level >= messages.ERROR for m in getattr(storage, "_queued_messages", [])):
        return "r"  # refused by the service, said on the page it returns to
    return "o"


def client_for(name: str, people: dict[str, Person], api: bool) -> Client:
    if name == "anonymous":
        return Client()
    if api:
        from chiiki_mirai.organisations.tokens import issue_token

        return Client(headers={"Authorization": f"Bearer {issue_token(people[name])}"})
    return signed_in(people[name])


def observed(
    url: str,
    method: str,
    clients: dict[str, Client],
    *,
    api: bool = False,
    payload: dict[str, Any] | None = None,
) -> str:
    """One letter per role (``ROLES``) for ``method url``; a POST is rolled back, so every role meets the same
    world."""
    letters = []
    for name in ROLES:
        client = clients[name]
        with transaction.atomic():
            if method == "get":
                response = client.get(url)
            elif api:
                send = client.put if method == "put" else client.post
                response = send(url, payload or {}, content_type="application/json")
            else:
                response = client.post(url, PAYLOAD | (payload or {}))
            transaction.set_rollback(True)
        letters.append(outcome(response))
    return "".join(letters)
