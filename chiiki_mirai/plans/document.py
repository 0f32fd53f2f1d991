"""The plan document, ``chiiki-mirai/plan@1`` (shared/spec/plan-format.md), as typed models.

The models are strict about types and lenient about presence: a missing section loads, and the
rulebook reports it as a finding citing the policy; a number where text belongs does not load.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from chiiki_mirai.plans.choices import (
    Ambition,
    EntityKind,
    EvidenceStatus,
    InfrastructureKind,
    KgiKind,
    Market,
    MonitoringFrequency,
    PartnerKind,
    PlanType,
    ProgrammeKind,
    ReferenceListStatus,
)
from chiiki_mirai.plans.values import (
    CorporateNumber,
    Count,
    Day,
    FiscalYear,
    Identifier,
    LocalGovernmentCode,
    MillionYen,
    NumberValue,
    Period,
    Ratio,
    normalize_in_unit,
)

PLAN_FORMAT = "chiiki-mirai/plan@1"


#: Marks a field the platform fills (from its lists and records) rather than the authors: forms give it no input.
PLATFORM_FILLED = "x-filled-by-platform"
#: Marks a field only some plan types have (``{FOR_TYPES: "A"}``): the forms of the other types do not offer it.
FOR_TYPES = "x-plan-types"


class DocumentModel(BaseModel):
    """Base of every document model: unknown keys are refused (a typo must not vanish silently)."""

    # Built on first use: a document is validated whole, so its parts' own validators are built only where a part
    # is validated alone (a guided section), and a one-plan check starts sooner.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


# ---------------------------------------------------------------- values with a year or period


class FiscalYearValue(DocumentModel):
    fy: FiscalYear | None = None
    value: NumberValue | None = None


class CumulativeValue(DocumentModel):
    from_fy: FiscalYear | None = None
    to_fy: FiscalYear | None = None
    value: NumberValue | None = None


class PeriodValue(DocumentModel):
    period: Period
    value: NumberValue


class UnitTarget(DocumentModel):
    """A target with its own unit, e.g. 域内取引額 5,000 百万円 in FY2035."""

    unit: str | None = None
    fy: FiscalYear | None = None
    value: NumberValue | None = None
    # 002 1(2)②⑤ asks of B whether each is 「計画されているか」: what is planned may be said in words.
    description: str | None = Field(None, description="計画の内容（文章）")

    @model_validator(mode="before")
    @classmethod
    def _read_value_in_unit(cls, data: Any) -> Any:
        return normalize_in_unit(data, _get(data, "unit"), (("value",),))


def _get(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


# ---------------------------------------------------------------- top-level parts


class Author(DocumentModel):
    code: LocalGovernmentCode = Field(description="策定主体の全国地方公共団体コード")
    lead: bool = Field(False, description="共同作成の代表団体")
    share: Ratio | None = Field(None, description="全国集計で按分する割合（省略時は均等）")


class Contact(DocumentModel):
    department: str | None = Field(None, description="担当部署")
    person: str | None = None
    email: str | None = None
    phone: str | None = None


class PlanPeriod(DocumentModel):
    start_fy: FiscalYear | None = Field(None, description="計画の初年度")
    end_fy: FiscalYear | None = Field(None, description="計画の最終年度")
    goal_fy: FiscalYear | None = Field(None, description="KGIの目標年度")


class Product(DocumentModel):
    name: str | None = Field(None, description="実現する製品・サービス")
    market: Market | None = Field(None, description="ターゲット市場の属性")
    needs: str | None = Field(None, description="その市場におけるニーズ")
    advantage: str | None = Field(None, description="競争優位性（B）／付加価値向上・販路拡大の見通し（C）")
    ambition: Ambition | None = None


class Industry(DocumentModel):
    sectors: list[str] = Field(default_factory=list, description="日本標準産業分類（例: E28）")
    description: str | None = Field(None, description="該当する業種／作物・品種・製品・サービス")
    products: list[Product] = Field(default_factory=list)
    reason: str | None = Field(None, description="特定の理由")


class Area(DocumentModel):
    core_areas: list[LocalGovernmentCode] = Field(default_factory=list, description="核となる区域")
    shares: dict[LocalGovernmentCode, Ratio] = Field(
        default_factory=dict,
        description="全国集計で区域ごとに按分する割合（核となる区域のコード: 割合。省略時は均等）",
    )
    description: str | None = None
    reason: str | None = Field(None, description="特定の理由")


class CoreEntity(DocumentModel):
    name: str | None = Field(None, description="計画推進の核となる企業・事業主体")
    corporate_number: CorporateNumber | None = None
    kind: EntityKind = EntityKind.COMPANY
    location: LocalGovernmentCode | None = Field(None, description="所在市区町村（誘致予定なら null）")
    attracted: bool = Field(False, description="域外企業の誘致")
    employees: Count | None = None
    value_chain_role: str | None = Field(None, description="サプライチェーン・バリューチェーン内での役割")
    capability: str | None = Field(None, description="事業規模・能力が十分である根拠")
    share_of_plan: Ratio | None = Field(None, description="計画の付加価値に占める割合")
    # Marked by the platform from the newest reference list (``analytics.reference.with_reference_list``); a file
    # checked on the command line may state them, but no form or blank workbook asks authors for them (issue 22 §1).
    reference_list: ReferenceListStatus = Field(
        ReferenceListStatus.UNKNOWN,
        description="参考リストへの掲載（基盤が参考リストから記入）",
        json_schema_extra={PLATFORM_FILLED: True},
    )
    connector_degree: Ratio | None = Field(
        None,
        description="コネクター度（基盤が参考リストから記入）",
        json_schema_extra={PLATFORM_FILLED: True},
    )
    hub_degree: Ratio | None = Field(
        None, description="ハブ度（基盤が参考リストから記入）", json_schema_extra={PLATFORM_FILLED: True}
    )
    evidence: str | None = Field(None, description="参考リスト非掲載の場合の証憑")
    evidence_status: EvidenceStatus | None = Field(
        None,
        description="証憑の確認状況（基盤が経済産業省の確認から記入。計画の作成者は書かない）",
        json_schema_extra={PLATFORM_FILLED: True},
    )
    reason: str | None = None


class CurrentState(DocumentModel):
    summary: str | None = Field(None, description="現状の整理")
    vision: str | None = Field(None, description="目指すべき姿")


class ValueAddedCalculation(DocumentModel):
    sales_increase: NumberValue | None = Field(None, description="売上増加額")
    value_added_rate: Ratio | None = Field(None, description="既存の付加価値率")


class Kgi(DocumentModel):
    id: Identifier
    kind: KgiKind
    name: str | None = None
    unit: str | None = None
    baseline: FiscalYearValue | None = None
    target: FiscalYearValue | None = None
    cumulative: CumulativeValue | None = None
    basis: str | None = Field(None, description="設定の根拠")
    verification: str | None = Field(None, description="効果検証の方法")
    calculation: ValueAddedCalculation | None = None

    VALUE_PATHS: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("baseline", "value"),
        ("target", "value"),
        ("cumulative", "value"),
        ("calculation", "sales_increase"),
    )

    @model_validator(mode="before")
    @classmethod
    def _read_values_in_unit(cls, data: Any) -> Any:
        return normalize_in_unit(data, _get(data, "unit"), cls.VALUE_PATHS)


class Investment(DocumentModel):
    description: str | None = None
    entity: str | None = None
    amount: MillionYen | None = None
    start_fy: FiscalYear | None = None
    operation_fy: FiscalYear | None = Field(None, description="稼働開始時期")


class SpilloverTargets(DocumentModel):
    intra_regional_transactions: UnitTarget | None = Field(None, description="域内取引額")
    sales: UnitTarget | None = Field(None, description="売上額")
    jobs: UnitTarget | None = Field(None, description="雇用の創出")
    wage_growth: UnitTarget | None = Field(None, description="賃上げ")


class Pathway(DocumentModel):
    strategy: str | None = Field(None, description="基本戦略・勝ち筋")
    investments: list[Investment] = Field(default_factory=list, description="投資の具体像")
    impact: str | None = Field(None, description="地域へのインパクト")
    spillover_targets: SpilloverTargets | None = None
    exports_or_import_substitution: str | None = None


def _programme_name(value: Any) -> Any:
    """A support programme given by name alone (as plan@1 documents did before) is an entry with that name."""
    return {"programme": value} if isinstance(value, str) else value


class SupportRequest(DocumentModel):
    """A national support programme a measure intends to use (001 第3章第1節「支援策」; 002 (3)): the programme
    by its name on the secretariat's list, the ministry, the fiscal year and the amount requested."""

    programme: str = Field(min_length=1, description="支援策の名称（事務局の一覧から）")
    ministry: str | None = Field(None, description="所管府省庁")
    fiscal_year: FiscalYear | None = Field(None, description="要望する年度")
    amount_requested: MillionYen | None = Field(None, description="要望額（百万円）")
    # Filled by the platform from the secretariat's list (``workflow.programmes.with_programmes``), as a core entity's
    # reference-list mark is; a stored plan keeps only what its authors wrote.
    kind: ProgrammeKind | None = Field(
        None,
        description="支援策の種類（基盤が支援策の一覧から記入）",
        json_schema_extra={PLATFORM_FILLED: True},
    )
    plan_types: list[PlanType] | None = Field(
        None,
        description="支援策の対象の類型（基盤が支援策の一覧から記入）",
        json_schema_extra={PLATFORM_FILLED: True},
    )


