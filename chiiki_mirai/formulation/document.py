"""The two documents of type A's formulation (plain Python, like plan@1):

- ``chiiki-mirai/block-draft@1`` 計画の素案: one per 地方ブロック, drafted by the 経済産業局 (沖縄総合事務局) with its
  戦略産業クラスター有識者検討会, naming the candidate industrial clusters (001 A(4)①, A(2)⑤).
- ``chiiki-mirai/proposal@1`` 候補プロジェクト提案: a prefecture's (or several prefectures' jointly) projects for one
  candidate cluster of an adopted block draft, in line with the 17 fields' 官民投資ロードマップ (001 A(4)②).

A proposal names its fields as plan@1 does (``authors``, ``strategic_field``, ``core_projects`` …) so that the
plan rules that apply to it run on it unchanged and report the same field paths.
"""

from __future__ import annotations

from pydantic import Field

from chiiki_mirai.plans.choices import MemberSector, PlanType
from chiiki_mirai.plans.document import (
    Area,
    Author,
    Contact,
    CoreProject,
    DocumentModel,
    Infrastructure,
    PlanDocument,
)
from chiiki_mirai.plans.values import Day, Identifier, LocalGovernmentCode

BLOCK_DRAFT_FORMAT = "chiiki-mirai/block-draft@1"
PROPOSAL_FORMAT = "chiiki-mirai/proposal@1"


class CommitteeMember(DocumentModel):
    name: str = Field(min_length=1, description="委員の氏名")
    affiliation: str | None = Field(None, description="所属・役職")
    sector: MemberSector = Field(description="区分（産業界・地方公共団体・教育界 …）")


class Meeting(DocumentModel):
    date: Day = Field(description="開催日")
    agenda: str | None = Field(None, description="議題")


class Committee(DocumentModel):
    name: str | None = Field(None, description="戦略産業クラスター有識者検討会の名称")
    members: list[CommitteeMember] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)


class CandidateCluster(DocumentModel):
    id: Identifier = Field(description="候補の ID（提案と計画が参照する）")
    name: str | None = Field(None, description="産業クラスターの候補の名称")
    strategic_field: str | None = Field(None, description="17の戦略分野")
    areas: list[LocalGovernmentCode] = Field(
        default_factory=list, description="想定する区域（市区町村・都道府県）"
    )
    rationale: str | None = Field(None, description="候補とした理由")


class BlockDraftDocument(DocumentModel):
    """計画の素案 of one 地方ブロック (001 A(4)①)."""

    format: str = Field(BLOCK_DRAFT_FORMAT, description="文書形式の版")
    id: str | None = Field(None, description="基盤が付与する素案ID")
    block: str = Field(
        description="地方ブロック（hokkaido, tohoku, kanto, chubu, kinki, chugoku, shikoku, kyushu, okinawa）"
    )
    title: str | None = None
    summary: str | None = Field(None, description="素案の概要")
    committee: Committee | None = None
    candidates: list[CandidateCluster] = Field(default_factory=list, description="産業クラスターの候補")

    def candidate(self, candidate_id: str) -> CandidateCluster | None:
        return next((c for c in self.candidates if c.id == candidate_id), None)


class ProposalDocument(DocumentModel):
    """候補プロジェクト提案 from one prefecture, or several jointly (001 A(4)②※)."""

    format: str = Field(PROPOSAL_FORMAT, description="文書形式の版")
    id: str | None = Field(None, description="基盤が付与する提案ID")
    block_draft: str = Field(min_length=1, description="計画の素案のID")
    candidate: Identifier = Field(description="素案の産業クラスター候補のID")
    title: str | None = None
    authors: list[Author] = Field(default_factory=list, description="提案する都道府県（共同提案は複数）")
    joint_reason: str | None = Field(
        None,
        description="共同提案・飛び地の理由（サプライチェーンが複数都道府県にまたがり密接不可分であること）",
    )
    contact: Contact | None = None
    strategic_field: str | None = Field(None, description="17の戦略分野")
    roadmap_alignment: str | None = Field(None, description="官民投資ロードマップとの関係性")
    draft_alignment: str | None = Field(None, description="計画の素案との整合性")
    international_advantage: str | None = Field(None, description="国際的な競争優位性")
    area: Area | None = None
    core_projects: list[CoreProject] = Field(default_factory=list, description="核となる大規模投資案件")
    infrastructure: list[Infrastructure] = Field(default_factory=list)
    employment: str | None = Field(None, description="良質な雇用の創出・維持")

    def as_plan(self) -> PlanDocument:
        """The proposal read as the parts of a type A plan it proposes (for the plan rules that apply to it)."""
        shared = self.model_dump(
            exclude_unset=True,
            include={
                "title",
                "authors",
                "contact",
                "strategic_field",
                "roadmap_alignment",
                "draft_alignment",
                "international_advantage",
                "area",
                "core_projects",
                "infrastructure",
                "employment",
            },
        )
        return PlanDocument.model_validate({"plan_type": PlanType.A.value, **shared})
