"""The vocabularies of the plan document, each value with its Japanese label (one place for all)."""

from __future__ import annotations

from enum import StrEnum

from chiiki_mirai.i18n import Text


class Choice(StrEnum):
    """A document vocabulary; ``label`` is the Japanese term officials use."""

    @property
    def label(self) -> str:
        return CHOICE_LABELS[self]

    @property
    def text(self) -> Text:
        """The Japanese label, and its English for English readers."""
        return Text(self.label, CHOICE_ENGLISH[self])


class PlanType(Choice):
    A = "A"
    B = "B"
    C = "C"


class Market(Choice):
    CORPORATE = "corporate"
    CONSUMER = "consumer"
    OVERSEAS = "overseas"
    DOMESTIC = "domestic"


class Ambition(Choice):
    EXPORT = "export"
    TOP_DOMESTIC_SHARE = "top_domestic_share"
    HIGHER_VALUE = "higher_value"
    NEW_CHANNELS = "new_channels"


class EntityKind(Choice):
    COMPANY = "company"
    COOPERATIVE = "cooperative"
    SOLE_PROPRIETOR = "sole_proprietor"
    OTHER = "other"


class ReferenceListStatus(Choice):
    LISTED = "listed"
    NOT_LISTED = "not_listed"
    UNKNOWN = "unknown"


