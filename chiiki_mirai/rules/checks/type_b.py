"""Checks of type B, 地域産業クラスター計画 (002 1., 001 第3章第1節 B); C shares the product and entity checks."""

from __future__ import annotations

from collections.abc import Iterator

from chiiki_mirai.i18n import Text, joined, text_of
from chiiki_mirai.plans.choices import Ambition, EvidenceStatus, PartnerKind, ReferenceListStatus
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.rules.checks import Params, plan_check, present
from chiiki_mirai.rules.findings import Hit
from chiiki_mirai.rules.rulebook import Severity

_PRODUCT_LABELS = {
    "name": Text("製品・サービス名", "name"),
    "market": Text("市場の属性", "market"),
    "needs": Text("市場ニーズ", "market needs"),
    "advantage": Text("競争優位性／見通し", "advantage or outlook"),
}


@plan_check("promising_product")
def promising_product(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """At least one product names its market, needs (and the rest the type asks) and an accepted ambition."""
    products = plan.industry.products if plan.industry else []
    if not products:
        yield Hit("industry.products", "no_products")
        return
    ambitions = {Ambition(a) for a in params["ambitions"]}
    wanted = joined((a.text for a in sorted(ambitions)), "／", " or ")
    complete = False
    hits: list[Hit] = []
    for i, product in enumerate(products):
        missing = [f for f in params["require"] if not present(getattr(product, f))]
        for field in missing:
            hits.append(
                Hit(
                    f"industry.products[{i}].{field}",
                    "missing",
                    {"product": product.name or f"#{i + 1}", "item": _PRODUCT_LABELS[field]},
                )
            )
        if product.ambition not in ambitions:
            hits.append(
                Hit(
                    f"industry.products[{i}].ambition",
                    "ambition",
                    {"product": product.name or f"#{i + 1}", "wanted": wanted},
                )
            )
        elif not missing:
            complete = True
    if not complete:
        yield from hits


@plan_check("support_structure")
def support_structure(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """伴走支援体制: led by the governor (or a designated city's mayor), staffed, with a regional bank."""
    base = "policy.support_structure"
    structure = plan.policy.support_structure if plan.policy else None
    if structure is None:
        yield Hit(base, "missing")
        return
    kinds = {g.kind for g in (local_governments().get(a.code) for a in plan.authors) if g is not None}
    leaders = [
        text_of(title) for kind, title in params["leaders"].items() if kind in {k.value for k in kinds}
    ] or [text_of(title) for title in params["leaders"].values()]
    if not present(structure.lead) or not any(title.ja in (structure.lead or "") for title in leaders):
        yield Hit(
            f"{base}.lead", "lead", {"lead": structure.lead or "—", "expected": joined(leaders, "・", " or ")}
        )
    for field, label in (
        ("departments", Text("担当部署", "departments")),
        ("staff", Text("人員", "staff")),
        ("fields", Text("伴走支援を行う分野", "fields of support")),
        ("frequency", Text("具体的取組や頻度", "actions and frequency")),
    ):
        if not present(getattr(structure, field)) or getattr(structure, field) == 0:
            yield Hit(f"{base}.{field}", "item", {"item": label})
    if not any(p.kind is PartnerKind.FINANCIAL_INSTITUTION for p in structure.partners):
        yield Hit(f"{base}.partners", "no_bank")


@plan_check("partner_kind")
def partner_kind(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    structure = plan.policy.support_structure if plan.policy else None
    if structure is not None and not any(p.kind is PartnerKind(params["kind"]) for p in structure.partners):
        yield Hit("policy.support_structure.partners")


@plan_check("reference_list_size")
def reference_list_size(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    for i, entity in enumerate(plan.core_entities):
        if entity.employees is not None and entity.employees > params["max_employees"]:
            yield Hit(
                f"core_entities[{i}].employees",
                params={"entity": entity.name or f"#{i + 1}", "employees": f"{entity.employees:,}"},
            )


@plan_check("reference_list_evidence")
def reference_list_evidence(plan: PlanDocument, params: Params) -> Iterator[Hit]:
    """An unlisted core entity needs 証憑 confirmed by 経済産業省 (002 1(1)⑨) to receive 審査上の考慮. Where the
    platform knows the evidence's state (``evidence_status``): confirmed is met; pending and rejected are reported at
    the edition's ``pending``/``rejected`` severities (2026-12: for the reviewer / an error; 2026-12b: information /
    a warning, since 002 ⑨ ties the evidence to the firm's consideration, not to the plan's requirements). Without a
    record, written evidence is taken as given where ``written_counts`` (2026-12) and as no evidence otherwise."""
    for i, entity in enumerate(plan.core_entities):
        if entity.reference_list is ReferenceListStatus.LISTED:
            continue
        if entity.employees is not None and entity.employees > params["max_employees"]:
            continue  # cannot enter the list at all; B-REFLIST-EMPLOYEES says so
        where, names = f"core_entities[{i}].evidence", {"entity": entity.name or f"#{i + 1}"}
        status = entity.evidence_status
        written = params.get("written_counts", True) and present(entity.evidence)
        if status is EvidenceStatus.CONFIRMED or (status is None and written):
            continue
        if status is EvidenceStatus.PENDING:
            pending = Severity(params.get("pending", "review"))
            yield Hit(where, "pending", names, evidence=entity.evidence, severity=pending)
        elif status is EvidenceStatus.REJECTED:
            rejected = Severity(params.get("rejected", "error"))
            yield Hit(where, "rejected", names, evidence=entity.evidence, severity=rejected)
        else:
            yield Hit(where, params={**names, "status": entity.reference_list.label})
