"""The people of type A's national process (001 A(4)(5)) and the samples' drafts and proposals, through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.formulation import services
from chiiki_mirai.formulation.document import (
    BLOCK_DRAFT_FORMAT,
    PROPOSAL_FORMAT,
    BlockDraftDocument,
    ProposalDocument,
)
from chiiki_mirai.formulation.models import BlockDraft, ProjectProposal
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.io import load_as, source_from_text
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow.documents import read_plan_text
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import Role
from tests.conftest import EXAMPLES
from tests.web.conftest import PASSWORD

CAST = {
    "kyushu_bureau": ("N-METI-KYS", Role.BUREAU),
    "chugoku_bureau": ("N-METI-CGK", Role.BUREAU),
    "kumamoto": ("430005", Role.COMPILER),
    "hiroshima": ("340006", Role.COMPILER),
    "ehime": ("380008", Role.AUTHOR),
    "fukuoka": ("400009", Role.COMPILER),  # another prefecture of the Kyushu block
    "kumamoto_city": ("431001", Role.AUTHOR),  # a municipality: not a proposing body
    "cas": ("N-CAS", Role.REVIEWER),
    "meti": ("N-METI", Role.REVIEWER),
    "maff": ("N-MAFF", Role.REVIEWER),
    "mlit": ("N-MLIT", Role.MINISTRY_REPORTER),
    "meti_reporter": ("N-METI", Role.MINISTRY_REPORTER),
}


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> dict[str, Person]:
    made = {name: make_person(name, code, role, PASSWORD) for name, (code, role) in CAST.items()}
    for name in made:
        made[name].user.email = f"{name}@example.lg.jp"
        made[name].user.save()
    return made


def draft_document(name: str, **changes: Any) -> BlockDraftDocument:
    path = EXAMPLES / "block-drafts" / f"{name}.yaml"
    document = load_as(
        source_from_text(path.name, path.read_text(encoding="utf-8")), BlockDraftDocument, BLOCK_DRAFT_FORMAT
    )
    return document.model_copy(update=changes)


def proposal_document(name: str, **changes: Any) -> ProposalDocument:
    path = EXAMPLES / "proposals" / f"{name}.yaml"
    document = load_as(
        source_from_text(path.name, path.read_text(encoding="utf-8")), ProposalDocument, PROPOSAL_FORMAT
    )
    return document.model_copy(update=changes)


def on(month: int, day: int, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def drafts(cast: dict[str, Person]) -> dict[str, BlockDraft]:
    """Both sample drafts, published by their bureaus."""
    made = {}
    for name, bureau in (("kyushu", "kyushu_bureau"), ("chugoku", "chugoku_bureau")):
        draft = services.do_save_block_draft(cast[bureau], draft_document(name), "作成")
        made[name] = services.do_publish_block_draft(cast[bureau], draft, now=on(4, 25))
    return made


@pytest.fixture
def accepted(cast: dict[str, Person], drafts: dict[str, BlockDraft]) -> dict[str, ProjectProposal]:
    """熊本県's proposal and 広島県・愛媛県's joint proposal, submitted and accepted by 内閣官房."""
    made = {}
    for name, proposer in (("kumamoto-semiconductor", "kumamoto"), ("setouchi-shipbuilding", "hiroshima")):
        proposal = services.do_save_proposal(cast[proposer], proposal_document(name), "提案")
        services.do_submit_proposal(cast[proposer], proposal)
        made[name] = services.do_decide_proposal(cast["cas"], proposal, "accept", "整合するため採択")
    return made


def formulate_sample(
    cast: dict[str, Person], drafts: dict[str, BlockDraft], name: str, proposal: ProjectProposal
) -> Plan:
    """The secretariat composes the plan, writes the sample's text (KGIs, KPIs, 5W1H) into it."""
    from chiiki_mirai.workflow import services as workflow

    path = EXAMPLES / "plans" / f"a-{name}.yaml"
    document = read_plan_text(path.name, path.read_text(encoding="utf-8"))
    assert document.formulation is not None
    draft = BlockDraft.objects.get(public_id=document.formulation.block_draft)
    plan = services.do_formulate_plan(cast["cas"], draft, document.formulation.candidate or "", [proposal])
    workflow.do_save_revision(cast["cas"], plan, document, plan.version, "本文を記載")
    plan.refresh_from_db()
    return plan


@pytest.fixture
def published_a(
    cast: dict[str, Person], drafts: dict[str, BlockDraft], accepted: dict[str, ProjectProposal]
) -> dict[str, Plan]:
    """Both sample type A plans formulated and published (the secretariat judged their review findings)."""
    from chiiki_mirai.workflow import services as workflow
    from chiiki_mirai.workflow.documents import revision_findings
    from chiiki_mirai.workflow.models import Judgement
    from chiiki_mirai.workflow.states import Action

    made = {}
    for name in ("kumamoto-semiconductor", "setouchi-shipbuilding"):
        plan = formulate_sample(cast, drafts, name, accepted[name])
        for finding in revision_findings(plan.current_revision(), access=PLATFORM):
            if finding.severity.value == "review":
                workflow.do_judge(
                    cast["cas"], plan, finding.rule, finding.path, Judgement.Verdict.MET, "確認"
                )
        made[name] = workflow.do_transition(cast["cas"], plan, Action.PUBLISH_FORMULATED, now=on(9, 30))
    return made
