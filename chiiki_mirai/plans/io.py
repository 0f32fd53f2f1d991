"""Reading and writing documents (YAML or JSON) without ever losing a located error.

The fast path parses YAML with yaml-rs (a YAML 1.2 parser in Rust, about six times faster than
PyYAML with libyaml here) and validates once. Only when something is wrong is the text read again
with PyYAML, whose node marks give the line of each problem: good files pay nothing for diagnosis.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
import yaml_rs
from pydantic import BaseModel, ValidationError

from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring.document import PROGRESS_FORMAT, ProgressReport
from chiiki_mirai.plans.document import PLAN_FORMAT, PlanDocument
from chiiki_mirai.plans.errors import DocumentError, Problem, YamlProblem, reported, validation_problems

MAX_BYTES = 5 * 1024 * 1024
#: libyaml recurses on the C stack per nested flow collection and crashes the process somewhere past
#: 10,000 levels; a plan needs fewer than ten, so deeper text is refused before it is parsed.
MAX_FLOW_DEPTH = 200
SyntaxName = Literal["yaml", "json"]
Document = PlanDocument | ProgressReport
DOCUMENT_MODELS: dict[str, type[PlanDocument] | type[ProgressReport]] = {
    PLAN_FORMAT: PlanDocument,
    PROGRESS_FORMAT: ProgressReport,
}
_MAGIC = (
    (b"PK\x03\x04", "ZIP/Excel (.xlsx)"),
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0", "Excel 97-2003 (.xls) / Word (.doc)"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)


# ---------------------------------------------------------------- YAML 1.2-like loading


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml with YAML 1.2 scalars: ``010006`` stays a code, ``no`` stays text, keys stay unique."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in seen:
                raise _DuplicateKey(key, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _install_resolvers() -> None:
    base = yaml.SafeLoader.yaml_implicit_resolvers
    for first, resolvers in base.items():
        kept = [
            (tag, rx)
            for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool")
        ]
        _Loader.yaml_implicit_resolvers[first] = kept
    # YAML 1.2 core schema: no octal-by-leading-zero (codes such as 010006), no yes/no/on/off booleans.
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
    )


_install_resolvers()


class _DuplicateKey(Exception):
    def __init__(self, key: str, mark: Any) -> None:
        super().__init__(key)
        self.key = key
        self.mark = mark


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_multi_representer(Enum, lambda dumper, value: dumper.represent_str(str(value.value)))


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Source:
    """A document's text and where it came from."""

    name: str
    text: str
    syntax: SyntaxName


@dataclass(frozen=True, slots=True)
class Loaded:
    source: Source
    document: Document


def read_source(path: Path) -> Source:
    """The text of a file, refusing what is too large, binary or not UTF-8, with a clear reason."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError([Problem("INPUT-SIZE", {"size": size, "limit": MAX_BYTES})])
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError([Problem("INPUT-READ", {"detail": exc.strerror or str(exc)})]) from None
    return Source(name, decode_text(data), syntax_of(name, data))


def source_from_text(name: str, text: str) -> Source:
    return Source(name, text, syntax_of(name, text.encode("utf-8", "surrogatepass")[:64]))


def syntax_of(name: str, head: bytes) -> SyntaxName:
    if name.lower().endswith(".json"):
        return "json"
    if name.lower().endswith((".yaml", ".yml")):
        return "yaml"
    return "json" if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else "yaml"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM); anything else is refused naming what it seems to be."""
    if len(data) > MAX_BYTES:
        raise DocumentError([Problem("INPUT-SIZE", {"size": len(data), "limit": MAX_BYTES})])
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DocumentError([Problem("INPUT-BINARY", {"kind": kind})])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError([Problem("INPUT-ENCODING", {"encoding": "UTF-16"})])
    if b"\x00" in data[:8192]:
        raise DocumentError([Problem("INPUT-BINARY", {"kind": "binary data / バイナリデータ"})])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    raise DocumentError([Problem("INPUT-ENCODING", {"encoding": guess_encoding(data)})])


