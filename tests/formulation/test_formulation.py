"""Type A's formulation as 001 A(4) writes it: block drafts, proposals, decisions, the national formulation.

Every refusal is checked to leave nothing behind (state, version, revisions, trail)."""

from __future__ import annotations

import pytest

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.formulation import services
from chiiki_mirai.formulation.checks import check_block_draft
from chiiki_mirai.formulation.document import CandidateCluster, Committee
from chiiki_mirai.formulation.models import BlockDraft, FormulationEvent, FormulationRevision, ProjectProposal
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.document import Author
from chiiki_mirai.workflow import services as workflow
from chiiki_mirai.workflow.access import actions_for
from chiiki_mirai.workflow.documents import read_plan_text, revision_findings
from chiiki_mirai.workflow.models import Judgement
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import Action, PlanState
from tests.conftest import EXAMPLES
from tests.formulation.conftest import draft_document, formulate_sample, on, proposal_document

pytestmark = pytest.mark.django_db


def trail() -> tuple[int, int]:
    return FormulationRevision.objects.count(), FormulationEvent.objects.count()


# ------------------------------------------------------------------ block drafts (001 A(4)①)


def test_only_the_blocks_own_bureau_writes_its_draft(cast: dict[str, Person]) -> None:
    for outsider in ("chugoku_bureau", "cas", "kumamoto", "mlit"):
        with pytest.raises(Refused, match="経済産業局"):
            services.do_save_block_draft(cast[outsider], draft_document("kyushu"))
    assert BlockDraft.objects.count() == 0 and trail() == (0, 0)
    draft = services.do_save_block_draft(cast["kyushu_bureau"], draft_document("kyushu"), "作成")
    assert (draft.public_id, draft.state, draft.block) == ("BD-kyushu-1", "drafting", "kyushu")
    assert trail() == (1, 1)


def test_a_draft_is_private_until_published_then_public(cast: dict[str, Person]) -> None:
    draft = services.do_save_block_draft(cast["kyushu_bureau"], draft_document("kyushu"))
    for name, sees in (
        ("kyushu_bureau", True),
        ("chugoku_bureau", False),
        ("cas", True),
        ("kumamoto", False),
    ):
        assert services.visible_drafts(cast[name]).filter(pk=draft.pk).exists() is sees, name
    assert not services.visible_drafts(None).exists()
    services.do_publish_block_draft(cast["kyushu_bureau"], draft, now=on(4, 25))
    assert services.visible_drafts(None).filter(pk=draft.pk).exists()
    assert services.visible_drafts(cast["kumamoto"]).filter(pk=draft.pk).exists()


def test_publication_needs_the_committees_meeting_and_no_error(cast: dict[str, Person]) -> None:
    empty = draft_document("kyushu", committee=Committee(name="検討会"), candidates=[])
    draft = services.do_save_block_draft(cast["kyushu_bureau"], empty)
    before = trail()
    with pytest.raises(Refused, match=r"committee\.meetings") as refused:
        services.do_publish_block_draft(cast["kyushu_bureau"], draft, now=on(4, 25))
    assert "candidates" in refused.value.text.ja
    # The meeting must have happened by the day of publication.
    dated = services.do_save_block_draft(
        cast["kyushu_bureau"], draft_document("kyushu"), draft=draft, base_version=draft.version
    )
    with pytest.raises(Refused, match="開催されている"):
        services.do_publish_block_draft(cast["kyushu_bureau"], dated, now=on(3, 1))
    draft.refresh_from_db()
    assert draft.state == "drafting" and trail() == (before[0] + 1, before[1] + 1)
    with pytest.raises(Refused, match="経済産業局"):
        services.do_publish_block_draft(cast["cas"], draft, now=on(4, 25))
    services.do_publish_block_draft(cast["kyushu_bureau"], draft, now=on(4, 25))
    with pytest.raises(Refused, match="公表した素案は変更できません"):
        services.do_save_block_draft(
            cast["kyushu_bureau"], draft_document("kyushu"), draft=draft, base_version=draft.version + 1
        )


