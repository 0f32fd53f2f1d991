"""The printable Japanese pre-check report a prefectural officer attaches to a pre-check request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.amounts import MONEY_UNITS, format_million_yen, to_million_yen
from chiiki_mirai.plans.document import Kgi, PlanDocument
from chiiki_mirai.plans.periods import fiscal_year_label
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.reports.sections import SEVERITY_LABELS, by_section, counts
from chiiki_mirai.rules.rulebook import Rulebook, Severity
from chiiki_mirai.rules.service import FileResult

JST = ZoneInfo("Asia/Tokyo")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("chiiki_mirai.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["oku"] = format_million_yen
    env.filters["fy"] = fiscal_year_label
    return env


def author_names(plan: PlanDocument) -> list[str]:
    master = local_governments()
    names = []
    for author in plan.authors:
        government = master.get(author.code)
        name = government.full_name if government else author.code
        names.append(name + ("（代表）" if author.lead and plan.is_joint else ""))
    return names


def kgi_value(kgi: Kgi, value: float | None) -> str:
    if value is None:
        return "—"
    if kgi.unit in MONEY_UNITS:
        return format_million_yen(to_million_yen(value, kgi.unit or "百万円"))
    return f"{value:,}{kgi.unit or ''}"


def render_html(
    results: Sequence[FileResult], rulebook: Rulebook, lang: Lang, now: datetime | None = None
) -> str:
    template = _environment().get_template("precheck.html")
    context: dict[str, Any] = {
        "results": results,
        "rulebook": rulebook,
        "lang": lang,
        "generated_at": (now or datetime.now(JST)).strftime("%Y年%m月%d日 %H:%M"),
        "by_section": lambda findings: by_section(findings, lang),
        "counts": counts,
        "severities": list(Severity),
        "severity_label": lambda s: SEVERITY_LABELS[s].get(lang),
        "author_names": author_names,
        "kgi_value": kgi_value,
        "is_plan": lambda d: isinstance(d, PlanDocument),
    }
    return template.render(**context)
