"""The reference list in the platform: loading an edition, marking a plan's core entities, the look-up.

The platform, not the author, says whether a firm is on the list: when a plan is checked, each core entity with a
法人番号 is marked listed / not listed with its degrees from the newest edition, and the B-REFLIST rules judge that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from django.db import transaction
from django.db.models import Case, F, Q, When

from chiiki_mirai.analytics.models import Evidence, FirmDegree, ReferenceEdition, ReferenceListView
from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Person, author_names
from chiiki_mirai.plans.choices import EvidenceStatus, ReferenceListStatus
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.workflow.models import CoreEntityRecord
from chiiki_mirai.workflow.states import PlanState, Role

BATCH = 5_000
_COLUMNS = [
    "firm_id",
    "name",
    "prefecture",
    "employees",
    "connector_degree",
    "connector_rank",
    "hub_degree",
    "hub_rank",
]


def _firm_id(value: Any) -> str:
    """法人番号 as 13 digits (the network keeps integer ids as BIGINT)."""
    text = str(value)
    return text.zfill(13) if text.isdigit() and len(text) <= 13 else text


@transaction.atomic
def load_edition(result: Path) -> ReferenceEdition:
    """Load the output folder of ``network degrees`` (Parquet) as a new edition."""
    rule = json.loads((result / "rule.json").read_text(encoding="utf-8"))
    listed = pq.read_table(result / "reference_list.parquet", columns=["firm_id", "listed_by"]).to_pydict()
    listed_by = {_firm_id(f): b for f, b in zip(listed["firm_id"], listed["listed_by"], strict=True)}
    edition = ReferenceEdition.objects.create(year=int(rule.pop("year")), rule=rule, source=str(result))
    table = pq.ParquetFile(result / "firm_degrees.parquet")
    firms = 0
    for batch in table.iter_batches(batch_size=BATCH, columns=_COLUMNS):
        rows = batch.to_pydict()
        FirmDegree.objects.bulk_create(
            FirmDegree(
                edition=edition,
                firm_id=(firm_id := _firm_id(rows["firm_id"][i])),
                name=(rows["name"][i] or "")[:200],
                prefecture=rows["prefecture"][i],
                employees=rows["employees"][i],
                connector_degree=rows["connector_degree"][i],
                connector_rank=rows["connector_rank"][i],
                hub_degree=rows["hub_degree"][i],
                hub_rank=rows["hub_rank"][i],
                listed_by=listed_by.get(firm_id, ""),
            )
            for i in range(batch.num_rows)
        )
        firms += batch.num_rows
    edition.firms, edition.listed = firms, len(listed_by)
    edition.save(update_fields=["firms", "listed"])
    return edition


def latest_edition() -> ReferenceEdition | None:
    return ReferenceEdition.objects.first()


def degrees_for(numbers: list[str], edition: ReferenceEdition | None = None) -> dict[str, FirmDegree]:
    edition = edition or latest_edition()
    if edition is None or not numbers:
        return {}
    return {d.firm_id: d for d in FirmDegree.objects.filter(edition=edition, firm_id__in=numbers)}


def evidence_statuses(plan_id: int) -> dict[str, EvidenceStatus]:
    """Where each firm's latest 証憑 for this plan stands (submitted or forwarded: pending)."""
    statuses: dict[str, EvidenceStatus] = {}
    for number, status in Evidence.objects.filter(plan_id=plan_id).values_list("corporate_number", "status"):
        statuses.setdefault(number, _EVIDENCE_STATUS.get(status, EvidenceStatus.PENDING))  # newest first
    return statuses


_EVIDENCE_STATUS = {
    Evidence.Status.CONFIRMED.value: EvidenceStatus.CONFIRMED,
    Evidence.Status.REJECTED.value: EvidenceStatus.REJECTED,
}


@dataclass(frozen=True)
class ReferenceAccess:
    """Which part of the reference list an answer may depend on. 002 1(1)⑨: the list is compiled by 経済産業省 from
    private databases (民間データベース等を参照し抽出) for the prefectures and municipalities to consult; it is
    not public. National staff see all of it; a prefecture's compiler and its governments' authors their own
    prefecture's firms (as they may browse them); anyone else nothing — for them a firm is neither listed nor
    unlisted, so no answer (a finding, a degree) tells the one from the other."""

    prefectures: frozenset[int] | None  # None: every prefecture
    person: Person | None = None  # whose answers are recorded like views of the list

    def covers(self, prefecture: int | None) -> bool:
        return self.prefectures is None or (prefecture is not None and prefecture in self.prefectures)

    @property
    def restricted(self) -> bool:
        return self.prefectures is not None