def guess_encoding(data: bytes) -> str:
    for codec, label in (("cp932", "Shift_JIS (CP932)"), ("euc_jp", "EUC-JP")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
            return label
    return "unknown / 不明"


_FAST_YAML_OPTIONS: dict[str, Any] = {
    "duplicate_key_policy": yaml_rs.DuplicateKeyPolicy.Error,
    # Bounded alias replay: a "billion laughs" document is refused, not expanded.
    "alias_limits": yaml_rs.AliasLimits(max_total_replayed_events=100_000),
}


def parse(source: Source) -> Any:
    """The raw data of a document (mappings, lists, scalars)."""
    fast_error: Exception | None = None
    if source.syntax == "yaml":
        try:
            return yaml_rs.loads(source.text, **_FAST_YAML_OPTIONS)
        except (yaml_rs.YAMLDecodeError, ValueError, RecursionError) as exc:
            fast_error = exc
    data = _parse_for_diagnosis(source)
    if fast_error is not None:
        # The two parsers disagree (rare): trust the stricter one and say what it said.
        match = re.search(r"line (\d+), column (\d+)", str(fast_error))
        detail = YamlProblem(str(fast_error).strip().splitlines()[-1])
        line, column = (int(match[1]), int(match[2])) if match else (None, None)
        problem = Problem("INPUT-SYNTAX", {"language": "YAML", "detail": detail}, line=line, column=column)
        raise DocumentError([problem])
    return data


def _parse_for_diagnosis(source: Source) -> Any:
    """Parse with parsers whose errors carry marks; a failure becomes a located DocumentError."""
    try:
        if source.syntax == "json":
            return json.loads(source.text, object_pairs_hook=_unique_pairs)
        _refuse_deep_nesting(source.text)
        _check_yaml_events(source.text)
        return None  # the text reads: yaml-rs's own complaint stands
    except _DuplicateKey as exc:
        raise DocumentError(
            [
                Problem(
                    "INPUT-DUPLICATE-KEY",
                    {"key": exc.key},
                    line=exc.mark.line + 1,
                    column=exc.mark.column + 1,
                )
            ]
        ) from None
    except _JsonDuplicateKey as exc:
        raise DocumentError(
            [Problem("INPUT-DUPLICATE-KEY", {"key": exc.key}, line=_json_key_line(source.text, exc.key))]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DocumentError(
            [
                Problem(
                    "INPUT-SYNTAX",
                    {"language": "YAML", "detail": YamlProblem(exc.problem)},
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise DocumentError([Problem("INPUT-SYNTAX", {"language": "YAML", "detail": str(exc)})]) from None
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [
                Problem(
                    "INPUT-SYNTAX", {"language": "JSON", "detail": exc.msg}, line=exc.lineno, column=exc.colno
                )
            ]
        ) from None
    except RecursionError:
        detail = Text(
            f"入れ子が深すぎます（上限{MAX_FLOW_DEPTH}段）",
            f"nested too deeply (at most {MAX_FLOW_DEPTH} levels)",
        )
        raise DocumentError(
            [Problem("INPUT-SYNTAX", {"language": source.syntax.upper(), "detail": detail})]
        ) from None


def _refuse_deep_nesting(text: str) -> None:
    # Counting is C-speed; the exact scan runs only for texts with unusually many brackets.
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}" and depth:
            depth -= 1
    if deepest > MAX_FLOW_DEPTH:
        raise RecursionError


class _JsonDuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JsonDuplicateKey(key)
        result[key] = value
    return result


def _json_key_line(text: str, key: str) -> int | None:
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if f'"{key}"' in line]
    return lines[1] if len(lines) > 1 else None


def model_for(data: Any) -> type[PlanDocument] | type[ProgressReport]:
    """Which document model the data declares, or a located FMT-VERSION / not-a-document problem."""
    if not isinstance(data, dict):
        raise DocumentError([Problem("INPUT-NOT-DOCUMENT")])
    declared = data.get("format")
    if declared is None and "plan_type" not in data and "plan" not in data:
        raise DocumentError([Problem("INPUT-NOT-DOCUMENT")])
    model = DOCUMENT_MODELS.get(str(declared))
    if model is None:
        known = ", ".join(DOCUMENT_MODELS)
        shown = "（未記載）" if declared is None else declared
        raise DocumentError([Problem("FMT-VERSION", {"format": shown, "known": known}, path="format")])
    return model


NUL = "\x00"
#: C0 control characters other than tab, LF and CR: no spreadsheet, XML export or PostgreSQL text can hold all of
#: them (NUL cuts a YAML value short; the others make an .xlsx export fail), so a plan may not contain them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_KIND = Text("制御文字（U+{code:04X}）", "a control character (U+{code:04X})")
#: Escapes that can make a control character inside a quoted YAML or JSON string; only a text holding one is
#: searched value by value.
_CONTROL_ESCAPE = re.compile(r"\\(?:[0abvfe]|x[01][0-9a-fA-F]|u00[01][0-9a-fA-F]|U0000[01][0-9a-fA-F])")


def _control_kind(char: str) -> Any:
    return "NUL 文字（U+0000）" if char == NUL else _CONTROL_KIND.with_params(code=ord(char))


def has_control(text: str) -> bool:
    """Whether a text holds a control character a plan may not contain (form fields are checked with this)."""
    return _CONTROL.search(text) is not None


def _refuse_controls(source: Source) -> None:
    """A control character is refused where it stands in the text: the YAML reader would cut a value short at a
    NUL (silently losing the rest), and exports cannot hold the others."""
    found = _CONTROL.search(source.text)
    if found is not None:
        at = found.start()
        line = source.text.count("\n", 0, at) + 1
        column = at - (source.text.rfind("\n", 0, at) + 1) + 1
        problem = Problem("INPUT-BINARY", {"kind": _control_kind(found.group())}, line=line, column=column)
        raise DocumentError([problem])


#: A plan nests fewer than ten levels; deeper data is refused before anything walks it (a 5 MB text can nest
#: 3,000 levels in block style, past Python's recursion limit).
MAX_DEPTH = 50
#: Numbers in a plan are amounts in 百万円, counts and years: none needs more than 20 digits. A longer integer is
#: refused where it stands (Python will not even print one of more than 4,300 digits).
MAX_DIGITS = 20
_TOO_LARGE = Text(
    f"数値が大きすぎます（{MAX_DIGITS}桁まで）。", f"The number is too large (at most {MAX_DIGITS} digits)."
)
#: A text value holds at most what one spreadsheet cell can (Excel: 32,767 characters), so every export keeps it
#: whole; only a text longer than that can hold such a value, so shorter texts are not searched.
MAX_TEXT = 32_767
_TOO_LONG_TEXT = Text(
    f"文章が長すぎます（{{length:,}}文字。一つの項目は{MAX_TEXT:,}文字まで）。",
    f"The text is too long ({{length:,}} characters; a field holds at most {MAX_TEXT:,}).",
)


#: No list in a plan or a report needs more items than this (KGIs, KPIs, measures, firms, a KPI's targets); a
#: longer one is refused where it starts, before validation spends time on each of its items.
MAX_ITEMS = 10_000
_TOO_DEEP = Text(
    f"入れ子が深すぎます（上限{MAX_DEPTH}段）", f"nested too deeply (at most {MAX_DEPTH} levels)"
)
_TOO_LONG = Text(
    f"項目が多すぎます（{{count:,}}件。一つの一覧は{MAX_ITEMS:,}件まで）。",
    f"Too many items ({{count:,}}; a list holds at most {MAX_ITEMS:,}).",
)


def _plainly_within_limits(data: Any, text: str) -> bool:
    """Whether a parsed document is certainly within every limit :func:`_violations` checks, decided without a
    path: the text holds no escape that could make a control character and no string that could be too long, and
    one pass over its containers, a level at a time, finds no list past :data:`MAX_ITEMS`, no integer past
    :data:`MAX_DIGITS` and nothing deeper than :data:`MAX_DEPTH`. Every document takes this pass (the located walk
    runs only when it fails), so it looks at no string and builds no path: a tenth of the pre-check's time went to
    the general walk and a digit search of the text (issue 23)."""
    if len(text) > MAX_TEXT or ("\\" in text and _CONTROL_ESCAPE.search(text)):
        return False
    limit = 10**MAX_DIGITS
    level = [data]
    for _ in range(MAX_DEPTH + 1):
        deeper: list[Any] = []
        for item in level:
            if type(item) is dict:
                values: Iterable[Any] = item.values()
            elif type(item) is list:
                if len(item) > MAX_ITEMS:
                    return False
                values = item
            else:
                continue  # a document that is a bare value (refused by validation)
            for value in values:  # one look at each value; texts, the most of them, go by first
                kind = type(value)
                if kind is str:
                    continue
                if kind is dict or kind is list:
                    deeper.append(value)
                elif kind is int and not -limit < value < limit:
                    return False
        if not deeper:
            return True
        level = deeper
    return False  # containers remain below the deepest level allowed


def _violations(value: Any, text: str | None) -> Iterator[Problem]:
    """What no export or reader can hold, in document order, each with its path: nesting past :data:`MAX_DEPTH`,
    lists past :data:`MAX_ITEMS`, integers past :data:`MAX_DIGITS`, texts past :data:`MAX_TEXT`, control
    characters.

    One walk over containers, iterative and linear. Given the source ``text``, only the checks the text could need
    run. Only a document that failed :func:`_plainly_within_limits` is walked."""
    controls = text is None or bool(_CONTROL_ESCAPE.search(text))
    lengths = text is None or len(text) > MAX_TEXT
    limit = 10**MAX_DIGITS

    def at(path: str, key: object, in_list: bool) -> str:
        return f"{path}[{key}]" if in_list else (f"{path}.{key}" if path else str(key))

    pending: list[tuple[Any, int, str]] = [(value, 0, "")]
    while pending:
        item, depth, path = pending.pop()
        if isinstance(item, dict):
            if controls and (found := next(filter(None, (_CONTROL.search(str(k)) for k in item)), None)):
                yield Problem("INPUT-BINARY", {"kind": _control_kind(found.group())}, path=path)
            children: Iterable[tuple[object, Any]] = item.items()
            in_list = False
        elif isinstance(item, list):
            if len(item) > MAX_ITEMS:
                yield Problem("INPUT-TYPE", {"detail": _TOO_LONG.with_params(count=len(item))}, path=path)
                continue
            children = enumerate(item)
            in_list = True
        else:
            continue
        deeper = []
        for key, child in children:
            kind = type(child)
            if kind is str:
                if controls and (found := _CONTROL.search(child)):
                    yield Problem(
                        "INPUT-BINARY", {"kind": _control_kind(found.group())}, path=at(path, key, in_list)
                    )
                elif lengths and len(child) > MAX_TEXT:
                    detail = _TOO_LONG_TEXT.with_params(length=len(child))
                    yield Problem("INPUT-TYPE", {"detail": detail}, path=at(path, key, in_list))
            elif kind is int:
                if abs(child) >= limit:  # also a hexadecimal literal, which no digit search of the text finds
                    yield Problem("INPUT-TYPE", {"detail": _TOO_LARGE}, path=at(path, key, in_list))
            elif kind is dict or kind is list:
                if depth >= MAX_DEPTH:
                    syntax = {"language": "YAML/JSON", "detail": _TOO_DEEP}
                    yield Problem("INPUT-SYNTAX", syntax, path=at(path, key, in_list))
                else:
                    deeper.append((child, depth + 1, at(path, key, in_list)))
        pending.extend(reversed(deeper))  # popped in document order


def nul_paths(value: Any) -> list[str]:
    """Field paths of values holding a control character (JSON ``\\u0000``, YAML ``"\\0"``), for the request
    limits' message."""
    return [p.path or "" for p in _violations(value, None) if p.code == "INPUT-BINARY"]


def load(source: Source) -> Document:
    """Parse and validate a plan or a progress report; every problem is located by field path and line."""
    return _validated(source, model_for)


def load_as[M: BaseModel](source: Source, model: type[M], format_name: str) -> M:
    """Parse and validate a document that must be of ``format_name`` (block drafts, proposals), located as
    :func:`load` locates."""

    def declared(data: Any) -> type[M]:
        if not isinstance(data, dict):
            raise DocumentError([Problem("INPUT-NOT-DOCUMENT")])
        if str(data.get("format", format_name)) != format_name:
            shown = data.get("format")
            raise DocumentError(
                [Problem("FMT-VERSION", {"format": shown, "known": format_name}, path="format")]
            )
        return model

    return _validated(source, declared)


def _validated[M: BaseModel](source: Source, model_of: Callable[[Any], type[M]]) -> M:
    _refuse_controls(source)
    data = parse(source)
    try:
        if not _plainly_within_limits(data, source.text):
            # Something may be wrong: the walk that names the paths runs only now.
            problems = list(_violations(data, source.text))
            if problems:
                raise DocumentError(reported(problems))
        return model_of(data).model_validate(data)
    except DocumentError as exc:
        raise DocumentError(locate_problems(source, exc.problems)) from None
    except ValidationError as exc:
        raise DocumentError(locate_problems(source, validation_problems(exc))) from None


def load_path(path: Path) -> Loaded:
    source = read_source(path)
    return Loaded(source, load(source))


# ---------------------------------------------------------------- locating problems (slow path)


def locate_problems(source: Source, problems: Iterable[Problem]) -> list[Problem]:
    problems = list(problems)
    if all(p.line is not None or p.path is None for p in problems):
        return problems
    positions = _positions(source.text, (p.path for p in problems if p.line is None and p.path is not None))
    located = []
    for problem in problems:
        if problem.line is None and problem.path is not None and problem.path in positions:
            line, column = positions[problem.path]
            problem = Problem(problem.code, problem.params, problem.path, line, column)
        located.append(problem)
    return located


@dataclass(slots=True)
class _Frame:
    """An open mapping or sequence while reading YAML events for the diagnosis: whether the next node is a key, and
    the keys seen so far (a duplicate is refused where it stands)."""

    mapping: bool
    at_key: bool = True
    keys: set[str] | None = None


def _node_events(text: str) -> Iterator[tuple[yaml.Event, _Frame | None, bool, list[_Frame]]]:
    """libyaml's events with, for each node, its parent frame (None for the root) and whether it is a mapping key;
    the caller pushes a frame for each collection it opens (``stack``) and sees its end as a
    ``CollectionEndEvent`` after the frame is popped. One pass, no node tree."""
    stack: list[_Frame] = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionEndEvent):
            yield event, stack.pop(), False, stack
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        parent = stack[-1] if stack else None
        is_key = parent is not None and parent.mapping and parent.at_key
        if parent is not None and parent.mapping:
            parent.at_key = not parent.at_key
        yield event, parent, is_key, stack


def _check_yaml_events(text: str) -> None:
    """Syntax errors (raised by libyaml with their marks) and duplicate keys, found by reading the events once —
    a third of the cost of constructing the data, which yaml-rs has already refused."""
    for event, parent, is_key, stack in _node_events(text):
        if isinstance(event, yaml.CollectionEndEvent):
            continue
        if is_key and parent is not None and isinstance(event, yaml.ScalarEvent):
            keys = parent.keys if parent.keys is not None else set()
            parent.keys = keys
            if event.value in keys and event.start_mark is not None:
                raise _DuplicateKey(event.value, event.start_mark)
            keys.add(event.value)
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            stack.append(_Frame(isinstance(event, yaml.MappingStartEvent)))


def _positions(text: str, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Line and column (1-based) of each path's deepest node that exists in the text.

    Reads libyaml's events once, building field paths only inside the subtrees that lead to a path asked for, and
    stops as soon as every path is found or its container has ended: linear in the text, and short for the usual
    case of problems near the top. (Composing the whole node tree cost three times the parse for a 5 MB text.)
    One tight loop over ``get_event``: this is the slow part of reporting on a large text."""
    wanted = set(paths)
    # Each prefix of a path asked for -> the paths under it: once its container ends, they are settled.
    under: dict[str, list[str]] = {}
    for asked in wanted:
        for prefix in _prefixes_of(asked):
            under.setdefault(prefix, []).append(asked)
    found: dict[str, tuple[int, int]] = {}
    settled: set[str] = set()
    # Open containers: [path or None when nothing asked for lies inside, is a mapping, next index, next is a key,
    # the key just read]
    stack: list[list[Any]] = []
    mapping_start, sequence_start, scalar = yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent
    collection_end, stream_end = yaml.CollectionEndEvent, yaml.StreamEndEvent
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is stream_end:
                break
            if issubclass(kind, collection_end):
                closed = stack.pop()[0]
                if closed is not None:
                    settled.update(under[closed])
                    if len(settled) == len(wanted):
                        break
                continue
            if not issubclass(kind, yaml.NodeEvent):
                continue
            path: str | None = None
            if stack:
                parent = stack[-1]
                if parent[1]:
                    if parent[3]:  # a key: remembered for the value that follows
                        parent[3] = False
                        parent[4] = event.value if kind is scalar else None
                        if kind is mapping_start or kind is sequence_start:
                            stack.append([None, kind is mapping_start, 0, True, None])
                        continue
                    parent[3] = True
                    if parent[0] is not None and parent[4] is not None:
                        path = f"{parent[0]}.{parent[4]}" if parent[0] else str(parent[4])
                else:
                    if parent[0] is not None:
                        path = f"{parent[0]}[{parent[2]}]"
                    parent[2] += 1
            else:
                path = ""
            if path is not None:
                if path not in under:
                    path = None
                elif path not in found:
                    mark = event.start_mark
                    found[path] = (mark.line + 1, mark.column + 1)
                    if path in wanted:
                        settled.add(path)
                        if len(settled) == len(wanted):
                            break
            if kind is mapping_start or kind is sequence_start:
                stack.append([path, kind is mapping_start, 0, True, None])
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    located = {}
    for asked in wanted:
        deepest = max((p for p in _prefixes_of(asked) if p in found), key=len, default=None)
        if deepest is not None:
            located[asked] = found[deepest]
    return located


def _prefixes_of(path: str) -> list[str]:
    return ["", *(path[: match.end()] for match in _PATH_PART.finditer(path))]


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


# ---------------------------------------------------------------- writing


def to_data(document: BaseModel) -> dict[str, Any]:
    """The document as plain data; fields the author never wrote stay unwritten (lossless round trip)."""
    return document.model_dump(mode="python", exclude_unset=True)


def dump(document: BaseModel, syntax: SyntaxName) -> str:
    data = to_data(document)
    if syntax == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def lines_of(source: Source, paths: Iterable[str]) -> dict[str, int]:
    """Field path -> line for one source, found in one read of the text and only when asked (reports, not
    checks)."""
    return {path: line for path, (line, _) in _positions(source.text, paths).items()}
