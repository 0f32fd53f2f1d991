"""The published plans as open data: one CSV row per plan (UTF-8 with BOM for Excel) and the full texts as JSON.

The column list is the data dictionary: the page that documents the download is generated from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from chiiki_mirai.reference.national import national_names
from chiiki_mirai.reports.spreadsheet import excel_csv
from chiiki_mirai.workflow.models import Plan


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    description: str
    value: Callable[[Plan, dict[str, Any]], object]


def _kgi(kind: str, part: str) -> Callable[[Plan, dict[str, Any]], object]:
    def value(plan: Plan, document: dict[str, Any]) -> object:
        for kgi in document.get("kgis", []):
            if kgi.get("kind") == kind:
                return (kgi.get(part) or {}).get("value")
        return None

    return value


COLUMNS: tuple[Column, ...] = (
    Column("plan_id", "計画ID", "基盤が付与する識別子（類型-都道府県コード-連番）", lambda p, d: p.public_id),
    Column(
        "plan_type",
        "類型",
        "A 戦略産業クラスター計画 / B 地域産業クラスター計画 / C 地場産業成長プラン",
        lambda p, d: p.plan_type,
    ),
    Column("title", "計画名", "計画書の名称", lambda p, d: p.title),
    Column(
        "authors",
        "策定主体",
        "策定した地方公共団体（共同作成は「・」区切り）。A（戦略産業クラスター計画）は候補プロジェクトを提案した都道府県",
        lambda p, d: "・".join(str(a) for a in p.authors.all()),
    ),
    Column(
        "formulated_by",
        "策定した国の機関（A）",
        "A は内閣官房・経済産業省が計画の素案と提案を基に策定する（001 第3章第1節 A(4)②）: その機関（「・」区切り）。B・C は空",
        lambda p, d: "・".join(
            national_names().get(code, code) for code in (d.get("formulation") or {}).get("bodies", [])
        ),
    ),
    Column(
        "author_codes",
        "団体コード",
        "策定主体の全国地方公共団体コード（6桁、「;」区切り）",
        lambda p, d: ";".join(a.code for a in p.authors.all()),
    ),
    Column(
        "prefecture_code",
        "都道府県コード",
        "代表団体の都道府県（JIS X 0401 の2桁: 01 北海道 … 47 沖縄県）",
        lambda p, d: f"{p.prefecture_code:02d}",
    ),
    Column("strategic_field", "戦略分野", "17の戦略分野（A計画）", lambda p, d: p.strategic_field),
    Column("industry", "産業領域", "計画の対象とする産業", lambda p, d: p.industry),
    Column("start_fy", "計画初年度", "西暦の年度", lambda p, d: (d.get("period") or {}).get("start_fy")),
    Column("end_fy", "計画最終年度", "西暦の年度", lambda p, d: (d.get("period") or {}).get("end_fy")),
    Column(
        "capex_target_million_yen",
        "官民設備投資額の目標（百万円）",
        "KGI capex の目標値",
        _kgi("capex", "target"),
    ),
    Column(
        "value_added_target_million_yen",
        "付加価値増加額の目標（百万円）",
        "KGI value_added の目標値",
        _kgi("value_added", "target"),
    ),
    Column("talent_target_people", "育成人材数の目標（人）", "KGI talent の目標値", _kgi("talent", "target")),
    Column(
        "published_on",
        "公表日",
        "内閣官房による公表日（日本時間）",
        lambda p, d: timezone.localdate(p.published_at).isoformat() if p.published_at else None,
    ),
    Column(
        "batch",
        "公表の弾",
        "事前確認依頼の日付で決まる公表の弾（1 = 第1弾。空欄は最後の弾の締切より後の依頼）",
        lambda p, d: p.batch,
    ),
)


def csv_bytes(rows: Iterable[tuple[Plan, dict[str, Any]]]) -> bytes:
    return excel_csv(
        [c.label for c in COLUMNS], ([c.value(plan, document) for c in COLUMNS] for plan, document in rows)
    )
