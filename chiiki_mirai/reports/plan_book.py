"""A plan as its 計画書: the 記載項目 in the seeds' order and wording for its type, with tables where officials use
tables — one structure that the portal page, the printable page and the Word file render (issue 14).

Order and headings: type A follows 001 第3章第1節 A(3) ①–⑥; B follows 002 1(2)①記載項目 1–6; C follows 002
2(2)①記載項目 1–6. Every value is said in words by ``plans.wording``. Plain Python: no Django, so the headings'
English (a reader's choice; the seeds' Japanese is the plan of record) is kept here in ``ENGLISH``, as the core keeps
its other messages as ``Text`` pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.choices import KgiKind, PlanType
from chiiki_mirai.plans.document import Kgi, Kpi, PlanDocument
from chiiki_mirai.plans.wording import say

MANDATORY_FIRST = (
    KgiKind.CAPEX,
    KgiKind.VALUE_ADDED,
    KgiKind.TALENT,
    KgiKind.LABOR_PRODUCTIVITY,
    KgiKind.OWN,
)


@dataclass(frozen=True)
class Paragraph:
    """A labelled paragraph (empty text: the item is shown as not written)."""

    label: str
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]


Block = Paragraph | Table


@dataclass
class Section:
    """A 記載項目; its title, labels, captions and column headings are given in Japanese and kept in the book's
    language."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title = _l(self.title)

    def text(self, label: str, value: Any) -> None:
        self.blocks.append(Paragraph(_l(label), _words(value)))

    def table(self, caption: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        body = [tuple(r) for r in rows]
        if body:
            self.blocks.append(Table(_l(caption), tuple(_l(h) for h in header), body))


@dataclass(frozen=True)
class PlanBook:
    title: str
    facts: list[tuple[str, str]]  # 類型, 策定主体, 計画期間, 戦略分野, 連絡先
    sections: list[Section]


_LANG: ContextVar[Lang] = ContextVar(
    "plan_book_lang", default="ja"
)  # the book being built (saves threading it)


def _l(japanese: str) -> str:
    """A heading, label or fixed word of the book in its language (the Japanese itself when not translated)."""
    return ENGLISH.get(japanese, japanese) if _LANG.get() == "en" else japanese


def _form(name: str, *parts: str) -> str:
    """A fixed phrase around values, in the book's language."""
    return FORMS[name][_LANG.get()].format(*parts)


def _say(key: str, value: Any, field_type: Any = None) -> str:
    return say(key, value, field_type, _LANG.get()).text


def _join(items: Iterable[str]) -> str:
    return _l("、").join(items)


def _words(value: Any, key: str = "") -> str:
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, list):
        return _join(_words(v, key) for v in value)
    return _say(key, value)


def book(plan: PlanDocument, lang: Lang = "ja") -> PlanBook:
    """The plan's 計画書: in Japanese as the seeds write the items, or its headings and values in English."""
    token = _LANG.set(lang)
    try:
        return _book(plan)
    finally:
        _LANG.reset(token)


def _book(plan: PlanDocument) -> PlanBook:
    period = plan.period
    facts = [
        (_l("類型"), _say("plan_type", plan.plan_type.value, PlanType)),
        (
            _l("策定主体"),
            _join(_say("code", a.code) + (_l("（代表）") if a.lead else "") for a in plan.authors),
        ),
        (
            _l("計画期間"),
            _form("period", *(_words(fy, "fy") for fy in (period.start_fy, period.end_fy, period.goal_fy)))
            if period
            else "",
        ),
        (_l("戦略分野"), _words(plan.strategic_field, "strategic_field")),
        (
            _l("連絡先"),
            " ".join(x for x in (plan.contact.department, plan.contact.email, plan.contact.phone) if x)
            if plan.contact
            else "",
        ),
    ]
    if plan.formulation is not None:
        # 001 A(4)②: type A is formulated by the national bodies; its `authors` are the proposing prefectures.
        formulation = plan.formulation
        facts[1] = (_l("策定主体"), _join(_say("bodies", code) for code in formulation.bodies))
        facts.insert(2, (_l("提案した都道府県"), _join(_say("code", a.code) for a in plan.authors)))
        drafted = " / ".join(x for x in (formulation.block_draft, formulation.candidate) if x)
        facts.insert(3, (_l("基にした計画の素案・候補のID"), drafted))
    builders = {PlanType.A: _type_a, PlanType.B: _type_b, PlanType.C: _type_c}
    sections = builders[plan.plan_type](plan)
    closing = Section("要件への対応・発表")
    if plan.requirements:
        for name, value in plan.requirements.model_dump(exclude_none=True).items():
            closing.text(_REQUIREMENT_LABELS.get(name, name), value)
    if plan.announcement:
        closing.text("発表者", plan.announcement.by)
        closing.text("発表日", plan.announcement.date)
        # Each type's own item only (002 1(2)②⑥※ B, 2(2)②⑤※ C): a C plan has no support-system policy to lack.
        if plan.plan_type is PlanType.B:
            closing.text("発表した伴走支援体制構築の方針", plan.announcement.support_policy)
        if plan.plan_type is PlanType.C:
            closing.text("発表した相談窓口", plan.announcement.consultation_desk)
    return PlanBook(plan.title or _l("（無題）"), facts, [*sections, closing])