class Measure(DocumentModel):
    id: Identifier
    title: str | None = Field(None, description="施策名")
    purpose: str | None = Field(None, description="施策の意義")
    content: str | None = Field(None, description="内容")
    deadline: Day | None = Field(None, description="期限")
    owner: str | None = Field(None, description="担当部署")
    # 001 A(5)①「5W1Hに基づき関係府省庁及び都道府県の担当部署に進捗報告を依頼する」: whom the request goes to.
    owner_body: str | None = Field(
        None, description="進捗報告の依頼先（A: 府省庁のコード N-… または都道府県の団体コード）"
    )
    forum: str | None = Field(None, description="検討の場")
    approach: str | None = Field(None, description="進め方")
    kpis: list[Identifier] = Field(default_factory=list)
    support_programs: list[Annotated[SupportRequest, BeforeValidator(_programme_name)]] = Field(
        default_factory=list, description="活用する国の支援策"
    )


class Withdrawal(DocumentModel):
    rule: str | None = Field(None, description="撤退基準")
    threshold_ratio: Ratio | None = None
    at: Period | None = None


class Kpi(DocumentModel):
    id: Identifier
    name: str | None = None
    unit: str | None = None
    baseline: PeriodValue | None = None
    targets: list[PeriodValue] = Field(default_factory=list)
    withdrawal: Withdrawal | None = None

    @model_validator(mode="before")
    @classmethod
    def _read_values_in_unit(cls, data: Any) -> Any:
        return normalize_in_unit(data, _get(data, "unit"), (("baseline", "value"), ("targets", "value")))


