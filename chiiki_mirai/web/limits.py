"""Refuse requests the platform cannot store before any view sees them: oversized bodies (a plan file is at most
5 MB; the form adds a little) and NUL characters in the address, the form fields or a JSON body (PostgreSQL text
cannot hold them)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chiiki_mirai.i18n import Text
from chiiki_mirai.plans.io import has_control, nul_paths
from chiiki_mirai.web.language import chosen_language

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
                request,
                Text(
                    "アドレス（パスまたはクエリ）に NUL 文字（%00）が含まれています。取り除いて送り直してください。",
                    "The address (path or query) contains a NUL character (%00). Remove it and send again.",
                ),
            )
        if length > MAX_REQUEST_BYTES:
            return _refused(
                request,
                Text(
                    f"送信されたデータが大きすぎます（{length:,} バイト。上限は {MAX_REQUEST_BYTES:,} バイト）。"
                    "計画のファイルは 5MB までです。",
                    f"The data sent is too large ({length:,} bytes; the limit is {MAX_REQUEST_BYTES:,} bytes). "
                    "A plan file may be at most 5 MB.",
                ),
                status=413,
            )
        if refusal := _nul_in_body(request):
            return _refused(request, refusal)
        return self.get_response(request)


def _refused(request: HttpRequest, message: Text, status: int = 400) -> HttpResponse:
    # This runs before the language is activated: the reader's choice is read from its cookie here.
    text = message.en if chosen_language(request) == "en" else message.ja
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _nul_in_body(request: HttpRequest) -> Text | None:
    """A NUL character in a form field or a JSON body, named (uploaded files are their readers' business: an
    .xlsx is binary, and a YAML/JSON file is checked where it is read)."""
    if request.method not in {"POST", "PUT", "PATCH"}:
        return None
    if request.content_type == "application/json":
        if b"\\u0000" not in request.body:  # the only way JSON can carry a NUL; most bodies stop here
            return None
        try:
            where = next(iter(nul_paths(json.loads(request.body))), None)
        except (ValueError, RecursionError):
            return None  # not JSON (or nested past the parser's depth): the API says so, located
        if where is not None:
            return Text(
                f"送信された JSON の「{where[:80] or '（全体）'}」に NUL 文字（\\u0000）が含まれています。取り除いて送り直してください。",
                f"The JSON sent contains a NUL character (\\u0000) at '{where[:80] or '(the whole)'}'. Remove it and send again.",
            )
        return None
    for name, values in request.POST.lists():
        if any(has_control(value) for value in values):
            return Text(
                f"入力欄「{name[:60]}」に NUL 文字などの制御文字が含まれています。取り除いて送り直してください。",
                f"The field '{name[:60]}' contains a NUL or another control character. Remove it and send again.",
            )
    return None
