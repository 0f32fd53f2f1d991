"""Logs an operator can use: one JSON line per request and per background task, to standard output, and a request
id returned in ``X-Request-Id`` and shown on the error page, so a person's report finds its line.

Never logged: passwords, tokens, cookies, query strings or plan text — only time, request id, method, path, status,
duration and the user's id.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

REQUEST_ID_HEADER = "X-Request-Id"
#: A request id given by a proxy in front is kept if it looks like one (so the proxy's log and ours meet).
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
requests_log = logging.getLogger("chiiki_mirai.requests")


class JsonLines(logging.Formatter):
    """A log record as one JSON object on one line: time, level, logger, message and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line |= getattr(record, "fields", {})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(line, ensure_ascii=False)


class RequestLogMiddleware:
    """Gives each request an id and logs one line when it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _GIVEN_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        user = getattr(request, "user", None)
        requests_log.info(
            "request",
            extra={
                "fields": {
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                }
            },
        )
        return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the request id to quote to support (handler500)."""
    body = loader.render_to_string("500.html", {"request_id": getattr(request, "request_id", "")})
    return HttpResponseServerError(body)


def log_task(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """One JSON line for a background task's start and one for its end (Django's task signals), with its id,
    task and state — never its arguments."""
    started, finished = task_result.started_at, task_result.finished_at
    fields = {
        "task_id": str(task_result.id),
        "task": task_result.task.module_path,
        "status": str(task_result.status),
        "duration_ms": round((finished - started).total_seconds() * 1000, 1)
        if started and finished
        else None,
    }
    logging.getLogger("chiiki_mirai.tasks").info("task", extra={"fields": fields})