def test_block_draft_checks_read_001() -> None:
    findings = check_block_draft(draft_document("chugoku"))
    # 今治市・上島町 (愛媛県) lie outside the 中国 block: a warning (an enclave the rationale explains), not an error.
    assert [f.path for f in findings if not f.error] == ["candidates[0].areas[2]", "candidates[0].areas[3]"]
    assert not [f for f in findings if f.error]
    bad = draft_document(
        "kyushu",
        committee=Committee(members=[], meetings=[]),
        candidates=[CandidateCluster(id="x", strategic_field="semiconductor", areas=["999999"])],
    )
    found = {(f.path, f.error) for f in check_block_draft(bad)}
    assert ("committee.members", False) in found  # 産業界・地方公共団体・教育界 missing: warnings
    assert {
        ("committee.meetings", True),
        ("candidates[0].strategic_field", True),
        ("candidates[0].areas[0]", True),
    } <= found


# ------------------------------------------------------------------ proposals (001 A(4)②)


def test_a_joint_proposal_of_two_prefectures(cast: dict[str, Person], drafts: dict[str, BlockDraft]) -> None:
    proposal = services.do_save_proposal(cast["hiroshima"], proposal_document("setouchi-shipbuilding"))
    assert proposal.public_id == "PP-34-0001"
    assert sorted(o.code for o in proposal.prefectures.all()) == ["340006", "380008"]
    # Either proposing prefecture may edit it; the other prefecture of the block may not even see it.
    services.do_save_proposal(
        cast["ehime"],
        proposal_document("setouchi-shipbuilding", title="修正"),
        proposal=proposal,
        base_version=proposal.version,
    )
    assert not services.visible_proposals(cast["fukuoka"]).filter(pk=proposal.pk).exists()
    assert not services.visible_proposals(cast["cas"]).filter(pk=proposal.pk).exists()  # not submitted yet
    findings = services.proposal_findings(proposal_document("setouchi-shipbuilding"))
    assert not [f for f in findings if f.severity.value == "error"]


def test_proposals_come_from_prefectures_and_answer_a_published_draft(
    cast: dict[str, Person], drafts: dict[str, BlockDraft]
) -> None:
    with pytest.raises(Refused, match="都道府県ではありません"):
        services.do_save_proposal(
            cast["kumamoto_city"],
            proposal_document("kumamoto-semiconductor", authors=[Author(code="431001", lead=True)]),
        )
    with pytest.raises(Refused, match="提案する都道府県の担当者"):
        services.do_save_proposal(cast["fukuoka"], proposal_document("kumamoto-semiconductor"))
    with pytest.raises(Refused, match="公表されていません"):
        services.do_save_proposal(
            cast["kumamoto"], proposal_document("kumamoto-semiconductor", block_draft="BD-kanto-9")
        )
    assert ProjectProposal.objects.count() == 0 and trail() == (2, 4)  # the drafts' own


def test_proposal_rules(cast: dict[str, Person], drafts: dict[str, BlockDraft]) -> None:
    def rules(**changes: object) -> set[tuple[str, str]]:
        document = proposal_document("setouchi-shipbuilding", **changes)
        return {
            (f.rule, f.path)
            for f in services.proposal_findings(document)
            if f.severity.value in ("error", "warning")
        }

    assert rules() == set()
    assert ("A-PROPOSAL-CANDIDATE", "candidate") in rules(candidate="kumamoto-north")
    assert ("A-PROPOSAL-CANDIDATE", "strategic_field") in rules(strategic_field="ai_semiconductor")
    assert ("A-PROPOSAL-CANDIDATE", "block_draft") in rules(block_draft="BD-chugoku-9")
    assert ("A-PROPOSAL-PREFECTURES", "joint_reason") in rules(joint_reason=None)
    # The plan rules marked for proposals run on them, at the same paths.
    document = proposal_document("setouchi-shipbuilding")
    projects = [document.core_projects[0].model_copy(update={"adopted_support": []})]
    assert ("A-FEASIBILITY", "core_projects[0].adopted_support") in rules(core_projects=projects)
    assert ("A-DRAFT", "draft_alignment") in rules(draft_alignment=None)


