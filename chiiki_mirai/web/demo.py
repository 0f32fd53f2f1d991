"""The demo: the sample plans and one account per role, so a new user sees the whole journey at once.

Five samples go through the real workflow to publication (so the portal has content and every step is in
their audit trails); Kitakyushu's B plan stays a draft of the demo author, for the author → compiler → reviewer
journey (a designated city's plan is submitted through 福岡県, P-AGGREGATE).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from chiiki_mirai.organisations.models import Organisation, Person
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import read_plan_text, revision_findings
from chiiki_mirai.workflow.models import Judgement, Plan
from chiiki_mirai.workflow.states import Action, Role

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "plans"
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


def publish_through_workflow(plan: Plan, author: Person, reviewer: Person, compiler: Person | None) -> None:
    """Every step of the process, as the people who take them, on a plausible 2026 timeline (the audit trail
    shows the real sequence; the announcement follows the pre-check's confirmation, as 002 ⑤ orders)."""
    plan = services.do_transition(author, plan, Action.REQUEST_PRECHECK, now=_on(7, 1))
    plan = services.do_transition(reviewer, plan, Action.START_PRECHECK, now=_on(7, 2))
    revision = plan.current_revision()
    for finding in revision_findings(revision):
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
        plan = services.do_transition(compiler, plan, Action.SUBMIT, now=_on(8, 28))
    else:
        plan = services.do_transition(author, plan, Action.SUBMIT, now=_on(8, 28))
    plan = services.do_transition(reviewer, plan, Action.START_REQUIREMENTS_CHECK, now=_on(9, 1))
    plan = services.do_transition(reviewer, plan, Action.PUBLISH, now=_on(9, 30))


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
    for path in sorted(EXAMPLES.glob("*.yaml")):
        document = read_plan_text(path.name, path.read_text(encoding="utf-8"))
        lead = next((a.code for a in document.authors if a.lead), document.authors[0].code)
        if path.name == DEMO_DRAFT:
            services.do_create_plan(people["author"], document, "記載例から作成")
            continue
        author = _author_for(lead)
        plan = services.do_create_plan(author, document, "記載例から作成")
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
    return passwords
