"""The officials' pages: their plans, authoring, the plan with its findings and history, actions, review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import BaseModel, ValidationError

from chiiki_mirai.analytics.estimate_pages import estimate_context
from chiiki_mirai.analytics.evidence import evidence_roles, latest_evidence, may_see_evidence
from chiiki_mirai.analytics.reference import latest_edition, reference_access, visible_degrees
from chiiki_mirai.organisations.models import Organisation, OrganisationKind, Person
from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.plans.diff import Change, by_section, compare
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.errors import DocumentError, Problem, validation_problems
from chiiki_mirai.plans.form_layout import (
    FormField,
    FormTable,
    apply_section,
    parent_path,
    plan_sections,
    salvageable,
    section_entries,
    shown,
    table_rows,
)
from chiiki_mirai.plans.io import MAX_BYTES, decode_text, dump
from chiiki_mirai.plans.labels import path_label
from chiiki_mirai.plans.paths import flatten, get
from chiiki_mirai.plans.workbook import read_workbook
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.reports.plan_book import book
from chiiki_mirai.reports.sections import SECTIONS, section_index
from chiiki_mirai.reports.sections import by_section as findings_by_section
from chiiki_mirai.rules.findings import Finding
from chiiki_mirai.rules.rulebook import Severity
from chiiki_mirai.web.language import current_lang, in_reader_language
from chiiki_mirai.workflow import calendar, coauthors, notifications, services
from chiiki_mirai.workflow.access import actions_for, can_edit, can_view, relation_of, visible_plans
from chiiki_mirai.workflow.documents import (
    as_text,
    findings_of,
    problem_messages,
    read_plan_text,
    revision_findings,
    revived,
    stored,
)
from chiiki_mirai.workflow.downloads import plan_download
from chiiki_mirai.workflow.guidance import example, guidance
from chiiki_mirai.workflow.models import AuditEvent, AuthorInvitation, FieldComment, Judgement, Plan, Revision
from chiiki_mirai.workflow.programmes import listed_programmes
from chiiki_mirai.workflow.states import (
    DECIDING_BODIES,
    REVIEW_STATES,
    SENDING_BACK,
    Action,
    PlanState,
    Relation,
    Role,
)


def person_of(request: HttpRequest) -> Person:
    person = Person.objects.select_related("organisation").filter(user__pk=request.user.pk or 0).first()
    if person is None:
        raise PermissionDenied("所属組織と役割が登録されていません。管理者に連絡してください。")
    return person


#: No version, revision, page or row number the platform keeps reaches it; a larger one would overflow the database's
#: integer (SQLite raises OverflowError, PostgreSQL an error) — a 500 for a forged query.
POSTED_INT_LIMIT = 2**31 - 1


def posted_int(value: str | None, default: int = -1) -> int:
    """A number from a form or query (a version, a revision); ``default`` when it is not one, or past any number the
    platform keeps (never a 500)."""
    text = (value or "").strip()
    if len(text) > 12:
        return default
    try:
        number = int(text)
    except ValueError:
        return default
    return number if -POSTED_INT_LIMIT <= number <= POSTED_INT_LIMIT else default


def plan_for(person: Person, public_id: str) -> Plan:
    plan = get_object_or_404(Plan, public_id=public_id)
    if not can_view(person, plan):
        raise Http404  # not 403: another organisation's draft must not even be known to exist
    return plan


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    plans = visible_plans(person).prefetch_related("authors").order_by("state", "public_id")
    if person.role_enum is not Role.REVIEWER:
        plans = plans.exclude(state=PlanState.PUBLISHED) | plans.filter(authors=person.organisation)
    edition, batches = calendar.current_calendar()
    listed = list(plans.distinct()[:500])
    return render(
        request,
        "workflow/home.html",
        {
            "plans": listed,
            "todo": to_dos(person, listed),
            "can_create": person.role_enum is Role.AUTHOR,
            "invitations": coauthors.pending_for(person),
            # 002 ⑥: prefectures and municipalities plan their requests by the calendar in force.
            "calendar": (edition, batches) if person.role_enum is not Role.REVIEWER else None,
            "today": timezone.localdate(),
        },
    )


@dataclass(frozen=True)
class ToDo:
    plan: Plan
    actions: list[Action]
    sent_back: AuditEvent | None


def to_dos(person: Person, plans: list[Plan], limit: int = 50) -> list[ToDo]:
    """What the person is to do next (issue 22 §3): the plans on which a step is theirs now, with the reason when a
    plan stands sent back to them — the plans sent back first."""
    found = []
    for plan in plans:
        if plan.state_enum is PlanState.PUBLISHED:
            continue
        actions = actions_for(person, plan)
        if actions:
            found.append(ToDo(plan, actions, sent_back_reason(plan)))
        if len(found) >= limit:
            break
    return sorted(found, key=lambda todo: todo.sent_back is None)


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Whether the steps of the process tell this person by mail when it is their turn (issue 22 §3)."""
    person = person_of(request)
    if request.method == "POST":
        notifications.do_set_mail_notifications(person, request.POST.get("mail") == "on")
        messages.success(request, _("通知の設定を保存しました。"))
        return redirect("workflow:notifications")
    return render(
        request,
        "workflow/notifications.html",
        {"person": person, "email": person.user.email, "what": notifications.NEXT},
    )


