"""The demo: the sample plans and one account per role, so a new user sees the whole journey at once.

Five samples go through the real workflow to publication (so the portal has content and every step is in
their audit trails); Kitakyushu's B plan stays a draft of the demo author, for the author → compiler → reviewer
journey (a designated city's plan is submitted through 福岡県, P-AGGREGATE). The two type A samples go the national
way of 001 A(4): their bureaus publish the block drafts (examples/block-drafts), the prefectures propose
(examples/proposals; 瀬戸内 jointly), the secretariat accepts, formulates the plans and publishes them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.formulation import services as formulation
from chiiki_mirai.formulation.document import (
    BLOCK_DRAFT_FORMAT,
    PROPOSAL_FORMAT,
    BlockDraftDocument,
    ProposalDocument,
)
from chiiki_mirai.formulation.models import BlockDraft, ProjectProposal
from chiiki_mirai.monitoring import requests as report_requests
from chiiki_mirai.monitoring.services import period_due, previous_period
from chiiki_mirai.organisations.models import Organisation, Person
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.io import load_as, source_from_text
from chiiki_mirai.reference.national import block
from chiiki_mirai.web.demo_network import load_demo_reference_list
from chiiki_mirai.workflow import coauthors, services
from chiiki_mirai.workflow.documents import read_plan_text, revision_findings
from chiiki_mirai.workflow.models import Judgement, Plan
from chiiki_mirai.workflow.states import Action, Role

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "plans"
BLOCK_DRAFTS = EXAMPLES.parent / "block-drafts"
PROPOSALS = EXAMPLES.parent / "proposals"
DEMO_DRAFT = "b-kitakyushu-robotics.yaml"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    organisation: str
    role: Role


DEMO_ACCOUNTS = (
    DemoAccount("author", "401005", Role.AUTHOR),  # 北九州市
    DemoAccount("compiler", "400009", Role.COMPILER),  # 福岡県
    DemoAccount("reviewer", "N-CAS", Role.REVIEWER),  # 内閣官房 地域未来戦略本部事務局
    DemoAccount("reporter", "N-METI", Role.MINISTRY_REPORTER),  # 経済産業省
    DemoAccount("meti", "N-METI", Role.REVIEWER),  # 経済産業省の審査担当（証憑の確認）
    DemoAccount("bureau", "N-METI-KYS", Role.BUREAU),  # 九州経済産業局（九州地方ブロックの素案）
    DemoAccount("mlit", "N-MLIT", Role.MINISTRY_REPORTER),  # 国土交通省（A計画の施策の進捗報告）
    DemoAccount("admin", "N-CAS", Role.ADMINISTRATOR),
)


def make_person(username: str, organisation_code: str, role: Role, password: str | None = None) -> Person:
    user = User.objects.create_user(username, password=password)
    if role is Role.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save()
    return Person.objects.create(
        user=user, organisation=Organisation.objects.get(code=organisation_code), role=role
    )


def _author_for(code: str) -> Person:
    """A hidden account of the sample's organisation (no password: it cannot sign in)."""
    existing = Person.objects.filter(
        organisation__code=code, role=Role.AUTHOR, user__username=f"sample-{code}"
    ).first()
    return existing or make_person(f"sample-{code}", code, Role.AUTHOR)


