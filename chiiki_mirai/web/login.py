"""Sign-in with throttling that every worker shares and no stranger can turn against an account's owner.

Failures are rows in the database (``SignInFailure``), so N workers, several hosts and a restart count the same
tries. Within the window:

- an (account, address) pair with ``LOGIN_FAILURE_LIMIT`` failures is refused: the one guessing from there stops;
- an address with ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures over any accounts is refused (one address spraying);
- an account with ``LOGIN_FAILURE_LIMIT`` failures from all addresses together is *slowed*, not blocked: each
  further try waits ``LOGIN_SLOWDOWN_SECONDS`` after the last failure, so a guesser spread over many addresses
  gets about one try a minute while the owner, from their own address, can still sign in after a short wait.

A successful sign-in clears its pair's failures; an administrator lifts any block by deleting rows in the admin.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.forms import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from chiiki_mirai.organisations.models import SignInFailure

_WINDOW = dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _address(request: HttpRequest | None) -> str:
    """The person's address: REMOTE_ADDR, or behind ``PROXY_HOPS`` trusted proxies the entry they appended to
    X-Forwarded-For (the entries before it are whatever the client claimed)."""
    if request is None:
        return ""
    hops = settings.PROXY_HOPS
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if hops and len(forwarded) >= hops:
        return str(forwarded[-hops])[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def throttled(username: str, address: str, now: dt.datetime | None = None) -> str | None:
    """Why a sign-in as ``username`` from ``address`` is refused now, or None."""
    now = now or timezone.now()
    recent = SignInFailure.objects.filter(
        at__gte=now - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    )
    minutes = settings.LOGIN_FAILURE_WINDOW_SECONDS // 60
    if recent.filter(username=username, address=address).count() >= settings.LOGIN_FAILURE_LIMIT:
        return (
            f"このユーザー名でのログインの失敗が続いたため、この端末からは{minutes}分間ログインできません。"
        )
    if recent.filter(address=address).count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return f"この端末からのログインの失敗が続いたため、{minutes}分間ログインできません。"
    account = recent.filter(username=username)
    if account.count() >= settings.LOGIN_FAILURE_LIMIT:
        last = account.order_by("-at").values_list("at", flat=True).first()
        wait = settings.LOGIN_SLOWDOWN_SECONDS - (now - last).total_seconds() if last else 0
        if wait > 0:
            return f"このユーザー名へのログインの失敗が続いています。{int(wait) + 1}秒待ってからやり直してください。"
    return None


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").casefold()[:150]
        address = _address(self.request)
        if reason := throttled(username, address):
            raise ValidationError(reason + "しばらくしてからやり直してください。", code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            SignInFailure.objects.create(username=username, address=address)
            SignInFailure.objects.filter(at__lt=timezone.now() - _WINDOW * 2).delete()  # nothing old is kept
            raise
        SignInFailure.objects.filter(username=username, address=address).delete()
        return cleaned


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "web/login.html"
    redirect_authenticated_user = True
