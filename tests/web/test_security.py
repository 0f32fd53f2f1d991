"""CSRF, login throttling, cookie settings and upload limits."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.workflow.models import Plan
from tests.web.conftest import PASSWORD, plan_text, signed_in


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    caches["pages"].clear()


def test_posts_without_a_csrf_token_are_refused(draft: Plan, people: dict[str, Person]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["author"].user)
    response = client.post(f"/work/plans/{draft.public_id}/request_precheck/")
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == "draft"


def _sign_in(address: str, password: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.post("/accounts/login/", {"username": "author", "password": password})
    return client


def test_login_is_throttled_per_account_and_address_in_the_database(people: dict[str, Person]) -> None:
    from chiiki_mirai.organisations.models import SignInFailure

    for _ in range(django_settings.LOGIN_FAILURE_LIMIT):
        assert "_auth_user_id" not in _sign_in("203.0.113.9", "wrong").session
    assert SignInFailure.objects.count() == django_settings.LOGIN_FAILURE_LIMIT  # shared by every worker
    # The guesser's address is refused, even with the right password …
    refused = Client(REMOTE_ADDR="203.0.113.9")
    response = refused.post("/accounts/login/", {"username": "author", "password": PASSWORD})
    assert "_auth_user_id" not in refused.session and "ログインできません" in response.content.decode()
    # … the owner elsewhere is slowed, not locked out: once the wait after the last failure has passed, they sign in.
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = owner.post("/accounts/login/", {"username": "author", "password": PASSWORD})
    assert "_auth_user_id" not in owner.session and "秒待ってから" in response.content.decode()
    SignInFailure.objects.update(
        at=timezone.now() - dt.timedelta(seconds=django_settings.LOGIN_SLOWDOWN_SECONDS + 1)
    )
    assert "_auth_user_id" in _sign_in("198.51.100.7", PASSWORD).session
    assert "_auth_user_id" not in _sign_in("203.0.113.9", PASSWORD).session  # the pair stays blocked
    SignInFailure.objects.filter(address="203.0.113.9").delete()  # an administrator lifts it
    assert "_auth_user_id" in _sign_in("203.0.113.9", PASSWORD).session
    assert not SignInFailure.objects.filter(username="author", address="203.0.113.9").exists()


def test_one_address_spraying_many_accounts_is_refused(people: dict[str, Person]) -> None:
    for i in range(django_settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        Client(REMOTE_ADDR="203.0.113.10").post("/accounts/login/", {"username": f"user{i}", "password": "x"})
    client = Client(REMOTE_ADDR="203.0.113.10")
    client.post("/accounts/login/", {"username": "author", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_cookie_and_header_settings(settings: Any, db: None) -> None:
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_production_settings_make_cookies_secure() -> None:
    import subprocess
    import sys

    code = "from chiiki_mirai.web import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    env = {"CHIIKI_MIRAI_DEBUG": "0", "CHIIKI_MIRAI_SECRET_KEY": "x" * 50, "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert out.split() == ["True", "True", "31536000"]


def test_oversized_and_binary_uploads_get_clear_errors(people: dict[str, Person]) -> None:
    client = Client()
    client.force_login(people["author"].user)
    big = SimpleUploadedFile("plan.yaml", b"a: 1\n" * (1024 * 1024 + 10))
    response = client.post("/work/plans/new/", {"file": big})
    assert response.status_code in (400, 413, 422)
    zipped = SimpleUploadedFile("plan.yaml", b"PK\x03\x04" + b"\x00" * 100)
    response = client.post("/work/plans/new/", {"file": zipped})
    assert response.status_code == 422 and "INPUT-BINARY" in response.content.decode()
    sjis = SimpleUploadedFile("plan.yaml", plan_text().encode("cp932", "replace"))
    response = client.post("/work/plans/new/", {"file": sjis})
    assert response.status_code == 422 and "Shift_JIS" in response.content.decode()
    assert Plan.objects.count() == 0


def test_oversized_requests_are_refused_before_they_are_read(people: dict[str, Person]) -> None:
    client = Client()
    client.force_login(people["author"].user)
    response = client.post(
        "/work/plans/new/", data=b"x" * (7 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert response.status_code == 413 and "大きすぎます" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/?q=%E3%83%AD%00", "/plans/B-40%000001/", "/api/plans/B-40%000001", "/map/?fy=20%0030"]
)
def test_nul_in_the_address_is_refused_with_a_message(db: None, url: str) -> None:
    # PostgreSQL text cannot hold NUL: refused at the door on every page, not a server error in some view.
    response = Client().get(url)
    assert response.status_code == 400 and "NUL" in response.content.decode()


def test_nul_in_a_form_field_or_a_json_body_is_refused_by_name(
    people: dict[str, Person], draft: Plan
) -> None:
    # Before this, a NUL in a comment or in JSON reached PostgreSQL (text and jsonb cannot hold it): a 500.
    client = signed_in(people["author"])
    response = client.post(f"/work/plans/{draft.public_id}/comment/", {"comment": "a\x00b"})
    assert response.status_code == 400 and "入力欄「comment」に NUL 文字" in response.content.decode()
    client.get("/language/en/")  # the door has no language activated yet: it reads the reader's choice itself
    response = client.post(f"/work/plans/{draft.public_id}/comment/", {"comment": "a\x00b"})
    assert response.status_code == 400 and "The field 'comment' contains a NUL" in response.content.decode()
    token = issue_token(people["author"])
    api = Client(headers={"Authorization": f"Bearer {token}"})
    body = json.dumps({"text": 'format: chiiki-mirai/plan@1\ntitle: "a\\0b"\n', "note": "x\x00"})
    response = api.post("/api/plans", body, content_type="application/json")
    assert response.status_code == 400 and "「note」に NUL 文字" in response.content.decode()
    # A JSON body that merely mentions the escape in text is not refused.
    harmless = json.dumps({"text": "title: 'backslash-u0000 is \\\\u0000'"})
    assert api.post("/api/plans", harmless, content_type="application/json").status_code != 400


def test_behind_a_proxy_the_throttle_counts_the_persons_address(
    people: dict[str, Person], settings: Any
) -> None:
    """The proxy's own address is REMOTE_ADDR for everyone: the address the trusted proxy appended counts instead
    (a client's own claim before it does not)."""
    from chiiki_mirai.organisations.models import SignInFailure

    settings.PROXY_HOPS = 1
    for _ in range(django_settings.LOGIN_FAILURE_LIMIT):
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9").post(
            "/accounts/login/", {"username": "author", "password": "wrong"}
        )
    assert set(SignInFailure.objects.values_list("address", flat=True)) == {"203.0.113.9"}
    elsewhere = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    SignInFailure.objects.update(
        at=timezone.now() - dt.timedelta(seconds=django_settings.LOGIN_SLOWDOWN_SECONDS + 1)
    )
    elsewhere.post("/accounts/login/", {"username": "author", "password": PASSWORD})
    assert "_auth_user_id" in elsewhere.session  # another person behind the same proxy is not locked out


def test_forged_numbers_in_queries_and_forms_are_no_500(people: dict[str, Person], edition: Any) -> None:
    """A page number, a token's id or a version past any the platform keeps would overflow the database's integer
    (SQLite raises OverflowError): each is read as no number, never a 500."""
    from chiiki_mirai.workflow.views import POSTED_INT_LIMIT, posted_int

    assert posted_int("12") == 12 and posted_int(str(POSTED_INT_LIMIT)) == POSTED_INT_LIMIT
    assert posted_int(str(POSTED_INT_LIMIT + 1)) == -1 and posted_int("9" * 5000, 7) == 7
    compiler = signed_in(people["compiler"])
    assert compiler.get("/companies/reference-list/", {"page": "9" * 30}).status_code == 200
    assert compiler.get("/companies/reference-list/", {"page": "9" * 5000}).status_code == 200
    author = signed_in(people["author"])
    assert author.post("/accounts/tokens/", {"revoke": "9" * 30}).status_code == 200