@login_required
@require_POST
def answer_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """An invited body's author accepts or declines co-authorship (404 for anyone the invitation is not for)."""
    person = person_of(request)
    invitation = get_object_or_404(AuthorInvitation, pk=pk, organisation=person.organisation)
    try:
        coauthors.do_answer(person, invitation, request.POST.get("answer") == "accept")
    except services.Refused as refused:
        messages.error(request, in_reader_language(refused.text))
    else:
        messages.success(request, _("招待に回答しました。"))
    return redirect("workflow:home")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The reviewers' queue: plans waiting for the nation, by batch and deadline."""
    person = person_of(request)
    if person.role_enum is not Role.REVIEWER:
        raise PermissionDenied
    waiting = [
        PlanState.PRECHECK_REQUESTED,
        PlanState.IN_PRECHECK,
        PlanState.SUBMITTED,
        PlanState.REQUIREMENTS_CHECK,
        PlanState.FORMULATING,
    ]
    plans = (
        visible_plans(person)
        .filter(state__in=waiting)
        .prefetch_related("authors")
        .order_by("batch", "review_due", "precheck_requested_at")
    )
    state = request.GET.get("state")
    if state in PlanState._value2member_map_:
        plans = plans.filter(state=state)
    today = timezone.localdate()
    rows = [
        # A pre-check still open after its batch's 確認期限 (002 ⑥ ※1「1ヶ月程度の確認期間」) is flagged.
        (plan, plan.review_due is not None and plan.review_due < today and plan.state in PRECHECK_OPEN)
        for plan in plans
    ]
    return render(
        request,
        "workflow/queue.html",
        {"rows": rows, "states": [PlanState(s) for s in waiting], "today": today},
    )


PRECHECK_OPEN = frozenset({PlanState.PRECHECK_REQUESTED.value, PlanState.IN_PRECHECK.value})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if person.role_enum is not Role.AUTHOR:
        raise PermissionDenied
    context: dict[str, Any] = {"text": "", "problems": []}
    if request.method == "POST":
        try:
            text, name = submitted_text(request)
            context["text"] = text
            plan = services.do_create_plan(person, read_plan_text(name, text), request.POST.get("note", ""))
        except DocumentError as error:
            context["problems"] = problem_messages(error, current_lang())
        except services.Refused as refused:
            messages.error(request, in_reader_language(refused.text))
        else:
            messages.success(request, _("計画 %(plan)s を作成しました。") % {"plan": plan.public_id})
            return redirect("workflow:plan", public_id=plan.public_id)
    return render(request, "workflow/create.html", context, status=422 if context["problems"] else 200)


