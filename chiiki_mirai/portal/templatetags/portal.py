"""Showing a stored plan text as nested lists with Japanese labels.

Rendered in Python rather than by a recursive template include: a plan has hundreds of values, and an include
per value made the plan page several times slower. Every text goes through ``escape``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from chiiki_mirai.plans.labels import label

register = template.Library()


def _html(value: Any, parts: list[str]) -> None:
    if isinstance(value, Mapping):
        parts.append('<dl class="doc">')
        for key, item in value.items():
            parts.append(f"<dt>{escape(label(str(key)))}</dt><dd>")
            _html(item, parts)
            parts.append("</dd>")
        parts.append("</dl>")
    elif isinstance(value, list):
        parts.append("<ol>")
        for item in value:
            parts.append("<li>")
            _html(item, parts)
            parts.append("</li>")
        parts.append("</ol>")
    elif value is True or value is False:
        parts.append("はい" if value else "いいえ")
    elif value is not None:
        parts.append(str(escape(value)))


@register.filter
def as_html(value: Any) -> SafeString:
    parts: list[str] = []
    _html(value, parts)
    return mark_safe("".join(parts))
