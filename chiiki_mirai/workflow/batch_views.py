"""The secretariat's pages: the batches (the calendar in force and its editions, each batch's plans by state,
adopting a new edition, publishing a batch together: 002 ⑥ ※1「第1弾として取りまとめ、内閣官房HPで一斉に公表」),
the list of support programmes plans name, and the values a rulebook edition leaves to the secretariat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.choices import ProgrammeKind
from chiiki_mirai.web.language import current_lang, in_reader_language
from chiiki_mirai.workflow import calendar, rule_settings, services
from chiiki_mirai.workflow.batches import BatchRule
from chiiki_mirai.workflow.models import (
    BatchCalendar,
    Plan,
    RuleSetting,
    SupportProgramme,
    SupportRequestRecord,
)
from chiiki_mirai.workflow.programmes import do_add_programme, do_set_programme_active
from chiiki_mirai.workflow.states import DECIDING_BODIES, PlanState, Role
from chiiki_mirai.workflow.views import person_of


def _reviewer(request: HttpRequest) -> tuple[Person, bool]:
    person = person_of(request)
    if person.role_enum is not Role.REVIEWER or not person.organisation.is_national:
        raise PermissionDenied
    return person, person.organisation.code in DECIDING_BODIES


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    _, is_secretariat = _reviewer(request)
    edition, rules = calendar.current_calendar()
    counts: dict[int | None, dict[str, int]] = {}
    # Batches are B's and C's (002 ⑥); type A is formulated and published by the nation, never requested.
    requested = Plan.objects.filter(plan_type__in=["B", "C"]).exclude(state=PlanState.DRAFT)
    for row in requested.values("batch", "state").annotate(n=Count("id")):
        counts.setdefault(row["batch"], {})[row["state"]] = row["n"]
    rows = [
        (
            rule,
            [(PlanState(s).label, n) for s, n in sorted(counts.get(rule.number, {}).items())],
            counts.get(rule.number, {}).get(PlanState.REQUIREMENTS_CHECK.value, 0),
        )
        for rule in rules
    ]
    return render(
        request,
        "workflow/batches.html",
        {
            "edition": edition,
            "rows": rows,
            "later": [(PlanState(s).label, n) for s, n in sorted(counts.get(None, {}).items())],
            "editions": BatchCalendar.objects.prefetch_related("batches"),
            "is_secretariat": is_secretariat,
        },
    )


def attempt[T](request: HttpRequest, action: Callable[[], T]) -> T | None:
    """Run one write; a refusal becomes the page's error message (in the reader's language) and None."""
    try:
        return action()
    except services.Refused as refused:
        messages.error(request, in_reader_language(refused.text))
        return None


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@login_required
@require_POST
def adopt(request: HttpRequest) -> HttpResponse:
    person, _secretariat = _reviewer(request)
    form = request.POST
    try:
        rule = BatchRule(
            int(form["number"]),
            dt.date.fromisoformat(form["request_deadline"]),
            _date(form.get("early_case_deadline", "")),
            int(form.get("review_days") or 31),
            _date(form.get("publication_date", "")),
        )
    except (KeyError, ValueError):
        messages.error(request, _("弾の番号・締切（YYYY-MM-DD）・確認期間（日）を正しく入力してください。"))
        return redirect("workflow:batches")
    try:
        adopted = calendar.do_adopt_calendar(person, form.get("version", ""), rule, form.get("note", ""))
    except services.Refused as refused:
        messages.error(request, in_reader_language(refused.text))
    else:
        messages.success(
            request, _("弾の日程の新しい版「%(version)s」を採用しました。") % {"version": adopted.version}
        )
    return redirect("workflow:batches")


@login_required
@require_POST
def publish(request: HttpRequest, number: int) -> HttpResponse:
    person, _secretariat = _reviewer(request)
    outcome = attempt(request, lambda: calendar.do_publish_batch(person, number))
    if outcome is None:
        return redirect("workflow:batches")
    messages.success(
        request,
        _("第%(number)s弾: %(published)s件を公表しました（公表できなかった計画 %(rest)s件）。")
        % {"number": number, "published": len(outcome.published), "rest": len(outcome.not_ready)},
    )
    for plan, reason in outcome.not_ready:
        messages.warning(request, f"{plan.public_id}: {in_reader_language(reason)}")
    return redirect("workflow:batches")


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    """The list of support programmes, with how many plans request each; the secretariat edits it here."""
    _, is_secretariat = _reviewer(request)
    requested = dict(
        SupportRequestRecord.objects.values("programme")
        .annotate(n=Count("plan", distinct=True))
        .values_list("programme", "n")
    )
    listed = list(SupportProgramme.objects.all())
    unlisted = sorted(set(requested) - {p.name for p in listed})
    return render(
        request,
        "workflow/programmes.html",
        {
            "programmes": [(p, requested.get(p.name, 0)) for p in listed],
            "unlisted": [(name, requested[name]) for name in unlisted],
            "is_secretariat": is_secretariat,
            "kinds": [(k.value, k.text) for k in ProgrammeKind],
        },
    )


@login_required
@require_POST
def add_programme(request: HttpRequest) -> HttpResponse:
    person, _secretariat = _reviewer(request)
    form = request.POST
    try:
        added = do_add_programme(
            person,
            form.get("name", ""),
            form.get("ministry", ""),
            form.get("description", ""),
            form.get("kind", ""),
            "".join(form.getlist("plan_types")),
        )
    except services.Refused as refused:
        messages.error(request, in_reader_language(refused.text))
    else:
        messages.success(request, _("支援策「%(name)s」を一覧に加えました。") % {"name": added.name})
    return redirect("workflow:programmes")


@login_required
@require_POST
def set_programme_active(request: HttpRequest, pk: int) -> HttpResponse:
    person, _secretariat = _reviewer(request)
    programme = get_object_or_404(SupportProgramme, pk=pk)
    attempt(request, lambda: do_set_programme_active(person, programme, request.POST.get("active") == "1"))
    return redirect("workflow:programmes")


@login_required
def rule_settings_page(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if person.role_enum is not Role.REVIEWER or not person.organisation.is_national:
        raise PermissionDenied
    if request.method == "POST":
        setting = attempt(
            request,
            lambda: rule_settings.do_set_rule_value(
                person,
                request.POST.get("edition", ""),
                request.POST.get("rule", ""),
                request.POST.get("param", ""),
                request.POST.get("value", ""),
                request.POST.get("note", ""),
            ),
        )
        if setting is not None:
            messages.success(request, _("設定を記録しました。"))
            return redirect("workflow:rule_settings")
    return render(
        request,
        "workflow/rule_settings.html",
        {
            "settables": rule_settings.settables(),
            "history": RuleSetting.objects.select_related("set_by").order_by("-at", "-id")[:100],
            "may_set": person.is_secretariat,
            "lang": current_lang(),
        },
    )
