"""API tokens: made once and shown once; looked up by their digest."""

from __future__ import annotations

import hashlib
import secrets

from chiiki_mirai.organisations.models import ApiToken, Person


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(person: Person, name: str = "") -> str:
    token = "cm_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(person=person, digest=digest(token), name=name)
    return token


def person_for_token(token: str) -> Person | None:
    found = (
        ApiToken.objects.select_related("person__organisation", "person__user")
        .filter(digest=digest(token))
        .first()
    )
    if found is None or not found.person.user.is_active:
        return None
    return found.person
