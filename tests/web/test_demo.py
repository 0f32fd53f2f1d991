"""The demo gives every role something to do (issue 22 §6): the author a draft, the compiler a plan handed over by
its municipality, the ministry reporter an open report request, the reviewer the queue."""

from __future__ import annotations

import pytest

from chiiki_mirai.monitoring import requests
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.web.demo import HANDED_OVER_TITLE, load_demo
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_every_demo_account_has_something_to_do(fast_passwords: None) -> None:
    assert load_demo() is not None
    person = {p.user.username: p for p in Person.objects.select_related("user", "organisation")}
    handed = Plan.objects.get(title=HANDED_OVER_TITLE)
    assert handed.state_enum is PlanState.WITH_PREFECTURE
    compiler_home = signed_in(person["compiler"]).get("/work/").content.decode()
    todo = compiler_home[compiler_home.index('id="todo-h"') :]
    assert HANDED_OVER_TITLE in todo and "国へ正式に提出する" in todo
    author_home = signed_in(person["author"]).get("/work/").content.decode()
    assert 'id="todo-h"' in author_home and "事前確認を依頼する" in author_home
    assert Plan.objects.filter(state=PlanState.DRAFT).count() == 1  # the demo author's own ('{DEMO_DRAFT}')
    inbox = requests.inbox(person["mlit"])
    assert inbox and not any(line.done for line in inbox)
    assert load_demo() is None  # loaded once
