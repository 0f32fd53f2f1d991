"""The look-up for ministries' subsidy reviewers (審査上の考慮): by 法人番号 or name."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chiiki_mirai.analytics.reference import latest_edition, lookup
from chiiki_mirai.organisations.models import Person


def may_look_up(person: Person | None) -> bool:
    """National bodies (the secretariat and the ministries that grant subsidies) use the look-up."""
    return person is not None and person.organisation.is_national


@login_required
def lookup_page(request: HttpRequest) -> HttpResponse:
    person = Person.objects.select_related("organisation").filter(user__pk=request.user.pk or 0).first()
    if not may_look_up(person):
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    context = {"query": query, "results": lookup(query) if query else [], "edition": latest_edition()}
    return render(request, "analytics/lookup.html", context)