class Monitoring(DocumentModel):
    frequency: MonitoringFrequency | None = None
    body: str | None = None


class Partner(DocumentModel):
    name: str
    kind: PartnerKind = PartnerKind.OTHER


class SupportStructure(DocumentModel):
    lead: str | None = Field(None, description="伴走支援の主体（知事等）")
    departments: list[str] = Field(default_factory=list, description="担当部署／相談窓口")
    staff: Count | None = Field(None, description="人員")
    partners: list[Partner] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list, description="伴走支援を行う分野")
    frequency: str | None = None


class Policy(DocumentModel):
    challenges: list[str] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)
    monitoring: Monitoring | None = None
    support_structure: SupportStructure | None = None
    local_foundation: str | None = Field(None, description="地場産業を支える仕組みづくり")


class Localization(DocumentModel):
    policy: str | None = Field(None, description="現地化の方針")
    attracted_entity_notes: str | None = None


class Requirements(DocumentModel):
    promise: str | None = Field(None, description="有望度")
    feasibility: str | None = Field(None, description="実現可能性")
    external_dependency: str | None = Field(None, description="外部依存性")
    cost_effectiveness: str | None = Field(None, description="費用対効果")
    spillover: str | None = Field(None, description="域内への波及")
    commitment: str | None = Field(None, description="自治体のコミットメント")
    ebpm: str | None = Field(None, description="EBPMメルクマール")


