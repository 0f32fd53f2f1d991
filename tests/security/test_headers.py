"""Headers every response owes (issue 19 §10, §13): an enforced Content-Security-Policy without inline scripts,
signed-in pages kept by no cache, and a print header that shows a title as written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.test import Client

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import read_plan_text
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.conftest import ROOT
from tests.web.conftest import plan_text, signed_in


def test_every_page_carries_an_enforced_policy_without_inline_scripts(people: dict[str, Person]) -> None:
    for client, url in ((Client(), "/"), (signed_in(people["author"]), "/work/")):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"].startswith("'self' 'nonce-")
        assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


def test_no_template_has_an_inline_script_or_handler() -> None:
    import re

    offending = []
    for template in (ROOT / "chiiki_mirai").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if (
            re.search(r"<script(?![^>]*\bsrc=)", text)
            or re.search(r"\son[a-z]+\s*=", text)
            or "javascript:" in text
        ):
            offending.append(str(Path(template).relative_to(ROOT)))
    assert not offending


def test_signed_in_pages_and_token_answers_are_not_cached(people: dict[str, Person]) -> None:
    page = signed_in(people["author"]).get("/work/")
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    api = Client(headers={"Authorization": f"Bearer {issue_token(people['author'])}"}).get("/api/plans")
    assert "no-store" in api["Cache-Control"]
    assert "no-store" not in Client().get("/").get("Cache-Control", "")


def test_the_print_header_shows_quotes_and_brackets_as_written(
    people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    title = 'ロボット"産業"<計画>'
    text = plan_text(**{"title: 北九州ロボット・自動化システム産業クラスター計画": f"title: '{title}'"})
    plan = advance(
        services.do_create_plan(people["author"], read_plan_text("p.yaml", text)), PlanState.PUBLISHED
    )
    page = Client().get(f"/plans/{plan.public_id}/print/").content.decode()
    header = page.split("@top-right", 1)[1].split(";", 1)[0]
    assert "\\u00" not in header
    assert "ロボット\\22 産業\\22 \\3C 計画\\3E " in header
    assert "</style>" not in header
