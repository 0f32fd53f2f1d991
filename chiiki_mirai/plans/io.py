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
from chiiki_mirai.plans.errors import DocumentError, Problem, YamlProblem, validation_problems

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
    def __init__(self, key: str, mark: yaml.Mark) -> None:
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
        return yaml.load(source.text, Loader=_Loader)
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
_NUL_KIND = "NUL 文字（U+0000）"


def _refuse_nul(source: Source) -> None:
    """A NUL character is refused where it stands: the YAML reader would cut the value short at it (silently
    losing the rest), and PostgreSQL cannot store it."""
    at = source.text.find(NUL)
    if at >= 0:
        line = source.text.count("\n", 0, at) + 1
        column = at - (source.text.rfind("\n", 0, at) + 1) + 1
        raise DocumentError([Problem("INPUT-BINARY", {"kind": _NUL_KIND}, line=line, column=column)])


def nul_paths(value: Any, path: str = "") -> Iterator[str]:
    """Field paths of values that an escape (JSON ``\\u0000``, YAML ``"\\0"``) made into NUL characters."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from nul_paths(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nul_paths(item, f"{path}[{index}]")


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
    _refuse_nul(source)
    data = parse(source)
    try:
        if escaped := list(nul_paths(data)):
            raise DocumentError([Problem("INPUT-BINARY", {"kind": _NUL_KIND}, path=p) for p in escaped[:20]])
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
    root = _compose(source.text)
    located = []
    for problem in problems:
        if problem.line is None and problem.path is not None and root is not None:
            line, column = node_position(root, problem.path)
            problem = Problem(problem.code, problem.params, problem.path, line, column)
        located.append(problem)
    return located


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def node_position(root: yaml.Node, path: str) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the deepest node on ``path`` that exists in the text."""
    node = root
    for name, index in _PATH_PART.findall(path):
        child = _child(node, name, int(index) if index else None)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1, node.start_mark.column + 1


def _child(node: yaml.Node, name: str, index: int | None) -> yaml.Node | None:
    if index is not None and isinstance(node, yaml.SequenceNode):
        return node.value[index] if index < len(node.value) else None
    if name and isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == name:
                return value_node  # type: ignore[no-any-return]
    return None


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


class LineIndex:
    """Field path -> line for one source, composed once and only when asked (reports, not checks)."""

    def __init__(self, source: Source) -> None:
        self._root = _compose(source.text)

    def line(self, path: str) -> int | None:
        return node_position(self._root, path)[0] if self._root is not None else None
