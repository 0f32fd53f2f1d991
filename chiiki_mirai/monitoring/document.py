"""The half-yearly progress report, ``chiiki-mirai/progress@1`` (進捗報告)."""

from __future__ import annotations

from pydantic import Field

from chiiki_mirai.plans.choices import MeasureStatus
from chiiki_mirai.plans.document import DocumentModel
from chiiki_mirai.plans.values import FiscalYear, Identifier, LocalGovernmentCode, NumberValue, Period

PROGRESS_FORMAT = "chiiki-mirai/progress@1"


#: What a delayed or stopped measure must say, as both report forms (the web's and the Excel one) head it.
CAUSE_HEADING = "要因（遅延・中止の場合は必須）"
REMEDY_HEADING = "追加施策・見直し（遅延・中止の場合は必須）"


class KpiActual(DocumentModel):
    id: Identifier
    actual: NumberValue | None = None
    note: str | None = None


class MeasureProgress(DocumentModel):
    id: Identifier
    status: MeasureStatus
    note: str | None = None
    bottleneck: str | None = Field(None, description="進捗が芳しくない場合の要因")
    remedy: str | None = Field(None, description="追加施策・見直し")


class KgiActual(DocumentModel):
    id: Identifier
    actual: NumberValue | None = None
    fy: FiscalYear | None = None


class ProgressReport(DocumentModel):
    """One plan's report for one half-year (001 A(5), 002 ④)."""

    format: str = Field(PROGRESS_FORMAT, description="文書形式の版")
    plan: str = Field(description="計画ID")
    period: Period
    reported_by: LocalGovernmentCode | None = None
    kpis: list[KpiActual] = Field(default_factory=list)
    measures: list[MeasureProgress] = Field(default_factory=list)
    kgis: list[KgiActual] = Field(default_factory=list)
