"""The authoring form of each 記載項目 section, derived from the document model (one source for all sections).

A section is a list of single fields and tables (repeating items such as KGIs, KPIs and measures, edited in
place, a row each). Every input is named by its field path, so reading a submitted form is assigning values
under their paths (``plans/paths.py``) — the same mechanism as the workbook, and just as lossless.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from chiiki_mirai.i18n import Lang
from chiiki_mirai.plans.choices import Choice
from chiiki_mirai.plans.document import FOR_TYPES, PLATFORM_FILLED, PlanDocument
from chiiki_mirai.plans.labels import english_label, inner_types, label, path_label
from chiiki_mirai.plans.paths import assign, get
from chiiki_mirai.plans.periods import date_label
from chiiki_mirai.reference.fields import STRATEGIC_FIELD_LABELS, StrategicField
from chiiki_mirai.reference.localgov import local_governments
from chiiki_mirai.reports.sections import SECTIONS

Kind = Literal["text", "textarea", "choice", "bool", "lines", "items", "data"]

#: Between the parts of an item written on one line (a KPI target 「2026H2 | 5」); the full-width bar is read too.
ITEM_PARTS = " | "
_PART_SPLIT = re.compile(r"\s*[|｜]\s*")


@dataclass(frozen=True)
class FormField:
    path: str  # absolute for a single field; relative to the row for a table column
    label: str
    kind: Kind
    choices: tuple[str, ...] = ()
    choice_labels: tuple[str, ...] = ()  # what a person reads for each choice (the value is what is stored)
    choice_english: tuple[str, ...] = ()  # the same for English readers
    parts: tuple[str, ...] = ()  # for "items": the item's fields, in the order they are written on a line
    part_labels: tuple[str, ...] = ()
    day: bool = False  # a date: shown as the pages show a day (2031年3月31日（令和13年）), which reads back

    @property
    def hint(self) -> str:
        """How an "items" cell is written: one item a line, its parts in this order."""
        if self.kind != "items":
            return ""
        english = bool(self.part_labels) and all(p.isascii() for p in self.part_labels)
        return f"{'One a line' if english else '1行に1件'}: {ITEM_PARTS.join(self.part_labels)}"

    @property
    def place(self) -> bool:
        """A local government (a code stored): written and shown by its name, chosen from the list as one types."""
        return self.kind in ("text", "lines") and self.path.rsplit(".", 1)[-1] in PLACE_FIELDS

    @property
    def long(self) -> bool:
        """A column written as sentences (a measure's 内容, a KGI's 設定の根拠): a text box where a row is a card."""
        return self.kind == "text" and self.path.rsplit(".", 1)[-1] in PROSE_COLUMNS

    @property
    def options(self) -> list[tuple[str, str]]:
        return list(zip(self.choices, self.choice_labels or self.choices, strict=True))

    def in_language(self, lang: Lang) -> FormField:
        """The field as an English reader sees it: label, choices and the items' parts in English."""
        if lang == "ja":
            return self
        name = re.sub(r"\[\d*\]", "", self.path).split(".")[-1]
        return replace(
            self,
            # A field in a group keeps the group's name, as in Japanese (Sales › Value).
            label=" › ".join(path_label(self.path, "en").split(" › ")[-2:])
            if " › " in self.label
            else english_label(name),
            choice_labels=self.choice_english or self.choice_labels,
            part_labels=tuple(english_label(part) for part in self.parts),
        )


@dataclass(frozen=True)
class FormTable:
    path: str
    label: str
    columns: tuple[FormField, ...]

    def in_language(self, lang: Lang) -> FormTable:
        if lang == "ja":
            return self
        name = re.sub(r"\[\d*\]", "", self.path).split(".")[-1]
        return replace(
            self, label=english_label(name), columns=tuple(c.in_language(lang) for c in self.columns)
        )


Entry = FormField | FormTable


def _models(annotation: Any) -> list[type[BaseModel]]:
    return [t for t in inner_types(annotation) if isinstance(t, type) and issubclass(t, BaseModel)]