_REQUIREMENT_LABELS = {
    "promise": "【有望度】",
    "feasibility": "【実現可能性】",
    "external_dependency": "【外部依存性】",
    "cost_effectiveness": "【費用対効果】",
    "spillover": "【域内への波及】",
    "commitment": "【自治体のコミットメント】",
    "ebpm": "【EBPMメルクマール】",
}


# --- the shared pieces --------------------------------------------------------------------------------------------


def _industry(section: Section, plan: PlanDocument, sectors_label: str) -> None:
    industry = plan.industry
    section.text(sectors_label, [_say("sectors", s) for s in industry.sectors] if industry else [])
    section.text("概要", industry.description if industry else None)
    if industry:
        section.table(
            "製品・サービス",
            ("名称", "ターゲットとする市場", "市場のニーズ", "優位性", "目指すもの"),
            (
                (
                    p.name or "",
                    _choice(p, "market"),
                    p.needs or "",
                    p.advantage or "",
                    _choice(p, "ambition"),
                )
                for p in industry.products
            ),
        )
    section.text("特定の理由", industry.reason if industry else None)


def _choice(model: Any, name: str) -> str:
    value = getattr(model, name)
    if value is None:
        return ""
    return _say(name, value.value, type(model).model_fields[name].annotation)


def _area(section: Section, plan: PlanDocument, areas_label: str) -> None:
    area = plan.area
    names = [_say("code", c) for c in area.core_areas] if area else []
    if area and area.shares:
        names = [
            _form("paren", _say("code", c), _say("share", area.shares[c]))
            if c in area.shares
            else _say("code", c)
            for c in area.core_areas
        ]
    section.text(areas_label, names)
    section.text("区域の概要", area.description if area else None)


def _entities(section: Section, plan: PlanDocument, caption: str) -> None:
    section.table(
        caption,
        ("名称", "法人番号", "種類", "所在地", "従業員数", "役割", "参考リスト"),
        (
            (
                e.name or "",
                e.corporate_number or "",
                _choice(e, "kind"),
                _say("location", e.location) if e.location else (_l("誘致予定") if e.attracted else ""),
                _words(e.employees),
                e.value_chain_role or "",
                _choice(e, "reference_list"),
            )
            for e in plan.core_entities
        ),
    )


def _kgis(section: Section, plan: PlanDocument) -> None:
    ordered = sorted(plan.kgis, key=lambda k: MANDATORY_FIRST.index(k.kind))
    section.table(
        "KGI（必須KGIを先に）",
        ("種類", "名称", "基準値", "目標", "累計", "単位", "設定の根拠", "効果検証"),
        (
            (
                _choice(k, "kind"),
                k.name or "",
                _year_value(k.baseline.fy, k.baseline.value, k) if k.baseline else "",
                _year_value(k.target.fy, k.target.value, k) if k.target else "",
                _form(
                    "span",
                    _words(k.cumulative.from_fy, "fy"),
                    _words(k.cumulative.to_fy, "fy"),
                    _amount(k.cumulative.value, k),
                )
                if k.cumulative and k.cumulative.value is not None
                else "",
                k.unit or "",
                k.basis or "",
                k.verification or "",
            )
            for k in ordered
        ),
    )