def publish_through_workflow(
    plan: Plan, author: Person, reviewer: Person, compiler: Person | None, hand_over_only: bool = False
) -> None:
    """Every step of the process, as the people who take them, on a plausible 2026 timeline (the audit trail
    shows the real sequence; the announcement follows the pre-check's confirmation, as 002 ⑤ orders).
    ``hand_over_only``: stop once the plan is with its prefecture (the compiler's to-do in the demo)."""
    plan = services.do_transition(author, plan, Action.REQUEST_PRECHECK, now=_on(7, 1))
    plan = services.do_transition(reviewer, plan, Action.START_PRECHECK, now=_on(7, 2))
    revision = plan.current_revision()
    for finding in revision_findings(revision, access=PLATFORM):
        if finding.severity.value == "review":
            services.do_judge(
                reviewer, plan, finding.rule, finding.path, Judgement.Verdict.MET, "記載を確認しました。"
            )
    plan = services.do_transition(reviewer, plan, Action.CONFIRM_PRECHECK, now=_on(7, 31))
    plan = services.do_transition(author, plan, Action.BEGIN_COORDINATION, now=_on(8, 1))
    head = plan.current_revision().document.get("announcement", {}).get("by") or "首長"
    announcement = services.Announcement(
        head,
        dt.date(2026, 8, 20),
        support_policy="計画推進の核となる企業に、担当部署と地域金融機関が連携して計画期間中の伴走支援を行う体制を構築する"
        if plan.plan_type == "B"
        else "",
        consultation_desk="策定主体の産業振興担当課に、地場企業向けの相談窓口を設置する"
        if plan.plan_type == "C"
        else "",
    )
    plan = services.do_transition(
        author, plan, Action.RECORD_ANNOUNCEMENT, announcement=announcement, now=_on(8, 20)
    )
    if compiler is not None:
        plan = services.do_transition(author, plan, Action.HAND_TO_PREFECTURE, now=_on(8, 24))
        if hand_over_only:
            return
        plan = services.do_transition(compiler, plan, Action.SUBMIT, now=_on(8, 28))
    else:
        plan = services.do_transition(author, plan, Action.SUBMIT, now=_on(8, 28))
    plan = services.do_transition(reviewer, plan, Action.START_REQUIREMENTS_CHECK, now=_on(9, 1))
    plan = services.do_transition(
        reviewer,
        plan,
        Action.PUBLISH,
        comment="デモ: 弾を待たずに個別に公表（理由の記録の例）",
        now=_on(9, 30),
    )


def _hidden(username: str, code: str, role: Role) -> Person:
    existing = Person.objects.filter(user__username=username).first()
    return existing or make_person(username, code, role)


def _formulation_samples(people: dict[str, Person]) -> None:
    """Block drafts published by their bureaus, proposals by their prefectures, accepted by the secretariat."""
    for path in sorted(BLOCK_DRAFTS.glob("*.yaml")):
        document = load_as(
            source_from_text(path.name, path.read_text(encoding="utf-8")),
            BlockDraftDocument,
            BLOCK_DRAFT_FORMAT,
        )
        found = block(document.block)
        assert found is not None
        bureau = (
            people["bureau"]
            if people["bureau"].organisation.code == found.bureau
            else _hidden(f"sample-{found.bureau}", found.bureau, Role.BUREAU)
        )
        draft = formulation.do_save_block_draft(bureau, document, "検討会の資料から作成")
        formulation.do_publish_block_draft(bureau, draft, now=_on(4, 25))
    for path in sorted(PROPOSALS.glob("*.yaml")):
        proposal_document = load_as(
            source_from_text(path.name, path.read_text(encoding="utf-8")), ProposalDocument, PROPOSAL_FORMAT
        )
        lead = next((a.code for a in proposal_document.authors if a.lead), proposal_document.authors[0].code)
        compiler = _hidden(f"sample-compiler-{lead}", lead, Role.COMPILER)
        proposal = formulation.do_save_proposal(compiler, proposal_document, "県の提案")
        formulation.do_submit_proposal(compiler, proposal, now=_on(5, 20))
        formulation.do_decide_proposal(
            people["reviewer"],
            proposal,
            "accept",
            "官民投資ロードマップと計画の素案の両方に整合するため採択",
            now=_on(6, 10),
        )