def uploaded_bytes(upload: UploadedFile[bytes]) -> bytes:
    """An uploaded file's content, refused with the limit if it is larger."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise DocumentError([Problem("INPUT-SIZE", {"size": upload.size, "limit": MAX_BYTES})])
    content = bytes(upload.read(MAX_BYTES + 1))
    if len(content) > MAX_BYTES:
        raise DocumentError([Problem("INPUT-SIZE", {"size": len(content), "limit": MAX_BYTES})])
    return content


def submitted_text(request: HttpRequest) -> tuple[str, str]:
    """The plan text of a form: an uploaded file (checked for size, binary and encoding) or the editor's text."""
    upload = request.FILES.get("file")
    if upload is None:
        return request.POST.get("text", ""), "plan.yaml"
    name = upload.name or "upload.yaml"
    content = uploaded_bytes(upload)
    if name.lower().endswith(".xlsx"):
        # A workbook becomes YAML text in the editor: what is saved is always what the author can see.
        return dump(read_workbook(content, name), "yaml"), "plan.yaml"
    return decode_text(content), name


def sent_back_reason(plan: Plan) -> AuditEvent | None:
    """The send-back the plan stands in (its last step sent it back and nothing has moved it since), whose reason
    its authors see first (issue 20 §1: 「市町村に差し戻す」 is shown to the author)."""
    last = plan.audit.filter(kind=AuditEvent.Kind.TRANSITION).order_by("-at", "-id").first()
    if last is None or last.action not in SENDING_BACK or last.to_state != plan.state:
        return None
    return last


@dataclass(frozen=True)
class ToFix:
    """One thing a sent-back plan's authors are asked to fix, linked to the section form it is in (None: no form)."""

    path: str
    label: str
    text: str
    section: int | None


def things_to_fix(plan: Plan, findings: list[Finding], editable: Collection[int]) -> list[ToFix]:
    """What a sent-back plan's authors fix (issue 22 §3): the errors the check still finds, the review findings judged
    「満たさない」 and the reviewers' field comments of the last round, each linked to the section it is in."""
    items = [(f.path, f"{f.rule}: {f.message}") for f in findings if f.severity is Severity.ERROR]
    judged = Judgement.objects.filter(plan=plan)
    if (last := judged.order_by("-revision").values_list("revision", flat=True).first()) is not None:
        latest: dict[tuple[str, str], Judgement] = {}
        for judgement in judged.filter(revision=last):  # in time order: the latest per rule and path counts
            latest[(judgement.rule, judgement.path)] = judgement
        items += [
            (j.path, f"{j.rule}: {j.get_verdict_display()}{'（' + j.comment + '）' if j.comment else ''}")
            for j in latest.values()
            if j.verdict == Judgement.Verdict.NOT_MET
        ]
    comments = plan.field_comments.all()
    if (round_ := comments.order_by("-revision").values_list("revision", flat=True).first()) is not None:
        items += [(c.path, c.comment) for c in comments.filter(revision=round_)]
    lang = current_lang()
    return [
        ToFix(
            path,
            path_label(path, lang) if path else _("計画全体"),
            text,
            index if path and (index := section_index(path)) in editable else None,
        )
        for path, text in items
    ]


def commentable_fields(document: dict[str, Any], findings: list[Finding]) -> list[tuple[str, str]]:
    """What a reviewer may comment on, chosen by name (issue 22 §3: not typed as ``kgis[0].target.value``): the
    fields the findings name first, then every field written in the text, in the text's order."""
    lang = current_lang()
    paths = [f.path for f in findings if f.path] + [path for path, _ in flatten(document)]
    return [(path, path_label(path, lang)) for path in dict.fromkeys(paths)]