def _amount(value: Any, kgi: Kgi) -> str:
    return (
        ""
        if value is None
        else f"{value:,}{kgi.unit or ''}"
        if not isinstance(value, float)
        else f"{value:,.10g}{kgi.unit or ''}"
    )


def _year_value(fy: int | None, value: Any, kgi: Kgi) -> str:
    return f"{_words(fy, 'fy')}: {_amount(value, kgi)}" if fy is not None else _amount(value, kgi)


def _kpis(section: Section, kpis: list[Kpi]) -> None:
    section.table(
        "KPI 及び KPI 未達時の撤退基準",
        ("ID", "名称", "単位", "基準値", "目標（時期ごと）", "撤退基準"),
        (
            (
                k.id,
                k.name or "",
                k.unit or "",
                f"{_say('period', k.baseline.period)}: {k.baseline.value}" if k.baseline else "",
                _join(f"{_say('period', t.period)}: {t.value}" for t in k.targets),
                k.withdrawal.rule or "" if k.withdrawal else "",
            )
            for k in kpis
        ),
    )


def _measures(section: Section, plan: PlanDocument) -> None:
    measures = plan.policy.measures if plan.policy else []
    section.table(
        "施策（5W1H: 意義・内容・期限・担当部署・検討の場・進め方）",
        ("ID", "施策", "意義", "内容", "期限", "担当部署", "検討の場", "進め方", "KPI", "活用する国の支援策"),
        (
            (
                m.id,
                m.title or "",
                m.purpose or "",
                m.content or "",
                m.deadline.isoformat() if m.deadline else "",
                m.owner or "",
                m.forum or "",
                m.approach or "",
                _join(m.kpis),
                _join(
                    _form("paren", s.programme, s.ministry) if s.ministry else s.programme
                    for s in m.support_programs
                ),
            )
            for m in measures
        ),
    )


def _investments(section: Section, plan: PlanDocument) -> None:
    investments = plan.pathway.investments if plan.pathway else []
    section.table(
        "投資の具体像",
        ("投資の内容", "事業主体", "金額", "開始年度", "稼働開始"),
        (
            (
                i.description or "",
                i.entity or "",
                _say("amount", i.amount) if i.amount is not None else "",
                _words(i.start_fy, "fy"),
                _words(i.operation_fy, "fy"),
            )
            for i in investments
        ),
    )


def _spillover(section: Section, plan: PlanDocument) -> None:
    targets = plan.pathway.spillover_targets if plan.pathway else None
    if targets is None:
        return
    labels = {
        "intra_regional_transactions": "域内取引額",
        "sales": "売上額",
        "jobs": "雇用の創出",
        "wage_growth": "賃上げ",
    }
    section.table(
        "域内への波及の目標",
        ("項目", "年度", "目標値", "計画の内容"),
        (
            (
                _l(labels[name]),
                _words(t.fy, "fy"),
                f"{t.value:,}{t.unit or ''}" if t.value is not None else "",
                t.description or "",
            )
            for name in labels
            if (t := getattr(targets, name)) is not None
        ),
    )


def _support(section: Section, plan: PlanDocument) -> None:
    structure = plan.policy.support_structure if plan.policy else None
    if structure is None:
        return
    section.text("伴走支援の体制: 主体", structure.lead)
    section.text("担当部署", structure.departments)
    section.text("支援の分野", structure.fields)
    section.text("人員", structure.staff)
    section.table(
        "連携先", ("名称", "種類"), ((p.name or "", _choice(p, "kind")) for p in structure.partners)
    )


# --- the types ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Items12:
    """The wording of 記載項目 1 and 2 and the title of 5, where B (002 1(2)①) and C (002 2(2)①) differ."""

    one: str
    sectors: str
    two: str
    areas: str
    entities: str
    policy: str


_B_ITEMS = _Items12(
    "1. 地域産業クラスターの形成を目指す産業領域",
    "(1) 該当する業種",
    "2. 地域産業クラスターの形成を目指す区域",
    "(1) 特にクラスター形成の核となる区域",
    "(2) 計画推進の核となる企業",
    "5. 投資促進に向けた課題と事業環境整備の取組【政策手段】",
)
_C_ITEMS = _Items12(
    "1. 地場産業の成長を支援する分野",
    "(1) 該当する作物・品種等",
    "2. 支援する地域及び推進の核となる事業者",
    "(1) 特に本プラン遂行の核となる地域",
    "(2) 本プラン推進の核となる事業者",
    "5. 取組に向けた課題と自治体が行う取組【政策手段】",
)


