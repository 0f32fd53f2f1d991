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
    # The request leads straight to the half-year's form (issue 22 §1): no YAML, no Excel needed.
    mlit = signed_in(person["mlit"])
    page = mlit.get("/progress/requests/").content.decode()
    first = inbox[0].request
    link = f"/progress/plans/{first.plan.public_id}/report/?period={first.period}"
    assert f'href="{link}"' in page
    form = mlit.get(link)
    assert form.status_code == 200 and "施策の進捗" in form.content.decode()
    assert load_demo() is None  # loaded once


def test_the_demo_loads_a_reference_list_in_which_the_samples_stand_as_they_say(fast_passwords: None) -> None:
    """Issue 22 §6: a reference list is loaded (synthetic, and labelled so), computed by the product's pipeline; each
    sample firm said to be listed is listed by the platform, and one said not to be is not."""
    from chiiki_mirai.analytics.models import FirmDegree, ReferenceEdition
    from chiiki_mirai.analytics.reference import PLATFORM, with_reference_list
    from chiiki_mirai.plans.choices import ReferenceListStatus
    from chiiki_mirai.web.demo_network import SOURCE
    from chiiki_mirai.workflow.documents import findings_of, revived

    load_demo()
    edition = ReferenceEdition.objects.get()
    assert edition.source == SOURCE and edition.listed > 0
    listed = {d.firm_id: d.listed_by for d in FirmDegree.objects.filter(edition=edition)}
    assert listed["3999900002101"] and listed["2999900002102"]  # 北九州市's two firms said to be listed
    assert listed["5999900001101"] and listed["3999900001103"]  # 福島県's
    assert listed["1999900002103"] == ""  # said not to be listed
    # The demo draft's firms are marked from the edition (its degree, not the 0.018 the sample states), and no
    # reference-list rule finds fault with them.
    draft = Plan.objects.get(state=PlanState.DRAFT)
    document = revived(draft.current_revision().document)
    marked = with_reference_list(document, draft.pk, access=PLATFORM)
    firm = next(e for e in marked.core_entities if e.corporate_number == "3999900002101")
    degree = FirmDegree.objects.get(edition=edition, firm_id="3999900002101")
    assert firm.connector_degree == degree.connector_degree != 0.018
    assert firm.reference_list is ReferenceListStatus.LISTED
    findings = findings_of(document, plan_id=draft.pk, access=PLATFORM)
    assert not [f for f in findings if f.rule.startswith("B-REFLIST") and f.severity.value == "error"]
