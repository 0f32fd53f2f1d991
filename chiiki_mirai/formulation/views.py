"""The pages of type A's formulation: block drafts (a bureau writes and publishes; everyone reads once published),
project proposals (a prefecture writes and submits; 内閣官房・経済産業省 decide) and the formulation of the plan."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiiki_mirai.formulation import services
from chiiki_mirai.formulation.checks import check_block_draft
from chiiki_mirai.formulation.document import (
    BLOCK_DRAFT_FORMAT,
    PROPOSAL_FORMAT,
    BlockDraftDocument,
    ProposalDocument,
)
from chiiki_mirai.formulation.models import BlockDraft, ProjectProposal
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.errors import DocumentError
from chiiki_mirai.plans.form_layout import Entry, apply_entries, model_entries
from chiiki_mirai.plans.io import dump, load_as, source_from_text
from chiiki_mirai.reference.fields import StrategicField
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.reference.national import BLOCKS, block
from chiiki_mirai.web.language import current_lang, in_reader_language
from chiiki_mirai.workflow.batch_views import attempt
from chiiki_mirai.workflow.documents import problem_messages
from chiiki_mirai.workflow.services import Refused, StaleEdit
from chiiki_mirai.workflow.views import entry_context, person_of, places_for, posted_int, validated


def _person(request: HttpRequest) -> Person | None:
    return person_of(request) if request.user.is_authenticated else None


def _place_names(codes: list[str]) -> str:
    master = local_governments()
    return "・".join(g.full_name if (g := master.get(c)) else c for c in codes)


def _field_label(value: str | None) -> str:
    try:
        return StrategicField(value or "").label_ja
    except ValueError:
        return value or "—"


def index(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    drafts = services.visible_drafts(person).order_by("block", "public_id")
    proposals = (
        services.visible_proposals(person).select_related("block_draft").prefetch_related("prefectures")
    )
    return render(
        request,
        "formulation/index.html",
        {
            "drafts": drafts,
            "proposals": proposals if person else [],
            "blocks": BLOCKS,
            "bureau_block": services.bureau_block(person),
            "proposes_for": services.proposes_for(person),
        },
    )


def draft_for(person: Person | None, public_id: str) -> BlockDraft:
    draft = get_object_or_404(BlockDraft, public_id=public_id)
    if not services.visible_drafts(person).filter(pk=draft.pk).exists():
        raise Http404
    return draft


def proposal_for(person: Person | None, public_id: str) -> ProjectProposal:
    proposal = get_object_or_404(ProjectProposal, public_id=public_id)
    if not services.visible_proposals(person).filter(pk=proposal.pk).exists():
        raise Http404
    return proposal


def _template(kind: str, **fields: Any) -> str:
    """A starting text for a new draft or proposal, with every field the format has (the user fills it in)."""
    if kind == "draft":
        return dump(
            BlockDraftDocument.model_validate(
                {
                    "format": BLOCK_DRAFT_FORMAT,
                    "block": fields["block"],
                    "title": fields["title"],
                    "summary": "",
                    "committee": {"name": "", "members": [], "meetings": []},
                    "candidates": [],
                }
            ),
            "yaml",
        )
    return dump(
        ProposalDocument.model_validate(
            {
                "format": PROPOSAL_FORMAT,
                "block_draft": fields["draft"],
                "candidate": fields["candidate"] or "（候補のID）",
                "authors": [{"code": fields["prefecture"], "lead": True}],
                "strategic_field": fields["field"],
                "roadmap_alignment": "",
                "draft_alignment": "",
                "core_projects": [],
            }
        ),
        "yaml",
    )


def _read[M: BlockDraftDocument | ProposalDocument](text: str, model: type[M], format_name: str) -> M:
    return load_as(source_from_text("document.yaml", text), model, format_name)


@login_required
def new_draft(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    own = services.bureau_block(person)
    if own is None:
        raise PermissionDenied
    the_block = block(own)
    title = f"{the_block.name if the_block else own}地方ブロック 戦略産業クラスター計画の素案"
    return _edit_draft(request, person, None, _template("draft", block=own, title=title))


@login_required
def edit_draft(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    draft = draft_for(person, public_id)
    if services.bureau_block(person) != draft.block or draft.published:
        raise PermissionDenied
    return _edit_draft(
        request, person, draft, dump(BlockDraftDocument.model_validate(draft.document), "yaml")
    )


def _edit_draft(request: HttpRequest, person: Person, draft: BlockDraft | None, text: str) -> HttpResponse:
    def save(text: str, note: str, version: int) -> BlockDraft:
        document = _read(text, BlockDraftDocument, BLOCK_DRAFT_FORMAT)
        return services.do_save_block_draft(person, document, note, draft, version)

    page = _draft_page(draft)
    return _edit(request, page, text, draft.version if draft else 0, save)


def _draft_page(draft: BlockDraft | None) -> _EditPage:
    return _EditPage(
        title=_("素案 %(id)s を編集") % {"id": draft.public_id} if draft else _("計画の素案を作成する"),
        hint=_(
            "有識者検討会（委員の区分: industry 産業界・local_government 地方公共団体・education 教育界・finance 金融機関・"
            "research 研究機関・national_branch 関係府省庁の地方支分部局・other その他）、開催日、産業クラスターの候補"
            "（ID・名称・17の戦略分野・区域の団体コード・理由）を記載します。"
        ),
        label=_("素案の本文（block-draft@1 形式の YAML）"),
        stale=_("他の担当者が先に保存しました。最新の素案を開き直してください。"),
        saved=_("素案 %(id)s を保存しました。"),
        page="formulation:draft",
    )


def _proposal_page(proposal: ProjectProposal | None) -> _EditPage:
    return _EditPage(
        title=_("提案 %(id)s を編集") % {"id": proposal.public_id}
        if proposal
        else _("候補プロジェクトを提案する"),
        hint=_(
            "素案の候補、提案する都道府県（共同提案は複数。その場合はサプライチェーンが一体である理由 joint_reason）、"
            "官民投資ロードマップ・素案との整合性、核となる大規模投資案件（担当府省庁・部署・企業・投資総額・時期・"
            "採択済みの補助金等）を記載します。保存すると、提案に適用される事前確認のルールで自動チェックします。"
        ),
        label=_("提案の本文（proposal@1 形式の YAML）"),
        stale=_("他の担当者が先に保存しました。最新の提案を開き直してください。"),
        saved=_("提案 %(id)s を保存しました。"),
        page="formulation:proposal",
    )


@dataclass(frozen=True)
class _EditPage:
    """What differs between editing a block draft and a proposal: the words, and the page to go back to."""

    title: str
    hint: str
    label: str
    stale: str
    saved: str
    page: str


def _edit(
    request: HttpRequest,
    page: _EditPage,
    text: str,
    version: int,
    save: Callable[[str, str, int], BlockDraft | ProjectProposal],
) -> HttpResponse:
    """The text editor of a block draft or a proposal: read, save (compare-and-set on ``version``), or say why not
    (located problems, a newer save, a refusal), keeping what was typed."""
    context: dict[str, Any] = {"page": page, "text": text, "problems": [], "version": version}
    if request.method == "POST":
        context["text"] = request.POST.get("text", "")
        try:
            saved = save(
                context["text"], request.POST.get("note", ""), posted_int(request.POST.get("version"))
            )
        except DocumentError as error:
            context["problems"] = problem_messages(error, current_lang())
        except StaleEdit:
            messages.error(request, page.stale)
        except Refused as refused:
            messages.error(request, in_reader_language(refused.text))
        else:
            messages.success(request, page.saved % {"id": saved.public_id})
            return redirect(page.page, public_id=saved.public_id)
    return render(request, "formulation/edit.html", context, status=422 if context["problems"] else 200)


def draft_page(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _person(request)
    draft = draft_for(person, public_id)
    document = BlockDraftDocument.model_validate(draft.document)
    proposals = services.visible_proposals(person).filter(block_draft=draft).prefetch_related("prefectures")
    candidates = [
        {
            "candidate": c,
            "field": _field_label(c.strategic_field),
            "areas": _place_names(c.areas),
            "proposals": [p for p in proposals if p.candidate == c.id],
            "accepted": [
                p
                for p in proposals
                if p.candidate == c.id and p.state == ProjectProposal.State.ACCEPTED and not p.plan_id
            ],
        }
        for c in document.candidates
    ]
    return render(
        request,
        "formulation/draft.html",
        {
            "draft": draft,
            "document": document,
            "the_block": block(draft.block),
            "candidates": candidates,
            "findings": check_block_draft(document) if not draft.published else [],
            "may_edit": services.bureau_block(person) == draft.block and not draft.published,
            "decides": services.decides(person),
            "proposes_for": services.proposes_for(person) if draft.published else None,
            "events": draft.events.order_by("at", "id") if person else [],
            "lang": current_lang(),
        },
    )


@login_required
@require_POST
def publish_draft(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    draft = draft_for(person, public_id)
    if attempt(request, lambda: services.do_publish_block_draft(person, draft)):
        messages.success(request, _("素案を公表しました。都道府県は候補に対して提案できます。"))
    return redirect("formulation:draft", public_id=draft.public_id)


@login_required
def new_proposal(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    prefecture = services.proposes_for(person)
    if prefecture is None:
        raise PermissionDenied
    draft = draft_for(person, request.GET.get("draft", "")) if request.GET.get("draft") else None
    candidate_id = request.GET.get("candidate", "")
    candidate = BlockDraftDocument.model_validate(draft.document).candidate(candidate_id) if draft else None
    text = _template(
        "proposal",
        draft=draft.public_id if draft else "（素案のID）",
        candidate=candidate_id,
        prefecture=prefecture.code,
        field=candidate.strategic_field if candidate else "",
    )
    return _edit_proposal(request, person, None, text)


@login_required
def edit_proposal(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    proposal = proposal_for(person, public_id)
    own = services.proposes_for(person)
    if own is None or own not in proposal.prefectures.all() or not proposal.editable:
        raise PermissionDenied
    return _edit_proposal(
        request, person, proposal, dump(ProposalDocument.model_validate(proposal.document), "yaml")
    )


def _edit_proposal(
    request: HttpRequest, person: Person, proposal: ProjectProposal | None, text: str
) -> HttpResponse:
    def save(text: str, note: str, version: int) -> ProjectProposal:
        document = _read(text, ProposalDocument, PROPOSAL_FORMAT)
        return services.do_save_proposal(person, document, note, proposal, version)

    page = _proposal_page(proposal)
    return _edit(request, page, text, proposal.version if proposal else 0, save)


# ------------------------------------------------------------------ forms (no YAML)

#: What the platform sets on each document, not its writers: the format, the id, and what the document answers.
DRAFT_FIXED = frozenset({"format", "id", "block"})
PROPOSAL_FIXED = frozenset({"format", "id", "block_draft", "candidate"})


def _form(
    request: HttpRequest,
    model: type[BlockDraftDocument] | type[ProposalDocument],
    fixed: frozenset[str],
    stored: dict[str, Any],
    version: int,
    save: Callable[[Any, str, int], BlockDraft | ProjectProposal],
    page: _EditPage,
) -> HttpResponse:
    """A block draft or a proposal as a form of fields and tables, read back as the text would be (lossless: the
    form names each value by its field path); an input that does not read is shown back as typed."""
    entries = model_entries(model, fixed)
    data, errors = stored, dict[str, list[str]]()
    if request.method == "POST":
        data, document, errors = validated(
            model, *apply_entries(stored, entries, set(entries_heads(entries)), request.POST)
        )
        if document is not None:
            try:
                saved = save(
                    document, request.POST.get("note", ""), posted_int(request.POST.get("base_version"))
                )
            except StaleEdit:
                messages.error(request, page.stale)
            except Refused as refused:
                messages.error(request, in_reader_language(refused.text))
            else:
                messages.success(request, page.saved % {"id": saved.public_id})
                return redirect(page.page, public_id=saved.public_id)
    context = {
        "page": page,
        "fixed": {name: stored.get(name) for name in sorted(fixed - {"format", "id"})},
        "entries": [entry_context(entry, data, errors) for entry in entries],
        "places": places_for(entries),
        "base_version": version,
        "errors": errors,
    }
    return render(request, "formulation/form.html", context, status=422 if errors else 200)


def entries_heads(entries: tuple[Entry, ...]) -> list[str]:
    return list(dict.fromkeys(re.split(r"[.\[]", entry.path)[0] for entry in entries))


@login_required
def draft_form(request: HttpRequest, public_id: str = "") -> HttpResponse:
    person = person_of(request)
    own = services.bureau_block(person)
    draft = draft_for(person, public_id) if public_id else None
    if own is None or (draft is not None and (draft.block != own or draft.published)):
        raise PermissionDenied
    stored = draft.document if draft else {"format": BLOCK_DRAFT_FORMAT, "block": own}

    def save(document: BlockDraftDocument, note: str, version: int) -> BlockDraft:
        return services.do_save_block_draft(person, document, note, draft, version)

    return _form(
        request,
        BlockDraftDocument,
        DRAFT_FIXED,
        stored,
        draft.version if draft else 0,
        save,
        _draft_page(draft),
    )


@login_required
def proposal_form(request: HttpRequest, public_id: str = "") -> HttpResponse:
    person = person_of(request)
    prefecture = services.proposes_for(person)
    proposal = proposal_for(person, public_id) if public_id else None
    if prefecture is None or (
        proposal is not None and (prefecture not in proposal.prefectures.all() or not proposal.editable)
    ):
        raise PermissionDenied
    if proposal is not None:
        stored = proposal.document
    else:
        draft = draft_for(person, request.GET.get("draft", ""))
        candidate = BlockDraftDocument.model_validate(draft.document).candidate(
            request.GET.get("candidate", "")
        )
        if candidate is None:
            raise Http404
        stored = {
            "format": PROPOSAL_FORMAT,
            "block_draft": draft.public_id,
            "candidate": candidate.id,
            "authors": [{"code": prefecture.code, "lead": True}],
            "strategic_field": candidate.strategic_field,
            "area": {"core_areas": list(candidate.areas)},
        }

    def save(document: ProposalDocument, note: str, version: int) -> ProjectProposal:
        return services.do_save_proposal(person, document, note, proposal, version)

    return _form(
        request,
        ProposalDocument,
        PROPOSAL_FIXED,
        stored,
        proposal.version if proposal else 0,
        save,
        _proposal_page(proposal),
    )


@login_required
def proposal_page(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    proposal = proposal_for(person, public_id)
    document = ProposalDocument.model_validate(proposal.document)
    own = services.proposes_for(person)
    mine = own is not None and own in proposal.prefectures.all()
    return render(
        request,
        "formulation/proposal.html",
        {
            "proposal": proposal,
            "document": document,
            "field": _field_label(document.strategic_field),
            "areas": _place_names(document.area.core_areas if document.area else []),
            "findings": services.proposal_findings(document, current_lang()),
            "may_edit": mine and proposal.editable,
            "decides": services.decides(person) and proposal.state == ProjectProposal.State.SUBMITTED,
            "events": proposal.events.order_by("at", "id"),
            "text": dump(document, "yaml"),
        },
    )


@login_required
@require_POST
def submit_proposal(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    proposal = proposal_for(person, public_id)
    if attempt(request, lambda: services.do_submit_proposal(person, proposal)):
        messages.success(request, _("提案を提出しました。内閣官房・経済産業省が審査します。"))
    return redirect("formulation:proposal", public_id=proposal.public_id)


@login_required
@require_POST
def decide_proposal(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    proposal = proposal_for(person, public_id)
    decision, reasons = request.POST.get("decision", ""), request.POST.get("reasons", "")
    if attempt(request, lambda: services.do_decide_proposal(person, proposal, decision, reasons)):
        messages.success(request, _("提案について判断を記録しました。"))
    return redirect("formulation:proposal", public_id=proposal.public_id)


@login_required
@require_POST
def formulate(request: HttpRequest, public_id: str, candidate: str) -> HttpResponse:
    person = person_of(request)
    draft = draft_for(person, public_id)
    chosen = list(ProjectProposal.objects.filter(public_id__in=request.POST.getlist("proposals")))
    plan = attempt(request, lambda: services.do_formulate_plan(person, draft, candidate, chosen))
    if plan is None:
        return redirect("formulation:draft", public_id=draft.public_id)
    messages.success(
        request,
        _("計画 %(id)s を策定中として作成しました。KGI・KPI・5W1H を記載して公表してください。")
        % {"id": plan.public_id},
    )
    return redirect("workflow:plan", public_id=plan.public_id)