def _type_b_or_c(plan: PlanDocument, items: _Items12) -> list[Section]:
    one = Section(items.one)
    _industry(one, plan, items.sectors)
    two = Section(items.two)
    _area(two, plan, items.areas)
    _entities(two, plan, items.entities)
    two.text("(3) 特定の理由", plan.area.reason if plan.area else None)
    return [one, two, *_goal_pathway_policy(plan, items.policy), _localization(plan)]


def _type_b(plan: PlanDocument) -> list[Section]:
    return _type_b_or_c(plan, _B_ITEMS)


def _type_c(plan: PlanDocument) -> list[Section]:
    sections = _type_b_or_c(plan, _C_ITEMS)
    sections[4].text(
        "(3) 地場産業を支える仕組みづくり", plan.policy.local_foundation if plan.policy else None
    )
    return sections


def _goal_pathway_policy(plan: PlanDocument, policy_title: str) -> list[Section]:
    three = Section("3. 現状認識と目指す姿【目標】")
    three.text("(1) 現状の整理", plan.current_state.summary if plan.current_state else None)
    three.text("目指す姿", plan.current_state.vision if plan.current_state else None)
    _kgis(three, plan)
    four = Section("4. 勝ち筋の特定と定量的なインパクト【道筋】")
    four.text("(1) 基本戦略", plan.pathway.strategy if plan.pathway else None)
    _investments(four, plan)
    four.text("(3) 地域へのインパクト、目指すべき姿", plan.pathway.impact if plan.pathway else None)
    _spillover(four, plan)
    five = Section(policy_title)
    five.text("(1) 課題", plan.policy.challenges if plan.policy else None)
    _measures(five, plan)
    _support(five, plan)
    _kpis(five, plan.policy.kpis if plan.policy else [])
    return [three, four, five]


def _localization(plan: PlanDocument) -> Section:
    six = Section("6. 現地化の取組")
    six.text("(1) 現地化の方針", plan.localization.policy if plan.localization else None)
    six.text(
        "誘致企業についての記載", plan.localization.attracted_entity_notes if plan.localization else None
    )
    return six


def _type_a(plan: PlanDocument) -> list[Section]:
    one = Section("① 戦略産業クラスター計画の概要")
    _industry(one, plan, "産業分野")
    one.text(
        "計画の構想（目指すべき産業クラスターの姿）",
        plan.current_state.vision if plan.current_state else None,
    )
    one.text("17の戦略分野の「官民投資ロードマップ」との関係性", plan.roadmap_alignment)
    one.text("国際的な競争優位性", plan.international_advantage)
    one.text("計画の素案との整合性", plan.draft_alignment)
    two = Section("② 戦略産業クラスター計画の対象区域")
    _area(two, plan, "対象区域")
    two.text("特定の理由", plan.area.reason if plan.area else None)
    three = Section("③ 核となる大規模投資案件【道筋】")
    three.table(
        "核となる大規模投資案件",
        (
            "投資概要",
            "担当府省庁",
            "担当部署",
            "投資企業",
            "投資時期",
            "稼働開始時期",
            "投資総額",
            "関連する投資案件",
        ),
        (
            (
                p.description or "",
                p.ministry or "",
                p.department or "",
                p.company or "",
                _words(p.investment_fy, "fy"),
                _words(p.operation_fy, "fy"),
                _say("amount", p.total_investment) if p.total_investment is not None else "",
                _join(p.related_projects + p.adopted_support),
            )
            for p in plan.core_projects
        ),
    )
    three.text("地域経済への波及・相乗効果", plan.pathway.impact if plan.pathway else None)
    four = Section("④ 計画実現に向けた課題と解決に向けて講じるべき対策【道筋】")
    four.text("産業集積に向けた課題", plan.policy.challenges if plan.policy else None)
    four.text("課題解決に向けたステークホルダーの取組", plan.stakeholder_actions)
    four.table(
        "インフラ・分野特有の拠点整備案件",
        ("種類", "内容", "金額"),
        (
            (
                _choice(i, "kind"),
                i.description or "",
                _say("amount", i.amount) if i.amount is not None else "",
            )
            for i in plan.infrastructure
        ),
    )
    four.text("国の政策的対応のニーズ", plan.national_policy_needs)
    five = Section("⑤ 計画の KGI 及び KPI")
    _kgis(five, plan)
    _kpis(five, plan.policy.kpis if plan.policy else [])
    six = Section("⑥ 計画実行にあたり活用が想定される政策【政策手段】")
    _measures(six, plan)
    six.text("良質な雇用の創出・維持", plan.employment)
    return [one, two, three, four, five, six]


