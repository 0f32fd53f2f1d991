"""The 17 strategic fields (17の戦略分野) of the growth strategy; type A plans name one."""

from __future__ import annotations

from enum import StrEnum


class StrategicField(StrEnum):
    AI_SEMICONDUCTOR = "ai_semiconductor"
    SHIPBUILDING = "shipbuilding"
    QUANTUM = "quantum"
    SYNTHETIC_BIO = "synthetic_bio"
    AEROSPACE = "aerospace"
    DIGITAL_CYBER = "digital_cyber"
    CONTENT = "content"
    FOODTECH = "foodtech"
    ENERGY_GX = "energy_gx"
    DISASTER_RESILIENCE = "disaster_resilience"
    DRUG_MEDICAL = "drug_medical"
    FUSION = "fusion"
    MATERIALS = "materials"
    PORT_LOGISTICS = "port_logistics"
    DEFENSE = "defense"
    ICT = "ict"
    OCEAN = "ocean"

    @property
    def label_ja(self) -> str:
        return STRATEGIC_FIELD_LABELS[self]


STRATEGIC_FIELD_LABELS: dict[StrategicField, str] = {
    StrategicField.AI_SEMICONDUCTOR: "AI・半導体",
    StrategicField.SHIPBUILDING: "造船",
    StrategicField.QUANTUM: "量子",
    StrategicField.SYNTHETIC_BIO: "合成生物学・バイオ",
    StrategicField.AEROSPACE: "航空・宇宙",
    StrategicField.DIGITAL_CYBER: "デジタル・サイバーセキュリティ",
    StrategicField.CONTENT: "コンテンツ",
    StrategicField.FOODTECH: "フードテック",
    StrategicField.ENERGY_GX: "資源・エネルギー安全保障・GX",
    StrategicField.DISASTER_RESILIENCE: "防災・国土強靱化",
    StrategicField.DRUG_MEDICAL: "創薬・先端医療",
    StrategicField.FUSION: "フュージョンエネルギー",
    StrategicField.MATERIALS: "マテリアル（重要鉱物・部素材）",
    StrategicField.PORT_LOGISTICS: "港湾ロジスティクス",
    StrategicField.DEFENSE: "防衛産業",
    StrategicField.ICT: "情報通信",
    StrategicField.OCEAN: "海洋",
}