def _label(name: str, info: FieldInfo) -> str:
    """The field's own description where the model gives one (``area.description`` is not the industry's)."""
    return info.description.split("（")[0] if info.description else label(name)


def _choice_label(member: Enum) -> str:
    if isinstance(member, Choice):
        return member.label
    if isinstance(member, StrategicField):
        return STRATEGIC_FIELD_LABELS[member]
    return str(member.value)


def _choice_english(member: Enum) -> str:
    if isinstance(member, Choice):
        return member.text.en
    return str(member.value).replace("_", " ")


def _field(path: str, name: str, info: FieldInfo, in_table: bool) -> FormField:
    annotation = info.annotation
    types_ = [t for t in inner_types(annotation) if t is not type(None)]
    enums = [t for t in types_ if isinstance(t, type) and issubclass(t, Enum)]
    if path == "strategic_field":
        enums = [StrategicField]  # written as text in plan@1 (the rules check it), chosen from the 17 here
    if enums:
        members = list(enums[0])
        return FormField(
            path,
            _label(name, info),
            "choice",
            tuple(str(m.value) for m in members),
            tuple(_choice_label(m) for m in members),
            tuple(_choice_english(m) for m in members),
        )
    if bool in types_:
        return FormField(path, _label(name, info), "bool")
    if date in types_:
        return FormField(path, _label(name, info), "text", day=True)
    if "list[" in str(annotation):
        return FormField(path, _label(name, info), "lines")
    prose = (
        str in types_
        and not in_table
        and name not in {"title", "code", "name", "unit", "id", "email", "phone"}
    )
    return FormField(path, _label(name, info), "textarea" if prose else "text")


