"""Checks of type A's candidate project proposals against the block draft they answer (001 A(4)②)."""

from __future__ import annotations

from collections.abc import Iterator

from chiiki_mirai.formulation.document import BlockDraftDocument, ProposalDocument
from chiiki_mirai.reference.localgov import GovernmentKind, local_governments
from chiiki_mirai.rules.checks import Params, present, proposal_check
from chiiki_mirai.rules.findings import Hit
from chiiki_mirai.rules.rulebook import Severity


@proposal_check("proposal_candidate")
def proposal_candidate(
    proposal: ProposalDocument, params: Params, draft: BlockDraftDocument | None
) -> Iterator[Hit]:
    """The proposal answers a candidate cluster of an adopted block draft, in the candidate's strategic field."""
    if draft is None:
        yield Hit("block_draft", "unknown_draft", {"draft": proposal.block_draft})
        return
    candidate = draft.candidate(proposal.candidate)
    if candidate is None:
        known = "、".join(f"{c.id}（{c.name or '—'}）" for c in draft.candidates) or "（なし）"
        yield Hit("candidate", "unknown_candidate", {"candidate": proposal.candidate, "known": known})
    elif candidate.strategic_field and proposal.strategic_field != candidate.strategic_field:
        yield Hit(
            "strategic_field",
            "other_field",
            {"field": proposal.strategic_field or "（未記載）", "expected": candidate.strategic_field},
        )


@proposal_check("proposal_prefectures")
def proposal_prefectures(
    proposal: ProposalDocument, params: Params, draft: BlockDraftDocument | None
) -> Iterator[Hit]:
    """Proposals come from prefectures; several prefectures propose jointly only with the reason 001 A(4)②※ gives
    (a supply chain across prefectures, closely inseparable, 飛び地 included), and an area outside the proposing
    prefectures needs that reason too."""
    master = local_governments()
    if not proposal.authors:
        yield Hit("authors", "no_authors")
    prefectures: set[int] = set()
    for i, author in enumerate(proposal.authors):
        government = master.get(author.code)
        if government is None or government.kind is not GovernmentKind.PREFECTURE:
            yield Hit(f"authors[{i}].code", "not_prefecture", {"code": author.code})
        else:
            prefectures.add(government.prefecture_code)
    explained = present(proposal.joint_reason)
    if len(proposal.authors) > 1 and not explained:
        yield Hit("joint_reason", "joint_without_reason", {"count": len(proposal.authors)})
    for i, code in enumerate(proposal.area.core_areas if proposal.area else []):
        government = master.get(code)
        if (
            government is not None
            and prefectures
            and government.prefecture_code not in prefectures
            and not explained
        ):
            yield Hit(
                f"area.core_areas[{i}]",
                "outside",
                {"name": government.full_name},
                severity=Severity.WARNING,
            )
