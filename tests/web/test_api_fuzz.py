"""Schemathesis against the API's own OpenAPI: generated requests (valid and invalid) never cause a server error,
and every status answered is one the operation documents (issue 19 §14).

Run anonymously and as an author with a token and a draft plan in the database, so that writes and transitions
are exercised too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, status_code_conformance

from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.web.wsgi import application
from chiiki_mirai.workflow.models import Plan

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: the WSGI handler must not close the connection the test transaction uses."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(people: dict[str, Any], draft: Plan) -> str:
    return issue_token(people["author"])


@pytest.mark.parametrize("signed", [True, False], ids=["token", "anonymous"])
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_only_documented_statuses(
    case: schemathesis.Case[Any], token: str, signed: bool
) -> None:
    headers = {"Authorization": f"Bearer {token}"} if signed else {}
    case.call_and_validate(headers=headers, checks=[not_a_server_error, status_code_conformance])
