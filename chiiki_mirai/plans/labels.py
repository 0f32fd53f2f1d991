"""Japanese labels of the plan's fields, read from the document model's own descriptions (one source)."""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.document import PlanDocument

#: Fields whose model carries no description, named as the seeds name them.
_NAMED = {
    "id": "ID",
    "format": "文書形式",
    "plan_type": "類型",
    "title": "計画名",
    "authors": "策定主体",
    "code": "団体コード",
    "lead": "代表団体",
    "period": "計画期間",
    "industry": "1. 産業領域",
    "area": "2. 区域",
    "core_entities": "計画推進の核となる企業・事業主体",
    "corporate_number": "法人番号",
    "current_state": "3. 現状認識",
    "kgis": "目指す姿【目標】（KGI）",
    "kind": "種類",
    "name": "名称",
    "unit": "単位",
    "baseline": "基準値",
    "target": "目標値",
    "cumulative": "累計",
    "value": "値",
    "fy": "年度",
    "pathway": "4. 道筋",
    "policy": "5. 政策手段",
    "measures": "施策",
    "kpis": "KPI",
    "localization": "6. 現地化の取組",
    "requirements": "要件",
    "announcement": "発表",
    "by": "発表者",
    "date": "日付",
    "contact": "連絡先",
    "department": "担当部署",
    "person": "担当者",
    "email": "メール",
    "phone": "電話",
    "products": "製品・サービス",
    "infrastructure": "インフラ整備",
    "challenges": "課題",
    "frequency": "頻度",
    "body": "検証の体制",
    "partners": "連携先",
    "attracted_entity_notes": "誘致企業についての記載",
    "stakeholder_actions": "関係者の取組",
    "national_policy_needs": "国の施策への要望",
    "exports_or_import_substitution": "輸出・輸入代替",
    "strategic_field": "戦略分野",
    "description": "説明",
    # Fields whose model gives no description (issue 14: no slug where a person reads the plan).
    "ambition": "目指すもの",
    "amount": "金額",
    "at": "判定の時期",
    "calculation": "付加価値増加額の算定",
    "company": "事業者",
    "employees": "従業員数",
    "entity": "事業主体",
    "from_fy": "開始年度",
    "to_fy": "終了年度",
    "investment_fy": "投資年度",
    "monitoring": "進捗の確認（モニタリング）",
    "reference_list": "参考リスト",
    "related_projects": "関連する事業",
    "spillover_targets": "域内への波及の目標",
    "support_structure": "伴走支援の体制",
    "targets": "目標（時期ごと）",
    "threshold_ratio": "撤退の基準（目標に対する割合）",
    "withdrawal": "撤退基準",
}


def inner_types(annotation: Any) -> tuple[Any, ...]:
    """The types inside an annotation: ``list[Kgi] | None`` -> (Kgi, NoneType). Asked for every value a page
    shows (hundreds per plan page), so each annotation is taken apart once."""
    try:
        return _inner_types(annotation)
    except TypeError:  # an annotation holding something unhashable: taken apart each time
        return _inner_types.__wrapped__(annotation)


@cache
def _inner_types(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated):
        return tuple(inner for arg in typing.get_args(annotation) for inner in inner_types(arg))
    return (annotation,)


def _models(annotation: Any) -> list[type[BaseModel]]:
    return [t for t in inner_types(annotation) if isinstance(t, type) and issubclass(t, BaseModel)]


@cache
def field_labels() -> dict[str, str]:
    """Field name -> label, walking the plan model; a description written in the model wins over the default."""
    labels = dict(_NAMED)
    seen: set[type[BaseModel]] = set()
    pending: list[type[BaseModel]] = [PlanDocument]
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            if info.description and name not in _NAMED:
                labels.setdefault(name, info.description.split("（")[0])
            pending.extend(_models(info.annotation))
    return labels


def label(name: str, lang: Lang = "ja") -> str:
    return english_label(name) if lang == "en" else field_labels().get(name, name)


#: English names where the field's own name does not read as one (abbreviations, the numbered 記載項目).
_ENGLISH = {
    "id": "ID",
    "kgis": "KGIs",
    "kpis": "KPIs",
    "fy": "Fiscal year",
    "from_fy": "From (FY)",
    "to_fy": "To (FY)",
    "start_fy": "First year (FY)",
    "end_fy": "Last year (FY)",
    "goal_fy": "KGI target year (FY)",
    "investment_fy": "Investment (FY)",
    "operation_fy": "Start of operation (FY)",
    "fiscal_year": "Fiscal year",
    "industry": "1. Industry",
    "area": "2. Area",
    "current_state": "3. Present state",
    "pathway": "4. Pathway",
    "policy": "5. Policy measures",
    "localization": "6. Localization",
    "sectors": "Industries (JSIC)",
    "ebpm": "EBPM milestones",
    "owner": "Department in charge",
    "owner_body": "Reporting body",
    "plan_type": "Type",
    "format": "Document format",
    "at": "When judged",
    "by": "Announced by",
    "code": "Local government code",
    "lead": "Lead body",
}


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def label_at(path: str, lang: Lang = "ja") -> str:
    """The label of the field at ``path``, read where it stands in the model: a measure's ``title`` is 施策名, the
    plan's 計画名. Asked for every finding and cell shown: kept per path without its indices."""
    return _label_at(re.sub(r"\[\d+\]", "", path), lang)


@cache
def _label_at(path: str, lang: Lang) -> str:
    model: type[BaseModel] | None = PlanDocument
    name = ""
    info = None
    for step, _index in _STEP.findall(path):
        if not step:
            continue
        name = step
        info = model.model_fields.get(step) if model is not None else None
        model = next(iter(_models(info.annotation)), None) if info is not None else None
    if lang == "ja" and info is not None and info.description:
        return info.description.split("（")[0]
    return label(name, lang)


def path_label(path: str, lang: Lang = "ja") -> str:
    """A field path as people read it: ``policy.kpis[0].targets`` → 「5. 政策手段 › KPI（1件目） › 目標（時期ごと）」.
    The path itself stays for those who write YAML (shown folded beside it)."""
    words: list[str] = []
    for match in _STEP.finditer(path):
        name, index = match[1], match[2]
        if name:
            words.append(label_at(path[: match.end()], lang))
        elif words:
            number = int(index) + 1
            words[-1] += f"（{number}件目）" if lang == "ja" else f" #{number}"
    return " › ".join(words)


def english_label(name: str) -> str:
    """A field's English label: the field's own English name, read as words (``core_entities`` → Core entities)."""
    return _ENGLISH.get(name) or name.replace("_", " ").capitalize()