# --- the book in English ----------------------------------------------------------------------------------------------

#: The book's fixed words in English; a test fails on any Japanese word of this module missing here.
ENGLISH: dict[str, str] = {
    "、": ", ",
    "（代表）": " (lead)",
    "（無題）": "(untitled)",
    "誘致予定": "to be attracted",
    # facts
    "類型": "Type",
    "策定主体": "Authors",
    "提案した都道府県": "Proposing prefectures",
    "基にした計画の素案・候補のID": "IDs of the block draft and candidate it is formulated from",
    "計画期間": "Plan period",
    "戦略分野": "Strategic field",
    "連絡先": "Contact",
    # type A: 001 A(3) ①–⑥
    "① 戦略産業クラスター計画の概要": "① Outline of the strategic industry cluster plan",
    "産業分野": "Industry",
    "計画の構想（目指すべき産業クラスターの姿）": "Concept of the plan (the industry cluster it aims at)",
    "17の戦略分野の「官民投資ロードマップ」との関係性": (
        "Relation to the public-private investment roadmaps of the 17 strategic fields"
    ),
    "国際的な競争優位性": "International competitive advantage",
    "計画の素案との整合性": "Consistency with the draft plan",
    "② 戦略産業クラスター計画の対象区域": "② Area of the strategic industry cluster plan",
    "対象区域": "Area",
    "③ 核となる大規模投資案件【道筋】": "③ Core large-scale investment projects [pathway]",
    "核となる大規模投資案件": "Core large-scale investment projects",
    "地域経済への波及・相乗効果": "Spillover and synergy for the regional economy",
    "④ 計画実現に向けた課題と解決に向けて講じるべき対策【道筋】": (
        "④ Challenges to realising the plan and the measures to solve them [pathway]"
    ),
    "産業集積に向けた課題": "Challenges to industrial agglomeration",
    "課題解決に向けたステークホルダーの取組": "Stakeholders' actions to solve the challenges",
    "インフラ・分野特有の拠点整備案件": "Infrastructure and field-specific facility projects",
    "国の政策的対応のニーズ": "Needs for national policy responses",
    "⑤ 計画の KGI 及び KPI": "⑤ KGIs and KPIs of the plan",
    "⑥ 計画実行にあたり活用が想定される政策【政策手段】": "⑥ Policies expected to be used in carrying out the plan [policy means]",
    "良質な雇用の創出・維持": "Creating and keeping good jobs",
    # types B and C: 002 記載項目 1–6
    "1. 地域産業クラスターの形成を目指す産業領域": "1. Industry in which the regional industry cluster is to form",
    "(1) 該当する業種": "(1) Industries concerned",
    "2. 地域産業クラスターの形成を目指す区域": "2. Area in which the regional industry cluster is to form",
    "(1) 特にクラスター形成の核となる区域": "(1) Core areas of the cluster",
    "(2) 計画推進の核となる企業": "(2) Core companies carrying the plan",
    "(3) 特定の理由": "(3) Reasons for the choice",
    "1. 地場産業の成長を支援する分野": "1. Field of local industry whose growth is supported",
    "(1) 該当する作物・品種等": "(1) Crops, varieties and products concerned",
    "2. 支援する地域及び推進の核となる事業者": "2. Areas supported and core businesses",
    "(1) 特に本プラン遂行の核となる地域": "(1) Core areas of this plan",
    "(2) 本プラン推進の核となる事業者": "(2) Core businesses carrying this plan",
    "3. 現状認識と目指す姿【目標】": "3. Present state and the aim [goals]",
    "(1) 現状の整理": "(1) Present state",
    "目指す姿": "The aim",
    "4. 勝ち筋の特定と定量的なインパクト【道筋】": "4. The way to win and its quantified impact [pathway]",
    "(1) 基本戦略": "(1) Basic strategy",
    "(3) 地域へのインパクト、目指すべき姿": "(3) Impact on the region, the aim",
    "5. 投資促進に向けた課題と事業環境整備の取組【政策手段】": (
        "5. Challenges to promoting investment and improving the business environment [policy means]"
    ),
    "5. 取組に向けた課題と自治体が行う取組【政策手段】": (
        "5. Challenges and the local government's actions [policy means]"
    ),
    "(1) 課題": "(1) Challenges",
    "(3) 地場産業を支える仕組みづくり": "(3) Building the foundations of local industry",
    "6. 現地化の取組": "6. Localisation",
    "(1) 現地化の方針": "(1) Localisation policy",
    "誘致企業についての記載": "Notes on companies to be attracted",
    # shared items
    "概要": "Outline",
    "特定の理由": "Reasons for the choice",
    "区域の概要": "Outline of the area",
    "製品・サービス": "Products and services",
    "名称": "Name",
    "ターゲットとする市場": "Target market",
    "市場のニーズ": "Market needs",
    "優位性": "Advantage",
    "目指すもの": "Ambition",
    "法人番号": "Corporate number",
    "種類": "Kind",
    "所在地": "Location",
    "従業員数": "Employees",
    "役割": "Role",
    "参考リスト": "Reference list",
    "KGI（必須KGIを先に）": "KGIs (mandatory KGIs first)",
    "基準値": "Baseline",
    "目標": "Target",
    "累計": "Cumulative",
    "単位": "Unit",
    "設定の根拠": "Basis",
    "効果検証": "Verification",
    "KPI 及び KPI 未達時の撤退基準": "KPIs and withdrawal criteria when a KPI is missed",
    "目標（時期ごと）": "Targets (by period)",
    "撤退基準": "Withdrawal criteria",
    "施策（5W1H: 意義・内容・期限・担当部署・検討の場・進め方）": (
        "Measures (5W1H: purpose, content, deadline, department, forum, approach)"
    ),
    "施策": "Measure",
    "意義": "Purpose",
    "内容": "Content",
    "期限": "Deadline",
    "担当部署": "Department",
    "検討の場": "Forum",
    "進め方": "Approach",
    "活用する国の支援策": "National support programmes used",
    "投資の具体像": "Investments",
    "投資の内容": "Investment",
    "事業主体": "Investor",
    "金額": "Amount",
    "開始年度": "Start",
    "稼働開始": "Operation from",
    "域内への波及の目標": "Targets for spillover within the region",
    "項目": "Item",
    "年度": "Fiscal year",
    "目標値": "Target value",
    "計画の内容": "What is planned",
    "域内取引額": "Transactions within the region",
    "売上額": "Sales",
    "雇用の創出": "Jobs created",
    "賃上げ": "Wage increases",
    "伴走支援の体制: 主体": "Hands-on support: lead body",
    "支援の分野": "Fields of support",
    "人員": "Staff",
    "連携先": "Partners",
    "投資概要": "Investment",
    "担当府省庁": "Ministry",
    "投資企業": "Investing company",
    "投資時期": "Investment year",
    "稼働開始時期": "Operation from",
    "投資総額": "Total investment",
    "関連する投資案件": "Related projects",
    # requirements and announcement
    "要件への対応・発表": "Requirements and announcement",
    "【有望度】": "[Promise]",
    "【実現可能性】": "[Feasibility]",
    "【外部依存性】": "[External dependency]",
    "【費用対効果】": "[Cost-effectiveness]",
    "【域内への波及】": "[Spillover within the region]",
    "【自治体のコミットメント】": "[Local government's commitment]",
    "【EBPMメルクマール】": "[EBPM milestones]",
    "発表者": "Announced by",
    "発表日": "Announced on",
    "発表した伴走支援体制構築の方針": "Announced policy for the hands-on support structure",
    "発表した相談窓口": "Announced consultation desk",
}

#: Fixed phrases around values: a plan period, a value with a note, a cumulative span.
FORMS: dict[str, dict[Lang, str]] = {
    "period": {"ja": "{} 〜 {}（目標年度 {}）", "en": "{} – {} (goal year {})"},
    "paren": {"ja": "{}（{}）", "en": "{} ({})"},
    "span": {"ja": "{}〜{}: {}", "en": "{}–{}: {}"},
}
