"""Why a file could not be read, located (file, line, field path) and said in Japanese or English.

Every problem carries a stable code (``INPUT-SYNTAX``, ``FMT-VERSION`` …) that the command line
reports like a rule id, so scripts can tell a malformed file from a plan that fails a rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from chiiki_mirai.i18n import Lang, Localized, Text
from chiiki_mirai.plans.choices import CHOICE_LABELS
from chiiki_mirai.plans.values import NATIVE, READER

PROBLEMS: dict[str, Text] = {
    "INPUT-READ": Text("ファイルを読めません: {detail}", "Cannot read the file: {detail}"),
    "INPUT-WORKBOOK": Text(
        "Excel ブックとして読めません（{detail}）。chiiki-mirai から書き出した .xlsx を編集して使ってください。",
        "Cannot read the Excel workbook ({detail}). Edit an .xlsx exported from chiiki-mirai.",
    ),
    "INPUT-SIZE": Text(
        "ファイルが大きすぎます（{size:,}バイト。上限は{limit:,}バイト）。",
        "The file is too large ({size:,} bytes; the limit is {limit:,} bytes).",
    ),
    "INPUT-BINARY": Text(
        "テキストファイルではありません（{kind}）。計画は YAML か JSON で指定してください。",
        "Not a text file ({kind}). Give the plan as YAML or JSON.",
    ),
    "INPUT-ENCODING": Text(
        "文字コードが UTF-8 ではありません（{encoding} と思われます）。UTF-8 で保存し直してください。",
        "The text is not UTF-8 (it looks like {encoding}). Save it again as UTF-8.",
    ),
    "INPUT-SYNTAX": Text(
        "{language} の書式に誤りがあります: {detail}", "The {language} is malformed: {detail}"
    ),
    "INPUT-DUPLICATE-KEY": Text(
        "項目「{key}」が同じ階層に2回書かれています（後の値で前の値が失われます）。",
        "The key '{key}' appears twice at the same level (the second would silently replace the first).",
    ),
    "INPUT-NOT-DOCUMENT": Text(
        "計画文書ではありません: 最上位は「format: chiiki-mirai/plan@1」などを含む項目の組である必要があります。",
        "Not a plan document: the top level must be a mapping with 'format: chiiki-mirai/plan@1' and so on.",
    ),
    "FMT-VERSION": Text(
        "文書形式（format）「{format}」には対応していません。計画は「format: chiiki-mirai/plan@1」と記載してください"
        "（対応する形式: {known}）。",
        "The document format '{format}' is not supported; a plan says 'format: chiiki-mirai/plan@1'"
        " (supported: {known}).",
    ),
    "INPUT-TYPE": Text("{detail}", "{detail}"),
}

_MAPPING_NOT_ALLOWED = Text(
    'ここには「キー: 値」を書けません（インデントを確認するか、「: 」を含む値を "…" で囲んでください）',
    "a 'key: value' is not allowed here (check the indentation, or quote a value containing ': ')",
)
_TAB = Text(
    "タブ文字は使えません（インデントは半角スペースで）",
    "tab characters are not allowed (indent with spaces)",
)

#: Frequent complaints of PyYAML and libyaml, said plainly.
_YAML_PROBLEMS: dict[str, Text] = {
    "mapping values are not allowed here": _MAPPING_NOT_ALLOWED,
    "mapping values are not allowed in this context": _MAPPING_NOT_ALLOWED,
    "found character that cannot start any token": _TAB,
    "found a tab character that violates indentation": _TAB,
    "found a tab character where an indentation space is expected": _TAB,
    "could not find expected ':'": Text("「:」が見つかりません", "expected ':'"),
    "found character '\\t' that cannot start any token": _TAB,
    "did not find expected key": Text("インデントがそろっていません", "the indentation is inconsistent"),
    "did not find expected '-' indicator": Text(
        "リストの「- 」の位置がそろっていません", "the list items' '-' are not aligned"
    ),
    "found unexpected end of stream": Text(
        "引用符や括弧が閉じられていません", "a quote or bracket is not closed"
    ),
    "alias replay limit exceeded": Text(
        "別名（&・*）の展開が多すぎます（上限10万要素）",
        "aliases (& and *) expand to too much (at most 100,000 nodes)",
    ),
}

#: Pydantic's error types, said plainly; ``{...}`` are filled from the error's context.
_TYPE_MESSAGES: dict[str, Text] = {
    "missing": Text("必須の項目がありません。", "This field is required."),
    "extra_forbidden": Text("未知の項目です。{suggestion}", "Unknown field.{suggestion}"),
    "string_type": Text("文字列を指定してください（値: {input}）。", "Expected text (got: {input})."),
    "int_type": Text("整数を指定してください（値: {input}）。", "Expected a whole number (got: {input})."),
    "int_parsing": Text("整数を指定してください（値: {input}）。", "Expected a whole number (got: {input})."),
    "int_from_float": Text(
        "整数を指定してください（値: {input}）。", "Expected a whole number (got: {input})."
    ),
    "float_type": Text("数値を指定してください（値: {input}）。", "Expected a number (got: {input})."),
    "float_parsing": Text("数値を指定してください（値: {input}）。", "Expected a number (got: {input})."),
    "bool_type": Text(
        "true か false を指定してください（値: {input}）。", "Expected true or false (got: {input})."
    ),
    "bool_parsing": Text(
        "true か false を指定してください（値: {input}）。", "Expected true or false (got: {input})."
    ),
    "list_type": Text(
        "一覧（「- 」で始まる項目の並び）を指定してください。", "Expected a list (items starting with '- ')."
    ),
    "model_type": Text("項目の組（キー: 値）を指定してください。", "Expected a mapping (key: value pairs)."),
    "model_attributes_type": Text(
        "項目の組（キー: 値）を指定してください。", "Expected a mapping (key: value pairs)."
    ),
    "dict_type": Text("項目の組（キー: 値）を指定してください。", "Expected a mapping (key: value pairs)."),
    "enum": Text(
        "次のいずれかを指定してください: {expected}（値: {input}）",
        "Expected one of: {expected} (got: {input})",
    ),
    "literal_error": Text(
        "次のいずれかを指定してください: {expected}（値: {input}）",
        "Expected one of: {expected} (got: {input})",
    ),
    "date_type": Text("日付（例: 2027-03-31）を指定してください。", "Expected a date (e.g. 2027-03-31)."),
    "date_parsing": Text("日付（例: 2027-03-31）を指定してください。", "Expected a date (e.g. 2027-03-31)."),
    "government_ambiguous": Text(
        "「{text}」という名前の地方公共団体は複数あります: {candidates}。都道府県名を付けて書いてください（例: 東京都府中市）。",
        "'{text}' names several local governments: {candidates}. Write it with its prefecture (e.g. 東京都府中市).",
    ),
    "date_invalid": Text(
        "日付（例: 2027-03-31、2027年3月31日、令和9年3月31日）を指定してください（値: {text}）。",
        "Expected a date such as 2027-03-31, 2027年3月31日 or 令和9年3月31日 (got: {text}).",
    ),
    "greater_than_equal": Text(
        "{ge}以上の値を指定してください（値: {input}）。", "Must be at least {ge} (got: {input})."
    ),
    "less_than_equal": Text(
        "{le}以下の値を指定してください（値: {input}）。", "Must be at most {le} (got: {input})."
    ),
    "string_too_short": Text("空にはできません。", "Must not be empty."),
    "string_pattern_mismatch": Text("書式が違います（値: {input}）。", "Wrong notation (got: {input})."),
    "amount_invalid": Text(
        "金額・数値として読めません（値: {text}）。例: 12000、1,200億円、３５０百万円、12.5億{unit_hint}",
        "Cannot read this as an amount or number (got: {text}). E.g. 12000, 1,200億円, ３５０百万円, 12.5億{unit_hint}",
    ),
    "unit_not_allowed": Text(
        "ここには単位のない数値を書いてください（値: {text}）。", "Write a bare number here (got: {text})."
    ),
    "count_invalid": Text(
        "整数（人数・件数）を指定してください（値: {text}）。", "Expected a whole count (got: {text})."
    ),
    "fiscal_year_invalid": Text(
        "年度として読めません（値: {text}）。例: 2026、2026年度、令和8年度",
        "Not a fiscal year (got: {text}). E.g. 2026, 2026年度, 令和8年度",
    ),
    "period_invalid": Text(
        "半期として読めません（値: {text}）。例: 2026H1（4〜9月）、2026H2（10〜3月）、2026年度上期",
        "Not a half-year period (got: {text}). E.g. 2026H1 (Apr–Sep), 2026H2 (Oct–Mar)",
    ),
}
_FALLBACK = Text("値が不正です（{msg}）。", "Invalid value ({msg}).")


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a file cannot be read, with where it is."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    line: int | None = None
    column: int | None = None

    def message(self, lang: Lang) -> str:
        params = {k: v.render(lang) if isinstance(v, Localized) else v for k, v in self.params.items()}
        return PROBLEMS[self.code].format(lang, **params)


class DocumentError(Exception):
    """A file that cannot be read as a document; holds every problem found, located."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)

    def __str__(self) -> str:
        # Said only when asked (a traceback, a log): a text of 200,000 problems is not rendered twice.
        return "; ".join(p.message("en") for p in self.problems[:20])


