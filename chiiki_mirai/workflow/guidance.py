"""What the seeds ask for in each 記載項目, beside the form an official fills in (issue 14 §3), and a sample plan's
same section as an example. The section numbers are the forms' (``plans.form_layout.plan_sections``).

Quoted from 002 1(2)① (B), 2(2)① (C) and 001 第3章第1節 A(3) (A); the lines are the seeds' item headings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.reports.plan_book import Section, book

_B = {
    2: ("1. 地域産業クラスターの形成を目指す産業領域", ["(1) 該当する業種", "(2) 特定の理由"]),
    3: (
        "2. 地域産業クラスターの形成を目指す区域",
        ["(1) 特にクラスター形成の核となる区域", "(2) 計画推進の核となる企業", "(3) 特定の理由"],
    ),
    4: (
        "3. 当該分野の現状認識と目指す姿【目標】",
        [
            "(1) 現状の整理",
            "(2) 目指すべき目標（必須KGIとして、計画での官民設備投資額、計画での付加価値増加額及び計画での産業ニーズに即した産業人材育成数を含む。）",
            "(3) 設定の根拠",
            "(4) 効果検証",
        ],
    ),
    5: (
        "4. 勝ち筋の特定と投資の具体像、定量的なインパクト【道筋】",
        ["(1) 基本戦略", "(2) 投資の具体像", "(3) 地域へのインパクト、目指すべき姿"],
    ),
    6: (
        "5. 投資促進に向けた課題と事業環境整備の取組【政策手段】",
        ["(1) 投資促進に向けた課題", "(2) 講じるべき政策パッケージ", "(3) KPI及びKPI未達時の撤退基準の設定"],
    ),
    7: ("6. 現地化の取組", ["(1) 現地化の方針"]),
}
_C = {
    2: ("1. 地場産業の成長を支援する分野", ["(1) 該当する作物・品種等", "(2) 特定の理由"]),
    3: (
        "2. 支援する地域及び推進の核となる事業者",
        ["(1) 特に本プラン遂行の核となる地域", "(2) 本プラン推進の核となる事業者", "(3) 特定の理由"],
    ),
    4: (
        "3. 本プランの遂行に係る現状認識と目指す姿【目標】",
        [
            "(1) 現状の整理",
            "(2) 目指すべき目標（必須KGIとして、計画での付加価値増加額を含む。）",
            "(3) 設定の根拠",
            "(4) 効果検証",
        ],
    ),
    5: (
        "4. 勝ち筋の特定と定量的なインパクト【道筋】",
        ["(1) 基本戦略", "(2) 取組の具体像", "(3) 地域へのインパクト、目指すべき姿"],
    ),
    6: (
        "5. 取組に向けた課題と自治体が行う取組【政策手段】",
        [
            "(1) 取組に向けた課題",
            "(2) 講じるべき政策パッケージ",
            "(3) 地場産業を支える仕組みづくり",
            "(4) KPI及びKPI未達時の撤退基準の設定",
        ],
    ),
    7: ("6. 現地化の取組", ["(1) 現地化の方針"]),
}
_A = {
    2: (
        "① 戦略産業クラスター計画の概要",
        [
            "当該地域において当該産業分野を特定した理由",
            "17 の戦略分野の「官民投資ロードマップ」との関係性",
            "国際的な競争優位性",
            "計画の素案との整合性",
        ],
    ),
    3: ("② 戦略産業クラスター計画の対象区域", ["対象区域", "特定の理由"]),
    4: (
        "⑤ 計画の KGI 及び KPI",
        [
            "KGI（2040 年目標）: 官民設備投資額、付加価値増加額及び人材育成数を設定する。",
            "計画の構想【目標】: 目指すべき産業クラスターの姿、数値目標（KGI）及びその設定根拠・効果検証方法",
        ],
    ),
    5: (
        "③ 核となる大規模投資案件【道筋】",
        [
            "投資概要（担当府省庁・担当部署・投資企業名）",
            "地域経済への波及・相乗効果",
            "投資時期・稼働開始時期",
            "投資総額",
            "関連する投資案件（補助金等の既採択投資案件に限る）",
        ],
    ),
    6: (
        "④ 課題と講じるべき対策【道筋】・⑥ 活用が想定される政策【政策手段】",
        [
            "産業集積に向けた課題",
            "課題解決に向けたステークホルダーの取組",
            "インフラ・分野特有の拠点整備案件",
            "国の政策的対応のニーズ",
        ],
    ),
}
_SOURCES = {
    PlanType.A: "001 第3章第1節 A(3) 計画の記載項目",
    PlanType.B: "002 1(2)① 記載項目",
    PlanType.C: "002 2(2)① 記載項目",
}
#: Which section of the 計画書 (``plan_book``) shows the same items as a form section, for the example.
_BOOK_SECTION = {2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5}
_SAMPLES = {
    PlanType.A: "a-kumamoto-semiconductor",
    PlanType.B: "b-fukushima-medical-devices",
    PlanType.C: "c-tsubame-sanjo-metalware",
}
_EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "plans"  # present in a clone of the repository


def guidance(plan_type: PlanType, section: int) -> tuple[str, list[str], str] | None:
    """(the seed's heading, its item lines, the source) for a form section, None where the seeds give none."""
    table = {PlanType.A: _A, PlanType.B: _B, PlanType.C: _C}[plan_type]
    if section not in table:
        return None
    heading, lines = table[section]
    return heading, lines, _SOURCES[plan_type]


@cache
def _sample(plan_type: PlanType) -> PlanDocument | None:
    path = _EXAMPLES / f"{_SAMPLES[plan_type]}.yaml"
    if not path.exists():
        return None
    document = load(source_from_text(path.name, path.read_text(encoding="utf-8")))
    return document if isinstance(document, PlanDocument) else None


def example(plan_type: PlanType, section: int, lang: Lang = "ja") -> tuple[str, Section] | None:
    """The sample plan of the same type (fictional firms) and its section with the same items, if shipped."""
    sample = _sample(plan_type)
    if sample is None or section not in _BOOK_SECTION:
        return None
    written = book(sample, lang)
    index = _BOOK_SECTION[section]
    if plan_type is PlanType.A:
        index = {2: 0, 3: 1, 4: 4, 5: 2, 6: 3, 7: 5}[section]
    return written.title, written.sections[index]
