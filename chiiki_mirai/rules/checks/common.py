"""Checks common to all plan types: authors, period, KGIs, KPIs, measures, sections, entities."""

from __future__ import annotations

from collections.abc import Iterator

from chiiki_mirai.analytics.ripple.demand import demand_of, stated_value_added
from chiiki_mirai.analytics.ripple.multipliers import direct_value_added, operations_value_added
from chiiki_mirai.i18n import Text, joined
from chiiki_mirai.plans.amounts import (
    COUNT_UNITS,
    KNOWN_UNITS,
    MONEY_PER_PERSON_UNITS,
    MONEY_UNITS,
    RATE_UNITS,
    format_million_yen,
    is_money_unit,
    to_million_yen,
)
from chiiki_mirai.plans.choices import KgiKind, MonitoringFrequency, PlanType, ProgrammeKind
from chiiki_mirai.plans.document import Kgi, PlanDocument
from chiiki_mirai.plans.periods import fiscal_year_end, fiscal_year_start, period_fiscal_year
from chiiki_mirai.plans.programmes import seeded_programmes
from chiiki_mirai.reference.codes import is_valid_corporate_number, is_valid_local_government_code
from chiiki_mirai.reference.jsic import jsic
from chiiki_mirai.reference.localgov import GovernmentKind, local_governments
from chiiki_mirai.reference.national import national_names
from chiiki_mirai.rules.checks import Params, plan_check, present, value_at
from chiiki_mirai.rules.findings import Hit
from chiiki_mirai.rules.rulebook import Severity


def _governments_named(plan: PlanDocument) -> Iterator[tuple[str, str]]:
    for i, author in enumerate(plan.authors):
        yield f"authors[{i}].code", author.code
    if plan.area:
        for i, code in enumerate(plan.area.core_areas):
            yield f"area.core_areas[{i}]", code
    for i, entity in enumerate(plan.core_entities):
        if entity.location:
            yield f"core_entities[{i}].location", entity.location


