"""Public pages cached per process, keyed by what they show: the language, the URL and the published set.

The published set's version is read on every request (one indexed aggregate, about a millisecond), so a plan
published, edited or withdrawn is visible at once on every worker — no invalidation messages, no stale pages.
Signed-in people are never served from the cache (their pages differ by person).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState

TIMEOUT_SECONDS = 600


def published_version() -> str:
    row = Plan.objects.filter(state=PlanState.PUBLISHED).aggregate(count=Count("pk"), last=Max("updated_at"))
    last = row["last"].timestamp() if row["last"] else 0
    return f"{row['count']}:{last}"


def cached_for[T](request: HttpRequest, produce: Callable[[], T], *parts: str, public: bool) -> T:
    """``produce()``, from the cache when the reader is the public and the published set has not changed.

    ``public`` is the caller's judgement, not read off ``request.user``: an API caller signed in by a token
    is an anonymous session user but sees its own drafts.
    """
    if not public:
        return produce()
    key = ":".join(["public", get_language() or "ja", published_version(), request.get_full_path(), *parts])
    found: T | None = cache.get(key)
    if found is None:
        found = produce()
        cache.set(key, found, TIMEOUT_SECONDS)
    return found


def public_page[View: Callable[..., HttpResponse]](view: View) -> View:
    """Cache a public GET page's successful response for anonymous readers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        hx = "hx" if request.headers.get("HX-Request") else "page"
        holder: dict[str, HttpResponse] = {}

        def produce() -> tuple[int, bytes, dict[str, str]] | None:
            response = view(request, *args, **kwargs)
            holder["response"] = response
            if response.status_code != 200 or response.streaming or response.cookies:
                return None
            return response.status_code, response.content, dict(response.headers)

        cached = cached_for(request, produce, hx, public=True)
        if cached is None:
            return holder["response"] if "response" in holder else view(request, *args, **kwargs)
        status, content, headers = cached
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    return wrapper  # type: ignore[return-value]
