"""Writes the gallery of defective plans (examples/defective/) from the good samples.

Each defective plan is a good sample with a few edits, so the gallery shows exactly what breaks a
rule. The header of every file names the rules it demonstrates; the tests read it. Run this after
changing a sample; ``--check`` fails when the committed gallery is out of date.

    .venv/bin/python scripts/build_defective_examples.py [--check]
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from chiiki_mirai.plans.io import _Dumper, _Loader

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "examples" / "plans"
OUT = ROOT / "examples" / "defective"
DELETE = object()


@dataclass
class Case:
    name: str
    base: str
    demonstrates: list[str]
    why: str
    edits: dict[str, Any] = field(default_factory=dict)


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def apply(data: Any, path: str, value: Any) -> None:
    steps = [int(i) if i else n for n, i in _STEP.findall(path)]
    target = data
    for step in steps[:-1]:
        target = target[step]
    last = steps[-1]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


CASES = [
    Case(
        "b-missing-kgis",
        "b-fukushima-medical-devices",
        ["KGI-MANDATORY-CAPEX", "KGI-MANDATORY-TALENT", "KGI-MANDATORY-VA"],
        "必須KGIのうち官民設備投資額と人材育成数がなく、付加価値増加額に目標値がない。",
        {
            "kgis": [
                {
                    "id": "va",
                    "kind": "value_added",
                    "name": "計画での付加価値増加額",
                    "unit": "百万円",
                    "basis": "県民経済計算に基づく参考値",
                    "verification": "県民経済計算で検証",
                },
                {
                    "id": "own-export",
                    "kind": "own",
                    "name": "医療機器輸出額",
                    "unit": "百万円",
                    "target": {"fy": 2035, "value": 45000},
                },
            ]
        },
    ),
    Case(
        "b-kgi-details",
        "b-fukushima-medical-devices",
        ["KGI-CAPEX-CUMULATIVE", "KGI-TARGET-FY", "KGI-BASIS", "KGI-OWN", "KGI-UNITS"],
        "官民設備投資額に累積目標値がなく、付加価値増加額の目標年度が計画と異なり単位が不明、人材育成数に根拠がなく、独自KGIがない。",
        {
            "kgis[0].cumulative": DELETE,
            "kgis[1].target.fy": 2033,
            "kgis[1].unit": "ドル",
            "kgis[2].basis": DELETE,
            "kgis[3]": DELETE,
        },
    ),
    Case(
        "b-announcement-without-policy",
        "b-kitakyushu-robotics",
        ["B-ANNOUNCE-POLICY"],
        "市長の発表は記録されているが、発表に含めるべき伴走支援体制構築の方針（002 1(2)⑥※）が書かれていない。",
        {"announcement.support_policy": DELETE},
    ),
    Case(
        "b-capex-buildup",
        "b-kitakyushu-robotics",
        ["KGI-CAPEX-BUILDUP"],
        "官民設備投資額の累計（100億円）が、同じ期間に計画が挙げる投資案件の計（275億円）より小さい（002 1(1)④○: 企業の投資計画を積み上げる）。",
        {"kgis[0].cumulative.value": 100},
    ),
    Case(
        "b-value-added-above-estimate",
        "b-fukushima-medical-devices",
        ["KGI-BASIS-ESTIMATE"],
        "付加価値増加額の目標（5,000億円）が、売上の増加（2,800億円）から産業連関表で推計した付加価値（約2,940億円）の1.5倍を超えている。",
        {"kgis[1].target.value": 500000},
    ),
    Case(
        "b-period",
        "b-fukushima-medical-devices",
        ["PERIOD-LENGTH", "PERIOD-GOAL"],
        "計画期間が7年間で、目標年度が計画開始から12年目になっている。",
        {
            "period": {"start_fy": 2026, "end_fy": 2032, "goal_fy": 2037},
            "kgis[0].target.fy": 2037,
            "kgis[0].cumulative.to_fy": 2037,
            "kgis[1].target.fy": 2037,
            "kgis[2].target.fy": 2037,
        },
    ),
    Case(
        "b-kpis-and-measures",
        "b-fukushima-medical-devices",
        ["KPI-WITHDRAWAL", "KPI-TRAJECTORY", "KPI-LINK", "MEASURE-5W1H", "MEASURE-DEADLINE", "MONITORING"],
        "撤退基準のないKPI、年度の抜けた目標、存在しないKPIを指す施策、検討の場のない施策、計画期間外の期限、年1回の進捗確認。",
        {
            "policy.kpis[1].withdrawal": DELETE,
            "policy.kpis[0].targets": [{"period": "2026H2", "value": 6}, {"period": "2030H2", "value": 20}],
            "policy.measures[2].kpis": ["k9"],
            "policy.measures[1].forum": DELETE,
            "policy.measures[0].deadline": "2033-03-31",
            "policy.monitoring.frequency": "annual",
        },
    ),
    Case(
        "b-no-kpis",
        "b-fukushima-medical-devices",
        ["KPI-PRESENT", "KPI-LINK"],
        "KPIが1つも設定されておらず、施策にKPIがない。",
        {
            "policy.kpis": [],
            "policy.measures[0].kpis": [],
            "policy.measures[1].kpis": [],
            "policy.measures[2].kpis": [],
        },
    ),
    Case(
        "b-sections",
        "b-fukushima-medical-devices",
        [
            "SECTION-INDUSTRY",
            "SECTION-AREA",
            "SECTION-CURRENT",
            "SECTION-PATHWAY",
            "SECTION-POLICY",
            "SECTION-LOCALIZATION",
        ],
        "記載項目1〜6のそれぞれに記載の抜けがある。",
        {
            "industry.reason": DELETE,
            "area.reason": "",
            "current_state.summary": DELETE,
            "pathway.impact": DELETE,
            "policy.challenges": [],
            "localization": DELETE,
        },
    ),
    Case(
        "b-authors",
        "b-fukushima-medical-devices",
        ["AUTH-CODE", "AUTH-KIND", "AUTH-LEAD"],
        "検査数字の誤ったコード、存在しない団体のコード、B計画を策定できない市が策定主体になっており、代表団体が2つある。",
        {"authors": [{"code": "070008", "lead": True}, {"code": "072010", "lead": True}, {"code": "999997"}]},
    ),
    Case(
        "b-entities",
        "b-fukushima-medical-devices",
        [
            "B-FEASIBILITY",
            "CORP-NUMBER",
            "B-REFLIST-EMPLOYEES",
            "B-REFLIST-EVIDENCE",
            "LOCALIZATION-ATTRACTED",
        ],
        "役割・能力の記載がない企業、誤った法人番号、従業員2,000名超の企業、参考リスト外で証憑のない企業、現地化方針のない誘致企業。",
        {
            "core_entities[0].capability": DELETE,
            "core_entities[0].corporate_number": "1234567890123",
            "core_entities[0].employees": 2500,
            "core_entities[1].evidence": DELETE,
            "localization.attracted_entity_notes": DELETE,
        },
    ),
    Case(
        "b-no-entities",
        "b-fukushima-medical-devices",
        ["CORE-ENTITY"],
        "計画推進の核となる企業が記載されていない。",
        {"core_entities": []},
    ),
    Case(
        "b-promise",
        "b-fukushima-medical-devices",
        ["B-PROMISE", "INDUSTRY-SECTOR"],
        "製品に競争優位性の記載がなく、目指すものが輸出・国内上位シェアでない。業種コードが日本標準産業分類にない。",
        {
            "industry.products": [
                {
                    "name": "医療機器部品",
                    "market": "domestic",
                    "needs": "国内需要",
                    "ambition": "higher_value",
                }
            ],
            "industry.sectors": ["E27", "E99"],
        },
    ),
    Case(
        "b-requirements",
        "b-fukushima-medical-devices",
        ["B-EXTERNAL", "B-COST-EFFECT"],
        "外部依存性と費用対効果の記載がない。",
        {"requirements.external_dependency": DELETE, "requirements.cost_effectiveness": "  "},
    ),
    Case(
        "b-commitment",
        "b-fukushima-medical-devices",
        ["B-COMMITMENT", "B-COMMITMENT-CHAMBER", "B-ANNOUNCE"],
        "伴走支援の主体が知事でなく、地域金融機関・商工会議所が含まれない。知事等による発表が未記録。",
        {
            "policy.support_structure.lead": "商工労働部長",
            "policy.support_structure.partners": [{"name": "県産業振興センター", "kind": "public_agency"}],
            "announcement": None,
        },
    ),
    Case(
        "b-spillover",
        "b-fukushima-medical-devices",
        ["SPILLOVER-PLANNED"],
        "域内への波及として売上額は目標値、域内取引額は文章だけ（目標値を推奨）、雇用・賃上げは計画がない。",
        {
            "pathway.spillover_targets": {
                "sales": {"unit": "百万円", "fy": 2035, "value": 280000},
                "intra_regional_transactions": {"description": "県内の部品企業からの調達を広げる"},
            }
        },
    ),
    Case(
        "c-spillover",
        "c-umaji-yuzu",
        ["SPILLOVER-TARGETS"],
        "域内への波及の目標値が売上額しかない（C は目標値を設定する: 002 2(2)②④）。",
        {"pathway.spillover_targets": {"sales": {"unit": "百万円", "fy": 2030, "value": 3800}}},
    ),
    Case(
        "c-tokyo",
        "c-tsubame-sanjo-metalware",
        ["TOKYO-AREA"],
        "東京圏（八王子市）の計画。全体KGI（東京圏以外）の集計から除かれることを知らせる。",
        {
            "title": "八王子 金属加工 地場産業成長プラン（東京圏の例）",
            "authors": [{"code": "132012", "lead": True}],
            "area.core_areas": ["132012"],
            "core_entities[0].location": "132012",
            "core_entities[1].location": "132012",
            "core_entities[2].location": "132012",
            "core_entities[3].location": "132012",
        },
    ),
    Case(
        "c-value-added-calculation",
        "c-tsubame-sanjo-metalware",
        ["KGI-VA-CALC"],
        "付加価値増加額の目標値（3,500）が売上増加額×付加価値率（8,000×0.35＝2,800）と一致しない。",
        {"kgis[0].target.value": 3500},
    ),
    Case(
        "c-dependency-and-desk",
        "c-tsubame-sanjo-metalware",
        ["C-DEPENDENCY", "C-DESK", "C-SUPPORT-FIELDS", "C-FOUNDATION", "C-ANNOUNCE"],
        "1事業者が付加価値の70%を担い、相談窓口・経営支援の分野と人員・仕組みづくりの記載がなく、発表も未記録。",
        {
            "core_entities[2].share_of_plan": 0.7,
            "policy.support_structure.departments": [],
            "policy.support_structure.fields": [],
            "policy.support_structure.staff": DELETE,
            "policy.local_foundation": DELETE,
            "announcement": DELETE,
        },
    ),
    Case(
        "c-announcement-without-desk",
        "c-umaji-yuzu",
        ["C-ANNOUNCE-DESK"],
        "村長の発表は記録されているが、発表に含めるべき相談窓口（002 2(2)⑤※）が書かれていない。",
        {"announcement.consultation_desk": DELETE},
    ),
    Case(
        "c-productivity-without-baseline",
        "c-umaji-yuzu",
        ["KGI-PRODUCTIVITY-RISE"],
        "付加価値増加額の代わりの労働生産性KGIに基準値がなく、目標値が増加になっていない（002 2(1)④※1: 増加額・増加率）。",
        {"kgis[0].baseline": DELETE, "kgis[0].target.value": 0},
    ),
    Case(
        "c-promise",
        "c-umaji-yuzu",
        ["C-PROMISE", "C-FEASIBILITY"],
        "製品に市場ニーズの記載がなく目指すものが付加価値向上・販路拡大でない。名称のない事業主体がある。",
        {
            "industry.products": [
                {
                    "name": "ゆず果汁",
                    "market": "domestic",
                    "advantage": "品質",
                    "ambition": "top_domestic_share",
                }
            ],
            "core_entities[2].name": DELETE,
        },
    ),
    Case(
        "c-support-programmes",
        "c-umaji-yuzu",
        ["SUPPORT-TYPE"],
        "地場産業成長プランの施策が、B・A の企業を対象とする審査上の考慮（大規模成長投資補助金）と、A だけが対象のインフラ交付金を活用するとしている。",
        {
            "policy.measures[0].support_programs": [
                {"programme": "大規模成長投資補助金", "ministry": "経済産業省", "fiscal_year": 2027},
                {"programme": "地域産業構造転換インフラ整備推進交付金", "ministry": "内閣府"},
                {"programme": "地方創生伴走支援制度", "ministry": "内閣官房"},
            ]
        },
    ),
    Case(
        "a-requirements",
        "a-kumamoto-semiconductor",
        ["A-FIELD", "A-ROADMAP", "A-ADVANTAGE", "A-DRAFT", "A-EMPLOYMENT", "PERIOD-GOAL-A", "KGI-TARGET-FY"],
        "戦略分野が17分野にない。ロードマップ・国際競争力・素案との整合性・雇用の記載がない。KGIが2040年目標でない。",
        {
            "strategic_field": "semiconductor",
            "roadmap_alignment": DELETE,
            "international_advantage": DELETE,
            "draft_alignment": DELETE,
            "employment": "",
            "period.goal_fy": 2035,
        },
    ),
    Case(
        "a-projects",
        "a-kumamoto-semiconductor",
        ["A-FEASIBILITY", "A-PROJECT-FIELDS", "A-INFRA", "A-SCALE"],
        "補助金等の採択のない投資案件、担当府省庁・稼働時期のない投資案件、インフラ整備案件の記載がない。",
        {
            "core_projects[0].adopted_support": [],
            "core_projects[1].ministry": DELETE,
            "core_projects[1].operation_fy": DELETE,
            "infrastructure": [],
        },
    ),
    Case(
        "a-formulation",
        "a-kumamoto-semiconductor",
        ["AUTH-KIND", "A-OWNER"],
        "策定主体に内閣官房・経済産業省でない府省庁を記載し（001 A(4)②）、施策の進捗報告の依頼先がない・府省庁でも都道府県でもない（001 A(5)①）。",
        {
            "formulation.bodies": ["N-MLIT"],
            "policy.measures[0].owner_body": DELETE,
            "policy.measures[1].owner_body": "434043",
        },
    ),
]

# Six B plans by one prefecture: B-COUNT fires when they are checked together.
B_COUNT_SIZE = 6


def build() -> dict[Path, str]:
    files: dict[Path, str] = {}
    for case in CASES:
        data = load_good(case.base)
        for path, value in case.edits.items():
            apply(data, path, value)
        files[OUT / f"{case.name}.yaml"] = render(data, case.demonstrates, case.why, case.base)
    for number in range(1, B_COUNT_SIZE + 1):
        data = load_good("b-fukushima-medical-devices")
        data["title"] = f"福島県 地域産業クラスター計画 その{number}（B-COUNTの例）"
        why = (
            f"福島県のB計画 {B_COUNT_SIZE} 件のうちの {number} 件目。まとめて確認すると「5つ程度」を超える。"
        )
        files[OUT / "b-count" / f"fukushima-{number}.yaml"] = render(
            data, ["B-COUNT"], why, "b-fukushima-medical-devices"
        )
    return files


def load_good(name: str) -> Any:
    text = (GOOD / f"{name}.yaml").read_text(encoding="utf-8")
    return copy.deepcopy(yaml.load(text, Loader=_Loader))


def render(data: Any, demonstrates: list[str], why: str, base: str) -> str:
    header = (
        "# 不備のある計画の例（自動生成: scripts/build_defective_examples.py）。\n"
        f"# demonstrates: {' '.join(demonstrates)}\n"
        f"# 元の記載例: examples/plans/{base}.yaml\n"
        f"# 不備: {why}\n"
    )
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed gallery differs")
    args = parser.parse_args()
    files = build()
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