#: The platform's own decisions (whether a step may happen, which judgements carry over) read the whole list;
#: what a person is shown is computed with that person's :func:`reference_access`.
PLATFORM = ReferenceAccess(None)
NO_ACCESS = ReferenceAccess(frozenset())


def reference_access(person: Person | None) -> ReferenceAccess:
    if person is None:
        return NO_ACCESS
    if person.organisation.is_national:
        return ReferenceAccess(None, person)
    prefecture = browsing_prefecture(person)
    return ReferenceAccess(frozenset() if prefecture is None else frozenset({prefecture}), person)


#: Said beside the reference-list findings to a person who may not see (part of) the list.
RESTRICTED_NOTE = Text(
    "（参考リストは閲覧権限のある方にのみ照合します）",
    " (the reference list is consulted only for people entitled to see it)",
)


def visible_degrees(
    numbers: list[str], access: ReferenceAccess, purpose: str | None
) -> dict[str, FirmDegree]:
    """The newest edition's entries for these firms that ``access`` covers; a person's answer that used the list is
    recorded like a view (one record per prefecture consulted, ``purpose`` as its query; None where the same answer
    was recorded already, as a page showing the degrees its findings were checked against)."""
    if access.prefectures is not None and not access.prefectures:
        return {}
    found = {n: d for n, d in degrees_for(numbers).items() if access.covers(d.prefecture)}
    person = access.person
    if person is not None and found and purpose is not None:
        ReferenceListView.objects.bulk_create(
            ReferenceListView(
                user=person.user,
                actor_name=str(person),
                organisation=person.organisation.code,
                prefecture=prefecture,
                query=purpose[:200],
            )
            for prefecture in sorted({d.prefecture for d in found.values()})
        )
    return found


def with_reference_list(
    document: PlanDocument, plan_id: int | None = None, *, access: ReferenceAccess, purpose: str = "照合"
) -> PlanDocument:
    """The plan with each core entity marked from the newest edition as far as ``access`` covers it (for a restricted
    access, a firm it does not cover — or that the data lacks — is 「未確認」 whatever the text says) and, for a
    stored plan, from its evidence's state (unchanged when the platform knows neither)."""
    edition = latest_edition()
    numbers = [e.corporate_number for e in document.core_entities if e.corporate_number]
    statuses = evidence_statuses(plan_id) if plan_id is not None else {}
    if (edition is None and not statuses) or not numbers:
        return document
    found = visible_degrees(numbers, access, purpose) if edition is not None else {}
    entities = []
    for entity in document.core_entities:
        if not entity.corporate_number:
            entities.append(entity)
            continue
        update: dict[str, Any] = {}
        if edition is not None:
            degree = found.get(entity.corporate_number)
            if degree is None and access.restricted:
                # Outside what this person may see (or not in the data): listed or not, it reads 「未確認」.
                update["reference_list"] = ReferenceListStatus.UNKNOWN
            else:
                update["reference_list"] = (
                    ReferenceListStatus.LISTED if degree and degree.listed else ReferenceListStatus.NOT_LISTED
                )
            if degree is not None:
                update |= {"connector_degree": degree.connector_degree, "hub_degree": degree.hub_degree}
        if entity.corporate_number in statuses:
            update["evidence_status"] = statuses[entity.corporate_number]
        entities.append(entity.model_copy(update=update))
    return document.model_copy(update={"core_entities": entities})


@dataclass(frozen=True)
class CorePlan:
    """A plan that names a firm among its core entities, as a grant system needs it."""

    public_id: str
    plan_type: str
    title: str
    authors: str
    batch: int | None
    state: PlanState
    evidence: str  # the firm's 証憑 for this plan: "" none, else Evidence.Status

    @property
    def published(self) -> bool:
        return self.state is PlanState.PUBLISHED

    @property
    def evidence_confirmed(self) -> bool:
        return self.evidence == Evidence.Status.CONFIRMED


