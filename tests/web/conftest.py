"""People of every role, a plan, and a way to move it along the workflow — for tests that use the database."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from chiiki_mirai.analytics.models import ReferenceEdition
from chiiki_mirai.analytics.network.degrees import run_duckdb
from chiiki_mirai.analytics.reference import PLATFORM
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import findings_of, read_plan_text, revived
from chiiki_mirai.workflow.models import Judgement, Plan
from chiiki_mirai.workflow.states import Action, PlanState, Role
from tests.conftest import EXAMPLES

PASSWORD = "correct-horse-battery-staple"
KITAKYUSHU_PLAN = EXAMPLES / "plans" / "b-kitakyushu-robotics.yaml"


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db: None, fast_passwords: None) -> dict[str, Person]:
    """Every role, with people inside and outside the plan's organisation and prefecture."""
    specs = {
        "author": ("401005", Role.AUTHOR),  # 北九州市: the plan's author
        "other_author": ("430005", Role.AUTHOR),  # 熊本県: another organisation
        "same_prefecture_author": ("401307", Role.AUTHOR),  # 福岡市: same prefecture, other organisation
        "compiler": ("400009", Role.COMPILER),  # 福岡県: compiles Kitakyushu's plans
        "other_compiler": ("430005", Role.COMPILER),  # 熊本県
        "reviewer": ("N-CAS", Role.REVIEWER),
        "reporter": ("N-METI", Role.MINISTRY_REPORTER),
        "admin": ("N-CAS", Role.ADMINISTRATOR),
    }
    return {name: make_person(name, code, role, PASSWORD) for name, (code, role) in specs.items()}


def plan_text(**replace: str) -> str:
    text = KITAKYUSHU_PLAN.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.fixture
def draft(people: dict[str, Person]) -> Plan:
    return services.do_create_plan(people["author"], read_plan_text("plan.yaml", plan_text()), "作成")


def judge_all_met(reviewer: Person, plan: Plan) -> None:
    for finding in findings_of(revived(plan.current_revision().document), access=PLATFORM):
        if finding.severity.value == "review":
            services.do_judge(reviewer, plan, finding.rule, finding.path, Judgement.Verdict.MET, "確認")


STEPS: list[tuple[PlanState, Action, str]] = [
    (PlanState.PRECHECK_REQUESTED, Action.REQUEST_PRECHECK, "author"),
    (PlanState.IN_PRECHECK, Action.START_PRECHECK, "reviewer"),
    (PlanState.PRECHECKED, Action.CONFIRM_PRECHECK, "reviewer"),
    (PlanState.COORDINATING, Action.BEGIN_COORDINATION, "author"),
    (PlanState.ANNOUNCED, Action.RECORD_ANNOUNCEMENT, "author"),
    (PlanState.WITH_PREFECTURE, Action.HAND_TO_PREFECTURE, "author"),
    (PlanState.SUBMITTED, Action.SUBMIT, "compiler"),
    (PlanState.REQUIREMENTS_CHECK, Action.START_REQUIREMENTS_CHECK, "reviewer"),
    (PlanState.PUBLISHED, Action.PUBLISH, "reviewer"),
]


def announcement_for(plan: Plan, day: dt.date) -> services.Announcement:
    """An announcement with what 002 requires it to include for the plan's type."""
    return services.Announcement(
        "北九州市長",
        day,
        support_policy="核となる企業への伴走支援体制を市と地域金融機関で構築する方針"
        if plan.plan_type == "B"
        else "",
        consultation_desk="市産業振興課に相談窓口を設置" if plan.plan_type == "C" else "",
    )


@pytest.fixture
def advance(people: dict[str, Person]) -> Callable[[Plan, PlanState], Plan]:
    """Move a plan along the real workflow until it reaches ``state``."""

    def to(plan: Plan, state: PlanState) -> Plan:
        for reached, action, who in STEPS:
            if plan.state_enum is state:
                break
            if action is Action.CONFIRM_PRECHECK:
                judge_all_met(people["reviewer"], plan)
            announcing = action is Action.RECORD_ANNOUNCEMENT
            plan = services.do_transition(
                people[who],
                plan,
                action,
                announcement=announcement_for(plan, dt.date(2026, 8, 20)) if announcing else None,
                # A plan of a batch published alone says why (002 ⑥ ※1: a batch is published together).
                comment="先行して個別に公表（テスト）" if action is Action.PUBLISH else "",
                # The pre-check is confirmed on 1 July; the head announces on 20 August and it is recorded then.
                now=dt.datetime(2026, 8, 20, 3, 0, tzinfo=dt.UTC)
                if announcing
                else dt.datetime(2026, 7, 1, 1, 0, tzinfo=dt.UTC),
            )
            assert plan.state_enum is reached
        return plan

    return to


def publish_half_year(secretariat: Person, period: str) -> None:
    """The secretariat publishes ``period``'s results after reporting them to the meeting (001 A(5)④)."""
    from chiiki_mirai.monitoring.results import do_publish_half_year
    from chiiki_mirai.plans.periods import period_end

    meeting = period_end(period) + dt.timedelta(days=30)
    do_publish_half_year(secretariat, period, meeting, today=meeting)


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


LISTED = "3999900002101"  # the plan says listed, and it is: the top connector of 福岡県
CLAIMED = "2999900002102"  # the plan says listed, but it is not
OUTSIDE = "9999900000013"


@pytest.fixture
def edition(tmp_path: Path, db: None) -> ReferenceEdition:
    """Ten firms in 福岡県 and one in 東京都; 3 % of ten active firms rounds up to one listed firm per degree."""
    fukuoka = [LISTED, CLAIMED] + [f"99999000001{i:02d}" for i in range(3, 11)]
    with (tmp_path / "firms.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["firm_id", "name", "location", "employees"])
        for i, firm in enumerate(fukuoka):
            writer.writerow([firm, f"福岡の企業{i + 1}", "401005", 100])
        writer.writerow([OUTSIDE, "東京の企業", "131016", 100])
    with (tmp_path / "links.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["supplier_id", "buyer_id", "amount", "year"])
        writer.writerow([LISTED, OUTSIDE, 1000, 2025])
        writer.writerow([CLAIMED, OUTSIDE, 10, 2025])
        writer.writerow([fukuoka[2], fukuoka[3], 100, 2025])
    out = tmp_path / "result"
    run_duckdb(tmp_path / "firms.csv", tmp_path / "links.csv", out)
    call_command("load_reference_list", str(out), verbosity=0)
    found = ReferenceEdition.objects.get()
    assert (found.year, found.firms, found.listed) == (2025, 11, 2)  # LISTED (connector) and fukuoka[3] (hub)
    return found


def filled(form: bytes, **cells: str | float) -> bytes:
    """The form with cells filled in (``sheet__A1`` keys), as an official would in Excel."""
    book = load_workbook(io.BytesIO(form))
    for key, value in cells.items():
        sheet, cell = key.split("__")
        book[sheet][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