class Announcement(DocumentModel):
    by: str | None = Field(None, description="公表者（知事・市町村長等）")
    date: Day | None = None
    # 002 1(2)②⑥※ (B):「知事等としての発表は計画策定後に伴走支援体制構築の方針も含めて行ってください」
    support_policy: str | None = Field(
        None, description="発表した伴走支援体制構築の方針（B）", json_schema_extra={FOR_TYPES: "B"}
    )
    # 002 2(2)②⑤※ (C):「市町村長等としての発表は計画策定後に相談窓口の設置も含めて行ってください」
    consultation_desk: str | None = Field(
        None, description="発表した相談窓口（C）", json_schema_extra={FOR_TYPES: "C"}
    )


class CoreProject(DocumentModel):
    description: str | None = None
    ministry: str | None = Field(None, description="担当府省庁")
    department: str | None = Field(None, description="担当部署")
    company: str | None = None
    corporate_number: CorporateNumber | None = None
    total_investment: MillionYen | None = Field(None, description="投資総額（百万円）")
    investment_fy: FiscalYear | None = None
    operation_fy: FiscalYear | None = None
    adopted_support: list[str] = Field(default_factory=list, description="採択済みの補助金等")
    related_projects: list[str] = Field(default_factory=list)


class Infrastructure(DocumentModel):
    kind: InfrastructureKind = InfrastructureKind.OTHER
    description: str | None = None
    amount: MillionYen | None = None


class Formulation(DocumentModel):
    """How a type A plan was formulated (001 A(4)②): by whom, from which block draft candidate and proposals."""

    bodies: list[str] = Field(
        default_factory=list, description="策定主体（内閣官房 N-CAS・経済産業省 N-METI）"
    )
    block_draft: str | None = Field(None, description="基にした計画の素案のID")
    candidate: Identifier | None = Field(None, description="素案の産業クラスター候補のID")
    proposals: list[str] = Field(default_factory=list, description="採択した候補プロジェクト提案のID")


class PlanDocument(DocumentModel):
    """One plan of type A, B or C (地域未来戦略 第3章第1節)."""

    format: str = Field(PLAN_FORMAT, description="文書形式の版")
    id: str | None = Field(None, description="基盤が付与する計画ID")
    plan_type: PlanType
    title: str | None = None
    authors: list[Author] = Field(default_factory=list, description="策定主体")
    contact: Contact | None = None
    period: PlanPeriod | None = None
    strategic_field: str | None = Field(None, description="17の戦略分野（Aは必須）")
    industry: Industry | None = None
    area: Area | None = None
    core_entities: list[CoreEntity] = Field(default_factory=list)
    current_state: CurrentState | None = None
    kgis: list[Kgi] = Field(default_factory=list)
    pathway: Pathway | None = None
    policy: Policy | None = None
    localization: Localization | None = None
    requirements: Requirements | None = None
    announcement: Announcement | None = None
    # Type A additions (戦略産業クラスター計画); for A, ``authors`` are the proposing prefectures
    formulation: Formulation | None = Field(
        None, description="策定の経緯（A: 策定主体・計画の素案・提案）", json_schema_extra={FOR_TYPES: "A"}
    )
    roadmap_alignment: str | None = Field(
        None, description="官民投資ロードマップとの関係性", json_schema_extra={FOR_TYPES: "A"}
    )
    international_advantage: str | None = Field(
        None, description="国際的な競争優位性", json_schema_extra={FOR_TYPES: "A"}
    )
    draft_alignment: str | None = Field(
        None, description="計画の素案との整合性", json_schema_extra={FOR_TYPES: "A"}
    )
    core_projects: list[CoreProject] = Field(
        default_factory=list, description="核となる大規模投資案件", json_schema_extra={FOR_TYPES: "A"}
    )
    infrastructure: list[Infrastructure] = Field(default_factory=list, json_schema_extra={FOR_TYPES: "A"})
    stakeholder_actions: str | None = Field(None, json_schema_extra={FOR_TYPES: "A"})
    national_policy_needs: str | None = Field(None, json_schema_extra={FOR_TYPES: "A"})
    employment: str | None = Field(
        None, description="良質な雇用の創出・維持", json_schema_extra={FOR_TYPES: "A"}
    )

    @property
    def is_joint(self) -> bool:
        return len(self.authors) > 1

    def kgis_of(self, kind: KgiKind) -> list[Kgi]:
        return [k for k in self.kgis if k.kind is kind]
