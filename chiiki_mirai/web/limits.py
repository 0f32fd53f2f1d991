"""Refuse requests the platform cannot store before any view sees them: oversized bodies (a plan file is at most
5 MB; the form adds a little) and NUL characters in the address (PostgreSQL text cannot hold them)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
            return HttpResponse(
                "アドレス（パスまたはクエリ）に NUL 文字（%00）が含まれています。取り除いて送り直してください。",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        if length > MAX_REQUEST_BYTES:
            return HttpResponse(
                f"送信されたデータが大きすぎます（{length:,} バイト。上限は {MAX_REQUEST_BYTES:,} バイト）。"
                "計画のファイルは 5MB までです。",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