def _editable(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """The fields authors write: those the platform fills (``PLATFORM_FILLED``) have no input."""
    return {
        name: info
        for name, info in model.model_fields.items()
        if not (isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get(PLATFORM_FILLED))
    }


def _leaves(model: type[BaseModel], prefix: str, in_table: bool) -> list[FormField]:
    fields: list[FormField] = []
    for name, info in _editable(model).items():
        path = f"{prefix}.{name}" if prefix else name
        inner = _models(info.annotation)
        is_list = "list[" in str(info.annotation)
        if inner and is_list:
            # A list of items inside a table row (a KPI's targets): a line each, its parts between bars, so no
            # one writes JSON; an item with nested parts (none in plan@1 so far) stays JSON.
            fields.append(_items(path, name, info, inner[0]))
        elif inner:
            fields += _leaves(inner[0], path, in_table)
        else:
            fields.append(_field(path, name, info, in_table))
    return fields


def _items(path: str, name: str, info: FieldInfo, item: type[BaseModel]) -> FormField:
    written = _editable(item)
    nested = any(_models(f.annotation) or "list[" in str(f.annotation) for f in written.values())
    if nested:
        return FormField(path, _label(name, info), "data")
    names = tuple(written)
    labels = tuple(_label(n, f).split("（")[0] for n, f in written.items())
    return FormField(path, _label(name, info), "items", parts=names, part_labels=labels)


def _entries(
    model: type[BaseModel], prefix: str, names: frozenset[str] | None, group: str = ""
) -> list[Entry]:
    """The form of ``model``'s fields. A field two levels down is labelled with the group it belongs to, so the four
    spillover targets read 「売上額 › 値」, not four identical 「単位 / 年度 / 値」 (issue 22 §1)."""
    entries: list[Entry] = []
    for name, info in _editable(model).items():
        if names is not None and name not in names:
            continue
        path = f"{prefix}.{name}" if prefix else name
        inner = _models(info.annotation)
        if inner and "list[" in str(info.annotation):
            entries.append(FormTable(path, _label(name, info), tuple(_leaves(inner[0], "", True))))
        elif inner:
            entries += _entries(inner[0], path, None, _label(name, info) if prefix else "")
        else:
            field = _field(path, name, info, False)
            entries.append(replace(field, label=f"{group} › {field.label}") if group else field)
    return entries


@cache
def section_entries(index: int, plan_type: str | None = None) -> tuple[Entry, ...]:
    """The form of section ``index`` of ``reports.sections.SECTIONS`` (plan sections only); with ``plan_type``, only
    the fields that type has (a C plan is not asked for A's 官民投資ロードマップとの関係性, nor B's support policy)."""
    every = tuple(_entries(PlanDocument, "", SECTIONS[index][1] - {"format", "id", "plan_type"}))
    if plan_type is None:
        return every
    return tuple(e for e in every if offered(e.path, plan_type))


def offered(path: str, plan_type: str) -> bool:
    """Whether the field at ``path`` is one the type has (``FOR_TYPES``)."""
    return all(
        plan_type in types
        for marked, types in _type_only_fields().items()
        if path == marked or path.startswith((f"{marked}.", f"{marked}["))
    )


@cache
def _type_only_fields() -> dict[str, str]:
    """Paths of the fields marked ``FOR_TYPES`` -> the types that have them (the plan and its nested sections)."""
    found: dict[str, str] = {}
    pending: list[tuple[type[BaseModel], str]] = [(PlanDocument, "")]
    while pending:
        model, prefix = pending.pop()
        for name, info in model.model_fields.items():
            path = f"{prefix}.{name}" if prefix else name
            extra = info.json_schema_extra
            if isinstance(extra, dict) and isinstance(types := extra.get(FOR_TYPES), str):
                found[path] = types
            inner = _models(info.annotation)
            if inner and "list[" not in str(info.annotation):
                pending.append((inner[0], path))
    return found


def plan_sections(plan_type: str | None = None) -> list[tuple[int, str]]:
    """The sections a plan's authors edit, with their headings (with ``plan_type``: those that type has fields in)."""
    return [(i, SECTIONS[i][0].ja) for i in range(len(SECTIONS)) if section_entries(i, plan_type)][:-1] or []


# ---------------------------------------------------------------- values shown and read


#: Table columns that hold sentences rather than a name or a figure.
PROSE_COLUMNS = frozenset(
    {
        "purpose", "content", "approach", "basis", "verification", "value_chain_role", "capability", "evidence",
        "reason", "description", "market", "needs", "advantage", "rule",
    }
)  # fmt: skip

#: The fields that hold a local government's code (``plans.wording`` says them by name the same way).
PLACE_FIELDS = frozenset({"code", "location", "core_areas"})


def _place_name(code: Any) -> str:
    government = local_governments().get(str(code))
    return government.full_name if government is not None else str(code)


def shown(value: Any, field: FormField) -> str:
    kind, parts = field.kind, field.parts
    if value is None:
        return ""
    if field.place:
        return "\n".join(_place_name(v) for v in value) if isinstance(value, list) else _place_name(value)
    if field.day:
        try:
            return date_label(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)  # typed and not read: shown back as typed
    if isinstance(value, str) and kind in ("items", "data"):
        return value  # text that did not read, shown back as the author typed it
    if kind == "lines":
        return "\n".join(str(v) for v in value)
    if kind == "items":
        lines = [_item_line(item, parts) for item in value]
        if all(line is not None for line in lines):
            return "\n".join(line for line in lines if line is not None)
        return json.dumps(value, ensure_ascii=False)  # a part that holds a bar or a line break: kept exactly
    if kind == "data":
        return json.dumps(value, ensure_ascii=False)
    if kind == "bool":
        return "true" if value else "false"
    return str(value)


def _item_line(item: Any, parts: tuple[str, ...]) -> str | None:
    if not isinstance(item, Mapping) or set(item) - set(parts):
        return None
    values = ["" if item.get(p) is None else str(item[p]) for p in parts]
    if any(_PART_SPLIT.search(v) or "\n" in v for v in values):
        return None
    while values and not values[-1]:
        values.pop()
    return ITEM_PARTS.join(values)


def _read_items(text: str, field: FormField) -> list[dict[str, str]]:
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        values = _PART_SPLIT.split(line.strip())
        if len(values) > len(field.parts):
            raise ValueError(
                f"{number}行目: 区切り「|」が多すぎます（1行に1件: {ITEM_PARTS.join(field.part_labels)}）"
            )
        items.append({p: v for p, v in zip(field.parts, values, strict=False) if v})
    return items


def read_value(text: str, field: FormField) -> Any:
    """What a form input says, as document data (None when left empty); ValueError, in words, when it does not
    read."""
    text = text.strip()
    if not text:
        return None
    if field.kind in ("items", "data"):
        if field.kind == "items" and not text.startswith("["):
            return _read_items(text, field)
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"JSON として読めません（{error.msg}、{error.pos + 1}文字目）") from None
    if field.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if field.kind == "bool":
        return text == "true"
    return text


