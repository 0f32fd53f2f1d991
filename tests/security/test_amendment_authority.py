"""Revisions of published plans (issue 19 §2): only 内閣官房 and 経済産業省 decide, and a proposed revision is seen
only by the plan's authors, its prefecture and the national reviewers."""

from __future__ import annotations

import pytest

from chiiki_mirai.monitoring import amendments
from chiiki_mirai.monitoring.models import Amendment, ProgressRecord
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow.models import AuditEvent
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import Role
from tests.web.conftest import PASSWORD, signed_in
from tests.web.test_amendments import amended, reported  # noqa: F401


@pytest.fixture
def proposal(reported: ProgressRecord, people: dict[str, Person]) -> Amendment:  # noqa: F811
    from chiiki_mirai.workflow.documents import read_plan_text

    document = read_plan_text("a.yaml", amended(reported.plan))
    return amendments.do_propose_amendment(
        people["author"], reported.plan, document, "目標を見直す", reported
    )


def test_another_ministry_cannot_put_a_revision_in_force(
    proposal: Amendment, people: dict[str, Person]
) -> None:
    maff = make_person("maff_reviewer", "N-MAFF", Role.REVIEWER, PASSWORD)
    plan = proposal.plan
    before = (plan.revisions.count(), AuditEvent.objects.count(), plan.version)
    with pytest.raises(Refused):
        amendments.do_accept_amendment(maff, proposal, "妥当")
    with pytest.raises(Refused):
        amendments.do_reject_amendment(maff, proposal, "不要")
    response = signed_in(maff).post(f"/progress/amendments/{proposal.pk}/", {"decision": "accept"})
    assert response.status_code in (302, 404)
    proposal.refresh_from_db()
    plan.refresh_from_db()
    assert proposal.state == Amendment.State.PROPOSED
    assert (plan.revisions.count(), AuditEvent.objects.count(), plan.version) == before
    # The secretariat may.
    amendments.do_accept_amendment(people["reviewer"], proposal, "妥当")
    assert plan.revisions.count() == before[0] + 1


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("author", True),
        ("compiler", True),  # 福岡県 compiles 北九州市's plans
        ("reviewer", True),
        ("other_author", False),
        ("same_prefecture_author", False),
        ("other_compiler", False),
        ("reporter", False),  # a ministry's reporter, not a reviewer
        ("admin", False),
    ],
)
def test_a_proposed_revision_is_seen_only_by_those_concerned(
    role: str, sees: bool, proposal: Amendment, people: dict[str, Person]
) -> None:
    client = signed_in(people[role])
    assert client.get(f"/progress/amendments/{proposal.pk}/").status_code == (200 if sees else 404)
    dashboard = client.get(f"/progress/plans/{proposal.plan.public_id}/")
    if dashboard.status_code == 200:
        assert (f"/progress/amendments/{proposal.pk}/" in dashboard.content.decode()) is sees
