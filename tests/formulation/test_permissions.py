"""The permission matrix of type A's formulation and report requests: every person of the cast (and the public) ×
every new page and API route × stage. Expected outcomes are written out, not derived from the code under test."""

from __future__ import annotations

import pytest
from django.test import Client

from chiiki_mirai.formulation import services
from chiiki_mirai.formulation.models import BlockDraft, ProjectProposal
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from tests.formulation.conftest import CAST, draft_document, on, proposal_document
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db
EVERYONE = ["anonymous", *CAST]
SIGNED_IN = set(CAST)


def client(name: str, cast: dict[str, Person]) -> Client:
    return Client() if name == "anonymous" else signed_in(cast[name])


def api(name: str, cast: dict[str, Person]) -> Client:
    return Client(
        headers={} if name == "anonymous" else {"Authorization": f"Bearer {issue_token(cast[name])}"}
    )


def statuses(url: str, cast: dict[str, Person]) -> dict[str, int]:
    return {name: client(name, cast).get(url).status_code for name in EVERYONE}


def expect(
    ok: set[str],
    *,
    otherwise: int = 404,
    forbidden: set[str] | frozenset[str] = frozenset(),
    anonymous: int = 302,
) -> dict[str, int]:
    return {
        name: 200
        if name in ok
        else anonymous
        if name == "anonymous"
        else 403
        if name in forbidden
        else otherwise
        for name in EVERYONE
    }


def test_block_draft_pages(cast: dict[str, Person]) -> None:
    draft = services.do_save_block_draft(cast["kyushu_bureau"], draft_document("kyushu"))
    page = f"/formulation/drafts/{draft.public_id}/"
    writers = {"kyushu_bureau", "cas", "meti"}
    assert statuses(page, cast) == expect(writers, anonymous=404)
    for edit in (f"{page}edit/", f"{page}form/"):
        assert statuses(edit, cast) == expect({"kyushu_bureau"}, forbidden={"cas", "meti"}), edit
    assert statuses("/formulation/drafts/new/", cast) == expect(
        {"kyushu_bureau", "chugoku_bureau"}, otherwise=403
    )
    assert statuses("/formulation/", cast) == expect(set(EVERYONE))
    assert client("chugoku_bureau", cast).post(f"{page}publish/").status_code == 404
    services.do_publish_block_draft(cast["kyushu_bureau"], draft, now=on(4, 25))
    assert statuses(page, cast) == expect(set(EVERYONE))
    assert statuses(f"{page}edit/", cast) == expect(
        set(), forbidden=SIGNED_IN
    )  # a published draft stays as published


def test_proposal_pages_by_stage(cast: dict[str, Person]) -> None:
    draft = services.do_save_block_draft(cast["kyushu_bureau"], draft_document("kyushu"))
    services.do_publish_block_draft(cast["kyushu_bureau"], draft, now=on(4, 25))
    proposal = services.do_save_proposal(cast["kumamoto"], proposal_document("kumamoto-semiconductor"))
    page = f"/formulation/proposals/{proposal.public_id}/"
    assert statuses(page, cast) == expect({"kumamoto"})
    for edit in (f"{page}edit/", f"{page}form/"):
        assert statuses(edit, cast) == expect({"kumamoto"}), edit
    prefectures = {"kumamoto", "hiroshima", "ehime", "fukuoka"}
    for new in (
        "/formulation/proposals/new/?draft=BD-kyushu-1&candidate=kumamoto-north",
        "/formulation/proposals/new/text/",
    ):
        assert statuses(new, cast) == expect(prefectures, otherwise=403), new
    nowhere = "/formulation/proposals/new/?draft=BD-kyushu-1&candidate=nowhere"  # no such candidate
    assert statuses(nowhere, cast) == expect(set(), otherwise=403) | dict.fromkeys(prefectures, 404)
    services.do_submit_proposal(cast["kumamoto"], proposal)
    # Submitted: the secretariat and the block's bureau see it; other prefectures and ministries do not.
    assert statuses(page, cast) == expect({"kumamoto", "cas", "meti", "kyushu_bureau"})
    assert statuses(f"{page}edit/", cast) == expect(
        set(), forbidden={"kumamoto", "cas", "meti", "kyushu_bureau"}
    )
    assert (
        client("fukuoka", cast).post(f"{page}decide/", {"decision": "accept", "reasons": "x"}).status_code
        == 404
    )
    assert (
        client("kyushu_bureau", cast)
        .post(f"{page}decide/", {"decision": "accept", "reasons": "x"})
        .status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.state == "submitted"  # the bureau's attempt was refused
    client("cas", cast).post(f"{page}decide/", {"decision": "accept", "reasons": "整合"})
    proposal.refresh_from_db()
    assert proposal.state == "accepted"
    assert statuses(page, cast) == expect(SIGNED_IN)


def test_api_routes(cast: dict[str, Person]) -> None:
    draft = services.do_save_block_draft(cast["kyushu_bureau"], draft_document("kyushu"))

    def drafts_seen(name: str) -> list[str]:
        response = api(name, cast).get("/api/block-drafts")
        assert response.status_code == 200
        return [d["id"] for d in response.json()]

    assert {name: drafts_seen(name) for name in EVERYONE} == {
        name: (["BD-kyushu-1"] if name in {"kyushu_bureau", "cas", "meti"} else []) for name in EVERYONE
    }
    services.do_publish_block_draft(cast["kyushu_bureau"], draft, now=on(4, 25))
    assert all(drafts_seen(name) == ["BD-kyushu-1"] for name in EVERYONE)
    proposal = services.do_save_proposal(cast["kumamoto"], proposal_document("kumamoto-semiconductor"))
    services.do_submit_proposal(cast["kumamoto"], proposal)
    seen = {}
    for name in EVERYONE:
        response = api(name, cast).get("/api/proposals")
        seen[name] = (
            response.status_code if response.status_code != 200 else [p["id"] for p in response.json()]
        )
    assert seen == {
        name: 401
        if name == "anonymous"
        else ["PP-43-0001"]
        if name in {"kumamoto", "cas", "meti", "kyushu_bureau"}
        else []
        for name in EVERYONE
    }
    assert api("anonymous", cast).get("/api/report-requests").status_code == 401
    assert api("mlit", cast).get("/api/report-requests").json() == []


def test_request_and_result_pages(cast: dict[str, Person]) -> None:
    assert statuses("/progress/requests/", cast) == expect(SIGNED_IN)
    assert statuses("/progress/results/", cast) == expect(set(EVERYONE))
    assert statuses("/progress/results/2026H2/", cast) == expect(set(), anonymous=404)
    secretariat_only = {
        name: client(name, cast).get("/progress/requests/").content.decode().count("依頼を送る・督促する")
        for name in CAST
    }
    assert {name for name, n in secretariat_only.items() if n} == {"cas", "meti"}
    assert BlockDraft.objects.count() == ProjectProposal.objects.count() == 0
