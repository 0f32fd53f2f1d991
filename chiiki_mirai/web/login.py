"""Sign-in with throttling: after too many failures for a user name or from an address, refuse for a while."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.forms import ValidationError
from django.http import HttpRequest


def _keys(request: HttpRequest, username: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "")
    return [f"login-fail:user:{username.casefold()}", f"login-fail:addr:{address}"]


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        keys = _keys(self.request, username) if self.request else []
        if any((cache.get(key) or 0) >= settings.LOGIN_FAILURE_LIMIT for key in keys):
            minutes = settings.LOGIN_FAILURE_WINDOW_SECONDS // 60
            raise ValidationError(
                f"ログインの失敗が続いたため、{minutes}分間ログインできません。しばらくしてからやり直してください。",
                code="throttled",
            )
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW_SECONDS)
                cache.incr(key)
            raise


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "web/login.html"
    redirect_authenticated_user = True
