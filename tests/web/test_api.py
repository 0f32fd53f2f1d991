"""The REST API: create, check, edit with locking, transitions — with tokens and the web's permissions."""

from __future__ import annotations

from django.test import Client

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.workflow.models import Plan
from tests.web.conftest import plan_text


def _api(person: Person) -> Client:
    return Client(headers={"Authorization": f"Bearer {issue_token(person)}"})


def test_an_author_creates_edits_and_requests_the_precheck(people: dict[str, Person]) -> None:
    api = _api(people["author"])
    created = api.post("/api/plans", {"text": plan_text(), "note": "API"}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    plan_id, version = body["id"], body["version"]
    assert body["state"] == "draft" and "request_precheck" in body["actions"]
    assert body["document"]["plan_type"] == "B"
    edited = api.put(
        f"/api/plans/{plan_id}",
        {"text": plan_text(**{"北九州": "北九州市"}), "base_version": version},
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["revision"] == 2
    stale = api.put(
        f"/api/plans/{plan_id}",
        {"text": plan_text(), "base_version": version},
        content_type="application/json",
    )
    assert stale.status_code == 409 and "上書きはしていません" in stale.json()["detail"]
    moved = api.post(
        f"/api/plans/{plan_id}/transitions", {"action": "request_precheck"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["state"] == "precheck_requested"
    refused = api.post(
        f"/api/plans/{plan_id}/transitions", {"action": "publish"}, content_type="application/json"
    )
    assert refused.status_code == 409 and "公表する" in refused.json()["detail"]
    api.cookies["django_language"] = "en"  # a caller who chose English gets the same refusal in English
    refused = api.post(
        f"/api/plans/{plan_id}/transitions", {"action": "publish"}, content_type="application/json"
    )
    assert refused.status_code == 409 and "cannot 'publish" in refused.json()["detail"]
    assert api.get(f"/api/plans/{plan_id}").json()["state_label"].isascii()


def test_unreadable_text_gets_located_problems(people: dict[str, Person]) -> None:
    api = _api(people["author"])
    response = api.post(
        "/api/check",
        {"text": "format: chiiki-mirai/plan@1\nplan_type: B\nkgis: [\n"},
        content_type="application/json",
    )
    assert response.status_code == 422
    finding = response.json()["findings"][0]
    assert finding["rule"] == "INPUT-SYNTAX" and finding["message"]
    wrong_field = plan_text(**{"plan_type: B": "plan_type: D"})
    response = api.post("/api/plans", {"text": wrong_field}, content_type="application/json")
    assert response.status_code == 422
    assert any(f["path"] == "plan_type" for f in response.json()["findings"])
    assert Plan.objects.count() == 0


def test_check_returns_findings_without_storing(people: dict[str, Person]) -> None:
    response = Client().post("/api/check", {"text": plan_text()}, content_type="application/json")
    assert response.status_code == 200
    assert {"rule", "severity", "path", "message", "source"} <= set(response.json()[0])
    assert Plan.objects.count() == 0


def test_openapi_is_served() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert {
        "/api/plans",
        "/api/plans/{public_id}",
        "/api/check",
        "/api/plans/{public_id}/transitions",
    } <= set(schema["paths"])
    docs = Client().get("/api/docs").content.decode()
    assert "cdn.jsdelivr" not in docs  # served from the package, nothing fetched at run time


def test_a_person_makes_and_revokes_tokens(people: dict[str, Person]) -> None:
    from tests.web.conftest import signed_in

    client = signed_in(people["author"])
    page = client.post("/accounts/tokens/", {"name": "集計スクリプト"}).content.decode()
    token = page.split("<code>", 1)[1].split("</code>", 1)[0]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.post("/api/check", {"text": plan_text()}, content_type="application/json").status_code == 200
    made = people["author"].tokens.get(name="集計スクリプト")
    client.post("/accounts/tokens/", {"revoke": str(made.pk)})
    assert api.post("/api/plans", {"text": plan_text()}, content_type="application/json").status_code == 401


def test_out_of_range_paging_is_refused_with_the_field_named(db: None) -> None:
    response = Client().get("/api/plans", {"offset": 10**20})
    assert response.status_code == 422
    [finding] = response.json()["findings"]
    assert finding["path"] == "query.offset" and "1000000" in finding["message"]
    assert "以下" in finding["message"]  # in Japanese, the reader's language
    assert Client().get("/api/plans", {"limit": 501}).status_code == 422
    assert Client().get("/api/plans", {"limit": 500, "offset": 1_000_000}).status_code == 200


def test_an_unknown_state_is_refused_not_queried(db: None) -> None:
    # Found by schemathesis on PostgreSQL: a NUL byte in ?state= reached the database (text cannot hold NUL).
    assert Client().get("/api/plans", {"state": "draft\x00"}).status_code == 400  # refused at the door
    response = Client().get("/api/plans", {"state": "archived"})
    assert response.status_code == 422
    assert response.json()["findings"][0]["path"] == "query.state"
    assert Client().get("/api/plans", {"state": "published"}).status_code == 200


def test_the_estimate_api_gives_the_commands_numbers(people: dict[str, Person]) -> None:
    import json

    from click.testing import CliRunner

    from chiiki_mirai.cli.main import main
    from tests.conftest import EXAMPLES

    path = EXAMPLES / "plans" / "b-kitakyushu-robotics.yaml"
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(people['reviewer'], 'estimate')}")
    response = api.post(
        "/api/estimate",
        {"text": path.read_text(encoding="utf-8"), "retention": 0.8},
        content_type="application/json",
    )
    assert response.status_code == 200
    command = json.loads(
        CliRunner().invoke(main, ["estimate", str(path), "--format", "json", "--retention", "0.8"]).output
    )
    body = response.json()
    assert body["operations"] == command["operations"] and body["investment"] == command["investment"]
    assert any("2011" in note or "平成23年" in note for note in body["notes"])
    refused = api.post(
        "/api/estimate", {"text": "plan_type: B", "retention": 2}, content_type="application/json"
    )
    assert refused.status_code == 422
