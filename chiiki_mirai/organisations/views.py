"""A person's API tokens: make one (shown once), see and revoke the ones made."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chiiki_mirai.organisations.models import ApiToken, Person
from chiiki_mirai.organisations.tokens import issue_token
from chiiki_mirai.workflow.views import posted_int


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user__pk=request.user.pk or 0).first()
    if person is None:
        raise PermissionDenied
    new_token = None
    if request.method == "POST":
        if revoke := request.POST.get("revoke"):
            ApiToken.objects.filter(person=person, pk=max(posted_int(revoke, 0), 0)).delete()
        else:
            new_token = issue_token(person, request.POST.get("name", "")[:100])
    return render(
        request,
        "organisations/tokens.html",
        {"tokens": person.tokens.order_by("-created_at"), "new_token": new_token},
    )
