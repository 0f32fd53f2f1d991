"""Issue 14 §3: a C plan from nothing to a pre-check request through the section forms alone (the browser journey
drives the same forms with the same values)."""

from __future__ import annotations

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow.documents import revision_findings
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import signed_in
from tests.web.test_guided_journey_data import C_PLAN_FORMS


def test_a_c_plan_from_nothing_to_a_pre_check_request_without_yaml(people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    client.post("/work/plans/start/", {"plan_type": "C", "title": "北九州 金属加工 地場産業成長プラン"})
    plan = Plan.objects.get()
    for section, fields in C_PLAN_FORMS.items():
        plan.refresh_from_db()
        response = client.post(
            f"/work/plans/{plan.public_id}/sections/{section}/",
            {"base_version": str(plan.version), "then": "next", **fields},
        )
        assert response.status_code == 302, (section, response.content.decode()[-2000:])
    plan.refresh_from_db()
    errors = [
        (f.rule, f.path)
        for f in revision_findings(plan.current_revision(), access=PLATFORM)
        if f.severity.value == "error"
    ]
    assert errors == []
    page = client.get(f"/work/plans/{plan.public_id}/").content.decode()
    assert "事前確認を依頼する" in page
    client.post(f"/work/plans/{plan.public_id}/request_precheck/")
    plan.refresh_from_db()
    assert plan.state_enum is PlanState.PRECHECK_REQUESTED
