"""JSON Schemas generated from the document models (published under ``docs/schema/``)."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel

from chiiki_mirai.formulation.document import (
    BLOCK_DRAFT_FORMAT,
    PROPOSAL_FORMAT,
    BlockDraftDocument,
    ProposalDocument,
)
from chiiki_mirai.monitoring.document import PROGRESS_FORMAT, ProgressReport
from chiiki_mirai.plans.document import PLAN_FORMAT, PlanDocument

SchemaName = Literal["plan", "progress", "block-draft", "proposal"]
_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "plan": (PlanDocument, PLAN_FORMAT),
    "progress": (ProgressReport, PROGRESS_FORMAT),
    "block-draft": (BlockDraftDocument, BLOCK_DRAFT_FORMAT),
    "proposal": (ProposalDocument, PROPOSAL_FORMAT),
}
SCHEMA_NAMES: tuple[SchemaName, ...] = get_args(SchemaName)


def document_schema(name: SchemaName) -> dict[str, Any]:
    model, fmt = _MODELS[name]
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://chiiki-mirai.example/schema/{name}-1.schema.json",
        **schema,
        "title": fmt,
        "description": (model.__doc__ or "").strip(),
    }
