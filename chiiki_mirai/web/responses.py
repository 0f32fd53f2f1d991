"""Download responses shared by the domain views."""

from __future__ import annotations

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename, "text/csv; charset=utf-8")


def xlsx_download(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename, XLSX)
