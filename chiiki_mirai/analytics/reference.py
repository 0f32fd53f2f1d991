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
from django.db.models import Q

from chiiki_mirai.analytics.models import FirmDegree, ReferenceEdition
from chiiki_mirai.plans.choices import ReferenceListStatus
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.workflow.models import CoreEntityRecord
from chiiki_mirai.workflow.states import PlanState

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


def with_reference_list(document: PlanDocument) -> PlanDocument:
    """The plan with each core entity marked from the newest edition (unchanged when none is loaded)."""
    edition = latest_edition()
    numbers = [e.corporate_number for e in document.core_entities if e.corporate_number]
    if edition is None or not numbers:
        return document
    found = degrees_for(numbers, edition)
    entities = []
    for entity in document.core_entities:
        if not entity.corporate_number:
            entities.append(entity)
            continue
        degree = found.get(entity.corporate_number)
        update: dict[str, Any] = {
            "reference_list": ReferenceListStatus.LISTED
            if degree and degree.listed
            else ReferenceListStatus.NOT_LISTED
        }
        if degree is not None:
            update |= {"connector_degree": degree.connector_degree, "hub_degree": degree.hub_degree}
        entities.append(entity.model_copy(update=update))
    return document.model_copy(update={"core_entities": entities})


@dataclass(frozen=True)
class LookupResult:
    """For a ministry's subsidy reviewer: is this firm a core company of a published plan, and is it listed."""

    corporate_number: str
    name: str
    plans: list[tuple[str, str, str]]  # (plan id, type, title) of published plans naming the firm
    degree: FirmDegree | None


def lookup(query: str, limit: int = 50) -> list[LookupResult]:
    query = query.strip()
    if not query:
        return []
    number = query.replace("-", "").replace(" ", "")
    by_number = number.isdigit()
    records = CoreEntityRecord.objects.filter(plan__state=PlanState.PUBLISHED).select_related("plan")
    records = (
        records.filter(corporate_number=number.zfill(13))
        if by_number
        else records.filter(name__icontains=query)
    )
    firms: dict[str, LookupResult] = {}
    for record in records[: limit * 5]:
        key = record.corporate_number or record.name
        result = firms.setdefault(key, LookupResult(record.corporate_number, record.name, [], None))
        result.plans.append((record.plan.public_id, record.plan.plan_type, record.plan.title))
    edition = latest_edition()
    if edition is not None:
        listed = FirmDegree.objects.filter(edition=edition)
        listed = (
            listed.filter(firm_id=number.zfill(13)) if by_number else listed.filter(Q(name__icontains=query))
        )
        for degree in listed[:limit]:
            current = firms.get(degree.firm_id)
            firms[degree.firm_id] = LookupResult(
                degree.firm_id,
                current.name if current else degree.name,
                current.plans if current else [],
                degree,
            )
        numbers = [k for k, r in firms.items() if r.corporate_number and r.degree is None]
        for firm_id, degree in degrees_for(numbers, edition).items():
            firms[firm_id] = LookupResult(firm_id, firms[firm_id].name, firms[firm_id].plans, degree)
    return list(firms.values())[:limit]
