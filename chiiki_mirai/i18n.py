"""Languages of the plain-Python core. Japanese first; English on request.

The Django layer uses gettext for its own templates; the core (CLI, rules, reports) keeps its
few messages as ``Text`` pairs so that it needs no compiled catalogues and no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """One message in both languages; ``{name}`` placeholders are filled by ``format``."""

    ja: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.ja

    def render(self, lang: Lang) -> str:
        """So a ``Text`` can stand as a parameter of another message."""
        return self.get(lang)

    def format(self, lang: Lang, **params: object) -> str:
        return self.get(lang).format_map(_Defaulting(params))


class _Defaulting(dict[str, object]):
    """Leaves an unknown placeholder visible rather than raising in the middle of a report."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