@plan_check("local_government_codes")
def local_government_codes(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    if not plan.authors:
        yield Hit("authors", "no_authors")
    master = local_governments()
    for path, code in _governments_named(plan):
        if not is_valid_local_government_code(code):
            yield Hit(path, "invalid", {"code": code})
        elif code not in master:
            yield Hit(path, "unknown", {"code": code})


@plan_check("author_kind")
def author_kind(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """The authors may write this type; for A (when the edition names ``formulating``) the plan is formulated by
    the national bodies and ``authors`` are the proposing prefectures (001 A(4)②)."""
    formulating = params.get("formulating", {}).get(plan.plan_type.value)
    if formulating is not None:
        yield from _formulating_bodies(plan, formulating)
    kinds = params["allowed"][plan.plan_type.value]
    allowed = {GovernmentKind(k) for k in kinds}
    master = local_governments()
    for i, author in enumerate(plan.authors):
        government = master.get(author.code)
        if government is not None and government.kind not in allowed:
            labels = joined((GovernmentKind(k).text for k in kinds), "・")
            yield Hit(
                f"authors[{i}].code",
                params={"name": government.full_name, "kind": government.kind.text, "allowed": labels},
            )


def _formulating_bodies(plan: PlanDocument, formulating: list[str]) -> Iterator[Hit]:
    names = national_names()
    allowed = joined((names.get(code, code) for code in formulating), "・")
    bodies = plan.formulation.bodies if plan.formulation else []
    if not bodies:
        yield Hit("formulation.bodies", "no_formulation", {"allowed": allowed})
    for i, code in enumerate(bodies):
        if code not in formulating:
            yield Hit(
                f"formulation.bodies[{i}]",
                "not_formulating",
                {"name": names.get(code, code), "allowed": allowed},
            )


@plan_check("measure_owner_bodies")
def measure_owner_bodies(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """Each measure names the ministry or prefecture whose department reports on it (001 A(5)①)."""
    names, master = national_names(), local_governments()
    for i, measure in enumerate(plan.policy.measures if plan.policy else []):
        body = measure.owner_body
        government = master.get(body) if body else None
        if not body:
            yield Hit(f"policy.measures[{i}].owner_body", "missing", {"measure": measure.title or measure.id})
        elif body not in names and (government is None or government.kind is not GovernmentKind.PREFECTURE):
            yield Hit(
                f"policy.measures[{i}].owner_body",
                params={"measure": measure.title or measure.id, "body": body},
            )


@plan_check("joint_lead")
def joint_lead(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    leads = sum(1 for a in plan.authors if a.lead)
    if (len(plan.authors) > 1 and leads != 1) or (len(plan.authors) == 1 and leads > 1):
        yield Hit("authors", params={"count": leads})


def _years(plan: PlanDocument) -> tuple[int | None, int | None, int | None]:
    period = plan.period
    if period is None:
        return None, None, None
    return period.start_fy, period.end_fy, period.goal_fy


@plan_check("period_length")
def period_length(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    start, end, _ = _years(plan)
    if start is None or end is None:
        return
    years = end - start + 1
    if years != params["years"]:
        yield Hit("period.end_fy", params={"years": years, "expected": params["years"]})


@plan_check("goal_within")
def goal_within(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    start, end, goal = _years(plan)
    if start is None or end is None or goal is None:
        missing = [n for n, v in (("start_fy", start), ("end_fy", end), ("goal_fy", goal)) if v is None]
        yield Hit(
            "period" if plan.period is None else f"period.{missing[0]}",
            "missing",
            {"fields": ", ".join(missing)},
        )
        return
    if end < start:
        yield Hit("period.end_fy", "reversed", {"start": start, "end": end})
    if goal - start + 1 > params["max_years"]:
        yield Hit("period.goal_fy", "too_far", {"years": goal - start + 1, "max": params["max_years"]})
    if goal < end:
        yield Hit("period.goal_fy", "before_end", {"goal": goal, "end": end})


@plan_check("goal_year")
def goal_year(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    goal = plan.period.goal_fy if plan.period else None
    if goal != params["year"]:
        yield Hit(
            "period.goal_fy", params={"goal": goal if goal is not None else "—", "expected": params["year"]}
        )


def _mandatory_kinds(plan: PlanDocument, params: Params) -> list[KgiKind]:
    kinds = [KgiKind(k) for k in params["kinds"]]
    alternatives = params.get("alternatives", {}).get(plan.plan_type.value, [])
    return kinds + [KgiKind(k) for k in alternatives]


@plan_check("mandatory_kgi")
def mandatory_kgi(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    accepted = _mandatory_kinds(plan, params)
    candidates = [(i, k) for i, k in enumerate(plan.kgis) if k.kind in accepted]
    if not candidates:
        yield Hit("kgis", "missing", {"kind": joined((k.text for k in accepted), "／", " / ")})
        return
    if not any(k.target is not None and k.target.value is not None for _, k in candidates):
        index = candidates[0][0]
        yield Hit(f"kgis[{index}].target", "no_target", {"kind": candidates[0][1].kind.text})


MANDATORY_KINDS = (KgiKind.CAPEX, KgiKind.VALUE_ADDED, KgiKind.TALENT, KgiKind.LABOR_PRODUCTIVITY)


def _mandatory_kgis(plan: PlanDocument) -> Iterator[tuple[int, Kgi]]:
    for i, kgi in enumerate(plan.kgis):
        if kgi.kind in MANDATORY_KINDS:
            yield i, kgi


@plan_check("capex_cumulative")
def capex_cumulative(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    start, _, goal = _years(plan)
    for i, kgi in enumerate(plan.kgis):
        if kgi.kind is not KgiKind.CAPEX:
            continue
        cumulative = kgi.cumulative
        if cumulative is None or cumulative.value is None:
            yield Hit(f"kgis[{i}].cumulative", "missing")
            continue
        if start is not None and cumulative.from_fy is not None and cumulative.from_fy > start:
            yield Hit(
                f"kgis[{i}].cumulative.from_fy", "late_start", {"from_fy": cumulative.from_fy, "start": start}
            )
        if goal is not None and cumulative.to_fy is not None and cumulative.to_fy != goal:
            yield Hit(f"kgis[{i}].cumulative.to_fy", "wrong_end", {"to_fy": cumulative.to_fy, "goal": goal})
        if cumulative.from_fy is None or cumulative.to_fy is None:
            yield Hit(f"kgis[{i}].cumulative", "no_span")


@plan_check("kgi_target_year")
def kgi_target_year(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    goal = plan.period.goal_fy if plan.period else None
    if goal is None:
        return
    for i, kgi in _mandatory_kgis(plan):
        if kgi.target is not None and kgi.target.fy != goal:
            yield Hit(
                f"kgis[{i}].target.fy", params={"name": kgi.name or kgi.id, "fy": kgi.target.fy, "goal": goal}
            )


@plan_check("kgi_basis")
def kgi_basis(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    for i, kgi in _mandatory_kgis(plan):
        for field, label in (
            ("basis", Text("設定の根拠", "basis")),
            ("verification", Text("効果検証の方法", "verification method")),
        ):
            if not present(getattr(kgi, field)):
                yield Hit(f"kgis[{i}].{field}", params={"name": kgi.name or kgi.id, "item": label})


@plan_check("own_kgi")
def own_kgi(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    if not plan.kgis_of(KgiKind.OWN):
        yield Hit("kgis")


@plan_check("value_added_calculation")
def value_added_calculation(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    for i, kgi in enumerate(plan.kgis):
        calc = kgi.calculation
        if calc is None:
            continue
        if calc.sales_increase is None or calc.value_added_rate is None:
            yield Hit(f"kgis[{i}].calculation", "incomplete")
            continue
        if kgi.target is None or kgi.target.value is None:
            continue
        expected = calc.sales_increase * calc.value_added_rate
        tolerance = params["tolerance"] * max(abs(expected), abs(kgi.target.value))
        if abs(kgi.target.value - expected) > tolerance:
            yield Hit(
                f"kgis[{i}].target.value",
                params={
                    "target": f"{kgi.target.value:,}",
                    "expected": f"{expected:,.0f}",
                    "sales": f"{calc.sales_increase:,}",
                    "rate": calc.value_added_rate,
                },
            )


_UNITS_FOR_KIND: dict[KgiKind, frozenset[str]] = {
    KgiKind.CAPEX: frozenset(MONEY_UNITS),
    KgiKind.VALUE_ADDED: frozenset(MONEY_UNITS),
    KgiKind.TALENT: frozenset({"人"}),
    KgiKind.LABOR_PRODUCTIVITY: MONEY_PER_PERSON_UNITS | RATE_UNITS,
}
_SPILLOVER_UNITS = {
    "intra_regional_transactions": frozenset(MONEY_UNITS),
    "sales": frozenset(MONEY_UNITS),
    "jobs": COUNT_UNITS,
    "wage_growth": RATE_UNITS | frozenset(MONEY_UNITS) | MONEY_PER_PERSON_UNITS,
}


@plan_check("known_units")
def known_units(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    for i, kgi in enumerate(plan.kgis):
        if not present(kgi.unit):
            yield Hit(f"kgis[{i}].unit", "missing", {"name": kgi.name or kgi.id})
        elif kgi.unit not in KNOWN_UNITS:
            yield Hit(
                f"kgis[{i}].unit", "unknown", {"unit": kgi.unit, "known": "、".join(sorted(KNOWN_UNITS))}
            )
        elif kgi.kind in _UNITS_FOR_KIND and kgi.unit not in _UNITS_FOR_KIND[kgi.kind]:
            expected = "、".join(sorted(_UNITS_FOR_KIND[kgi.kind]))
            yield Hit(
                f"kgis[{i}].unit",
                "wrong_kind",
                {"unit": kgi.unit, "kind": kgi.kind.text, "expected": expected},
            )
    targets = plan.pathway.spillover_targets if plan.pathway else None
    if targets is None:
        return
    for name, allowed in _SPILLOVER_UNITS.items():
        target = getattr(targets, name)
        if target is not None and present(target.unit) and target.unit not in allowed:
            yield Hit(
                f"pathway.spillover_targets.{name}.unit",
                "wrong_kind",
                {"unit": target.unit, "kind": name, "expected": "、".join(sorted(allowed))},
            )


@plan_check("kpi_present")
def kpi_present(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    if plan.policy is None or not plan.policy.kpis:
        yield Hit("policy.kpis")


_WITHDRAWAL_PARTS = (
    ("rule", Text("基準の文章 (rule)", "rule text (rule)")),
    ("threshold_ratio", Text("閾値 (threshold_ratio)", "threshold (threshold_ratio)")),
    ("at", Text("判定時期 (at)", "period (at)")),
)


@plan_check("kpi_withdrawal")
def kpi_withdrawal(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    for i, kpi in enumerate(plan.policy.kpis if plan.policy else []):
        withdrawal = kpi.withdrawal
        path = f"policy.kpis[{i}].withdrawal"
        if withdrawal is None:
            yield Hit(path, "missing", {"kpi": kpi.name or kpi.id})
            continue
        # 001 B(2)⑦・002 ⑦ ask that a criterion be set: the 2026-12b edition asks for its words only (``require``),
        # the threshold and the period being what the status computation uses where given.
        required = params.get("require", ("rule", "threshold_ratio", "at"))
        missing = [
            label
            for field, label in _WITHDRAWAL_PARTS
            if field in required and not present(getattr(withdrawal, field))
        ]
        if missing:
            yield Hit(path, "incomplete", {"kpi": kpi.name or kpi.id, "missing": joined(missing)})


@plan_check("kpi_trajectory")
def kpi_trajectory(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    start, end, _ = _years(plan)
    if start is None or end is None or plan.policy is None:
        return
    for i, kpi in enumerate(plan.policy.kpis):
        covered = {period_fiscal_year(t.period) for t in kpi.targets}
        missing = [fy for fy in range(start, end + 1) if fy not in covered]
        if missing:
            yield Hit(
                f"policy.kpis[{i}].targets",
                params={
                    "kpi": kpi.name or kpi.id,
                    "years": joined(Text(f"{fy}年度", f"FY{fy}") for fy in missing),
                },
            )


@plan_check("kpi_link")
def kpi_link(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    if plan.policy is None:
        return
    kpi_ids = {k.id for k in plan.policy.kpis}
    used: set[str] = set()
    for i, measure in enumerate(plan.policy.measures):
        if not measure.kpis:
            yield Hit(
                f"policy.measures[{i}].kpis", "measure_without_kpi", {"measure": measure.title or measure.id}
            )
        for j, ref in enumerate(measure.kpis):
            if ref not in kpi_ids:
                yield Hit(
                    f"policy.measures[{i}].kpis[{j}]",
                    "unknown_kpi",
                    {"measure": measure.title or measure.id, "kpi": ref},
                )
            used.add(ref)
    for i, kpi in enumerate(plan.policy.kpis):
        if kpi.id not in used:
            yield Hit(f"policy.kpis[{i}]", "orphan_kpi", {"kpi": kpi.name or kpi.id})


_FIVE_W_ONE_H = (
    ("purpose", Text("施策の意義", "purpose")),
    ("content", Text("内容", "content")),
    ("deadline", Text("期限", "deadline")),
    ("owner", Text("担当部署", "responsible department")),
    ("forum", Text("検討の場", "forum")),
    ("approach", Text("進め方", "approach")),
)


@plan_check("measure_5w1h")
def measure_5w1h(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    for i, measure in enumerate(plan.policy.measures if plan.policy else []):
        for field, label in _FIVE_W_ONE_H:
            if not present(getattr(measure, field)):
                yield Hit(
                    f"policy.measures[{i}].{field}",
                    params={"measure": measure.title or measure.id, "item": label},
                )


@plan_check("measure_deadline")
def measure_deadline(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    start, end, _ = _years(plan)
    if start is None or end is None:
        return
    for i, measure in enumerate(plan.policy.measures if plan.policy else []):
        if measure.deadline and not fiscal_year_start(start) <= measure.deadline <= fiscal_year_end(end):
            yield Hit(
                f"policy.measures[{i}].deadline",
                params={
                    "measure": measure.title or measure.id,
                    "deadline": measure.deadline.isoformat(),
                    "start": start,
                    "end": end,
                },
            )


@plan_check("monitoring_frequency")
def monitoring_frequency(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    monitoring = plan.policy.monitoring if plan.policy else None
    if monitoring is None or monitoring.frequency is None:
        yield Hit("policy.monitoring", "missing")
        return
    allowed = {MonitoringFrequency(f) for f in params["allowed"]}
    if monitoring.frequency not in allowed:
        yield Hit("policy.monitoring.frequency", "too_rare", {"frequency": monitoring.frequency.text})


@plan_check("section_items")
def section_items(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """A 記載項目 and its sub-items, as listed for the plan's type in the rule's parameters."""
    for item in params["items"].get(plan.plan_type.value, []):
        if not present(value_at(plan, item["path"])):
            yield Hit(item["path"], params={"section": params["section"], "item": item["label"]})


@plan_check("core_entity_present")
def core_entity_present(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    entities = [e for e in plan.core_entities if present(e.name)]
    projects = [p for p in plan.core_projects if present(p.company)] if plan.plan_type is PlanType.A else []
    if not entities and not projects:
        yield Hit("core_entities", "missing")
        return
    if entities and not any(present(e.value_chain_role) for e in entities) and not projects:
        yield Hit("core_entities[0].value_chain_role", "no_role")


@plan_check("corporate_numbers")
def corporate_numbers(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    numbered = [
        (f"core_entities[{i}].corporate_number", e.corporate_number) for i, e in enumerate(plan.core_entities)
    ]
    numbered += [
        (f"core_projects[{i}].corporate_number", p.corporate_number) for i, p in enumerate(plan.core_projects)
    ]
    for path, number in numbered:
        if number is not None and not is_valid_corporate_number(number):
            yield Hit(path, params={"number": number})


@plan_check("attracted_localization")
def attracted_localization(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    attracted = [(i, e) for i, e in enumerate(plan.core_entities) if e.attracted]
    if not attracted:
        return
    notes = plan.localization.attracted_entity_notes if plan.localization else None
    names = "、".join(e.name or f"#{i + 1}" for i, e in attracted)
    if present(notes):
        yield Hit("localization.attracted_entity_notes", params={"names": names}, evidence=notes)
    else:
        yield Hit(
            "localization.attracted_entity_notes",
            "missing",
            {"names": names},
            severity=Severity(params["missing_severity"]),
        )


@plan_check("spillover_targets")
def spillover_targets(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    targets = plan.pathway.spillover_targets if plan.pathway else None

    def has(name: str) -> bool:
        target = getattr(targets, name, None) if targets else None
        return target is not None and target.value is not None and target.fy is not None

    base = "pathway.spillover_targets"
    if not has("intra_regional_transactions"):
        yield Hit(
            f"{base}.intra_regional_transactions",
            params={"item": Text("域内取引額", "intra-regional transactions")},
        )
    if not has("sales"):
        yield Hit(f"{base}.sales", params={"item": Text("売上額", "sales")})
    if not has("jobs") and not has("wage_growth"):
        yield Hit(f"{base}.jobs", params={"item": Text("雇用の創出又は賃上げ", "jobs or wage growth")})


#: The three spillovers B's requirement names (002 1(2)②⑤), each met by one of its fields.
SPILLOVERS: tuple[tuple[tuple[str, ...], Text], ...] = (
    (("intra_regional_transactions",), Text("域内取引額", "intra-regional transactions")),
    (("sales",), Text("売上額", "sales")),
    (("jobs", "wage_growth"), Text("雇用の創出・賃上げ", "jobs or wage growth")),
)


@plan_check("spillover_planned")
def spillover_planned(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """B (002 1(2)②⑤ 「…が計画されているか」): each spillover is planned — a target (value and year) or its plan in
    words meets the requirement; one planned in words only is encouraged to give a figure (a warning)."""
    targets = plan.pathway.spillover_targets if plan.pathway else None
    base = "pathway.spillover_targets"
    for names, item in SPILLOVERS:
        given = [t for name in names if targets and (t := getattr(targets, name)) is not None]
        if any(t.value is not None and t.fy is not None for t in given):
            continue
        if any(present(t.description) for t in given):
            yield Hit(f"{base}.{names[0]}", "in_words", {"item": item}, severity=Severity.WARNING)
        else:
            yield Hit(f"{base}.{names[0]}", params={"item": item})


@plan_check("tokyo_area")
def tokyo_area(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    master = local_governments()
    codes = (
        list(plan.area.core_areas) if plan.area and plan.area.core_areas else [a.code for a in plan.authors]
    )
    inside = [g for g in (master.get(c) for c in codes) if g is not None and g.in_tokyo_area]
    if inside:
        path = "area.core_areas" if plan.area and plan.area.core_areas else "authors"
        share = "all" if len(inside) == len(codes) else "part"
        yield Hit(path, share, {"names": "、".join(g.full_name for g in inside)})


@plan_check("jsic_codes")
def jsic_codes(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    classes = jsic()
    for i, code in enumerate(plan.industry.sectors if plan.industry else []):
        if code.strip().upper() not in classes:
            yield Hit(f"industry.sectors[{i}]", params={"code": code})


@plan_check("text_present")
def text_present(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """A required (or, by the rule's severity, recommended) text is written."""
    if not present(value_at(plan, params["path"])):
        yield Hit(params["path"])


@plan_check("review_text")
def review_text(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """A qualitative requirement: show the reviewer the text to judge, or say it is missing."""
    text = value_at(plan, params["path"])
    if present(text):
        yield Hit(params["path"], evidence=str(text))
    else:
        yield Hit(params["path"], "missing", severity=Severity(params.get("missing_severity", "error")))


@plan_check("announced_with")
def announced_with(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """Once an announcement is recorded, what the seeds require it to include is there (nothing before)."""
    announced = plan.announcement is not None and plan.announcement.date is not None
    if announced and not present(value_at(plan, params["path"])):
        yield Hit(params["path"])


@plan_check("announcement_pending")
def announcement_pending(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    if plan.announcement is None or plan.announcement.date is None:
        yield Hit("announcement")


@plan_check("item_fields")
def item_fields(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """Each item of a list (core entities, core projects) has the fields the rule lists."""
    for i, item in enumerate(getattr(plan, params["items"])):
        name = getattr(item, params["named_by"]) or f"#{i + 1}"
        for required in params["fields"]:
            if not present(getattr(item, required["field"])):
                yield Hit(
                    f"{params['items']}[{i}].{required['field']}",
                    params={"name": name, "item": required["label"]},
                )


@plan_check("capex_built_up")
def capex_built_up(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """The capex KGI's cumulative amount against the investments the plan names for the same years — A: its core
    projects (by their investment year), B/C: its pathway's investments (by their start year). 002 1(1)④○ builds
    the KGI up from the core firms' investment plans; a difference beyond the edition's tolerance is for the
    reviewer, with both numbers."""
    for i, kgi in enumerate(plan.kgis):
        cumulative = kgi.cumulative
        if kgi.kind is not KgiKind.CAPEX or cumulative is None or cumulative.value is None:
            continue
        if cumulative.from_fy is None or cumulative.to_fy is None:
            continue
        stated = to_million_yen(cumulative.value, kgi.unit) if kgi.unit and is_money_unit(kgi.unit) else None
        if stated is None:
            continue  # KGI-UNITS says what is wrong with the unit
        window = range(cumulative.from_fy, cumulative.to_fy + 1)
        named = (
            [(p.total_investment, p.investment_fy) for p in plan.core_projects]
            if plan.plan_type is PlanType.A
            else [(v.amount, v.start_fy) for v in (plan.pathway.investments if plan.pathway else [])]
        )
        in_window = [float(amount) for amount, fy in named if amount is not None and fy in window]
        if not in_window:
            continue
        built_up = sum(in_window)
        if abs(stated - built_up) > params["tolerance"] * max(stated, built_up):
            yield Hit(
                f"kgis[{i}].cumulative.value",
                params={
                    "kgi": format_million_yen(stated),
                    "projects": format_million_yen(built_up),
                    "count": len(in_window),
                    "years": f"{cumulative.from_fy}〜{cumulative.to_fy}",
                    "tolerance": f"{params['tolerance']:.0%}",
                },
                evidence=f"KGI {format_million_yen(stated)} / 投資案件の計 {format_million_yen(built_up)}",
            )


@plan_check("productivity_rises")
def productivity_rises(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """The labour-productivity KGI that stands in for value added is an increase (002 2(1)④※1「一人当たり付加価値
    労働生産性の増加額・増加率」): it states the level it starts from (a baseline with its year), a target year after
    it, and a positive increase as its target."""
    for index, kgi in enumerate(plan.kgis):
        if kgi.kind is not KgiKind.LABOR_PRODUCTIVITY:
            continue
        base, target = kgi.baseline, kgi.target
        name = {"kgi": kgi.name or kgi.id}
        if base is None or base.value is None or base.fy is None:
            yield Hit(f"kgis[{index}].baseline", "no_baseline", params=name)
        elif target is not None and target.fy is not None and target.fy <= base.fy:
            yield Hit(f"kgis[{index}].target.fy", "years", params=name)
        if target is not None and target.value is not None and target.value <= 0:
            yield Hit(f"kgis[{index}].target.value", params={**name, "target": f"{target.value:g}"})


@plan_check("value_added_against_estimate")
def value_added_against_estimate(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """The stated value-added increase against the input-output estimate of the plan's operations (direct, first
    and second round, nationwide): beyond ``factor`` times it, the reviewer judges the KGI's basis."""
    demand = demand_of(plan)
    stated, _ = stated_value_added(plan)
    # 2026-12b compares with the direct effect (the sales increase at its sectors' value-added rates): a plan's
    # value-added KGI is its own firms' value added, not the economy-wide ripple the 2026-12 edition compared with.
    compare = direct_value_added if params.get("compare") == "direct" else operations_value_added
    estimated = compare(demand)
    if stated is None or estimated <= 0 or stated <= params["factor"] * estimated:
        return
    index = next(i for i, k in enumerate(plan.kgis) if k.kind is KgiKind.VALUE_ADDED)
    yield Hit(
        f"kgis[{index}].target.value",
        params={
            "stated": format_million_yen(stated),
            "estimated": format_million_yen(estimated),
            "sales": format_million_yen(demand.sales_increase),
            "factor": f"{params['factor']:g}",
        },
        evidence=f"記載 {format_million_yen(stated)} / 推計 {format_million_yen(estimated)}",
    )


@plan_check("support_programme_types")
def support_programme_types(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """A measure names a support programme the plan's type is not served by (000 ③ 表: support per type). Each
    request's kind and types are the platform's marks from the secretariat's list; where a request carries none
    (the CLI), the seeds' programmes; a programme on neither is not judged."""
    seeded = seeded_programmes()
    for i, measure in enumerate(plan.policy.measures if plan.policy else []):
        for j, request in enumerate(measure.support_programs):
            known = seeded.get(request.programme)
            kind = request.kind or (known.kind if known else None)
            types = request.plan_types or (list(known.plan_types) if known else None)
            if not types or plan.plan_type in types:
                continue
            served = "・".join(t.value for t in types)
            yield Hit(
                f"policy.measures[{i}].support_programs[{j}].programme",
                "review" if kind is ProgrammeKind.REVIEW else "default",
                {"programme": request.programme, "types": served, "plan_type": plan.plan_type.value},
            )