def table_rows(data: Mapping[str, Any], table: FormTable) -> list[list[tuple[FormField, str]]]:
    """The table's existing rows and one blank row for adding."""
    items = get(data, table.path) or []
    return [
        [(column, shown(get(item, column.path), column)) for column in table.columns] for item in [*items, {}]
    ]


def apply_section(
    data: dict[str, Any], index: int, form: Mapping[str, str], plan_type: str | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The plan data with section ``index`` replaced by what the form says (other sections untouched), and what
    did not read, by path. An input that did not read is kept as the text typed, so the form shows it back and
    nothing the author wrote is lost; such data is for showing, not for saving. A field the form of ``plan_type``
    does not offer keeps what is stored (written in YAML, it is not lost by a save of the form)."""
    heads = SECTIONS[index][1] - {"format", "id", "plan_type"}
    result, unread = apply_entries(data, section_entries(index, plan_type), heads, form)
    offered = {e.path for e in section_entries(index, plan_type)}
    for entry in section_entries(index):
        if entry.path not in offered and (kept := get(data, entry.path)) is not None:
            assign(result, entry.path, kept)
    return result, unread


@cache
def model_entries(model: type[BaseModel], fixed: frozenset[str]) -> tuple[Entry, ...]:
    """The whole form of another document (a block draft, a proposal): every field but the ``fixed`` ones, which
    the platform sets (format, id, what the document answers)."""
    return tuple(_entries(model, "", frozenset(model.model_fields) - fixed))


def apply_entries(
    data: dict[str, Any],
    entries: tuple[Entry, ...],
    heads: frozenset[str] | set[str],
    form: Mapping[str, str],
) -> tuple[dict[str, Any], dict[str, str]]:
    """``data`` with the top-level fields ``heads`` replaced by what the form of ``entries`` says, and what did not
    read, by path (kept as typed)."""
    result: dict[str, Any] = json.loads(json.dumps(data))  # a deep copy of plain data
    unread: dict[str, str] = {}
    for head in heads:
        result.pop(head, None)
    for entry in entries:
        if isinstance(entry, FormField):
            _put(result, entry.path, _posted(form, entry.path, entry), entry, unread)
            continue
        stored_rows = get(data, entry.path)
        stored_rows = stored_rows if isinstance(stored_rows, list) else []
        kept = 0
        for row in range(_row_count(form.get(f"{entry.path}.__rows", ""), len(form)) + 1):
            prefix = f"{entry.path}[{row}]"
            if form.get(f"{prefix}.__delete") == "on":
                continue
            values = {c.path: _posted(form, f"{prefix}.{c.path}", c) for c in entry.columns}
            if not any(v.strip() for v in values.values()):
                continue  # the blank row left blank
            if row < len(stored_rows) and isinstance(stored_rows[row], dict):
                # What the row holds beyond the form's columns (the reference list's marks the platform fills, a
                # value written in YAML) stays with the row, wherever deleting rows above moves it.
                assign(result, f"{entry.path}[{kept}]", _beyond(stored_rows[row], entry.columns))
            for column in entry.columns:
                _put(result, f"{entry.path}[{kept}].{column.path}", values[column.path], column, unread)
            kept += 1
    return result, unread


def _beyond(item: dict[str, Any], columns: tuple[FormField, ...]) -> dict[str, Any]:
    """A stored row's values that no column of the form writes (a column's path may lead into a group, as
    ``baseline.value`` does: the group's other values stay too)."""
    kept: dict[str, Any] = json.loads(json.dumps(item, default=str))
    for column in columns:
        path = column.path
        while path:  # the column's value, then each group it leaves empty (no 「baseline: {}」 is made)
            last = _LAST_STEP.search(path)
            parent_at = path[: last.start()] if last else ""
            parent = get(kept, parent_at) if parent_at else kept
            if not isinstance(parent, dict) or (path != column.path and get(kept, path) != {}):
                break
            parent.pop(last[1] if last and last[1] else path, None)
            path = parent_at
    return kept


_LAST_STEP = re.compile(r"(?:\.([^.\[\]]+)|\[(\d+)\])$")


def parent_path(path: str) -> str:
    """``policy.measures[0].support_programs[0].programme`` -> ``policy.measures[0].support_programs[0]``."""
    last = _LAST_STEP.search(path)
    return path[: last.start()] if last else ""


def salvageable(data: dict[str, Any], failed: Iterable[str], stored: dict[str, Any]) -> dict[str, Any] | None:
    """``data`` with the fields at ``failed`` put back as ``stored`` has them (or left out where it has none): what can
    be saved of a form some of whose inputs did not read, so that nothing else typed is lost (issue 22 §2). None when
    a failure is not a field's (the whole document's)."""
    kept: dict[str, Any] = json.loads(json.dumps(data, default=str))
    for path in failed:
        if not path:
            return None
        before = get(stored, path)
        if before is not None:
            assign(kept, path, json.loads(json.dumps(before, default=str)))
            continue
        last = _LAST_STEP.search(path)
        parent = get(kept, path[: last.start()]) if last else kept
        name, index = (last[1], last[2]) if last else (path, None)
        if isinstance(parent, dict) and name:
            parent.pop(name, None)
        elif isinstance(parent, list) and index is not None and int(index) < len(parent):
            del parent[int(index)]
    return kept


def _row_count(text: str, posted: int) -> int:
    """The rows a table's form says it has — at most as many as inputs were posted (a row past them is blank): a
    forged 「__rows=999999999」 would otherwise hold the worker for an hour, and 5,000 digits make ``int`` raise."""
    if not text.isdigit():
        return 0
    return posted if len(text) > 6 else min(int(text), posted)


def _posted(form: Mapping[str, str], name: str, field: FormField) -> str:
    """What the form says for a field. Items may come as a grid (a row per item, a cell per part: the KPI's targets,
    issue 22 §1), written ``name[j].part``; they are read as the lines the text form takes, so one reading serves."""
    if field.kind != "items" or name in form or f"{name}[0].{field.parts[0]}" not in form:
        return form.get(name, "")  # the text form (a line per item) where it is what was posted
    lines = []
    for row in range(MAX_GRID_ROWS):
        cells = [form.get(f"{name}[{row}].{part}", "").strip() for part in field.parts]
        if f"{name}[{row}].{field.parts[0]}" not in form:
            break
        if any(cells):
            lines.append(ITEM_PARTS.join(cells).rstrip(" |"))
    return "\n".join(lines)


#: Rows a grid of items may post (a KPI's targets over a plan's ten years are twenty half-years).
MAX_GRID_ROWS = 60


def grid_rows(text: str, field: FormField, blank: int = 2) -> list[list[str]] | None:
    """An items field's value as the grid shows it (its rows and ``blank`` empty ones), or None when it does not
    read as lines of parts (then the text form is kept, as typed)."""
    try:
        items = read_value(text, field) if text.strip() else []
    except ValueError:
        return None
    if not isinstance(items, list) or any(
        not isinstance(i, dict) or set(i) - set(field.parts) for i in items
    ):
        return None
    rows = [[str(item.get(part, "")) for part in field.parts] for item in items]
    return rows + [[""] * len(field.parts) for _ in range(blank)]


def _put(data: dict[str, Any], path: str, text: str, field: FormField, unread: dict[str, str]) -> None:
    try:
        value = read_value(text, field)
    except ValueError as error:
        unread[path] = str(error)
        value = text
    if value is not None:
        assign(data, path, value)
