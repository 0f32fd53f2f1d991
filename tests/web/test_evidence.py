"""The reference list where 002 1(1)⑨ uses it (issue 11 §3): a prefecture's own list for the governments that
choose core companies, and the 証憑 of an unlisted core company — submitted by the authors, forwarded by the
prefecture, confirmed or rejected by 経済産業省 — which B-REFLIST-EVIDENCE and the look-up read."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from chiiki_mirai.analytics.evidence import (
    MAX_FILE_BYTES,
    Upload,
    do_decide_evidence,
    do_forward_evidence,
    do_submit_evidence,
)
from chiiki_mirai.analytics.models import Evidence, ReferenceEdition, ReferenceListView
from chiiki_mirai.analytics.reference import PLATFORM, TERMS, lookup
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow.documents import revision_findings
from chiiki_mirai.workflow.models import AuditEvent, Plan
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import PlanState, Role
from tests.web.conftest import CLAIMED, LISTED, PASSWORD, signed_in

PDF = Upload("調査報告書.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")


def xlsx() -> Upload:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return Upload("算定表.xlsx", buffer.getvalue())


@pytest.fixture
def meti(people: dict[str, Person]) -> Person:
    return make_person("meti-reviewer", "N-METI", Role.REVIEWER, PASSWORD)


def evidence_finding(plan: Plan, index: int = 1) -> str | None:
    """The severity of B-REFLIST-EVIDENCE on the core entity (None: met)."""
    for finding in revision_findings(plan.current_revision(), access=PLATFORM):
        if finding.rule == "B-REFLIST-EVIDENCE" and finding.path == f"core_entities[{index}].evidence":
            return finding.severity.value
    return None


def test_the_list_is_browsed_only_for_ones_own_prefecture_and_each_view_is_recorded(
    edition: ReferenceEdition,
    people: dict[str, Person],
) -> None:
    for name in ("compiler", "author"):  # 福岡県's compiler; 北九州市's author (a municipality of 福岡県)
        page = signed_in(people[name]).get("/companies/reference-list/").content.decode()
        assert LISTED in page and CLAIMED in page and TERMS[:20] in page
        assert "9999900000013" not in page  # the 東京都 firm is another prefecture's
    searched = signed_in(people["compiler"]).get("/companies/reference-list/", {"q": "3-9999-0000-2101"})
    assert LISTED in searched.content.decode() and CLAIMED not in searched.content.decode()
    assert ReferenceListView.objects.values_list("organisation", "prefecture", "query").first() == (
        "400009",
        40,
        "3-9999-0000-2101",
    )
    assert ReferenceListView.objects.count() == 3
    other = signed_in(people["other_compiler"]).get("/companies/reference-list/").content.decode()
    assert LISTED not in other and CLAIMED not in other  # 熊本県 sees 熊本県's firms only
    assert signed_in(people["reviewer"]).get("/companies/reference-list/").status_code == 403
    assert Client().get("/companies/reference-list/").status_code == 302


def test_evidence_runs_from_the_authors_through_the_prefecture_to_meti(
    edition: ReferenceEdition,
    draft: Plan,
    people: dict[str, Person],
    meti: Person,
) -> None:
    assert evidence_finding(draft) == "warning"  # no evidence yet
    before = (Evidence.objects.count(), AuditEvent.objects.filter(plan=draft).count())
    for person, upload, message in [
        (people["compiler"], PDF, "作成担当者"),
        (people["author"], Upload("virus.pdf", b"MZ\x90\x00"), "virus.pdf"),
        (people["author"], Upload("big.pdf", b"%PDF-" + b"0" * MAX_FILE_BYTES), "上限（5MB）"),
    ]:
        with pytest.raises(Refused, match=message):
            do_submit_evidence(person, draft, CLAIMED, "県内上位", [upload])
    with pytest.raises(Refused, match="核となる企業にありません"):
        do_submit_evidence(people["author"], draft, "9999900000013", "県内上位", [PDF])
    assert (Evidence.objects.count(), AuditEvent.objects.filter(plan=draft).count()) == before

    evidence = do_submit_evidence(
        people["author"], draft, CLAIMED, "委託調査で県内上位2%と算定", [PDF, xlsx()]
    )
    assert evidence.revision == draft.current_revision().number and evidence.files.count() == 2
    # Pending: METI is confirming it (2026-12b: information, no reviewer's judgement stands in for METI's).
    assert evidence_finding(draft) == "info"
    for person in (people["other_compiler"], people["author"], meti):
        with pytest.raises(Refused):
            do_forward_evidence(person, evidence)
    with pytest.raises(Refused, match="都道府県から提出された"):  # METI decides only what the prefecture sent
        do_decide_evidence(meti, evidence, True, "")
    evidence = do_forward_evidence(people["compiler"], evidence)
    for person in (
        people["reviewer"],
        people["author"],
        people["compiler"],
    ):  # 内閣官房 does not confirm 証憑
        with pytest.raises(Refused, match="経済産業省"):
            do_decide_evidence(person, evidence, True, "")
    with pytest.raises(Refused, match="理由"):
        do_decide_evidence(meti, evidence, False, " ")
    assert Evidence.objects.get(pk=evidence.pk).status == Evidence.Status.FORWARDED

    do_decide_evidence(meti, evidence, False, "算定の根拠となる取引データが示されていない")
    # Rejected: the firm is not eligible for 審査上の考慮, which does not hold up the plan (002 ⑨; 2026-12b: a warning).
    assert evidence_finding(draft) == "warning"
    again = do_submit_evidence(people["author"], draft, CLAIMED, "取引データを添付して再提出", [xlsx()])
    do_forward_evidence(people["compiler"], again)
    do_decide_evidence(meti, again, True, "取引データで確認")
    assert evidence_finding(draft) is None  # confirmed: met
    kinds = list(
        AuditEvent.objects.filter(plan=draft, kind=AuditEvent.Kind.EVIDENCE).values_list("comment", flat=True)
    )
    assert len(kinds) == 6 and kinds[-1] == "証憑を確認: " + evidence.name + " 取引データで確認"


def test_the_evidence_files_go_only_to_those_who_see_the_plan(
    edition: ReferenceEdition,
    draft: Plan,
    people: dict[str, Person],
) -> None:
    evidence = do_submit_evidence(people["author"], draft, CLAIMED, "県内上位", [PDF])
    url = f"/companies/evidence/files/{evidence.files.get().pk}/"
    response = signed_in(people["author"]).get(url)
    assert response.status_code == 200 and response.content == PDF.data
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert signed_in(people["other_author"]).get(url).status_code == 404  # a draft is the authors' own
    assert Client().get(url).status_code == 302


def test_the_look_up_says_whether_the_evidence_was_confirmed(
    edition: ReferenceEdition,
    draft: Plan,
    people: dict[str, Person],
    meti: Person,
    advance: object,
) -> None:
    evidence = do_submit_evidence(people["author"], draft, CLAIMED, "県内上位", [PDF])
    do_decide_evidence(meti, do_forward_evidence(people["compiler"], evidence), True, "確認")
    advance(draft, PlanState.PUBLISHED)  # type: ignore[operator]
    [result] = lookup(CLAIMED)
    assert result.degree is not None and not result.degree.listed
    assert [(p.public_id, p.evidence_confirmed) for p in result.plans] == [(draft.public_id, True)]
    page = signed_in(meti).get("/companies/lookup/", {"q": CLAIMED}).content.decode()
    assert "証憑を経済産業省が確認" in page
