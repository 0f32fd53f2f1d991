"""Languages of the plain-Python core. Japanese first; English on request.

The Django layer uses gettext for its own templates; the core (CLI, rules, reports) keeps its
few messages as ``Text`` pairs so that it needs no compiled catalogues and no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

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

    def with_params(self, **params: object) -> Formatted:
        """The message with its placeholders bound, said in the language asked for when rendered."""
        return Formatted(self, params)


@dataclass(frozen=True, slots=True)
class Formatted:
    """A ``Text`` with its parameters, rendered late (a message part that does not yet know its language)."""

    text: Text
    params: dict[str, object]

    def render(self, lang: Lang) -> str:
        return self.text.format(lang, **self.params)


@runtime_checkable
class Localized(Protocol):
    """A message part that says itself in the language asked for."""

    def render(self, lang: Lang) -> str: ...


def localized(value: object) -> object:
    """A ``{ja: …, en: …}`` mapping from a data file as a ``Text``; anything else unchanged."""
    if isinstance(value, dict) and set(value) == {"ja", "en"}:
        return Text(str(value["ja"]), str(value["en"]))
    return value


def text_of(value: object) -> Text:
    """A label from a data file (``{ja, en}`` or plain text) as a ``Text``."""
    converted = localized(value)
    return converted if isinstance(converted, Text) else Text(str(value), str(value))


def in_language(value: object, lang: Lang) -> object:
    """A message parameter in the language of the message."""
    if isinstance(value, str | int | float):
        return value  # most parameters are plain: a Protocol isinstance costs a dozen attribute lookups
    value = localized(value)
    return value.render(lang) if isinstance(value, Localized) else value


def joined(parts: Iterable[Text | str], ja_separator: str = "、", en_separator: str = ", ") -> Text:
    """Several labels as one, with each language's separator."""
    items = [p if isinstance(p, Text) else Text(p, p) for p in parts]
    return Text(ja_separator.join(t.ja for t in items), en_separator.join(t.en for t in items))


class _Defaulting(dict[str, object]):
    """Leaves an unknown placeholder visible rather than raising in the middle of a report."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
