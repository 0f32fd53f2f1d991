"""Excel in the platform: an author downloads the workbook, edits it, uploads it; the portal offers it too."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.workbook import read_workbook
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import signed_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_download_edit_upload(draft: Plan, people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    response = client.get(f"/work/plans/{draft.public_id}/download.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["基本情報（策定主体・計画期間）"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "計画名")
    sheet.cell(row, 2).value = "北九州ロボット産業クラスター計画（改訂）"
    edited = io.BytesIO()
    book.save(edited)
    upload = SimpleUploadedFile("plan.xlsx", edited.getvalue(), content_type=XLSX)
    response = client.post(
        f"/work/plans/{draft.public_id}/edit/",
        {"file": upload, "base_version": draft.version, "note": "Excel"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    draft.refresh_from_db()
    assert draft.title == "北九州ロボット産業クラスター計画（改訂）"
    assert draft.revisions.count() == 2


def test_a_zip_bomb_upload_is_refused_and_nothing_is_stored(people: dict[str, Person]) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\x00" * (60 * 1024 * 1024))
    response = signed_in(people["author"]).post(
        "/work/plans/new/", {"file": SimpleUploadedFile("plan.xlsx", bomb.getvalue())}
    )
    assert response.status_code == 422 and "INPUT-WORKBOOK" in response.content.decode()
    assert Plan.objects.count() == 0


def test_portal_and_api_offer_the_workbook(draft: Plan, advance: Callable[[Plan, PlanState], Plan]) -> None:
    plan = advance(draft, PlanState.PUBLISHED)
    for url in (
        f"/plans/{plan.public_id}/download.xlsx",
        f"/api/plans/{plan.public_id}/download?format=xlsx",
    ):
        response = Client().get(url)
        assert response.status_code == 200 and response["Content-Type"] == XLSX
        assert read_workbook(response.content).title == plan.title