@login_required
def plan_page(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    plan = plan_for(person, public_id)
    revision = plan.current_revision()
    findings = revision_findings(revision, current_lang(), access=reference_access(person))
    judgements = {(j.rule, j.path): j for j in Judgement.objects.filter(plan=plan, revision=revision.number)}
    comments: dict[str, list[FieldComment]] = {}
    for comment in plan.field_comments.all():
        comments.setdefault(comment.path, []).append(comment)
    document = revived(revision.document)
    access = reference_access(person)
    numbers = [e.corporate_number for e in document.core_entities if e.corporate_number]
    degrees = visible_degrees(numbers, access, None)  # recorded once, by the findings above
    standing = latest_evidence(plan) if may_see_evidence(person, plan) else {}
    context = {
        "entities": [
            (e, degrees.get(e.corporate_number or ""), standing.get(e.corporate_number or ""))
            for e in document.core_entities
        ],
        "evidence_roles": evidence_roles(person, plan),
        "support_requests": plan.support_requests.all(),
        **estimate_context(document),
        "listed_programmes": listed_programmes(),
        "edition": latest_edition(),
        "reference_restricted": access.restricted,
        "plan": plan,
        "revision": revision,
        "sections": [
            (
                title,
                [
                    (f, judgements.get((f.rule, f.path)), comments.get(f.path, []), section_index(f.path))
                    for f in group
                ],
            )
            for title, group in findings_by_section(findings, current_lang())
        ],
        "field_comments": sorted(comments.items()),
        "actions": actions_for(person, plan),
        "can_edit": can_edit(person, plan),
        "section_links": in_reader_words(plan_sections(plan.plan_type)),
        "editable_sections": dict(plan_sections(plan.plan_type)),
        "is_reviewing": (reviewing := services.may_review(person, plan) and plan.state_enum in REVIEW_STATES),
        "commentable": commentable_fields(revision.document, findings) if reviewing else [],
        "since_precheck": _changes_since_precheck(plan, revision),
        "coordination": plan.coordination.all(),
        "can_record_coordination": (can_edit(person, plan) and plan.state_enum is not PlanState.FORMULATING)
        or (
            relation_of(person, plan) is Relation.AUTHOR_ORGANISATION
            and person.role_enum is Role.AUTHOR
            and plan.state_enum is PlanState.PRECHECKED
        ),
        "invitations": plan.invitations.select_related("organisation"),
        "can_invite": person.is_secretariat,
        "ministries": Organisation.objects.filter(kind=OrganisationKind.NATIONAL).exclude(
            code__in=DECIDING_BODIES
        ),
        "sent_back": (sent_back := sent_back_reason(plan)),
        "to_fix": things_to_fix(plan, findings, dict(plan_sections(plan.plan_type)))
        if sent_back is not None and can_edit(person, plan)
        else [],
        "audit": plan.audit.all(),
        "revisions": plan.revisions.order_by("-number"),
        "book": book(revived(revision.document), current_lang()),
        "yaml": as_text(revision.document, "yaml"),
    }
    return render(request, "workflow/plan.html", context)


@login_required
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    plan = plan_for(person, public_id)
    if not can_edit(person, plan):
        raise PermissionDenied
    revision = plan.current_revision()
    context: dict[str, Any] = {
        "plan": plan,
        "text": as_text(revision.document, "yaml"),
        "base_version": plan.version,
        "problems": [],
        "stale": None,
    }
    if request.method == "POST":
        base = posted_int(request.POST.get("base_version"))
        text, name = "", "plan.yaml"
        try:
            text, name = submitted_text(request)
            context["text"] = text
            services.do_save_revision(
                person, plan, read_plan_text(name, text), base, request.POST.get("note", "")
            )
        except DocumentError as error:
            context["problems"] = problem_messages(error, current_lang())
        except services.StaleEdit as stale:
            # Keep the editor's text and show what changed since: the way to merge, not a lost edit.
            plan.refresh_from_db()
            latest = plan.current_revision()
            try:
                mine = read_plan_text(name, text)
                changes = compare(latest.document, stored(mine))
            except DocumentError:
                changes = []
            context.update(
                stale=in_reader_language(stale.text),
                base_version=plan.version,
                stale_changes=by_section(changes, current_lang()),
            )
        except services.Refused as refused:
            messages.error(request, in_reader_language(refused.text))
        else:
            messages.success(request, _("保存しました（新しい版を作成しました）。"))
            return redirect("workflow:plan", public_id=plan.public_id)
    status = 409 if context["stale"] else 422 if context["problems"] else 200
    return render(request, "workflow/edit.html", context, status=status)


@login_required
@require_POST
def check_text(request: HttpRequest) -> HttpResponse:
    """The pre-check as the author types (htmx): findings of the text in the editor, nothing stored."""
    person = person_of(request)
    try:
        text, name = submitted_text(request)
        findings = findings_of(read_plan_text(name, text), current_lang(), access=reference_access(person))
        problems = []
    except DocumentError as error:
        findings, problems = [], problem_messages(error, current_lang())
    return render(
        request,
        "workflow/_findings.html",
        {"sections": findings_by_section(findings, current_lang()), "problems": problems, "live": True},
    )


@login_required
@require_POST
def act(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    person = person_of(request)
    plan = plan_for(person, public_id)
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404 from None
    announcement = None
    if chosen is Action.RECORD_ANNOUNCEMENT:
        try:
            announcement = services.Announcement(
                by=request.POST["announced_by"].strip(),
                date=dt.date.fromisoformat(request.POST["announced_on"]),
                support_policy=request.POST.get("support_policy", ""),
                consultation_desk=request.POST.get("consultation_desk", ""),
            )
        except (KeyError, ValueError):
            messages.error(
                request, _("公表した首長（例: 熊本県知事）と公表日（YYYY-MM-DD）を入力してください。")
            )
            return redirect("workflow:plan", public_id=public_id)
    try:
        services.do_transition(person, plan, chosen, request.POST.get("comment", ""), announcement)
    except services.Refused as refused:
        messages.error(request, in_reader_language(refused.text))
    else:
        messages.success(
            request, _("「%(action)s」を記録しました。") % {"action": in_reader_language(chosen.label)}
        )
    return redirect("workflow:plan", public_id=public_id)


def posted_action(
    request: HttpRequest,
    public_id: str,
    action: Callable[[Person, Plan], object],
    success: str | None = None,
    back: str = "workflow:plan",
) -> HttpResponse:
    """One write from a form button: the person and the plan they may see, the service, its refusal or success
    as a message, and back to the page."""
    person = person_of(request)
    plan = plan_for(person, public_id)
    try:
        action(person, plan)
    except services.Refused as refused:
        messages.error(request, in_reader_language(refused.text))
    else:
        if success:
            messages.success(request, success)
    return redirect(back, public_id=public_id)


@login_required
@require_POST
def judge(request: HttpRequest, public_id: str) -> HttpResponse:
    form = request.POST
    return posted_action(
        request,
        public_id,
        lambda person, plan: services.do_judge(
            person,
            plan,
            form.get("rule", ""),
            form.get("path", ""),
            form.get("verdict", ""),
            form.get("comment", ""),
        ),
    )


@login_required
@require_POST
def comment(request: HttpRequest, public_id: str) -> HttpResponse:
    form = request.POST
    return posted_action(
        request,
        public_id,
        lambda person, plan: services.do_comment_field(
            person, plan, form.get("path", ""), form.get("comment", "")
        ),
    )


def _changes_since_precheck(plan: Plan, revision: Revision) -> list[tuple[str, list[Change]]] | None:
    """What changed since the revision whose pre-check was confirmed (None when nothing was confirmed yet or
    nothing changed): the reviewer of a re-check sees just this."""
    if plan.prechecked_revision is None or plan.prechecked_revision == revision.number:
        return None
    checked = plan.revisions.get(number=plan.prechecked_revision)
    return by_section(compare(checked.document, revision.document), current_lang()) or None


@login_required
def diff(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_of(request)
    plan = plan_for(person, public_id)
    numbers = list(plan.revisions.order_by("number").values_list("number", flat=True))
    old = posted_int(request.GET.get("from"), numbers[-2] if len(numbers) > 1 else numbers[0])
    new = posted_int(request.GET.get("to"), numbers[-1])
    before = get_object_or_404(plan.revisions, number=old)
    after = get_object_or_404(plan.revisions, number=new)
    return render(
        request,
        "workflow/diff.html",
        {
            "plan": plan,
            "before": before,
            "after": after,
            "numbers": numbers,
            "sections": by_section(compare(before.document, after.document), current_lang()),
        },
    )


@login_required
def download(request: HttpRequest, public_id: str, syntax: str) -> HttpResponse:
    """The current text of a plan the person may see, as YAML, JSON or an Excel workbook to work on."""
    plan = plan_for(person_of(request), public_id)
    return plan_download(plan.current_revision().document, plan.public_id, syntax)


def sections_written(data: Mapping[str, Any], sections: dict[int, str], plan_type: str) -> set[int]:
    """The sections with anything written in them: an empty one is not ticked as done (issue 22 §1)."""
    return {
        index
        for index in sections
        if any(get(data, e.path) not in (None, "", [], {}) for e in section_entries(index, plan_type))
    }


def section_progress(findings: list[Finding], sections: dict[int, str]) -> dict[int, int]:
    """Errors left in each form section (0: complete as far as the automatic check can tell)."""
    errors = dict.fromkeys(sections, 0)
    for finding in findings:
        where = section_index(finding.path)
        if finding.severity is Severity.ERROR and where in errors:
            errors[where] += 1
    return errors


@login_required
def start_plan(request: HttpRequest) -> HttpResponse:
    """A new plan without YAML: its type and title; the official's own organisation is the lead author. Then the
    guided path, one 記載項目 a page (each save a revision: leaving and coming back loses nothing)."""
    person = person_of(request)
    if person.role_enum is not Role.AUTHOR:
        raise PermissionDenied
    if request.method == "POST":
        chosen = request.POST.get("plan_type", "")
        title = request.POST.get("title", "").strip()
        if chosen not in ("B", "C") or not title:
            messages.error(request, _("類型と計画名を入力してください。"))
        else:
            document = PlanDocument.model_validate(
                {
                    "plan_type": chosen,
                    "title": title,
                    "authors": [{"code": person.organisation.code, "lead": True}],
                }
            )
            try:
                plan = services.do_create_plan(person, document, "項目ごとの入力で作成")
            except services.Refused as refused:
                messages.error(request, in_reader_language(refused.text))
            else:
                return redirect("workflow:section", public_id=plan.public_id, index=1)
    # Type A is formulated nationally from proposals (001 A(4)②): the page points prefectures there instead.
    types = [(t, PlanType(t).label) for t in ("B", "C")]
    return render(request, "workflow/start.html", {"types": types})


@login_required
def edit_section(request: HttpRequest, public_id: str, index: int) -> HttpResponse:
    """One 記載項目 as a form, its repeating items as tables edited in place; saving makes a new revision."""
    person = person_of(request)
    plan = plan_for(person, public_id)
    if not can_edit(person, plan):
        raise PermissionDenied
    sections = dict(plan_sections(plan.plan_type))
    if index not in sections:
        raise Http404
    revision = plan.current_revision()
    data: dict[str, Any] = revision.document
    errors: dict[str, list[str]] = {}
    status, saved_rest = 200, False
    if request.method == "POST":
        data, document, errors = _section_applied(revision.document, index, request.POST, plan.plan_type)
        if document is None and (rest := _the_rest(data, errors, revision.document)) is not None:
            # What did not read is shown in place with its message; everything else typed is saved (issue 22 §2).
            note = f"{sections[index]}を編集（読めなかった{len(errors)}項目を除く）"
            outcome = _saved(request, person, plan, rest, note)
            if isinstance(outcome, HttpResponse):
                return outcome
            if outcome:
                messages.warning(
                    request,
                    _(
                        "「%(section)s」のうち読めた項目を保存しました。読めなかった %(n)d 項目は保存していません"
                        "（入力はそのまま下に表示しています）。"
                    )
                    % {"section": sections[index], "n": len(errors)},
                )
                plan.refresh_from_db()
                revision, saved_rest = plan.current_revision(), True
        if document is not None:
            outcome = _saved(request, person, plan, document, f"{sections[index]}を編集")
            if isinstance(outcome, HttpResponse):
                return outcome
            if outcome:
                messages.success(
                    request,
                    _("「%(section)s」を保存しました（新しい版を作成しました）。")
                    % {"section": sections[index]},
                )
                following = [i for i in sections if i > index]
                if request.POST.get("then") == "next" and following:
                    return redirect("workflow:section", public_id=plan.public_id, index=following[0])
                return redirect("workflow:section", public_id=plan.public_id, index=index)
        status = 422
    every = revision_findings(revision, current_lang(), access=reference_access(person))
    findings = [f for f in every if section_index(f.path) == index]
    plan_type = PlanType(plan.plan_type)
    following = [i for i in sections if i > index]
    return render(
        request,
        "workflow/section.html",
        {
            "plan": plan,
            "index": index,
            "keep_key": f"section:{plan.public_id}:{index}",
            "title": dict(in_reader_words(sections.items()))[index],
            "sections": in_reader_words(sections.items()),
            "progress": section_progress(every, sections),
            "written": sections_written(revision.document, sections, plan.plan_type),
            "next_index": following[0] if following else None,
            "guidance": guidance(plan_type, index),
            "example": example(plan_type, index, current_lang()),
            "entries": [
                entry_context(entry, data, errors) for entry in section_entries(index, plan.plan_type)
            ],
            "places": places_for(section_entries(index, plan.plan_type)),
            "field_comments": [c for c in plan.field_comments.all() if section_index(c.path) == index],
            "base_version": plan.version,
            "errors": errors,
            "saved_rest": saved_rest,
            "findings": findings,
        },
        status=status,
    )


@login_required
@require_POST
def check_section(request: HttpRequest, public_id: str, index: int) -> HttpResponse:
    """The pre-check of one 記載項目 as the author fills its form (htmx): the findings on this section's fields of
    the plan as it would be saved, nothing stored."""
    person = person_of(request)
    plan = plan_for(person, public_id)
    if not can_edit(person, plan) or index not in dict(plan_sections(plan.plan_type)):
        raise Http404
    _data, document, errors = _section_applied(
        plan.current_revision().document, index, request.POST, plan.plan_type
    )
    findings: list[Finding] = []
    if document is not None:
        every = findings_of(document, current_lang(), plan.rulebook, plan.pk, access=reference_access(person))
        findings = [f for f in every if section_index(f.path) == index]
    problems = [(path, message) for path, messages_ in errors.items() for message in messages_]
    context = {"findings": findings, "problems": problems, "live": True}
    return render(request, "workflow/_section_findings.html", context)


def _section_applied(
    stored: dict[str, Any], index: int, form: Mapping[str, str], plan_type: str
) -> tuple[dict[str, Any], PlanDocument | None, dict[str, list[str]]]:
    """A section form applied to the stored plan: the data to show back (as typed where it did not read), the
    document when it reads and validates, and the errors by field path otherwise."""
    return validated(PlanDocument, *apply_section(stored, index, form, plan_type))


def _saved(
    request: HttpRequest, person: Person, plan: Plan, document: PlanDocument, note: str
) -> HttpResponse | bool:
    """Save a section's document as a new revision: True when saved, False when refused (said on the page), the
    merge page when another save came first."""
    try:
        services.do_save_revision(person, plan, document, posted_int(request.POST.get("base_version")), note)
    except services.StaleEdit as stale:
        messages.error(request, in_reader_language(stale.text))
        return redirect("workflow:diff", public_id=plan.public_id)
    except services.Refused as refused:
        messages.error(request, in_reader_language(refused.text))
        return False
    return True


def _the_rest(
    data: dict[str, Any], errors: dict[str, list[str]], stored_data: dict[str, Any]
) -> PlanDocument | None:
    """The plan with the inputs that did not read left as stored, when it reads and differs from what is stored. A
    field that cannot be left out alone (a programme's name) takes its item with it: each failure still standing
    widens to its parent, a few levels at most."""
    failed = set(errors)
    for _level in range(4):
        kept = salvageable(data, failed, stored_data)
        if kept is None:
            return None
        try:
            document = PlanDocument.model_validate(kept)
        except ValidationError as error:
            failed |= {parent_path(problem.path or "") for problem in validation_problems(error)}
            continue
        return document if stored(document) != stored_data else None
    return None


def validated[M: BaseModel](
    model: type[M], data: dict[str, Any], unread: dict[str, str]
) -> tuple[dict[str, Any], M | None, dict[str, list[str]]]:
    """A form's data as ``model`` when every input read and the whole validates; else the errors by field path
    (the data is then only for showing back as typed)."""
    if unread:
        return data, None, {path: [message] for path, message in unread.items()}
    try:
        return data, model.model_validate(data), {}
    except ValidationError as error:
        errors: dict[str, list[str]] = {}
        for problem in validation_problems(error):
            errors.setdefault(problem.path or "", []).append(problem.message(current_lang()))
        return data, None, errors


def in_reader_words(sections: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """Section headings in the reader's language (the Japanese ones are kept for notes written into revisions)."""
    return [(index, in_reader_language(SECTIONS[index][0])) for index, _ in sections]


def places_for(entries: Iterable[FormField | FormTable]) -> list[tuple[str, str]]:
    """The type-ahead's names (``workflow/_places.html``) when a form asks for a place, else nothing to send."""
    asks = any(e.place if isinstance(e, FormField) else any(c.place for c in e.columns) for e in entries)
    return place_choices() if asks else []


@cache
def place_choices() -> list[tuple[str, str]]:
    """The local governments by name with their reading, for the type-ahead of place fields."""
    return [(g.full_name, g.kana) for g in local_governments().by_code.values()]


def entry_context(
    entry: FormField | FormTable, data: dict[str, Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    lang = current_lang()
    if isinstance(entry, FormField):
        value = shown(get(data, entry.path), entry)
        return {"field": entry.in_language(lang), "value": value, "errors": errors.get(entry.path, [])}
    rows = table_rows(data, entry)
    columns = {c.path: c.in_language(lang) for c in entry.columns}
    return {
        "table": entry.in_language(lang),
        "rows": [
            [
                (
                    columns[column.path],
                    value,
                    [m for p, ms in errors.items() if p == name or p.startswith(f"{name}[") for m in ms],
                    name,
                )
                for column, value in row
                for name in [f"{entry.path}[{i}].{column.path}"]
            ]
            for i, row in enumerate(rows)
        ],
        "last_row": len(rows) - 1,
        "errors": [m for path, ms in errors.items() if path.startswith(entry.path) for m in ms],
    }


@login_required
@require_POST
def record_coordination(request: HttpRequest, public_id: str) -> HttpResponse:
    form = request.POST
    try:
        held_on = dt.date.fromisoformat(form.get("held_on", ""))
    except ValueError:
        messages.error(request, _("調整日を YYYY-MM-DD で入力してください。"))
        return redirect("workflow:plan", public_id=public_id)
    return posted_action(
        request,
        public_id,
        lambda person, plan: services.do_record_coordination(
            person, plan, form.get("counterpart", ""), held_on, form.get("outcome", "")
        ),
        _("各種調整を記録しました。"),
    )


@login_required
@require_POST
def invite(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = Organisation.objects.filter(code=request.POST.get("organisation", "")).first()
    if organisation is None:
        messages.error(request, _("招く府省庁を選んでください。"))
        return redirect("workflow:plan", public_id=public_id)
    return posted_action(
        request,
        public_id,
        lambda person, plan: services.do_invite_ministry(person, plan, organisation),
        _("府省庁を招きました。"),
    )