def format_path(loc: Iterable[str | int]) -> str:
    """('kgis', 0, 'target', 'value') -> 'kgis[0].target.value'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class YamlProblem:
    """PyYAML's complaint, said plainly where we know a plainer phrasing."""

    def __init__(self, problem: str | None) -> None:
        self.problem = problem or ""

    def render(self, lang: Lang) -> str:
        # yaml-rs appends figures to some messages ("alias replay limit exceeded: replayed 100001 …").
        known = next((text for key, text in _YAML_PROBLEMS.items() if self.problem.startswith(key)), None)
        return known.get(lang) if known else self.problem


#: At most this many reading problems are reported for one document, then one more saying how many were left
#: unreported: a 5 MB text of 200,000 unknown keys is answered with 200 located problems and a count, never 60 MB
#: of messages (and never silently cut).
MAX_PROBLEMS = 200

_MORE_PROBLEMS = Text(
    "ほかに{count:,}件の問題があります（最初の{shown}件を示しました）。上の問題を直してから確認し直してください。",
    "There are {count:,} more problems (the first {shown} are shown). Fix those above and check again.",
)


def reported(problems: list[Problem], total: int | None = None) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` of ``total`` problems and, when there were more, one that counts the rest."""
    total = len(problems) if total is None else total
    if total <= MAX_PROBLEMS:
        return problems
    more = Problem(
        "INPUT-TYPE", {"detail": _MORE_PROBLEMS.with_params(count=total - MAX_PROBLEMS, shown=MAX_PROBLEMS)}
    )
    return [*problems[:MAX_PROBLEMS], more]


def validation_problems(error: ValidationError) -> list[Problem]:
    """Pydantic's errors as located problems (the first :data:`MAX_PROBLEMS`, and a count of the rest)."""
    details = _readers_only(error.errors(include_url=False))
    return reported(detail_problems(details[:MAX_PROBLEMS]), len(details))


def detail_problems(details: Iterable[ErrorDetails]) -> list[Problem]:
    """Pydantic-style error details (also what django-ninja reports for a request) as located problems."""
    return [
        Problem("INPUT-TYPE", {"detail": _TypeMessage(d)}, path=format_path(_full_loc(d)))
        for d in _readers_only(details)
    ]


def _readers_only(details: Iterable[ErrorDetails]) -> list[ErrorDetails]:
    """The errors as the field's reader gave them: a :class:`~chiiki_mirai.plans.values.NativeFirst` field's native
    refusal dropped (the reader said why), the reader's union label taken out of the location."""
    kept: list[ErrorDetails] = []
    for detail in details:
        loc = detail["loc"]
        if NATIVE in loc:
            continue
        if READER in loc:
            detail = {**detail, "loc": tuple(part for part in loc if part != READER)}
        kept.append(detail)
    return kept


def _full_loc(detail: ErrorDetails) -> tuple[str | int, ...]:
    loc = tuple(detail["loc"])
    subpath = (detail.get("ctx") or {}).get("subpath")
    if subpath:
        loc += tuple(int(p) if p.isdigit() else p for p in str(subpath).split("."))
    return loc


class _TypeMessage:
    """A validation message that renders in the language asked for when formatted."""

    def __init__(self, detail: ErrorDetails) -> None:
        self.detail = detail

    def render(self, lang: Lang) -> str:
        detail = self.detail
        text = _TYPE_MESSAGES.get(detail["type"], _FALLBACK)
        ctx = dict(detail.get("ctx") or {})
        ctx.setdefault("input", _short(detail.get("input")))
        ctx["msg"] = detail["msg"]
        if "expected" in ctx:
            ctx["expected"] = _expected_with_labels(str(ctx["expected"]), lang)
        if detail["type"] == "extra_forbidden":
            ctx["suggestion"] = _suggestion(str(detail["loc"][-1]), lang)
        if detail["type"] == "amount_invalid":
            unit = ctx.get("unit")
            ctx["unit_hint"] = (f"（単位: {unit}）" if lang == "ja" else f" (unit: {unit})") if unit else ""
        return text.format(lang, **ctx)


def _short(value: Any) -> str:
    if isinstance(value, int) and abs(value) >= 10**40:
        return "（40桁を超える数）"
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"


def _expected_with_labels(expected: str, lang: Lang) -> str:
    values = re.findall(r"'([^']*)'", expected)
    if lang == "en" or not values:
        return ", ".join(values) or expected
    labels = {choice.value: choice.label for choice in CHOICE_LABELS}
    return "、".join(f"{v}（{labels[v]}）" if v in labels else v for v in values)


@cache
def _known_field_names() -> tuple[str, ...]:
    from chiiki_mirai.monitoring.document import ProgressReport
    from chiiki_mirai.plans.document import PlanDocument

    names: set[str] = set()
    pending: list[type[BaseModel]] = [PlanDocument, ProgressReport]
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            pending.extend(_models_in(info.annotation))
    return tuple(sorted(names))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def _suggestion(key: str, lang: Lang) -> str:
    import difflib  # only for an unknown key: keeps it out of every start

    close = difflib.get_close_matches(key, _known_field_names(), n=1, cutoff=0.6)
    if not close:
        return ""
    return f"「{close[0]}」の誤りではありませんか。" if lang == "ja" else f" Did you mean '{close[0]}'?"