def _formulate_sample(document: PlanDocument, reviewer: Person) -> None:
    """The secretariat formulates the plan from its draft and proposals, writes the sample's text, judges the review
    findings and publishes it (no head's announcement for type A)."""
    assert document.formulation is not None
    draft = BlockDraft.objects.get(public_id=document.formulation.block_draft)
    proposals = list(ProjectProposal.objects.filter(public_id__in=document.formulation.proposals))
    plan = formulation.do_formulate_plan(reviewer, draft, document.formulation.candidate or "", proposals)
    services.do_save_revision(reviewer, plan, document, plan.version, "記載例の本文（KGI・KPI・5W1H）を記載")
    for finding in revision_findings(plan.current_revision(), access=PLATFORM):
        if finding.severity.value == "review":
            services.do_judge(
                reviewer, plan, finding.rule, finding.path, Judgement.Verdict.MET, "記載を確認しました。"
            )
    services.do_transition(reviewer, plan, Action.PUBLISH_FORMULATED, now=_on(9, 30))


def _on(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 1, 0, tzinfo=dt.UTC)


@transaction.atomic
def load_demo() -> dict[str, str] | None:
    """Load the demo once; return the new accounts' passwords (None when it was already loaded)."""
    if User.objects.filter(username="reviewer").exists():
        return None
    passwords = {a.username: secrets.token_urlsafe(12) for a in DEMO_ACCOUNTS}
    people = {
        a.username: make_person(a.username, a.organisation, a.role, passwords[a.username])
        for a in DEMO_ACCOUNTS
    }
    samples = sorted(EXAMPLES.glob("*.yaml"))
    # The reference list first, so every sample is checked and marked against it as a real plan is.
    load_demo_reference_list(read_plan_text(p.name, p.read_text(encoding="utf-8")) for p in samples)
    _formulation_samples(people)
    for path in samples:
        document = read_plan_text(path.name, path.read_text(encoding="utf-8"))
        lead = next((a.code for a in document.authors if a.lead), document.authors[0].code)
        if document.plan_type.value == "A":
            _formulate_sample(document, people["reviewer"])
            continue
        if path.name == DEMO_DRAFT:
            services.do_create_plan(people["author"], document, "記載例から作成")
            continue
        author = _author_for(lead)
        plan = services.do_create_plan(author, document, "記載例から作成")
        for invitation in plan.author_invitations.select_related(
            "organisation"
        ):  # joint plans: co-authors agree
            coauthors.do_answer(_author_for(invitation.organisation.code), invitation, accept=True)
        organisation = author.organisation
        compiler = None
        if not organisation.is_prefecture:
            prefecture = Organisation.objects.get(
                kind="prefecture", prefecture_code=organisation.prefecture_code
            )
            compiler = Person.objects.filter(
                organisation=prefecture, role=Role.COMPILER
            ).first() or make_person(f"sample-compiler-{prefecture.code}", prefecture.code, Role.COMPILER)
        publish_through_workflow(plan, author, people["reviewer"], compiler)
    _something_for_every_role(people)
    return passwords


#: A second 北九州市 plan, handed to 福岡県: the demo compiler's to-do (issue 22 §6).
HANDED_OVER_TITLE = "北九州 次世代モビリティ部品 産業クラスター計画（デモ: 県の取りまとめ待ち）"


def _something_for_every_role(people: dict[str, Person]) -> None:
    """Every demo account finds something to do (issue 22 §6): the author a draft (above), the compiler a plan handed
    over, the ministry reporters an open report request for the last half-year that has ended."""
    document = read_plan_text(DEMO_DRAFT, (EXAMPLES / DEMO_DRAFT).read_text(encoding="utf-8"))
    author = _author_for("401005")
    handed = services.do_create_plan(
        author, document.model_copy(update={"title": HANDED_OVER_TITLE}), "記載例から作成"
    )
    publish_through_workflow(handed, author, people["reviewer"], people["compiler"], hand_over_only=True)
    period = previous_period(timezone.localdate())
    report_requests.do_send_report_requests(people["reviewer"], period, period_due(period))
