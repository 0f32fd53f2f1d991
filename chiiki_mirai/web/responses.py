"""Download responses shared by the domain views."""

from __future__ import annotations

from django.http import HttpResponse


def csv_download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