def test_submission_and_decisions(cast: dict[str, Person], drafts: dict[str, BlockDraft]) -> None:
    broken = proposal_document("kumamoto-semiconductor", draft_alignment=None)
    proposal = services.do_save_proposal(cast["kumamoto"], broken)
    with pytest.raises(Refused, match="A-DRAFT"):
        services.do_submit_proposal(cast["kumamoto"], proposal)
    proposal.refresh_from_db()
    assert proposal.state == "drafting"
    proposal = services.do_save_proposal(
        cast["kumamoto"],
        proposal_document("kumamoto-semiconductor"),
        proposal=proposal,
        base_version=proposal.version,
    )
    services.do_submit_proposal(cast["kumamoto"], proposal)
    # Now 内閣官房・経済産業省 and the block's bureau see it; another prefecture still does not.
    for name, sees in (
        ("cas", True),
        ("meti", True),
        ("kyushu_bureau", True),
        ("chugoku_bureau", False),
        ("fukuoka", False),
    ):
        assert services.visible_proposals(cast[name]).filter(pk=proposal.pk).exists() is sees, name
    for outsider in ("maff", "kyushu_bureau", "kumamoto"):
        with pytest.raises(Refused, match="内閣官房・経済産業省"):
            services.do_decide_proposal(cast[outsider], proposal, "accept", "理由")
    with pytest.raises(Refused, match="理由"):
        services.do_decide_proposal(cast["meti"], proposal, "decline", " ")
    services.do_decide_proposal(cast["meti"], proposal, "request_changes", "投資時期の根拠を補足してください")
    proposal.refresh_from_db()
    assert proposal.state == "changes_requested" and proposal.editable
    services.do_submit_proposal(cast["kumamoto"], proposal)
    services.do_decide_proposal(cast["cas"], proposal, "accept", "整合する")
    assert (
        services.visible_proposals(cast["fukuoka"]).filter(pk=proposal.pk).exists()
    )  # accepted: known to all
    kinds = list(proposal.events.values_list("kind", flat=True))
    assert kinds == ["create", "edit", "submit", "request_changes", "submit", "accept"]


# ------------------------------------------------------------------ formulation and publication


def test_type_a_is_not_authored_by_a_prefecture(cast: dict[str, Person]) -> None:
    path = EXAMPLES / "plans" / "a-kumamoto-semiconductor.yaml"
    from chiiki_mirai.web.demo import make_person
    from chiiki_mirai.workflow.states import Role

    author = make_person("kumamoto-author", "430005", Role.AUTHOR)
    with pytest.raises(Refused, match="001 第3章第1節 A\\(4\\)②"):
        workflow.do_create_plan(author, read_plan_text(path.name, path.read_text(encoding="utf-8")))


