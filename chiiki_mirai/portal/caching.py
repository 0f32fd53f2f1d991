"""Public pages cached per process, keyed by what they show: the language, the URL and the published set.

The published set's version is read on every request (one indexed aggregate, about a millisecond), so a plan
published, edited or withdrawn is visible at once on every worker — no invalidation messages, no stale pages.
Signed-in people are never served from the cache (their pages differ by person).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState

TIMEOUT_SECONDS = 600


#: COUNT(*), not of a column: the (state, updated_at) index answers it without reading the plans' rows. Written
#: once rather than built by the ORM on every request (building it took longer than PostgreSQL's answer).
_PUBLISHED_VERSION_SQL = f"SELECT COUNT(*), MAX(updated_at) FROM {Plan._meta.db_table} WHERE state = %s"


def published_version() -> str:
    with connections[Plan.objects.db].cursor() as cursor:
        cursor.execute(_PUBLISHED_VERSION_SQL, [PlanState.PUBLISHED.value])
        count, last = cursor.fetchone()
    # The newest change as the database gives it: a datetime (PostgreSQL) or text (SQLite), without a space, which
    # a cache key may not hold.
    stamp = last.isoformat() if isinstance(last, datetime) else str(last or 0).replace(" ", "T")
    return f"{count}:{stamp}"


def cached_for[T](request: HttpRequest, produce: Callable[[], T], *parts: str, shared: bool) -> T:
    """``produce()``, from the cache when the answer is ``shared`` and neither the published set nor ``parts``
    (further versions of what it shows) have changed.

    ``shared`` is the caller's judgement that the answer is the same for every reader who may ask (the public,
    or every national official once the view has checked the reader is one); it is not read off
    ``request.user``: an API caller signed in by a token is an anonymous session user but sees its own drafts.
    """
    if not shared:
        return produce()
    # The address is hashed: a key stays short whatever a caller puts in the query (Redis and memcached limit keys).
    address = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
    key = ":".join(["shared", get_language() or "ja", published_version(), address, *parts])
    cache = caches["pages"]
    found: T | None = cache.get(key)
    if found is None:
        found = produce()
        cache.set(key, found, TIMEOUT_SECONDS)
    return found


def cached_page[View: Callable[..., HttpResponse]](*versions: Callable[[], str]) -> Callable[[View], View]:
    """Cache a public GET page's successful response for anonymous readers, for as long as the published set and
    each of ``versions`` (what else the page shows, e.g. reported figures) stay the same."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "GET" or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            parts = [
                "hx" if request.headers.get("HX-Request") else "page",
                *(version() for version in versions),
            ]
            holder: dict[str, HttpResponse] = {}

            def produce() -> tuple[int, bytes, dict[str, str]] | None:
                response = view(request, *args, **kwargs)
                holder["response"] = response
                if response.status_code != 200 or response.streaming or response.cookies:
                    return None
                return response.status_code, response.content, dict(response.headers)

            cached = cached_for(request, produce, *parts, shared=True)
            if cached is None:
                return holder["response"] if "response" in holder else view(request, *args, **kwargs)
            status, content, headers = cached
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            return response

        return wrapper  # type: ignore[return-value]

    return decorate


public_page = cached_page()
