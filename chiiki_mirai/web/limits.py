"""Refuse requests the platform cannot store before any view sees them: oversized bodies (a plan file is at most
5 MB; the form adds a little) and NUL characters in the address, the form fields or a JSON body (PostgreSQL text
cannot hold them)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chiiki_mirai.plans.io import nul_paths

MAX_REQUEST_BYTES = 6 * 1024 * 1024


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if "\x00" in request.path or any(
            "\x00" in value for _, values in request.GET.lists() for value in values
        ):
            return _refused(
                "アドレス（パスまたはクエリ）に NUL 文字（%00）が含まれています。取り除いて送り直してください。"
            )
        if length > MAX_REQUEST_BYTES:
            return _refused(
                f"送信されたデータが大きすぎます（{length:,} バイト。上限は {MAX_REQUEST_BYTES:,} バイト）。"
                "計画のファイルは 5MB までです。",
                status=413,
            )
        if refusal := _nul_in_body(request):
            return _refused(refusal)
        return self.get_response(request)


def _refused(message: str, status: int = 400) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _nul_in_body(request: HttpRequest) -> str | None:
    """A NUL character in a form field or a JSON body, named (uploaded files are their readers' business: an
    .xlsx is binary, and a YAML/JSON file is checked where it is read)."""
    if request.method not in {"POST", "PUT", "PATCH"}:
        return None
    if request.content_type == "application/json":
        if b"\\u0000" not in request.body:  # the only way JSON can carry a NUL; most bodies stop here
            return None
        try:
            where = next(nul_paths(json.loads(request.body)), None)
        except ValueError:
            return None  # not JSON: the API says so, located
        if where is not None:
            return f"送信された JSON の「{where[:80] or '（全体）'}」に NUL 文字（\\u0000）が含まれています。取り除いて送り直してください。"
        return None
    for name, values in request.POST.lists():
        if any("\x00" in value for value in values):
            return f"入力欄「{name[:60]}」に NUL 文字が含まれています。取り除いて送り直してください。"
    return None
