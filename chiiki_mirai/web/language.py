"""Japanese first: the interface is Japanese unless the reader has chosen English with the language link.

Django's own LocaleMiddleware would follow the browser's Accept-Language, so an official on an English
browser, or a headless test browser, would get English unasked. Only the language cookie counts here.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from chiiki_mirai.i18n import Lang, Text


def chosen_language(request: HttpRequest) -> str:
    """The language the reader chose with the language link (its cookie), else the platform's (Japanese)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def current_lang() -> Lang:
    """The active interface language as the core's ``Lang`` (for messages the core renders itself)."""
    return "en" if translation.get_language() == "en" else "ja"


def in_reader_language(text: Text) -> str:
    """A core message (a refusal, a finding's text) in the language the reader chose."""
    return text.get(current_lang())
