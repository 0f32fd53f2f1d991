"""The permission matrix: every role (and the anonymous public) × every page and API endpoint × plan stage.

Expected outcomes are written out in full, not derived from the code under test: 200 shown, 403 refused,
404 not even known to exist (another organisation's draft), 302 sent to sign in.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import signed_in

ROLES = [
    "anonymous",
    "author",
    "other_author",
    "same_prefecture_author",
    "compiler",
    "other_compiler",
    "reviewer",
    "reporter",
    "admin",
]

# Who sees the plan's working page, by stage. Drafts stay inside the authoring organisation.
SEES = {
    PlanState.DRAFT: {"author"},
    PlanState.PRECHECK_REQUESTED: {"author", "compiler", "reviewer"},
    PlanState.PUBLISHED: set(ROLES) - {"anonymous"},
}


def _client(name: str, people: dict[str, Person]) -> Client:
    return Client() if name == "anonymous" else signed_in(people[name])


@pytest.fixture(params=list(SEES), ids=lambda s: s.value)
def staged(request: pytest.FixtureRequest, draft: Plan, advance: Callable[[Plan, PlanState], Plan]) -> Plan:
    return advance(draft, request.param)


@pytest.mark.parametrize("role", ROLES)
def test_working_pages(role: str, staged: Plan, people: dict[str, Person]) -> None:
    client = _client(role, people)
    sees = role in SEES[staged.state_enum]
    plan_page = client.get(f"/work/plans/{staged.public_id}/")
    diff_page = client.get(f"/work/plans/{staged.public_id}/diff/")
    edit_page = client.get(f"/work/plans/{staged.public_id}/edit/")
    section_page = client.get(f"/work/plans/{staged.public_id}/sections/4/")
    download = client.get(f"/work/plans/{staged.public_id}/download.xlsx")
    if role == "anonymous":
        assert {r.status_code for r in (plan_page, diff_page, edit_page, section_page, download)} == {302}
        return
    assert plan_page.status_code == diff_page.status_code == download.status_code == (200 if sees else 404)
    may_edit = role == "author" and staged.state_enum is PlanState.DRAFT
    assert edit_page.status_code == section_page.status_code == (200 if may_edit else 403 if sees else 404)


@pytest.mark.parametrize("role", ROLES)
def test_public_pages(role: str, staged: Plan, people: dict[str, Person]) -> None:
    client = _client(role, people)
    published = staged.state_enum is PlanState.PUBLISHED
    for url in (f"/plans/{staged.public_id}/", f"/plans/{staged.public_id}/download.yaml"):
        assert client.get(url).status_code == (200 if published else 404), url
    listed = staged.public_id.encode() in client.get("/open-data/plans.csv").content
    assert listed is published
    assert (staged.title.encode() in client.get("/").content) is published


@pytest.mark.parametrize("role", ROLES)
def test_api_reads(role: str, staged: Plan, people: dict[str, Person]) -> None:
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {issue_token(people[role])}"}
    client = Client(headers=headers)
    sees = role in SEES[staged.state_enum] or staged.state_enum is PlanState.PUBLISHED
    assert client.get(f"/api/plans/{staged.public_id}").status_code == (200 if sees else 404)
    ids = [p["id"] for p in client.get("/api/plans").json()]
    assert (staged.public_id in ids) is sees


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("author", 200),
        ("compiler", 403),
        ("reviewer", 403),
        ("reporter", 403),
        ("admin", 403),
    ],
)
def test_only_authors_create_plans(role: str, status: int, people: dict[str, Person]) -> None:
    assert _client(role, people).get("/work/plans/new/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("author", 403),
        ("compiler", 403),
        ("reviewer", 200),
        ("reporter", 403),
        ("admin", 403),
    ],
)
def test_only_reviewers_have_a_queue(role: str, status: int, people: dict[str, Person]) -> None:
    assert _client(role, people).get("/work/queue/").status_code == status


@pytest.mark.parametrize(
    "role", ["other_author", "same_prefecture_author", "other_compiler", "reporter", "admin", "compiler"]
)
def test_no_one_else_can_act_on_a_draft(role: str, draft: Plan, people: dict[str, Person]) -> None:
    client = _client(role, people)
    response = client.post(f"/work/plans/{draft.public_id}/request_precheck/")
    assert response.status_code == 404  # they cannot know the draft exists
    draft.refresh_from_db()
    assert draft.state_enum is PlanState.DRAFT
    token = issue_token(people[role])
    api = Client(headers={"Authorization": f"Bearer {token}"})
    response = api.post(
        f"/api/plans/{draft.public_id}/transitions",
        {"action": "request_precheck"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_writes_need_a_token(draft: Plan) -> None:
    client = Client()
    assert client.post("/api/plans", {"text": "x"}, content_type="application/json").status_code == 401
    assert (
        client.post(
            f"/api/plans/{draft.public_id}/transitions",
            {"action": "publish"},
            content_type="application/json",
        ).status_code
        == 401
    )
    assert (
        Client(headers={"Authorization": "Bearer cm_wrong"})
        .post("/api/plans", {"text": "x"}, content_type="application/json")
        .status_code
        == 401
    )


# The PDCA pages (issue 4): the roll-up is for national bodies; a prefecture's dashboard for national bodies
# and the organisations in that prefecture (福岡県 = 40); the investment map is public.
PDCA = {
    "/progress/rollup/": {"reviewer": 200, "reporter": 200, "admin": 200},
    "/progress/compilations/": {"reviewer": 200, "reporter": 200, "admin": 200},
    "/progress/prefectures/40/": {
        "author": 200,  # 北九州市
        "same_prefecture_author": 200,  # 福岡市
        "compiler": 200,  # 福岡県
        "reviewer": 200,
        "reporter": 200,
        "admin": 200,
    },
    "/progress/due/": {role: 200 for role in ROLES if role != "anonymous"},
    "/map/": dict.fromkeys(ROLES, 200),
    "/logic-model/": dict.fromkeys(ROLES, 200),  # public; entering actuals is tested in test_logic_model
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(PDCA))
def test_pdca_pages(role: str, url: str, people: dict[str, Person]) -> None:
    expected = PDCA[url].get(role, 302 if role == "anonymous" else 403)
    assert _client(role, people).get(url).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_national_bodies_start_a_recomputation(role: str, people: dict[str, Person]) -> None:
    response = _client(role, people).post("/progress/recompute/")
    if role in {"reviewer", "reporter", "admin"}:
        assert (response.status_code, response["Location"]) == (302, "/progress/rollup/")
    else:
        assert (
            response.status_code == 403 if role != "anonymous" else "/accounts/login/" in response["Location"]
        )


# Revising a published plan after a report (issue 4): those who report on the plan propose (its authors; the
# ministry reporter only for type A, and this plan is B); a proposal is read by the plan's authors, its prefecture
# and the national reviewers (issue 19: 404 for others); only 内閣官房・経済産業省 reviewers decide.
AMEND = {"author": 200}
READ_AMENDMENT = {"author", "compiler", "reviewer"}
DECIDE = {"reviewer"}


@pytest.mark.parametrize("role", ROLES)
def test_plan_amendments(
    role: str, draft: Plan, advance: Callable[[Plan, PlanState], Plan], people: dict[str, Person]
) -> None:
    from chiiki_mirai.monitoring.amendments import do_propose_amendment
    from chiiki_mirai.monitoring.models import Amendment
    from chiiki_mirai.workflow.documents import revived

    plan = advance(draft, PlanState.PUBLISHED)
    client = _client(role, people)
    expected = AMEND.get(role, 302 if role == "anonymous" else 403)
    assert client.get(f"/progress/plans/{plan.public_id}/amend/").status_code == expected
    in_force = revived(plan.current_revision().document)
    edited = in_force.model_copy(update={"title": f"{in_force.title}（見直し）"})
    amendment = do_propose_amendment(people["author"], plan, edited, "見直し", None)
    assert client.get(f"/progress/amendments/{amendment.pk}/").status_code == (
        302 if role == "anonymous" else 200 if role in READ_AMENDMENT else 404
    )
    client.post(f"/progress/amendments/{amendment.pk}/", {"decision": "accept"})
    amendment.refresh_from_db()
    assert amendment.state == (Amendment.State.ACCEPTED if role in DECIDE else Amendment.State.PROPOSED)


# Issue 11: the secretariat's pages (national reviewers; deciding is tested in test_process_fidelity), a
# prefecture's own reference list (its compiler and authors, and a municipality's authors — each sees its own
# prefecture's firms: test_evidence), the bulk look-up (national bodies).
PROCESS_PAGES = {
    "/work/batches/": {"reviewer": 200},
    "/work/programmes/": {"reviewer": 200},
    "/companies/reference-list/": {
        "author": 200,  # 北九州市 → 福岡県's list
        "same_prefecture_author": 200,  # 福岡市 → 福岡県's list
        "other_author": 200,  # 熊本県 → 熊本県's list
        "compiler": 200,
        "other_compiler": 200,
    },
    "/companies/lookup/bulk/": {"reviewer": 200, "reporter": 200, "admin": 200},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(PROCESS_PAGES))
def test_process_and_reference_pages(role: str, url: str, people: dict[str, Person]) -> None:
    expected = PROCESS_PAGES[url].get(role, 302 if role == "anonymous" else 403)
    assert _client(role, people).get(url).status_code == expected


# 証憑 (002 1(1)⑨): the plan's authors submit, the prefecture (福岡県's compiler) forwards, only 経済産業省's
# reviewers decide — none of the roles here (the reviewer is 内閣官房's; the reporter is METI's but not a reviewer).
SUBMITS, FORWARDS = {"author"}, {"compiler"}


@pytest.mark.parametrize("role", ROLES)
def test_evidence_steps(
    role: str, draft: Plan, advance: Callable[[Plan, PlanState], Plan], people: dict[str, Person]
) -> None:
    from chiiki_mirai.analytics.evidence import Upload, do_forward_evidence, do_submit_evidence
    from chiiki_mirai.analytics.models import Evidence

    plan = advance(draft, PlanState.PRECHECK_REQUESTED)
    number = "1999900002103"  # the sample's unlisted core company
    client = _client(role, people)
    client.post(
        f"/companies/evidence/plans/{plan.public_id}/", {"corporate_number": number, "text": "県内上位の根拠"}
    )
    assert Evidence.objects.filter(plan=plan).exists() is (role in SUBMITS)
    evidence = Evidence.objects.filter(plan=plan).first() or do_submit_evidence(
        people["author"], plan, number, "県内上位の根拠", [Upload("a.pdf", b"%PDF-1.7")]
    )
    client.post(f"/companies/evidence/{evidence.pk}/forward/")
    evidence.refresh_from_db()
    assert (evidence.status == Evidence.Status.FORWARDED) is (role in FORWARDS)
    if evidence.status != Evidence.Status.FORWARDED:
        evidence = do_forward_evidence(people["compiler"], evidence)
    client.post(f"/companies/evidence/{evidence.pk}/decide/", {"decision": "confirm", "reason": "確認"})
    evidence.refresh_from_db()
    assert evidence.status == Evidence.Status.FORWARDED  # no one here may confirm
