"""The authorization matrix (issue 19): every route of the URLconf and every API operation × every kind of person
× the objects they name (their own organisation's, another's, another prefecture's, drafts and published).

The routes come from the URLconf and the API router themselves, so a new page or operation without a row here
fails the test until its decision is written down. Each row is written out by hand — one letter per person, in the
order of ``matrix_world.ROLES`` — and is never derived from the code under test:

    o  served (a page, a download, an action done)
    r  refused by the service, said on the page it returns to (an error message)
    v  the input refused (400/409/413/422: e.g. a transition the plan's state does not allow)
    l  sent to sign in (302 to the login page; 401 from the API)
    f  refused (403: the person knows the object and may not act on it)
    n  not known (404: the person may not know it exists)
    m  the method is not served (405)

A POST carries ``matrix_world.PAYLOAD`` (every field an entitled person would send), with ``PAYLOADS`` where a route
needs its own; every POST is rolled back, so each person meets the same world.

``CHIIKI_MIRAI_MATRIX_PRINT=1`` prints the table observed (to review a change, never to copy blindly).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest
from django.test import Client

from chiiki_mirai.analytics.evidence import Upload, do_submit_evidence
from chiiki_mirai.formulation.models import BlockDraft, ProjectProposal
from chiiki_mirai.monitoring import amendments
from chiiki_mirai.monitoring import services as monitoring
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.tasks import start_compilation, start_recomputation
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.workflow import coauthors, services
from chiiki_mirai.workflow.documents import read_plan_text, revived
from chiiki_mirai.workflow.models import AuthorInvitation, Plan, SupportProgramme
from chiiki_mirai.workflow.states import PlanState
from tests.formulation.conftest import accepted, cast, drafts, published_a  # noqa: F401
from tests.security.matrix_world import ROLES, client_for, everyone, observed, routes
from tests.web.conftest import CLAIMED, plan_text
from tests.web.test_monitoring import report

pytestmark = pytest.mark.django_db

# A plan named by a route is one of these: the author's published plan, the author's draft (another body's for
# everyone else), a type A plan (formulated nationally); block drafts and proposals are type A's documents.
OBJECTS = ("published", "draft", "type_a")

#: The body a route needs beyond the common payload (the API's JSON; a decision's own words).
PAYLOADS: dict[str, dict[str, object]] = {
    "formulation:decide_proposal": {"decision": "accept"},
    "monitoring:decide": {"decision": "continue"},
    "api:create_plan": {"text": plan_text(), "note": ""},
    "api:check": {"text": plan_text()},
    "api:estimate_plan": {"text": plan_text()},
    "api:transition": {"action": "request_precheck", "comment": ""},
    "api:save_plan": {"text": plan_text(), "base_version": 1, "note": ""},
    "api:submit_progress": {"text": ""},
    "api:bulk_lookup_companies": {"numbers": ["2999900002102"]},
}

#: The second column is this method's where the route writes with another than POST.
WRITE_METHOD = {"api:save_plan": "put"}

#: route name (and, for plans, the object) -> (GET, POST) expectations, one letter per person:
#:  anonymous, author (北九州市), other_author (熊本県), same_prefecture_author (福岡市), compiler (福岡県),
#:  other_compiler (熊本県), reviewer (内閣官房), reporter (経済産業省), admin, bureau (九州経済産業局),
#:  meti (経済産業省 reviewer), maff (農林水産省 reviewer, not invited).
#: Reviewed decisions worth naming: a draft exists only for its authors (n for everyone else, the API too); the
#: secretariat's pages and actions (queue, batches, programmes, settings, invitations of ministries, report
#: requests) are 内閣官房・経済産業省's; look-ups and national figures are national staff's; the reference list page
#: is the prefectures' and municipalities' (each its own prefecture); a proposed revision and the 証憑 files are
#: seen by the plan's authors, its prefecture and the national reviewers only (issue 19: every signed-in official
#: could before); only 内閣官房・経済産業省 decide a revision.
EXPECTED: dict[str, tuple[str, str]] = {
    "healthz": ("oooooooooooo", "oooooooooooo"),
    "readyz": ("oooooooooooo", "oooooooooooo"),  # names failing parts only, never a secret
    "portal:home": ("oooooooooooo", "oooooooooooo"),
    "portal:plan[published]": ("oooooooooooo", "oooooooooooo"),
    "portal:plan[draft]": ("nnnnnnnnnnnn", "nnnnnnnnnnnn"),
    "portal:plan[type_a]": ("oooooooooooo", "oooooooooooo"),
    "portal:download[published]": ("oooooooooooo", "oooooooooooo"),
    "portal:download[draft]": ("nnnnnnnnnnnn", "nnnnnnnnnnnn"),
    "portal:download[type_a]": ("oooooooooooo", "oooooooooooo"),
    "portal:print[published]": ("oooooooooooo", "oooooooooooo"),
    "portal:print[draft]": ("nnnnnnnnnnnn", "nnnnnnnnnnnn"),
    "portal:print[type_a]": ("oooooooooooo", "oooooooooooo"),
    "portal:open_data": ("oooooooooooo", "oooooooooooo"),
    "portal:blank_workbook": ("oooooooooooo", "oooooooooooo"),
    "portal:language": ("oooooooooooo", "oooooooooooo"),
    "portal:open_data_csv": ("oooooooooooo", "oooooooooooo"),
    "portal:open_data_json": ("oooooooooooo", "oooooooooooo"),
    "portal:open_data_xlsx": ("oooooooooooo", "oooooooooooo"),
    "workflow:home": ("looooooooooo", "looooooooooo"),
    "workflow:notifications": ("looooooooooo", "looooooooooo"),  # each person's own mail setting
    "workflow:queue": ("lfffffofffoo", "lfffffofffoo"),
    "workflow:batches": ("lfffffofffoo", "lfffffofffoo"),
    "workflow:adopt_calendar": ("lmmmmmmmmmmm", "lfffffrfffrr"),
    "workflow:publish_batch": ("lmmmmmmmmmmm", "lfffffofffor"),
    "workflow:programmes": ("lfffffofffoo", "lfffffofffoo"),
    "workflow:rule_settings": ("lfffffofffoo", "lfffffofffoo"),
    "workflow:add_programme": ("lmmmmmmmmmmm", "lfffffrfffrr"),
    "workflow:programme_active": ("lmmmmmmmmmmm", "lfffffofffor"),
    "workflow:create": ("loooffffffff", "lvvvffffffff"),
    "workflow:start": ("loooffffffff", "loooffffffff"),
    "workflow:check": ("lmmmmmmmmmmm", "looooooooooo"),
    "workflow:answer_invitation": ("lmmmmmmmmmmm", "lnonnrnnnnnn"),
    "workflow:plan[published]": ("looooooooooo", "looooooooooo"),
    "workflow:plan[draft]": ("lonnnnnnnnnn", "lonnnnnnnnnn"),
    "workflow:plan[type_a]": ("looooooooooo", "looooooooooo"),
    "workflow:edit[published]": ("lfffffffffff", "lfffffffffff"),
    "workflow:edit[draft]": ("lonnnnnnnnnn", "lvnnnnnnnnnn"),
    "workflow:edit[type_a]": ("lfffffffffff", "lfffffffffff"),
    "workflow:section[published]": ("lfffffffffff", "lfffffffffff"),
    "workflow:section[draft]": ("lonnnnnnnnnn", "lrnnnnnnnnnn"),
    "workflow:section[type_a]": ("lfffffffffff", "lfffffffffff"),
    "workflow:section_check[published]": ("lmmmmmmmmmmm", "lnnnnnnnnnnn"),
    "workflow:section_check[draft]": ("lmmmmmmmmmmm", "lonnnnnnnnnn"),
    "workflow:section_check[type_a]": ("lmmmmmmmmmmm", "lnnnnnnnnnnn"),
    "workflow:download[published]": ("looooooooooo", "looooooooooo"),
    "workflow:download[draft]": ("lonnnnnnnnnn", "lonnnnnnnnnn"),
    "workflow:download[type_a]": ("looooooooooo", "looooooooooo"),
    "workflow:diff[published]": ("looooooooooo", "looooooooooo"),
    "workflow:diff[draft]": ("lonnnnnnnnnn", "lonnnnnnnnnn"),
    "workflow:diff[type_a]": ("looooooooooo", "looooooooooo"),
    "workflow:judge[published]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "workflow:judge[draft]": ("lmmmmmmmmmmm", "lrnnnnnnnnnn"),
    "workflow:judge[type_a]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "workflow:comment[published]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "workflow:comment[draft]": ("lmmmmmmmmmmm", "lrnnnnnnnnnn"),
    "workflow:comment[type_a]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "workflow:coordination[published]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "workflow:coordination[draft]": ("lmmmmmmmmmmm", "lrnnnnnnnnnn"),
    "workflow:coordination[type_a]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "workflow:invite[published]": ("lmmmmmmmmmmm", "lrrrrrorrror"),
    "workflow:invite[draft]": ("lmmmmmmmmmmm", "lrnnnnnnnnnn"),
    "workflow:invite[type_a]": ("lmmmmmmmmmmm", "lrrrrrorrror"),
    "workflow:act[published]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "workflow:act[draft]": ("lmmmmmmmmmmm", "lonnnnnnnnnn"),
    "workflow:act[type_a]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "analytics:lookup": ("lfffffoooooo", "lfffffoooooo"),
    "analytics:bulk_lookup": ("lfffffoooooo", "lfffffvvvvvv"),
    "analytics:reference_list": ("loooooffffff", "loooooffffff"),
    "analytics:submit_evidence[published]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "analytics:submit_evidence[draft]": ("lmmmmmmmmmmm", "lonnnnnnnnnn"),
    "analytics:submit_evidence[type_a]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "analytics:forward_evidence": ("lmmmmmmmmmmm", "lrrrorrrrrrr"),
    "analytics:decide_evidence": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "analytics:evidence_file": ("lonnononnnoo", "lonnononnnoo"),
    "monitoring:due": ("looooooooooo", "looooooooooo"),
    "monitoring:requests": ("looooooooooo", "looooooooooo"),
    "monitoring:send_requests": ("lmmmmmmmmmmm", "lrrrrrorrror"),
    "monitoring:send_reminders": ("lmmmmmmmmmmm", "lrrrrrorrror"),
    "monitoring:results": ("oooooooooooo", "oooooooooooo"),
    "monitoring:publish_results": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "monitoring:results_dictionary": ("oooooooooooo", "oooooooooooo"),
    "monitoring:results_period": ("nnnnnnnnnnnn", "nnnnnnnnnnnn"),
    "monitoring:results_download": ("nnnnnnnnnnnn", "nnnnnnnnnnnn"),
    "monitoring:rollup": ("lfffffoooooo", "lfffffoooooo"),
    "monitoring:recompute": ("mmmmmmmmmmmm", "lfffffoooooo"),
    "monitoring:recomputation": ("lfffffoooooo", "lfffffoooooo"),
    "monitoring:compilations": ("lfffffoooooo", "lfffffrrrrrr"),
    "monitoring:compilation": ("lfffffoooooo", "lfffffoooooo"),
    "monitoring:compilation_report": ("lfffffnnnnnn", "lfffffnnnnnn"),
    "monitoring:prefecture": ("lofoofoooooo", "lofoofoooooo"),
    "monitoring:dashboard[published]": ("looooooooooo", "lvffffffffff"),
    "monitoring:dashboard[draft]": ("lonnnnnnnnnn", "lfnnnnnnnnnn"),
    "monitoring:dashboard[type_a]": ("looooooooooo", "lfvffvffffff"),
    "monitoring:decide[published]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "monitoring:decide[draft]": ("lmmmmmmmmmmm", "lrnnnnnnnnnn"),
    "monitoring:decide[type_a]": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "monitoring:amend[published]": ("loffffffffff", "lvffffffffff"),
    "monitoring:amend[draft]": ("lonnnnnnnnnn", "lvnnnnnnnnnn"),
    "monitoring:amend[type_a]": ("lfoffoofffof", "lfvffvvfffvf"),
    "monitoring:amendment": ("lonnononnnoo", "lrnnrnonnnor"),
    # The report typed into a form: who may report, as the workbook; a draft has no report to type (404 to all).
    "monitoring:report[published]": ("loffffffffff", "lvffffffffff"),
    "monitoring:report[draft]": ("lnnnnnnnnnnn", "lnnnnnnnnnnn"),
    "monitoring:report[type_a]": ("lfoffoffffff", "lfvffvffffff"),
    "monitoring:progress_workbook[published]": ("loffffffffff", "loffffffffff"),
    "monitoring:progress_workbook[draft]": ("lonnnnnnnnnn", "lonnnnnnnnnn"),
    "monitoring:progress_workbook[type_a]": ("lfoffoffffff", "lfoffoffffff"),
    "formulation:index": ("oooooooooooo", "oooooooooooo"),
    "formulation:new_draft_form": ("lffffffffoff", "lffffffffoff"),
    "formulation:new_draft": ("lffffffffoff", "lffffffffvff"),
    "formulation:draft": ("oooooooooooo", "oooooooooooo"),
    "formulation:draft_form": ("lfffffffffff", "lfffffffffff"),
    "formulation:edit_draft": ("lfffffffffff", "lfffffffffff"),
    "formulation:publish_draft": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "formulation:formulate": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "formulation:new_proposal_form": ("lfnfnnffffff", "lfnfnnffffff"),
    "formulation:new_proposal": ("lfofooffffff", "lfvfvvffffff"),
    "formulation:proposal": ("looooooooooo", "looooooooooo"),
    "formulation:proposal_form": ("lfffffffffff", "lfffffffffff"),
    "formulation:edit_proposal": ("lfffffffffff", "lfffffffffff"),
    "formulation:submit_proposal": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "formulation:decide_proposal": ("lmmmmmmmmmmm", "lrrrrrrrrrrr"),
    "investment_map": ("oooooooooooo", "oooooooooooo"),
    "logic_model": ("oooooooooooo", "ffffffrrrfrr"),
    "tokens": ("looooooooooo", "looooooooooo"),
    "login": ("oooooooooooo", "oooooooooooo"),
    "logout": ("mmmmmmmmmmmm", "oooooooooooo"),
    "api:openapi-json": ("oooooooooooo", "oooooooooooo"),
    "api:openapi-view": ("oooooooooooo", "oooooooooooo"),
    "api:list_plans": ("oooooooooooo", "lvvvvvvvvvvv"),
    "api:create_plan": ("oooooooooooo", "loffffffffff"),
    "api:get_plan[published]": ("oooooooooooo", "mmmmmmmmmmmm"),
    "api:get_plan[draft]": ("nonnnnnnnnnn", "mmmmmmmmmmmm"),
    "api:get_plan[type_a]": ("oooooooooooo", "mmmmmmmmmmmm"),
    "api:save_plan[published]": ("oooooooooooo", "lfffffffffff"),
    "api:save_plan[draft]": ("nonnnnnnnnnn", "lvnnnnnnnnnn"),
    "api:save_plan[type_a]": ("oooooooooooo", "lfffffffffff"),
    "api:download_plan[published]": ("oooooooooooo", "mmmmmmmmmmmm"),
    "api:download_plan[draft]": ("nonnnnnnnnnn", "mmmmmmmmmmmm"),
    "api:download_plan[type_a]": ("oooooooooooo", "mmmmmmmmmmmm"),
    "api:check": ("mmmmmmmmmmmm", "oooooooooooo"),
    "api:estimate_plan": ("mmmmmmmmmmmm", "oooooooooooo"),
    "api:transition[published]": ("mmmmmmmmmmmm", "lvvvvvvvvvvv"),
    "api:transition[draft]": ("mmmmmmmmmmmm", "lonnnnnnnnnn"),
    "api:transition[type_a]": ("mmmmmmmmmmmm", "lvvvvvvvvvvv"),
    "api:lookup_companies": ("lfffffoooooo", "lvvvvvvvvvvv"),
    "api:bulk_lookup_companies": ("lvvvvvvvvvvv", "lfffffoooooo"),
    "api:list_progress[published]": ("oooooooooooo", "lvvvvvvvvvvv"),
    "api:list_progress[draft]": ("nonnnnnnnnnn", "lvvvvvvvvvvv"),
    "api:list_progress[type_a]": ("oooooooooooo", "lvvvvvvvvvvv"),
    "api:submit_progress[published]": ("oooooooooooo", "lvvvvvvvvvvv"),
    "api:submit_progress[draft]": ("nonnnnnnnnnn", "lvnnnnnnnnnn"),
    "api:submit_progress[type_a]": ("oooooooooooo", "lvvvvvvvvvvv"),
    "api:list_block_drafts": ("oooooooooooo", "mmmmmmmmmmmm"),
    "api:list_proposals": ("looooooooooo", "mmmmmmmmmmmm"),
    "api:list_report_requests": ("looooooooooo", "mmmmmmmmmmmm"),
    "api:api-root": ("nnnnnnnnnnnn", "nnnnnnnnnnnn"),
    "set_language": ("oooooooooooo", "oooooooooooo"),
}


def _world(
    people: dict[str, Person],
    advance: Callable[[Plan, PlanState], Plan],
    published_a: dict[str, Plan],  # noqa: F811
    drafts: dict[str, BlockDraft],  # noqa: F811
    accepted: dict[str, ProjectProposal],  # noqa: F811
) -> dict[str, object]:
    """One object of every kind, in the states the routes act on."""
    author = people["author"]
    published = services.do_create_plan(author, read_plan_text("p.yaml", plan_text()))
    evidence = do_submit_evidence(
        author, published, CLAIMED, "県内上位", [Upload("調査.pdf", b"%PDF-1.7\n%%EOF\n")]
    )
    published = advance(published, PlanState.PUBLISHED)
    draft = services.do_create_plan(author, read_plan_text("d.yaml", plan_text()))
    document = load(source_from_text("r.yaml", report(published, "2027H2", 45)))
    assert isinstance(document, ProgressReport)
    monitoring.do_submit_progress(author, published, document)
    in_force = revived(published.current_revision().document)
    amendment = amendments.do_propose_amendment(
        author,
        published,
        in_force.model_copy(update={"title": f"{in_force.title}（見直し）"}),
        "見直し",
        None,
    )
    coauthors.record_changes(author, draft, {"401005"}, {"430005"}, None)
    return {
        "published": published.public_id,
        "draft": draft.public_id,
        "type_a": published_a["kumamoto-semiconductor"].public_id,
        "block_draft": drafts["kyushu"].public_id,
        "candidate": drafts["kyushu"].document["candidates"][0]["id"],
        "proposal": accepted["kumamoto-semiconductor"].public_id,
        "amendment": amendment.pk,
        "evidence": evidence.pk,
        "evidence_file": evidence.files.get().pk,
        "invitation": AuthorInvitation.objects.get(plan=draft).pk,
        "programme": SupportProgramme.objects.first().pk,  # type: ignore[union-attr]
        "recomputation": start_recomputation(None).pk,
        "compilation": start_compilation(None, "2027H2").pk,
    }


_PK_OF = {
    "monitoring:amendment": "amendment",
    "analytics:forward_evidence": "evidence",
    "analytics:decide_evidence": "evidence",
    "analytics:evidence_file": "evidence_file",
    "workflow:answer_invitation": "invitation",
    "workflow:programme_active": "programme",
    "monitoring:recomputation": "recomputation",
    "monitoring:compilation": "compilation",
    "monitoring:compilation_report": "compilation",
}
#: What a page asks in its query (a look-up's search, a half-year's form).
QUERIES = {
    "analytics:lookup": "?q=2999900002102",
    "api:lookup_companies": "?q=2999900002102",
    "monitoring:progress_workbook": "?period=2027H2",
    "monitoring:report": "?period=2027H2",
}
_FIXED = {
    "syntax": "yaml",
    "index": "4",
    "action": "request_precheck",
    "number": "1",
    "period": "2027H2",
    "kind": "csv",
    "code": "40",
    "plan_type": "B",
    "language": "en",
}


def urls_of(name: str, route: str, world: dict[str, object]) -> list[tuple[str, str]]:
    """(label, url) for each object the route is tried with."""
    labels: tuple[str, ...] = ("",)
    if "public_id>" in route and not name.startswith("formulation:"):
        labels = OBJECTS
    urls = []
    for label in labels:

        def value(match: re.Match[str], label: str = label) -> str:
            param = match[1]
            if param == "public_id":
                if (
                    name.startswith("formulation:draft")
                    or name.startswith("formulation:formulate")
                    or name
                    in (
                        "formulation:edit_draft",
                        "formulation:publish_draft",
                    )
                ):
                    return str(world["block_draft"])
                if name.startswith("formulation:"):
                    return str(world["proposal"])
                return str(world[label])
            if param == "pk":
                return str(world[_PK_OF[name]])
            if param == "candidate":
                return str(world["candidate"])
            return _FIXED[param]

        url = re.sub(r"<(?:\w+:)?(\w+)>", value, route) + QUERIES.get(name, "")
        urls.append((f"{name}[{label}]" if label else name, url.replace("^", "").replace("$", "")))
    return urls


def test_every_route_has_a_decision_and_keeps_it(
    people: dict[str, Person],
    advance: Callable[[Plan, PlanState], Plan],
    published_a: dict[str, Plan],  # noqa: F811
    drafts: dict[str, BlockDraft],  # noqa: F811
    accepted: dict[str, ProjectProposal],  # noqa: F811
) -> None:
    people = everyone(people)
    world = _world(people, advance, published_a, drafts, accepted)
    pages = {name: client_for(name, people, api=False) for name in ROLES}
    tokens = {name: client_for(name, people, api=True) for name in ROLES}
    table: dict[str, tuple[str, str]] = {}
    for name, route in routes():
        api = name.startswith("api:")
        for label, url in urls_of(name, route, world):
            clients = tokens if api else pages
            table[label] = (
                observed(url, "get", clients, api=api),
                observed(url, WRITE_METHOD.get(name, "post"), clients, api=api, payload=PAYLOADS.get(name)),
            )
    if os.environ.get("CHIIKI_MIRAI_MATRIX_PRINT"):
        width = max(map(len, table))
        print(
            "\n" + "\n".join(f'    "{k}": ("{g}", "{p}"),'.ljust(width + 30) for k, (g, p) in table.items())
        )
    missing = sorted(set(table) - set(EXPECTED))
    assert not missing, f"routes without a decision in the matrix: {missing}"
    changed = {k: (EXPECTED[k], v) for k, v in table.items() if EXPECTED[k] != v}
    assert not changed, "\n".join(f"{k}: expected {e}, got {g}" for k, (e, g) in changed.items())
    assert not any("!" in g + p for g, p in table.values())


def test_the_admin_is_for_administrators_only(people: dict[str, Person]) -> None:
    outcomes = {
        name: (Client() if name == "anonymous" else client_for(name, people, api=False))
        .get("/admin/")
        .status_code
        for name in ("anonymous", "author", "reviewer", "admin")
    }
    assert outcomes["admin"] == 200
    assert all(status == 302 for name, status in outcomes.items() if name != "admin")