class EvidenceStatus(Choice):
    """Where a core entity's 証憑 stands (002 1(1)⑨); set by the platform from its evidence record."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class KgiKind(Choice):
    CAPEX = "capex"
    VALUE_ADDED = "value_added"
    TALENT = "talent"
    LABOR_PRODUCTIVITY = "labor_productivity"
    OWN = "own"


class MonitoringFrequency(Choice):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"


class PartnerKind(Choice):
    FINANCIAL_INSTITUTION = "financial_institution"
    CHAMBER = "chamber"
    UNIVERSITY = "university"
    INDUSTRY_BODY = "industry_body"
    PUBLIC_AGENCY = "public_agency"
    OTHER = "other"


class InfrastructureKind(Choice):
    ROAD = "road"
    INDUSTRIAL_WATER = "industrial_water"
    ELECTRICITY = "electricity"
    RAILWAY = "railway"
    PORT = "port"
    AIRPORT = "airport"
    HOUSING = "housing"
    FIELD_BASE = "field_base"
    OTHER = "other"


class MemberSector(Choice):
    """Who sits on a 戦略産業クラスター有識者検討会 (001 A(4)①「産業界、地方公共団体、教育界等からなる」)."""

    INDUSTRY = "industry"
    LOCAL_GOVERNMENT = "local_government"
    EDUCATION = "education"
    FINANCE = "finance"
    RESEARCH = "research"
    NATIONAL_BRANCH = "national_branch"
    OTHER = "other"


class MeasureStatus(Choice):
    ON_TRACK = "on_track"
    DELAYED = "delayed"
    DONE = "done"
    STOPPED = "stopped"


class ProgrammeKind(Choice):
    """What a national support programme gives (000 ③ 国による支援の仕組みづくりの方向性; 002 1(2)③・2(2)③ 支援メニュー例)."""

    GRANT = "grant"
    SUBSIDY = "subsidy"
    REVIEW = "review"  # 審査上の考慮: B's core firms (002 ⑨), A's cluster firms (000 ③)
    SPECIAL_ZONE = "special_zone"
    ACCOMPANIMENT = "accompaniment"
    PLANNING = "planning"
    TAX = "tax"
    OTHER = "other"


CHOICE_LABELS: dict[Choice, str] = {
    ProgrammeKind.GRANT: "交付金",
    ProgrammeKind.SUBSIDY: "補助金",
    ProgrammeKind.REVIEW: "審査上の考慮",
    ProgrammeKind.SPECIAL_ZONE: "特区",
    ProgrammeKind.ACCOMPANIMENT: "伴走支援",
    ProgrammeKind.PLANNING: "計画策定支援",
    ProgrammeKind.TAX: "税制",
    ProgrammeKind.OTHER: "その他",
    PlanType.A: "戦略産業クラスター計画",
    PlanType.B: "地域産業クラスター計画",
    PlanType.C: "地場産業成長プラン",
    Market.CORPORATE: "法人",
    Market.CONSUMER: "個人",
    Market.OVERSEAS: "海外",
    Market.DOMESTIC: "国内",
    Ambition.EXPORT: "海外輸出による外貨獲得",
    Ambition.TOP_DOMESTIC_SHARE: "国内上位シェアの獲得",
    Ambition.HIGHER_VALUE: "付加価値の向上",
    Ambition.NEW_CHANNELS: "販路の拡大",
    EntityKind.COMPANY: "企業",
    EntityKind.COOPERATIVE: "組合",
    EntityKind.SOLE_PROPRIETOR: "個人事業主",
    EntityKind.OTHER: "その他の事業主体",
    ReferenceListStatus.LISTED: "参考リスト掲載",
    EvidenceStatus.PENDING: "証憑の確認中",
    EvidenceStatus.CONFIRMED: "証憑を経済産業省が確認",
    EvidenceStatus.REJECTED: "証憑を経済産業省が不採用",
    ReferenceListStatus.NOT_LISTED: "参考リスト非掲載",
    ReferenceListStatus.UNKNOWN: "未確認",
    KgiKind.CAPEX: "官民設備投資額",
    KgiKind.VALUE_ADDED: "付加価値増加額",
    KgiKind.TALENT: "産業ニーズに即した産業人材育成数",
    KgiKind.LABOR_PRODUCTIVITY: "一人当たり付加価値労働生産性の増加額・増加率",
    KgiKind.OWN: "独自KGI",
    MonitoringFrequency.MONTHLY: "毎月",
    MonitoringFrequency.QUARTERLY: "四半期ごと",
    MonitoringFrequency.SEMIANNUAL: "半期ごと",
    MonitoringFrequency.ANNUAL: "年1回",
    PartnerKind.FINANCIAL_INSTITUTION: "地域金融機関",
    PartnerKind.CHAMBER: "商工会・商工会議所",
    PartnerKind.UNIVERSITY: "大学・研究機関",
    PartnerKind.INDUSTRY_BODY: "業界団体",
    PartnerKind.PUBLIC_AGENCY: "公的支援機関",
    PartnerKind.OTHER: "その他",
    InfrastructureKind.ROAD: "道路",
    InfrastructureKind.INDUSTRIAL_WATER: "工業用水",
    InfrastructureKind.ELECTRICITY: "電力",
    InfrastructureKind.RAILWAY: "鉄道",
    InfrastructureKind.PORT: "港湾",
    InfrastructureKind.AIRPORT: "空港",
    InfrastructureKind.HOUSING: "住宅",
    InfrastructureKind.FIELD_BASE: "分野特有の拠点",
    InfrastructureKind.OTHER: "その他",
    MemberSector.INDUSTRY: "産業界",
    MemberSector.LOCAL_GOVERNMENT: "地方公共団体",
    MemberSector.EDUCATION: "教育界",
    MemberSector.FINANCE: "金融機関",
    MemberSector.RESEARCH: "研究機関",
    MemberSector.NATIONAL_BRANCH: "関係府省庁の地方支分部局",
    MemberSector.OTHER: "その他",
    MeasureStatus.ON_TRACK: "順調",
    MeasureStatus.DELAYED: "遅延",
    MeasureStatus.DONE: "完了",
    MeasureStatus.STOPPED: "中止",
}

#: The same choices for English readers (the Japanese above is the term of record).
CHOICE_ENGLISH: dict[Choice, str] = {
    ProgrammeKind.GRANT: "grant",
    ProgrammeKind.SUBSIDY: "subsidy",
    ProgrammeKind.REVIEW: "consideration in review",
    ProgrammeKind.SPECIAL_ZONE: "special zone",
    ProgrammeKind.ACCOMPANIMENT: "accompaniment support",
    ProgrammeKind.PLANNING: "planning support",
    ProgrammeKind.TAX: "tax measure",
    ProgrammeKind.OTHER: "other",
    PlanType.A: "strategic industry cluster plan",
    PlanType.B: "regional industry cluster plan",
    PlanType.C: "local industry growth plan",
    Market.CORPORATE: "businesses",
    Market.CONSUMER: "consumers",
    Market.OVERSEAS: "overseas",
    Market.DOMESTIC: "domestic",
    Ambition.EXPORT: "earning foreign currency by export",
    Ambition.TOP_DOMESTIC_SHARE: "a top share in Japan",
    Ambition.HIGHER_VALUE: "higher value added",
    Ambition.NEW_CHANNELS: "new sales channels",
    EntityKind.COMPANY: "company",
    EntityKind.COOPERATIVE: "cooperative",
    EntityKind.SOLE_PROPRIETOR: "sole proprietor",
    EntityKind.OTHER: "other business body",
    ReferenceListStatus.LISTED: "on the reference list",
    ReferenceListStatus.NOT_LISTED: "not on the reference list",
    ReferenceListStatus.UNKNOWN: "not yet checked",
    EvidenceStatus.PENDING: "evidence being checked",
    EvidenceStatus.CONFIRMED: "evidence confirmed by METI",
    EvidenceStatus.REJECTED: "evidence not accepted by METI",
    KgiKind.CAPEX: "public and private capital investment",
    KgiKind.VALUE_ADDED: "increase in value added",
    KgiKind.TALENT: "industrial talent trained to industry needs",
    KgiKind.LABOR_PRODUCTIVITY: "rise in labour productivity per worker (amount or rate)",
    KgiKind.OWN: "own KGI",
    MonitoringFrequency.MONTHLY: "monthly",
    MonitoringFrequency.QUARTERLY: "quarterly",
    MonitoringFrequency.SEMIANNUAL: "half-yearly",
    MonitoringFrequency.ANNUAL: "yearly",
    PartnerKind.FINANCIAL_INSTITUTION: "regional financial institution",
    PartnerKind.CHAMBER: "chamber of commerce",
    PartnerKind.UNIVERSITY: "university or research institute",
    PartnerKind.INDUSTRY_BODY: "industry association",
    PartnerKind.PUBLIC_AGENCY: "public support agency",
    PartnerKind.OTHER: "other",
    InfrastructureKind.ROAD: "road",
    InfrastructureKind.INDUSTRIAL_WATER: "industrial water",
    InfrastructureKind.ELECTRICITY: "electricity",
    InfrastructureKind.RAILWAY: "railway",
    InfrastructureKind.PORT: "port",
    InfrastructureKind.AIRPORT: "airport",
    InfrastructureKind.HOUSING: "housing",
    InfrastructureKind.FIELD_BASE: "field-specific facility",
    InfrastructureKind.OTHER: "other",
    MemberSector.INDUSTRY: "industry",
    MemberSector.LOCAL_GOVERNMENT: "local government",
    MemberSector.EDUCATION: "education",
    MemberSector.FINANCE: "finance",
    MemberSector.RESEARCH: "research",
    MemberSector.NATIONAL_BRANCH: "ministries' regional offices",
    MemberSector.OTHER: "other",
    MeasureStatus.ON_TRACK: "on track",
    MeasureStatus.DELAYED: "delayed",
    MeasureStatus.DONE: "done",
    MeasureStatus.STOPPED: "stopped",
}
