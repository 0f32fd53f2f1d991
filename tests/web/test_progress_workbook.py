"""Reporting a half-year by Excel: the pre-filled form, filled in and uploaded back, with located problems."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from chiiki_mirai.monitoring.models import ProgressRecord
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import filled, signed_in


@pytest.fixture
def published(draft: Plan, advance: Callable[[Plan, PlanState], Plan]) -> Plan:
    return advance(draft, PlanState.PUBLISHED)


def test_the_form_is_prefilled(published: Plan, people: dict[str, Person]) -> None:
    author = signed_in(people["author"])
    response = author.get(f"/progress/plans/{published.public_id}/progress.xlsx", {"period": "2027H2"})
    assert response["Content-Disposition"].endswith(f'progress-{published.public_id}-2027H2.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["進捗報告", "KPIの実績", "施策の進捗", "KGIの実績", "項目名（YAML）"]
    report = {row[0]: row[1] for row in book["進捗報告"].iter_rows(min_row=2, values_only=True)}
    assert report == {
        "文書形式": "chiiki-mirai/progress@1",
        "計画ID": published.public_id,
        "半期": "2027H2",
        "報告する団体コード": "401005",
    }
    kpis = list(book["KPIの実績"].iter_rows(values_only=True))
    assert [row[0] for row in kpis[1:]] == ["k1", "k2"]
    assert kpis[1][3] == pytest.approx(60)  # k1's trajectory at 2027H2, as in test_monitoring
    # The paths in the hidden sheet (issue 22 §4); a column for reference (the KPI's name) has none.
    paths = {(r[0], r[2]): r[3] for r in book["項目名（YAML）"].iter_rows(min_row=2, values_only=True)}
    assert book["項目名（YAML）"].sheet_state == "hidden"
    assert paths[("KPIの実績", "実績")] == "kpis[].actual" and ("KPIの実績", "KPI 名（参考）") not in paths
    assert book["施策の進捗"].data_validations.dataValidation  # the status is chosen from a list
    # Issue 22 §4: the actual figures and the KGI's year are checked by Excel as far as it can (a warning).
    actual = next(v for v in book["KPIの実績"].data_validations.dataValidation if "F2" in v.sqref)
    assert (actual.type, actual.errorStyle, str(actual.sqref)) == ("decimal", "warning", "F2:F3")
    kgi_year = next(v for v in book["KGIの実績"].data_validations.dataValidation if "D2" in v.sqref)
    assert (kgi_year.type, kgi_year.formula1, kgi_year.formula2) == ("whole", "1989", "2100")
    assert (
        author.get(f"/progress/plans/{published.public_id}/progress.xlsx", {"period": "x"}).status_code == 404
    )
    assert (
        signed_in(people["other_author"])
        .get(f"/progress/plans/{published.public_id}/progress.xlsx", {"period": "2027H2"})
        .status_code
        == 403
    )


def test_reporting_by_workbook(published: Plan, people: dict[str, Person]) -> None:
    author = signed_in(people["author"])
    url = f"/progress/plans/{published.public_id}/"
    form = author.get(f"{url}progress.xlsx", {"period": "2027H2"}).content

    def upload(content: bytes) -> str:
        file = SimpleUploadedFile("進捗.xlsx", content)
        return author.post(url, {"file": file}, follow=True).content.decode()

    page = upload(filled(form, KPIの実績__F2="六十", 施策の進捗__C2="on_track"))
    assert "KPIの実績!F2 (kpis[0].actual)" in page  # located at its cell
    assert "施策の進捗!C3 (measures[1].status)" in page  # m2's status left out: pointed at its empty cell
    page = upload(
        filled(form, KPIの実績__F2=60, KPIの実績__F3=140, 施策の進捗__C2="delayed", 施策の進捗__C3="done")
    )
    assert "遅延している施策「m1」" in page  # P-PROGRESS: a delay needs its cause and remedy
    assert ProgressRecord.objects.count() == 0
    page = upload(
        filled(
            form,
            KPIの実績__F2=60,
            KPIの実績__F3=140,
            施策の進捗__C2="delayed",
            施策の進捗__C3="done",
            施策の進捗__E2="用地取得の遅れ",
            施策の進捗__F2="先行取得に切り替える",
        )
    )
    record = ProgressRecord.objects.get()
    assert record.period == "2027H2"
    assert record.document["measures"] == [
        {"id": "m1", "status": "delayed", "bottleneck": "用地取得の遅れ", "remedy": "先行取得に切り替える"},
        {"id": "m2", "status": "done"},
    ]
    assert [k["actual"] for k in record.document["kpis"]] == [60, 140]


def test_a_progress_workbook_of_the_earlier_layout_is_still_read() -> None:
    """A report filled in on a workbook downloaded before the paths moved to a hidden sheet (tests/plans/data/
    legacy-layout-progress.xlsx: the 北九州市 sample's 2027H2 form with k1 60, k2 140, m1 順調, m2 完了) reads as it did."""
    from pathlib import Path

    from chiiki_mirai.monitoring.workbook import read_progress_workbook

    report = read_progress_workbook(
        (Path(__file__).parents[1] / "plans/data/legacy-layout-progress.xlsx").read_bytes()
    )
    assert (report.plan, report.period, report.reported_by) == ("B-40-0001", "2027H2", "401005")
    assert [(k.id, k.actual) for k in report.kpis] == [("k1", 60), ("k2", 140)]
    assert [(m.id, m.status.value) for m in report.measures] == [("m1", "on_track"), ("m2", "done")]