def test_the_secretariat_formulates_and_publishes(
    cast: dict[str, Person], drafts: dict[str, BlockDraft], accepted: dict[str, ProjectProposal]
) -> None:
    setouchi = accepted["setouchi-shipbuilding"]
    with pytest.raises(Refused, match="内閣官房・経済産業省"):
        services.do_formulate_plan(cast["maff"], drafts["chugoku"], "setouchi-shipbuilding", [setouchi])
    with pytest.raises(Refused, match="使えない提案: PP-43-0001"):
        services.do_formulate_plan(
            cast["cas"], drafts["chugoku"], "setouchi-shipbuilding", [accepted["kumamoto-semiconductor"]]
        )
    composed = services.do_formulate_plan(cast["cas"], drafts["chugoku"], "setouchi-shipbuilding", [setouchi])
    assert composed.state_enum is PlanState.FORMULATING and composed.plan_type == "A"
    assert sorted(a.code for a in composed.authors.all()) == ["340006", "380008"]  # the proposing prefectures
    text = composed.current_revision().document
    assert text["formulation"] == {
        "bodies": ["N-CAS", "N-METI"],
        "block_draft": "BD-chugoku-1",
        "candidate": "setouchi-shipbuilding",
        "proposals": ["PP-34-0001"],
    }
    assert len(text["core_projects"]) == 2 and text["strategic_field"] == "shipbuilding"
    with pytest.raises(Refused, match="使えない提案"):  # a proposal feeds one plan
        services.do_formulate_plan(cast["cas"], drafts["chugoku"], "setouchi-shipbuilding", [setouchi])
    path = EXAMPLES / "plans" / "a-setouchi-shipbuilding.yaml"
    sample = read_plan_text(path.name, path.read_text(encoding="utf-8"))
    # The proposing prefectures do not write the plan; the formulators do, and cannot rewrite where it came from.
    with pytest.raises(Refused):
        workflow.do_save_revision(cast["hiroshima"], composed, sample, composed.version)
    assert sample.formulation is not None
    moved = sample.model_copy(
        update={"formulation": sample.formulation.model_copy(update={"candidate": "other"})}
    )
    with pytest.raises(Refused, match="策定の経緯"):
        workflow.do_save_revision(cast["cas"], composed, moved, composed.version)
    workflow.do_save_revision(cast["cas"], composed, sample, composed.version, "本文")
    composed.refresh_from_db()
    # No head's announcement: the only step is publication, refused while review findings are unjudged.
    assert actions_for(cast["cas"], composed) == [Action.PUBLISH_FORMULATED]
    assert actions_for(cast["hiroshima"], composed) == []
    with pytest.raises(Refused, match="判断のない要審査"):
        workflow.do_transition(cast["cas"], composed, Action.PUBLISH_FORMULATED)
    for finding in revision_findings(composed.current_revision(), access=PLATFORM):
        if finding.severity.value == "review":
            workflow.do_judge(
                cast["meti"], composed, finding.rule, finding.path, Judgement.Verdict.MET, "確認"
            )
    published = workflow.do_transition(cast["cas"], composed, Action.PUBLISH_FORMULATED, now=on(9, 30))
    assert published.state_enum is PlanState.PUBLISHED and published.published_at == on(9, 30)
    assert "announcement" not in published.current_revision().document
    # The open data names who formulated it, beside the proposing prefectures.
    from django.test import Client

    row = next(
        line
        for line in Client().get("/open-data/plans.csv").content.decode("utf-8-sig").splitlines()
        if "A-34-0001" in line
    )
    assert "広島県・愛媛県" in row and "内閣官房 地域未来戦略本部事務局・経済産業省" in row


def test_formulation_is_seen_by_the_nation_and_its_prefectures(
    cast: dict[str, Person], drafts: dict[str, BlockDraft], accepted: dict[str, ProjectProposal]
) -> None:
    from chiiki_mirai.workflow.access import can_edit, can_view

    plan = formulate_sample(cast, drafts, "kumamoto-semiconductor", accepted["kumamoto-semiconductor"])
    assert can_view(cast["kumamoto"], plan) and can_view(cast["maff"], plan)
    assert not can_view(cast["fukuoka"], plan) and not can_view(None, plan)
    assert can_edit(cast["cas"], plan) and can_edit(cast["meti"], plan)
    assert not can_edit(cast["kumamoto"], plan) and not can_edit(cast["maff"], plan)


def test_a_formulated_plans_authors_are_its_proposing_prefectures(
    cast: dict[str, Person], drafts: dict[str, BlockDraft], accepted: dict[str, ProjectProposal]
) -> None:
    """001 A(4)②: the authors follow the accepted proposals — the formulators cannot drop a proposing prefecture or
    add one that did not propose (nothing is saved)."""
    composed = services.do_formulate_plan(
        cast["cas"], drafts["chugoku"], "setouchi-shipbuilding", [accepted["setouchi-shipbuilding"]]
    )
    path = EXAMPLES / "plans" / "a-setouchi-shipbuilding.yaml"
    sample = read_plan_text(path.name, path.read_text(encoding="utf-8"))
    alone = sample.model_copy(update={"authors": sample.authors[:1]})
    with pytest.raises(Refused, match="削除 380008"):
        workflow.do_save_revision(cast["cas"], composed, alone, composed.version)
    extra = sample.model_copy(
        update={"authors": [*sample.authors, sample.authors[1].model_copy(update={"code": "430005"})]}
    )
    with pytest.raises(Refused, match="追加 430005"):
        workflow.do_save_revision(cast["cas"], composed, extra, composed.version)
    composed.refresh_from_db()
    assert composed.revisions.count() == 1
    workflow.do_save_revision(cast["cas"], composed, sample, composed.version, "本文")
