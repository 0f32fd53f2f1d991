"""How pages say things: a core ``Text`` in the page's language, money as officials write it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from chiiki_mirai.i18n import Text
from chiiki_mirai.plans.amounts import format_million_yen
from chiiki_mirai.plans.form_layout import FormField, grid_rows
from chiiki_mirai.plans.labels import path_label
from chiiki_mirai.plans.periods import date_label
from chiiki_mirai.plans.wording import say
from chiiki_mirai.web.language import current_lang, in_reader_language

register = template.Library()


@register.filter
def said(value: Text | str | None) -> str:
    if isinstance(value, Text):
        return in_reader_language(value)
    return "" if value is None else str(value)


@register.filter
def in_words(value: Any, key: str) -> str:
    """A plan value as ``plans.wording`` says it for the field ``key`` (「2027年度（令和9年度）」, FY2027)."""
    return "—" if value is None or value == "" else say(key, value, lang=current_lang()).text


@register.filter
def field_name(path: str) -> SafeString:
    """A field as people read it, its YAML path folded beside it for those who write YAML (issue 22 §1)."""
    return format_html(
        '<span class="field-name">{}</span> <details class="yaml-name"><summary>{}</summary><code>{}</code></details>',
        path_label(path, current_lang()),
        gettext("YAML での項目名"),
        path,
    )


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """A day as people read it everywhere (issue 22 §5): 2031年3月31日（令和13年）; a moment is its local day."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return date_label(value) if current_lang() == "ja" else value.isoformat()


@register.simple_tag
def items_grid(field: FormField, id: str, name: str, value: str, caption: str = "") -> SafeString:
    """An items field (a KPI's targets) as a grid: a row per item, a cell per part, two empty rows to add to; a
    value that does not read as rows (typed before, kept as typed) stays the text form (issue 22 §1)."""
    rows = grid_rows(value, field)
    if rows is None:
        return format_html(
            '<textarea id="{}" name="{}" rows="3" cols="24" aria-label="{}">{}</textarea>',
            id,
            name,
            caption,
            value,
        )
    head = format_html_join("", '<th scope="col">{}</th>', ((part,) for part in field.part_labels))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html_join(
                    "",
                    '<td><input name="{}[{}].{}" value="{}" size="8" aria-label="{} {}（{}行目）"></td>',
                    (
                        (name, row, part, cell, caption, words, row + 1)
                        for part, words, cell in zip(field.parts, field.part_labels, cells, strict=True)
                    ),
                ),
            )
            for row, cells in enumerate(rows)
        ),
    )
    return format_html(
        '<table class="grid" id="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>'
        '<small class="hint">{}</small>',
        id,
        head,
        body,
        gettext("行が足りないときは、保存すると空の行が増えます。"),
    )


@register.filter
def percent(ratio: float | None) -> str:
    """An achievement ratio as people read it: 0.853 → 85%（KPI の達成率; issue 22 §5）."""
    return "—" if ratio is None else f"{ratio * 100:.0f}%"


@register.filter
def million_yen(value: float | None) -> str:
    """A 百万円 amount as 2兆1,800億円 / 3.5億円 / 50百万円."""
    return "—" if value is None else format_million_yen(round(value, 1))


@register.filter
def figure(value: float | None) -> str:
    """A statistic as tables print it: 18,167,874 / 35.8 / 0.25 — grouped, no trailing zeros."""
    if value is None:
        return "—"
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``mapping[key]`` in a template (None when absent)."""
    return mapping.get(key)
