"""A report leads to a revision of the published plan: proposed by its authors, accepted or declined by a
national reviewer, and linked both ways (the report lists the revision; the revision names the report)."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from django.test import Client

from chiiki_mirai.monitoring import amendments, services
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.models import Amendment, KpiReading, ProgressRecord
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.workflow.documents import as_text, read_plan_text
from chiiki_mirai.workflow.models import AuditEvent, Plan
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import plan_text, signed_in
from tests.web.test_monitoring import report


def amended(plan: Plan, target: float = 40) -> str:
    """The text in force with k1's 2027H2 target changed (60 lowered after a slow start), as an author would
    edit the text the form offers."""
    data = copy.deepcopy(plan.current_revision().document)
    data["policy"]["kpis"][0]["targets"][1]["value"] = target
    return as_text(data, "yaml")


@pytest.fixture
def reported(
    draft: Plan, advance: Callable[[Plan, PlanState], Plan], people: dict[str, Person]
) -> ProgressRecord:
    published = advance(draft, PlanState.PUBLISHED)
    document = load(source_from_text("r.yaml", report(published, "2027H2", 45)))
    assert isinstance(document, ProgressReport)
    return services.do_submit_progress(people["author"], published, document)


def propose(
    client: Client, record: ProgressRecord, text: str, note: str = "補助の採択が遅れたため目標を見直す"
) -> str:
    url = f"/progress/plans/{record.plan.public_id}/amend/"
    return client.post(url, {"report": record.pk, "text": text, "note": note}, follow=True).content.decode()


def test_from_report_to_revision(reported: ProgressRecord, people: dict[str, Person]) -> None:
    plan = reported.plan
    author = signed_in(people["author"])
    form = author.get(f"/progress/plans/{plan.public_id}/amend/", {"report": reported.pk}).content.decode()
    assert "2027H2" in form and "value: 100" in form  # the report chosen, the text in force to edit
    base = plan.current_revision().number  # the published text (the announcement made one revision already)
    page = propose(author, reported, amended(plan))
    amendment = Amendment.objects.get()
    assert "見直し案を提出しました" in page and amendment.report == reported
    assert plan.current_revision().number == base  # the published text stays in force while it is reviewed
    assert "policy.kpis[0].targets[1].value" in page and "announcement" not in page  # only what changed

    reviewer = signed_in(people["reviewer"])
    assert "審査を待つ計画の見直し案" in reviewer.get("/progress/due/").content.decode()
    reviewer.post(f"/progress/amendments/{amendment.pk}/", {"decision": "accept", "comment": "妥当"})
    amendment.refresh_from_db()
    revision = plan.current_revision()
    assert (amendment.state, amendment.revision, revision.number) == ("accepted", base + 1, base + 1)
    assert revision.note.startswith(f"進捗報告 2027H2 を踏まえた見直し（見直し案 #{amendment.pk}）")
    assert revision.document["policy"]["kpis"][0]["targets"][1]["value"] == 40
    # The report's readings follow the revised trajectory: 45 was behind 60, and is on track against 40.
    reading = KpiReading.objects.get(plan=plan, kpi="k1", period="2027H2")
    assert reading.expected == pytest.approx(40) and reading.status == "on_track"
    dashboard = author.get(f"/progress/plans/{plan.public_id}/").content.decode()
    assert f"/progress/amendments/{amendment.pk}/" in dashboard and f"第{base + 1}版" in dashboard
    assert AuditEvent.objects.filter(plan=plan, revision=base + 1, comment__contains="見直し案").exists()
    diff = reviewer.get(f"/work/plans/{plan.public_id}/diff/?from={base}&to={base + 1}").content.decode()
    assert "policy.kpis[0].targets[1].value" in diff


def test_refusals(reported: ProgressRecord, people: dict[str, Person]) -> None:
    plan = reported.plan
    author = signed_in(people["author"])
    page = propose(author, reported, plan_text(**{"kind: value_added": "kind: own"}))
    assert "KGI-MANDATORY-VA" in page and Amendment.objects.count() == 0  # a text with errors is not proposed
    page = propose(author, reported, amended(plan), note=" ")
    assert "変更の説明を書いてください" in page and Amendment.objects.count() == 0
    page = propose(author, reported, "format: chiiki-mirai/plan@1\nkgis: [unclosed\n")
    assert (
        "INPUT-SYNTAX</strong>（3行目）" in page and Amendment.objects.count() == 0
    )  # located, even with no field
    unchanged = as_text(plan.current_revision().document, "yaml")
    assert "計画の現在の内容と同じです" in propose(author, reported, unchanged)
    assert "INPUT-" in propose(author, reported, "")  # an emptied text is said to be empty, not replaced
    assert Amendment.objects.count() == 0
    url = f"/progress/plans/{plan.public_id}/amend/"
    assert (
        signed_in(people["other_author"]).get(url).status_code == 403
    )  # sees the published plan, may not amend
    propose(author, reported, amended(plan))
    amendment = Amendment.objects.get()
    with pytest.raises(Refused, match="内閣官房・経済産業省の審査担当者"):
        amendments.do_accept_amendment(people["author"], amendment)
    with pytest.raises(Refused, match="見送る理由"):
        amendments.do_reject_amendment(people["reviewer"], amendment, "")
    amendments.do_reject_amendment(people["reviewer"], amendment, "目標の引下げの根拠が不足")
    with pytest.raises(Refused, match="すでに「見送り」"):
        amendments.do_accept_amendment(people["reviewer"], amendment)
    assert plan.current_revision().number == amendment.base_revision


def test_an_amendment_on_an_outdated_text_is_refused(
    reported: ProgressRecord, people: dict[str, Person]
) -> None:
    plan = reported.plan
    first = amendments.do_propose_amendment(
        people["author"],
        plan,
        read_plan_text("p.yaml", amended(plan)),
        "一つ目",
        reported,
    )
    second = amendments.do_propose_amendment(
        people["author"],
        plan,
        read_plan_text("p.yaml", amended(plan, 50)),
        "二つ目",
        None,
    )
    amendments.do_accept_amendment(people["reviewer"], first)
    with pytest.raises(Refused, match=f"第{first.base_revision}版の後に計画が改訂されています"):
        amendments.do_accept_amendment(people["reviewer"], second)


def test_an_amendment_that_changes_a_judged_text_is_judged_before_it_comes_into_force(
    reported: ProgressRecord, people: dict[str, Person]
) -> None:
    """Issue 20 §3: as in 各種調整, judgements carry over where the amendment leaves a finding's text untouched; a
    review finding on text it changes is judged by the deciding reviewer in accepting, or nothing comes into force."""
    from chiiki_mirai.workflow.documents import revived
    from chiiki_mirai.workflow.judgements import latest_judgements, unjudged_reviews
    from chiiki_mirai.workflow.models import Judgement

    plan = reported.plan
    data = copy.deepcopy(plan.current_revision().document)
    data["requirements"]["external_dependency"] += "（見直し: 主要部品の調達先を県内二社に分散）"
    amendment = amendments.do_propose_amendment(
        people["author"], plan, revived(data), "調達先の分散", reported
    )
    opened = amendments.reviews_to_judge(amendment)
    assert [(f.rule, f.path) for f in opened] == [("B-EXTERNAL", "requirements.external_dependency")]
    page = signed_in(people["reviewer"]).get(f"/progress/amendments/{amendment.pk}/").content.decode()
    assert "B-EXTERNAL|requirements.external_dependency" in page  # offered to the decider to judge
    base, judgements = plan.current_revision().number, Judgement.objects.count()
    with pytest.raises(Refused, match="要審査の指摘 1 件を判断してから"):
        amendments.do_accept_amendment(people["reviewer"], amendment, "妥当")
    assert (plan.current_revision().number, Judgement.objects.count()) == (base, judgements)
    assert Amendment.objects.get(pk=amendment.pk).state == Amendment.State.PROPOSED
    response = signed_in(people["reviewer"]).post(
        f"/progress/amendments/{amendment.pk}/",
        {"decision": "accept", "comment": "妥当", "met": "B-EXTERNAL|requirements.external_dependency"},
    )
    assert response.status_code == 302
    revision = plan.current_revision()
    assert revision.number == base + 1
    standing = latest_judgements(plan, revision.number)
    assert standing[("B-EXTERNAL", "requirements.external_dependency")].carried_from is None  # judged anew
    from chiiki_mirai.analytics.reference import PLATFORM
    from chiiki_mirai.workflow.documents import revision_findings

    assert unjudged_reviews(plan, revision_findings(revision, access=PLATFORM)) == ([], [])