def plans_naming(numbers: list[str]) -> dict[str, list[CorePlan]]:
    """For each 法人番号, the plans beyond the draft stage whose current text names it a core entity (the
    platform's index of core entities), with the plan's state and the firm's evidence for it. Batched queries."""
    records = (
        CoreEntityRecord.objects.filter(corporate_number__in=numbers)
        .exclude(plan__state=PlanState.DRAFT)
        .select_related("plan")
        .order_by("corporate_number", "plan__public_id")
    )
    pairs = [(r.corporate_number, r.plan) for r in records]
    plan_ids = {plan.pk for _, plan in pairs}
    authors = author_names(list(plan_ids))
    evidence: dict[tuple[int, str], str] = {}
    for plan_id, number, status in (
        Evidence.objects.filter(plan_id__in=plan_ids, corporate_number__in=numbers)
        .order_by("-submitted_at", "-id")
        .values_list("plan_id", "corporate_number", "status")
    ):
        evidence.setdefault((plan_id, number), status)
    found: dict[str, list[CorePlan]] = {}
    for number, plan in pairs:
        found.setdefault(number, []).append(
            CorePlan(
                plan.public_id,
                plan.plan_type,
                plan.title,
                "・".join(name for _, name in authors.get(plan.pk, [])),
                plan.batch,
                plan.state_enum,
                evidence.get((plan.pk, number), ""),
            )
        )
    return found


@dataclass(frozen=True)
class LookupResult:
    """For a ministry's subsidy reviewer: is this firm a core company of a published plan, and is it listed or
    confirmed by 証憑."""

    corporate_number: str
    name: str
    plans: list[CorePlan]  # published plans naming the firm
    degree: FirmDegree | None


def lookup(query: str, limit: int = 50) -> list[LookupResult]:
    query = query.strip()
    if not query:
        return []
    number = query.replace("-", "").replace(" ", "")
    by_number = number.isdigit()
    records = CoreEntityRecord.objects.filter(plan__state=PlanState.PUBLISHED)
    records = (
        records.filter(corporate_number=number.zfill(13))
        if by_number
        else records.filter(name__icontains=query)
    )
    names: dict[str, str] = {}
    for record in records[: limit * 5]:
        names.setdefault(record.corporate_number or record.name, record.name)
    edition = latest_edition()
    degrees: dict[str, FirmDegree] = {}
    if edition is not None:
        listed = FirmDegree.objects.filter(edition=edition)
        listed = (
            listed.filter(firm_id=number.zfill(13)) if by_number else listed.filter(Q(name__icontains=query))
        )
        for degree in listed[:limit]:
            degrees[degree.firm_id] = degree
            names.setdefault(degree.firm_id, degree.name)
        degrees |= degrees_for([k for k in names if k.isdigit() and k not in degrees], edition)
    plans = plans_naming([k for k in names if k.isdigit()])
    return [
        LookupResult(
            key if key.isdigit() else "",
            name,
            [p for p in plans.get(key, []) if p.published],
            degrees.get(key),
        )
        for key, name in list(names.items())[:limit]
    ]


#: Said on every page of the list (002 1(1)⑨ does not make the list public; the platform's reading of its use).
TERMS = (
    "参考リストは、国が民間データベース等を参照して作成した、補助金等の審査上の考慮のための資料で、公開されていません"
    "（002 1(1)⑨）。この画面は、計画推進の核となる企業を選ぶ参考として（「当該リストも参考にしながら」）、"
    "所属する団体の都道府県の企業に限って表示します。閲覧は記録されます。外部への提供・転載はできません。"
)


def browsing_prefecture(person: Person | None) -> int | None:
    """The prefecture whose list this person may browse: a prefecture's compiler or author, or a municipality's
    author, each for their own prefecture (002 1(1)⑨: 都道府県及び市町村が…参考にしながら). None: no list."""
    if person is None or person.organisation.is_national:
        return None
    if person.role_enum not in (Role.COMPILER, Role.AUTHOR):
        return None
    return person.organisation.prefecture_code


def browse(person: Person, query: str, page_size: int = 100, offset: int = 0) -> tuple[list[FirmDegree], int]:
    """The newest edition's firms of the person's prefecture (listed first, by rank), recorded as a view."""
    prefecture = browsing_prefecture(person)
    edition = latest_edition()
    if prefecture is None or edition is None:
        return [], 0
    firms = FirmDegree.objects.filter(edition=edition, prefecture=prefecture)
    query = query.strip()
    if query:
        number = query.replace("-", "").replace(" ", "")
        firms = (
            firms.filter(firm_id=number.zfill(13))
            if number.isdigit()
            else firms.filter(name__icontains=query)
        )
    ReferenceListView.objects.create(
        user=person.user,
        actor_name=str(person),
        organisation=person.organisation.code,
        prefecture=prefecture,
        query=query[:200],
    )
    ordered = firms.order_by(
        Case(When(listed_by="", then=1), default=0),
        F("connector_rank").asc(nulls_last=True),
        F("hub_rank").asc(nulls_last=True),
        "firm_id",
    )
    return list(ordered[offset : offset + page_size]), firms.count()
