"""A plan's text as a download: YAML, JSON, an Excel workbook, or its 計画書 in Word (the portal, the working
pages and the API)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse

from chiiki_mirai.plans.workbook import write_workbook
from chiiki_mirai.reports.plan_book import book
from chiiki_mirai.reports.plan_docx import plan_docx
from chiiki_mirai.web.language import current_lang
from chiiki_mirai.web.responses import XLSX, download
from chiiki_mirai.workflow.documents import as_text, revived

CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": XLSX,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def plan_download(data: dict[str, Any], name: str, syntax: str) -> HttpResponse:
    if syntax not in CONTENT_TYPES:
        raise Http404
    if syntax == "docx":
        body = plan_docx(book(revived(data), current_lang()), name)
    elif syntax == "xlsx":
        body = write_workbook(data)
    else:
        body = as_text(data, "json" if syntax == "json" else "yaml").encode()
    return download(body, f"{name}.{syntax}", CONTENT_TYPES[syntax])
