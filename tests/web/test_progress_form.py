"""A half-year's progress report typed into a form (issue 22 §1): a block per KPI, measure and KGI with the plan's
figures beside it, statuses in words, what does not read shown back in place and nothing stored, a report already sent
filled in for its correction."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chiiki_mirai.monitoring.models import ProgressRecord
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import signed_in

Advance = Callable[[Plan, PlanState], Plan]


@pytest.fixture
def published(draft: Plan, advance: Advance) -> Plan:
    return advance(draft, PlanState.PUBLISHED)


def form_url(plan: Plan) -> str:
    return f"/progress/plans/{plan.public_id}/report/"


FILLED = {
    "period": "2027H2",
    "kpis.k1.actual": "60",
    "kpis.k2.actual": "１４０人",  # full-width digits and the unit, as officials type
    "measures.m1.status": "on_track",
    "measures.m2.status": "done",
    "kgis.capex.actual": "",
}


def test_the_form_says_each_item_in_words(published: Plan, people: dict[str, Person]) -> None:
    page = signed_in(people["author"]).get(form_url(published), {"period": "2027H2"}).content.decode()
    assert "2027年度下期" in page and "自動化導入補助の採択件数（累計）" in page and "実績（件）" in page
    assert (
        "計画の軌道（この半期）" in page and ">60<" in page
    )  # k1's trajectory at 2027H2, as in test_monitoring
    assert '<option value="delayed">遅延</option>' in page  # the status in words, the value stored
    assert "kpis[0]" not in page and "progress@1" not in page


def test_a_report_typed_in_the_form_is_submitted(published: Plan, people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    response = client.post(form_url(published), FILLED)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/progress/plans/{published.public_id}/"
    )
    record = ProgressRecord.objects.get()
    assert record.period == "2027H2" and record.document["reported_by"] == "401005"
    assert [(k["id"], k["actual"]) for k in record.document["kpis"]] == [("k1", 60), ("k2", 140)]
    assert [(m["id"], m["status"]) for m in record.document["measures"]] == [
        ("m1", "on_track"),
        ("m2", "done"),
    ]
    assert "kgis" not in record.document  # nothing typed for the KGIs: none reported
    notice = client.get(response["Location"]).content.decode()
    assert "2027年度下期 の進捗報告を受け付けました" in notice  # the half-year in words, not 2027H2
    # The half-year's form now shows what was sent, to correct it.
    again = client.get(form_url(published), {"period": "2027H2"}).content.decode()
    assert f'data-keep-version="{record.pk}"' in again  # what the browser kept of the form is dropped now
    assert 'value="140"' in again and '<option value="done" selected>' in again and "訂正" in again


def test_what_does_not_read_stays_in_place_and_nothing_is_stored(
    published: Plan, people: dict[str, Person]
) -> None:
    client = signed_in(people["author"])
    response = client.post(form_url(published), {**FILLED, "kpis.k1.actual": "六十"})
    page = response.content.decode()
    assert response.status_code == 422 and ProgressRecord.objects.count() == 0
    assert 'value="六十"' in page and 'href="#kpis.k1.actual"' in page and "数値として読めません" in page
    assert 'value="１４０人"' in page  # every other input as typed
    # A delayed measure without its cause (P-PROGRESS) is refused with the rule's words; what was typed stays.
    delayed = client.post(form_url(published), {**FILLED, "measures.m1.status": "delayed"})
    assert delayed.status_code == 422 and ProgressRecord.objects.count() == 0
    text = delayed.content.decode()
    assert "遅延している施策「m1」" in text and '<option value="delayed" selected>' in text
    # A status left out where a note was written is pointed at.
    missing = client.post(
        form_url(published), {**FILLED, "measures.m2.status": "", "measures.m2.note": "準備中"}
    )
    assert missing.status_code == 422 and 'href="#measures.m2.status"' in missing.content.decode()


def test_who_may_use_the_form(published: Plan, draft: Plan, people: dict[str, Person]) -> None:
    assert signed_in(people["other_author"]).get(form_url(published), {"period": "2027H2"}).status_code in (
        403,
        404,
    )
    assert signed_in(people["author"]).get(form_url(published), {"period": "x"}).status_code == 404
    assert signed_in(people["author"]).post(form_url(published), {**FILLED, "period": "x"}).status_code == 404
    assert ProgressRecord.objects.count() == 0


def test_the_form_in_english(published: Plan, people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    client.get("/language/en/")
    page = client.get(form_url(published), {"period": "2027H2"}).content.decode()
    assert "Progress report for FY2027 H2" in page and "Planned trajectory (this half-year)" in page
    assert '<option value="delayed">delayed</option>' in page  # the status in English words too
