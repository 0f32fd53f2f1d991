"""The reference list inside the platform: loading an edition, B-REFLIST judging what the platform knows, the look-up."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.test import Client

from chiiki_mirai.analytics.models import FirmDegree, ReferenceEdition
from chiiki_mirai.analytics.reference import PLATFORM, lookup
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.workflow.documents import findings_of, revived
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import LISTED, signed_in


def test_b_reflist_judges_what_the_platform_knows(edition: ReferenceEdition, draft: Plan) -> None:
    findings = findings_of(revived(draft.current_revision().document), access=PLATFORM)
    evidence = {f.path for f in findings if f.rule == "B-REFLIST-EVIDENCE"}
    assert "core_entities[1].evidence" in evidence  # claimed listed, is not, and gives no evidence
    assert "core_entities[0].evidence" not in evidence


def test_lookup_by_number_and_name(
    edition: ReferenceEdition, draft: Plan, advance: Callable[[Plan, PlanState], Plan]
) -> None:
    assert lookup(LISTED)[0].plans == []  # a draft is no one's business yet
    advance(draft, PlanState.PUBLISHED)
    [result] = lookup(LISTED)
    assert [(p.public_id, p.plan_type, p.title, p.batch, p.evidence) for p in result.plans] == [
        (draft.public_id, "B", draft.title, 1, "")
    ]
    assert result.degree is not None and result.degree.listed and result.degree.connector_rank == 1
    [claimed] = lookup("2-9999-0000-2102")  # hyphenated as people write it
    assert claimed.degree is not None and not claimed.degree.listed
    assert {r.corporate_number for r in lookup("福岡の企業1")} >= {LISTED}


@pytest.mark.parametrize(
    ("role", "status"), [("reviewer", 200), ("reporter", 200), ("author", 403), ("compiler", 403)]
)
def test_only_national_bodies_look_up(
    role: str, status: int, people: dict[str, Person], edition: ReferenceEdition
) -> None:
    assert signed_in(people[role]).get("/companies/lookup/", {"q": LISTED}).status_code == status
    api = Client(headers={"Authorization": f"Bearer {issue_token(people[role])}"})
    response = api.get("/api/companies/lookup", {"q": LISTED})
    assert response.status_code == (200 if status == 200 else 403)
    if status == 200:
        assert response.json()[0]["reference_list"]["listed"] is True


def test_loading_a_folder_without_results_is_a_clear_error(tmp_path: Path, db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"rule\.json"):
        call_command("load_reference_list", str(tmp_path))


def _spoil(folder: Path, how: str) -> None:
    """A result folder made wrong the ways a hand edit, a cut-short copy or an older version makes it."""
    degrees = pq.read_table(folder / "firm_degrees.parquet")
    if how == "rule":
        (folder / "rule.json").write_text('{"year": "2025"}', encoding="utf-8")
    elif how == "infinite":
        values = degrees.column("connector_degree").to_pylist()
        values[[str(f).zfill(13) for f in degrees.column("firm_id").to_pylist()].index(LISTED)] = float("inf")
        degrees = degrees.set_column(
            degrees.schema.get_field_index("connector_degree"), "connector_degree", pa.array(values)
        )
    elif how == "text":
        index = degrees.schema.get_field_index("hub_degree")
        degrees = degrees.set_column(index, "hub_degree", degrees.column(index).cast(pa.string()))
    elif how == "repeated":
        degrees = pa.concat_tables([degrees, degrees.slice(0, 1)])
    elif how == "empty":
        degrees = degrees.slice(0, 0)
    elif how == "large":
        employees = [5000] * degrees.num_rows
        degrees = degrees.set_column(
            degrees.schema.get_field_index("employees"), "employees", pa.array(employees)
        )
    elif how == "truncated":
        (folder / "reference_list.parquet").write_bytes(b"PAR1")
    pq.write_table(degrees, folder / "firm_degrees.parquet")


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("rule", r"rule\.json: year・max_employees・top_share"),
        (
            "infinite",
            r"firm_degrees\.parquet: 都道府県コード（1〜47）か度数（0以上1以下の有限の値）が正しくない企業があります: 3999900002101",
        ),
        ("text", r"firm_degrees\.parquet: 列 hub_degree がないか、型が違います（実際: VARCHAR）"),
        ("repeated", r"firm_degrees\.parquet: 同じ企業が複数行あります"),
        ("empty", r"firm_degrees\.parquet: 企業の行がありません"),
        ("large", r"reference_list\.parquet: 企業の一覧にないか、従業員数が基準"),
        ("truncated", r"reference_list\.parquet: ファイルを読めません"),
    ],
)
def test_a_bad_result_folder_is_refused_and_the_list_in_force_stays(
    edition: ReferenceEdition, tmp_path: Path, how: str, message: str
) -> None:
    from django.core.management.base import CommandError

    bad = tmp_path / "bad"
    shutil.copytree(tmp_path / "result", bad)
    _spoil(bad, how)
    before = list(FirmDegree.objects.values_list("edition_id", "firm_id", "connector_degree", "listed_by"))
    with pytest.raises(CommandError, match=message):
        call_command("load_reference_list", str(bad), verbosity=0)
    assert list(ReferenceEdition.objects.values_list("id", flat=True)) == [edition.id]
    assert (
        list(FirmDegree.objects.values_list("edition_id", "firm_id", "connector_degree", "listed_by"))
        == before
    )


def test_the_plan_page_shows_each_core_entity_against_the_list(
    edition: ReferenceEdition, draft: Plan, people: dict[str, Person]
) -> None:
    page = signed_in(people["author"]).get(f"/work/plans/{draft.public_id}/").content.decode()
    rows = page.split("計画推進の核となる企業と参考リスト", 1)[1].split("</table>", 1)[0].split("<tr>")[2:]
    assert "<strong>掲載</strong>" in rows[0] and "（1位）" in rows[0]
    assert "非掲載" in rows[1]
