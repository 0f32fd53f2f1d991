"""The input-output estimate as page context (the plan's review page and its dashboard share it)."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import mark_safe

from chiiki_mirai.analytics.ripple.estimate import estimate
from chiiki_mirai.analytics.ripple.report import chart_svg, labelled_notes, table
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.web.language import current_lang


def estimate_context(document: PlanDocument) -> dict[str, Any]:
    result = estimate(document)
    return {
        "estimate": result,
        "estimate_rows": table(result),
        "estimate_notes": labelled_notes(result),
        "estimate_chart": mark_safe(
            chart_svg(result, current_lang())
        ),  # every text in it went through escape()
    }
