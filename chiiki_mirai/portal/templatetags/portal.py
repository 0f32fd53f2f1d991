"""Showing a stored plan text as nested lists with Japanese labels.

Rendered in Python rather than by a recursive template include: a plan has hundreds of values, and an include
per value made the plan page several times slower. Every text goes through ``html.escape`` (what Django's
``escape`` does, without its lazy-string wrapper: a tenth of an uncached plan page went to that wrapper).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.wording import SHARE_FIELDS, field_types, label_in, say, submodel
from chiiki_mirai.reports.plan_book import PlanBook, Table
from chiiki_mirai.web.language import current_lang

register = template.Library()


def _html(value: Any, parts: list[str], field_type: Any, key: str, lang: Lang) -> None:
    """The value of the field ``key`` (of type ``field_type``) as nested lists, every value in words."""
    if isinstance(value, Mapping):
        model = submodel(field_type)
        types_ = field_types(model) if model is not None else {}
        by_code = key in SHARE_FIELDS  # area.shares: a mapping keyed by local-government codes
        parts.append('<dl class="doc">')
        for name, item in value.items():
            title = say("code", str(name)).text if by_code else label_in(model, str(name), lang)
            parts.append(f"<dt>{escape(title)}</dt><dd>")
            _html(
                item, parts, None if by_code else types_.get(str(name)), key if by_code else str(name), lang
            )
            parts.append("</dd>")
        parts.append("</dl>")
    elif isinstance(value, list):
        parts.append("<ol>")
        for item in value:
            parts.append("<li>")
            _html(item, parts, field_type, key, lang)
            parts.append("</li>")
        parts.append("</ol>")
    elif value is not None:
        said = say(key, value, field_type, lang)
        parts.append(escape(said.text))
        if said.note:
            parts.append(f' <small class="code">（{escape(said.note)}）</small>')


@register.filter
def css_string(value: Any) -> SafeString:
    """A text inside a CSS string (``content: "…"``) in a <style> element: every character that could end the
    string or the element — quotes, backslash, <, >, &, line breaks, controls — as a CSS hex escape (``\\22 ``), so
    the reader sees the text itself (JavaScript escapes such as ``\\u0022`` are not CSS and were shown as typed)."""
    out = []
    for char in str(value):
        if char in "\"'\\<>&" or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):X} ")
        else:
            out.append(char)
    return mark_safe("".join(out))  # every special character is escaped above


@register.filter
def as_html(value: Any, key: str = "") -> SafeString:
    """A top-level item of a plan (``key`` of the plan document) in words."""
    parts: list[str] = []
    _html(value, parts, field_types(PlanDocument).get(key), key, current_lang())
    return mark_safe("".join(parts))


def _lines(text: Any) -> str:
    """Django's ``linebreaksbr`` without its lazy-string wrapper: line breaks normalised, escaped, then ``<br>``."""
    value = str(text)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return escape(value).replace("\n", "<br>")


@register.simple_tag
def plan_book(book: PlanBook, level: int = 2) -> SafeString:
    """The 計画書 — its facts, then each 記載項目 with its paragraphs and tables — as the page shows it. Written here
    rather than as template loops: the loops over every table cell were a third of an uncached plan page
    (issue 23); the markup is the same. Every text goes through ``escape``."""
    parts = ['<table class="plan-facts"><tbody>']
    for name, value in book.facts:
        parts.append(f'<tr><th scope="row">{escape(str(name))}</th><td>{escape(str(value or "—"))}</td></tr>')
    parts.append("</tbody></table>\n")
    unwritten = escape(gettext("（記載なし）"))
    for section in book.sections:
        parts.append(f'<section class="plan-section"><h{level}>{escape(section.title)}</h{level}>\n')
        for block in section.blocks:
            if isinstance(block, Table) and block.header:
                headings = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
                rows = "".join(
                    "<tr>" + "".join(f"<td>{_lines(cell)}</td>" for cell in row) + "</tr>"
                    for row in block.rows
                )
                parts.append(
                    f'<div class="table-wrap"><table><caption>{escape(block.caption)}</caption>'
                    f"<thead><tr>{headings}</tr></thead>\n<tbody>{rows}</tbody></table></div>\n"
                )
            else:
                label = escape(getattr(block, "label", ""))
                text = getattr(block, "text", "")
                said = _lines(text) if text else f'<span class="unwritten">{unwritten}</span>'
                parts.append(f'<dl class="doc"><dt>{label}</dt><dd>{said}</dd></dl>')
        parts.append("\n</section>\n")
    return mark_safe("".join(parts))  # every text is escaped above


@register.filter
def options(choices: list[tuple[str, str, bool]]) -> SafeString:
    """``<option>`` elements of a search filter: (value, label, selected) each. Written here rather than as a
    template loop: the search page's option loops were a fifth of an uncached search (issue 23)."""
    return mark_safe(  # every value and label is escaped
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if selected else ""}>{escape(str(label))}</option>'
            for value, label, selected in choices
        )
    )


@register.simple_tag
def result_rows(rows: list[dict[str, Any]]) -> SafeString:
    """The search results' rows (plan, type, authors, industry, date published, batch), as the page shows them."""
    cells = []
    for row in rows:
        batch = f"第{row['batch']}弾" if row["batch"] else "—"
        at = row["published_at"]
        published = date_filter(localtime(at), "Y-m-d") if at else ""  # in Japan time, as templates show it
        cells.append(
            f'<tr><td><a href="{escape(row["url"])}">{escape(row["title"])}</a></td><td>{escape(row["plan_type"])}</td>'
            f"<td>{escape(row['authors'])}</td><td>{escape(str(row['industry']))}</td><td>{escape(published)}</td>"
            f"<td>{escape(batch)}</td></tr>"
        )
    return mark_safe("\n".join(cells))  # every text is escaped above
