"""The half-year's progress report as a form in words (issue 22 §1, §2): a block per KPI, measure and KGI of what the
person reports on, the plan's figures beside each for reference, as the Excel form has them
(``monitoring.workbook``). What is posted becomes a ``progress@1`` document, checked and submitted by the same
service as an uploaded report; what did not read is shown back in place, as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _

from chiiki_mirai.monitoring.document import CAUSE_HEADING, PROGRESS_FORMAT, REMEDY_HEADING
from chiiki_mirai.monitoring.status import expected_at
from chiiki_mirai.plans.amounts import AmountError, value_in_unit
from chiiki_mirai.plans.choices import MeasureStatus
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.periods import period_fiscal_year
from chiiki_mirai.web.language import in_reader_language
from chiiki_mirai.web.templatetags.wording import day, figure

Kind = Literal["number", "text", "status", "fiscal_year"]


@dataclass(frozen=True)
class ReportField:
    name: str  # the input's name: ``kpis.k1.actual`` (by the item's id, so a report's order does not matter)
    label: str
    kind: Kind
    value: str = ""
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportItem:
    """One KPI, measure or KGI: what it is, the plan's figures for reference, and what the person writes."""

    group: Literal["kpis", "measures", "kgis"]
    id: str
    title: str
    reference: tuple[tuple[str, str], ...]
    fields: tuple[ReportField, ...] = field(default=())
    unit: str | None = None  # an actual may be typed with it (「140人」 for a KPI in 人)


_PARTS: dict[str, tuple[tuple[str, Kind], ...]] = {
    "kpis": (("actual", "number"), ("note", "text")),
    "measures": (("status", "status"), ("note", "text"), ("bottleneck", "text"), ("remedy", "text")),
    "kgis": (("fy", "fiscal_year"), ("actual", "number")),
}


def _part_label(group: str, part: str, unit: str | None) -> str:
    labels = {
        "actual": _("実績") + (f"（{unit}）" if unit else ""),
        "note": _("備考（実績を把握できない場合はその理由）") if group == "kpis" else _("備考"),
        "status": _("状況"),
        "bottleneck": _(CAUSE_HEADING),  # the catalogue holds these two msgids' English
        "remedy": _(REMEDY_HEADING),
        "fy": _("実績の年度"),
    }
    return labels[part]


def status_options() -> list[tuple[str, str]]:
    return [(status.value, in_reader_language(status.text)) for status in MeasureStatus]


def report_items(
    part: PlanDocument,
    period: str,
    shown: Mapping[str, str],
    errors: Mapping[str, list[str]] | None = None,
) -> list[ReportItem]:
    """The form's blocks for ``part`` (what the person reports on), with ``shown`` values by input name (a report
    already sent for the half-year, or what was typed) and ``errors`` by input name."""
    errors = errors or {}
    items: list[ReportItem] = []

    def fields(group: str, item_id: str, unit: str | None) -> tuple[ReportField, ...]:
        return tuple(
            ReportField(
                name := f"{group}.{item_id}.{part_name}",
                _part_label(group, part_name, unit),
                kind,
                shown.get(name, ""),
                tuple(errors.get(name, ())),
            )
            for part_name, kind in _PARTS[group]
        )

    policy = part.policy
    for kpi in policy.kpis if policy else []:
        expected = expected_at(kpi, period)
        reference = [(_("単位"), kpi.unit or "—")]
        reference.append((_("計画の軌道（この半期）"), figure(expected)))
        if kpi.withdrawal and kpi.withdrawal.rule:
            reference.append((_("撤退基準"), kpi.withdrawal.rule))
        items.append(
            ReportItem(
                "kpis",
                kpi.id,
                kpi.name or kpi.id,
                tuple(reference),
                fields("kpis", kpi.id, kpi.unit),
                kpi.unit,
            )
        )
    for measure in policy.measures if policy else []:
        reference = [(_("期限"), day(measure.deadline))] if measure.deadline else []
        items.append(
            ReportItem(
                "measures",
                measure.id,
                measure.title or measure.id,
                tuple(reference),
                fields("measures", measure.id, None),
            )
        )
    for kgi in part.kgis:
        items.append(
            ReportItem(
                "kgis",
                kgi.id,
                kgi.name or in_reader_language(kgi.kind.text),
                ((_("単位"), kgi.unit or "—"),),
                fields("kgis", kgi.id, kgi.unit),
                kgi.unit,
            )
        )
    return items


def shown_from_report(document: Mapping[str, Any]) -> dict[str, str]:
    """A report already sent (``progress@1`` data) as the form's values, so a correction starts from it."""
    shown: dict[str, str] = {}
    for group, parts in _PARTS.items():
        for item in document.get(group, []):
            if isinstance(item, dict) and item.get("id") is not None:
                for part_name, _kind in parts:
                    if item.get(part_name) is not None:
                        shown[f"{group}.{item['id']}.{part_name}"] = str(item[part_name])
    return shown


def report_data(
    plan_id: str, period: str, reporter: str | None, items: list[ReportItem], form: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The ``progress@1`` data the form says, and where each of its paths was typed (path -> input name) to show a
    problem beside its input. An item left wholly empty is not reported (the service names what a report lacks)."""
    data: dict[str, Any] = {"format": PROGRESS_FORMAT, "plan": plan_id, "period": period}
    if reporter:
        data["reported_by"] = reporter
    places: dict[str, str] = {}
    for item in items:
        values = {f.name.rsplit(".", 1)[1]: form.get(f.name, "").strip() for f in item.fields}
        if not any(values.values()):
            continue
        entries: list[dict[str, Any]] = data.setdefault(item.group, [])
        index = len(entries)
        if values.get("actual") and item.unit:
            values["actual"] = _in_unit(values["actual"], item.unit)
        entries.append({"id": item.id, **{k: v for k, v in values.items() if v}})
        for f in item.fields:
            places[f"{item.group}[{index}].{f.name.rsplit('.', 1)[1]}"] = f.name
    if "kgis" in data:
        for kgi in data["kgis"]:
            if "actual" in kgi and "fy" not in kgi:
                kgi["fy"] = period_fiscal_year(period)  # the half-year's fiscal year, as the form says
    return data, places


def _in_unit(text: str, unit: str) -> Any:
    """An actual as typed in the item's own unit (「140人」, 「1.5億円」 for 百万円) as its number; left as typed when it
    does not read, for validation to say so in place."""
    try:
        return value_in_unit(text, unit)
    except AmountError:
        return text
