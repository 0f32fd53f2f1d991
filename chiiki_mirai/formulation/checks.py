"""What a block draft needs before its bureau adopts and publishes it, and the type A plan composed from it.

A block draft is not a plan, so it has no rulebook of its own: the few checks below state 001 A(4)① directly,
each with the passage it reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from chiiki_mirai.formulation.document import BlockDraftDocument, ProposalDocument
from chiiki_mirai.i18n import Text
from chiiki_mirai.plans.choices import MemberSector, PlanType
from chiiki_mirai.plans.document import Area, Author, Formulation, PlanDocument
from chiiki_mirai.reference.fields import StrategicField
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.reference.national import FORMULATING_BODIES, block

_COMMITTEE = "001 A(4)①「産業界、地方公共団体、教育界等からなる戦略産業クラスター有識者検討会において、地方ブロックごとに計画の素案を策定する」"
_CANDIDATE = "001 A(2)⑤「計画の素案において、産業クラスターの候補として明記されていること」"
#: 001 A(4)① names these three sectors; the committee should have each.
NAMED_SECTORS = (MemberSector.INDUSTRY, MemberSector.LOCAL_GOVERNMENT, MemberSector.EDUCATION)


@dataclass(frozen=True)
class DraftFinding:
    path: str
    error: bool  # False: a warning (the draft may still be adopted)
    message: Text
    source: str


def check_block_draft(draft: BlockDraftDocument) -> list[DraftFinding]:
    found: list[DraftFinding] = []

    def add(path: str, error: bool, ja: str, en: str, source: str) -> None:
        found.append(DraftFinding(path, error, Text(ja, en), source))

    the_block = block(draft.block)
    if the_block is None:
        add(
            "block",
            True,
            f"地方ブロック「{draft.block}」はありません。",
            f"there is no block '{draft.block}'.",
            _COMMITTEE,
        )
    committee = draft.committee
    members = committee.members if committee else []
    sectors = {m.sector for m in members}
    for sector in NAMED_SECTORS:
        if sector not in sectors:
            add(
                "committee.members",
                False,
                f"有識者検討会に「{sector.label}」の委員がいません。",
                f"the committee has no member from {sector.text.en}.",
                _COMMITTEE,
            )
    if not (committee and committee.meetings):
        add(
            "committee.meetings",
            True,
            "有識者検討会の開催（日付）が記載されていません。素案は検討会において策定します。",
            "no committee meeting is recorded; the draft is made in the committee.",
            _COMMITTEE,
        )
    if not draft.candidates:
        add(
            "candidates",
            True,
            "産業クラスターの候補が記載されていません。",
            "no candidate cluster is named.",
            _CANDIDATE,
        )
    master, fields, seen = local_governments(), {f.value for f in StrategicField}, set[str]()
    for i, candidate in enumerate(draft.candidates):
        at = f"candidates[{i}]"
        if candidate.id in seen:
            add(
                f"{at}.id",
                True,
                f"候補の ID「{candidate.id}」が重複しています。",
                f"candidate id '{candidate.id}' repeats.",
                _CANDIDATE,
            )
        seen.add(candidate.id)
        if candidate.strategic_field not in fields:
            add(
                f"{at}.strategic_field",
                True,
                f"候補「{candidate.name or candidate.id}」の戦略分野「{candidate.strategic_field or '（未記載）'}」は17の戦略分野にありません。",
                f"candidate '{candidate.id}': '{candidate.strategic_field}' is not one of the 17 fields.",
                "001 A(1)「成長戦略における17の戦略分野に関連する企業の大規模投資を起点として形成される産業クラスター」",
            )
        if not candidate.areas:
            add(
                f"{at}.areas",
                True,
                f"候補「{candidate.name or candidate.id}」の区域が記載されていません。",
                f"candidate '{candidate.id}' names no area.",
                _CANDIDATE,
            )
        for j, code in enumerate(candidate.areas):
            government = master.get(code)
            if government is None:
                add(
                    f"{at}.areas[{j}]",
                    True,
                    f"団体コード {code} は全国地方公共団体コードにありません。",
                    f"{code} is not a local government code.",
                    _CANDIDATE,
                )
            elif the_block is not None and not the_block.covers(government.prefecture_code):
                add(
                    f"{at}.areas[{j}]",
                    False,
                    f"{government.full_name}は{the_block.name}ブロックの外です（サプライチェーンが一体の飛び地として扱う場合は理由を rationale に）。",
                    f"{government.full_name} lies outside the {the_block.code} block (an enclave needs its reason).",
                    "001 A(4)②※「飛び地も含め一体の産業クラスターとみなす」",
                )
    return found


def compose_plan(
    draft_id: str, draft: BlockDraftDocument, candidate_id: str, proposals: list[tuple[str, ProposalDocument]]
) -> PlanDocument:
    """The type A plan 内閣官房・経済産業省 start from (001 A(4)②「計画の素案を基に…策定する」): the candidate's field
    and area, the accepted proposals' prefectures, projects and texts, and the record of how it was formulated.
    The formulators then complete and edit it (KGIs, KPIs and 5W1H are theirs to set)."""
    candidate = draft.candidate(candidate_id)
    if candidate is None:
        raise KeyError(candidate_id)
    authors: list[Author] = []
    for _, proposal in proposals:
        for author in proposal.authors:
            if author.code not in {a.code for a in authors}:
                authors.append(Author(code=author.code, lead=not authors))
    areas = list(
        dict.fromkeys(
            [*candidate.areas, *(c for _, p in proposals for c in (p.area.core_areas if p.area else []))]
        )
    )

    def joined(name: str) -> str | None:
        texts = [str(getattr(p, name)) for _, p in proposals if getattr(p, name)]
        return "\n".join(texts) or None

    return PlanDocument(
        plan_type=PlanType.A,
        title=f"{candidate.name or candidate.id} 戦略産業クラスター計画",
        authors=authors,
        formulation=Formulation(
            bodies=sorted(FORMULATING_BODIES),
            block_draft=draft_id,
            candidate=candidate.id,
            proposals=[i for i, _ in proposals],
        ),
        strategic_field=candidate.strategic_field,
        roadmap_alignment=joined("roadmap_alignment"),
        draft_alignment=joined("draft_alignment")
        or f"計画の素案「{draft.title or draft_id}」の産業クラスターの候補「{candidate.name or candidate.id}」",
        international_advantage=joined("international_advantage"),
        employment=joined("employment"),
        area=Area(core_areas=areas, reason=candidate.rationale),
        core_projects=[project for _, p in proposals for project in p.core_projects],
        infrastructure=[item for _, p in proposals for item in p.infrastructure],
    )
