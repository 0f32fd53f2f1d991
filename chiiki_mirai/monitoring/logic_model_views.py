"""The logic model page (001 第3章第6節・第7節): public tree of impact → outcome → output KPIs with their
statuses; the secretariat and the ministries enter the annual actuals on it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chiiki_mirai.monitoring import figures, indicators
from chiiki_mirai.monitoring.logic_model import IndicatorStatus
from chiiki_mirai.monitoring.models import LogicModelActual
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.portal.caching import cached_page
from chiiki_mirai.web.language import in_reader_language
from chiiki_mirai.workflow.services import Refused


def actuals_version() -> str:
    row = LogicModelActual.objects.aggregate(count=Count("pk"), last=Max("pk"))
    return f"logic:{row['count']}:{row['last']}"


@cached_page(figures.version, actuals_version)
def logic_model_page(request: HttpRequest) -> HttpResponse:
    # A public page: a signed-in account without a person (a bare superuser) reads it like the public.
    person = Person.objects.select_related("organisation").filter(user__pk=request.user.pk or 0).first()
    may_enter = person is not None and indicators.may_enter_actuals(person)
    if request.method == "POST":
        if person is None or not may_enter:
            raise PermissionDenied
        form = request.POST
        indicator = form.get("indicator", "")
        try:
            entered = indicators.do_enter_actual(
                person,
                indicator,
                form.get("series", ""),
                form.get("year", ""),
                form.get("value", ""),
                form.get("comparison", ""),
                form.get("note", ""),
            )
        except Refused as refused:
            messages.error(request, in_reader_language(refused.text))
        else:
            messages.success(
                request,
                _("%(indicator)s の %(year)s 年（度）の実績を記録しました。")
                % {"indicator": entered.indicator, "year": entered.year},
            )
        return redirect(f"{request.path}#ind-{indicator[:20]}")
    pillars, cross = indicators.tree()
    return render(
        request,
        "monitoring/logic_model.html",
        {
            "pillars": pillars,
            "cross": cross,
            "plans_kgis": indicators.plans_kgis(),
            "may_enter": may_enter,
            "statuses": list(IndicatorStatus),
        },
    )
