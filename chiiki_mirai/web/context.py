"""Template context: the signed-in person (organisation and role), if any."""

from __future__ import annotations

from django.http import HttpRequest

from chiiki_mirai.organisations.models import Person


def person(request: HttpRequest) -> dict[str, Person | None]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"person": None}
    return {"person": Person.objects.select_related("organisation").filter(user=user).first()}
