"""Block drafts and proposals written in forms, without YAML: every field by its path, read back losslessly."""

from __future__ import annotations

import pytest

from chiiki_mirai.formulation import services
from chiiki_mirai.formulation.document import ProposalDocument
from chiiki_mirai.formulation.models import BlockDraft, ProjectProposal
from chiiki_mirai.organisations.models import Person
from tests.formulation.conftest import draft_document, on
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db

PROJECT = {
    "core_projects[0].description": "大型ドックの新設",
    "core_projects[0].ministry": "国土交通省",
    "core_projects[0].department": "海事局 船舶産業課",
    "core_projects[0].company": "芸予造船株式会社（架空）",
    "core_projects[0].total_investment": "1,500億円",
    "core_projects[0].investment_fy": "2027",
    "core_projects[0].operation_fy": "令和11年度",
    "core_projects[0].adopted_support": "造船業再生補助（採択済み・架空）",
}


def test_a_joint_proposal_written_in_the_form(cast: dict[str, Person]) -> None:
    draft = services.do_save_block_draft(cast["chugoku_bureau"], draft_document("chugoku"))
    services.do_publish_block_draft(cast["chugoku_bureau"], draft, now=on(4, 25))
    client = signed_in(cast["hiroshima"])
    url = "/formulation/proposals/new/?draft=BD-chugoku-1&candidate=setouchi-shipbuilding"
    page = client.get(url).content.decode()
    # Started from the candidate: the proposer, the field and the area are there already.
    # Places by name (issue 22 §1): 広島県 proposes for 愛媛県今治市's area; the codes are what is stored.
    assert 'value="広島県"' in page and "setouchi-shipbuilding" in page and "愛媛県今治市" in page
    form = {
        "base_version": "0",
        "title": "瀬戸内造船 候補プロジェクト提案",
        "authors.__rows": "1",
        "authors[0].code": "340006",
        "authors[0].lead": "true",
        "authors[1].code": "380008",
        "strategic_field": "shipbuilding",
        "area.core_areas": "342050\n382027",
        "roadmap_alignment": "建造能力の回復に対応する",
        "draft_alignment": "素案の候補「瀬戸内造船クラスター」",
        "international_advantage": "国内最大の造船集積",
        "core_projects.__rows": "0",
        **PROJECT,
    }
    # A value that does not read is refused where it stands, and shown back as typed; nothing is saved.
    refused = client.post(url, form | {"core_projects[0].investment_fy": "来年"})
    assert refused.status_code == 422 and ProjectProposal.objects.count() == 0
    assert 'value="来年"' in refused.content.decode()
    saved = client.post(url, form)
    proposal = ProjectProposal.objects.get()
    assert saved["Location"] == f"/formulation/proposals/{proposal.public_id}/"
    document = proposal.document
    assert (document["block_draft"], document["candidate"]) == ("BD-chugoku-1", "setouchi-shipbuilding")
    assert [a["code"] for a in document["authors"]] == ["340006", "380008"]
    assert document["core_projects"][0]["total_investment"] == 150000  # 1,500億円 in 百万円
    assert document["core_projects"][0]["operation_fy"] == 2029
    # A joint proposal without its reason: saved, and the automatic check says what is missing.
    findings = {
        (f.rule, f.path) for f in services.proposal_findings(ProposalDocument.model_validate(document))
    }
    assert ("A-PROPOSAL-PREFECTURES", "joint_reason") in findings
    edited = client.post(
        f"/formulation/proposals/{proposal.public_id}/form/",
        form
        | {
            "base_version": str(proposal.version),
            "joint_reason": "建造工程が両県にまたがるため",
            "core_projects.__rows": "1",
        },
    )
    assert edited.status_code == 302
    proposal.refresh_from_db()
    assert proposal.document["joint_reason"] == "建造工程が両県にまたがるため"
    services.do_submit_proposal(cast["hiroshima"], proposal)  # no error left
    assert (
        signed_in(cast["fukuoka"]).get(f"/formulation/proposals/{proposal.public_id}/form/").status_code
        == 404
    )


def test_a_block_draft_written_in_the_form(cast: dict[str, Person]) -> None:
    client = signed_in(cast["kyushu_bureau"])
    form = {
        "base_version": "0",
        "title": "九州地方ブロック 素案",
        "committee.name": "九州地方ブロック 有識者検討会",
        "committee.members.__rows": "0",
        "committee.members[0].name": "九州 一郎",
        "committee.members[0].sector": "industry",
        "committee.meetings.__rows": "0",
        "committee.meetings[0].date": "2026/4/20",
        "candidates.__rows": "0",
        "candidates[0].id": "kumamoto-north",
        "candidates[0].name": "熊本県北部半導体クラスター",
        "candidates[0].strategic_field": "ai_semiconductor",
        "candidates[0].areas": "434043\n431001",
    }
    assert client.post("/formulation/drafts/new/", form).status_code == 302
    draft = BlockDraft.objects.get()
    assert draft.document["block"] == "kyushu"  # the bureau's own block, not a form field
    assert draft.document["committee"]["meetings"] == [{"date": "2026-04-20"}]
    assert draft.document["candidates"][0]["areas"] == ["434043", "431001"]
    assert (
        signed_in(cast["chugoku_bureau"]).get(f"/formulation/drafts/{draft.public_id}/form/").status_code
        == 404
    )
    assert signed_in(cast["kumamoto"]).get("/formulation/drafts/new/").status_code == 403
