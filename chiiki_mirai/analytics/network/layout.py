"""The documented input layout (CSV or Parquet), how it is checked, and how it is registered in DuckDB.

firms — one row per firm:
    firm_id     integer or text  法人番号 or another unique id
    name        text     (optional)
    location    text     6-digit 全国地方公共団体コード of the municipality or prefecture (5 digits without the
                         check digit also accepted); the first two digits are the prefecture. Text, not a
                         number: as a number 北海道's 011002 would lose its leading zero and read as 埼玉 (11).
    employees   integer  (optional; a firm without it cannot be judged against the 2,000 cap)
    industry    text     JSIC code, e.g. E28 (optional)

links — one row per supplier→buyer relation and year:
    supplier_id integer or text  the selling firm
    buyer_id    integer or text  the buying firm
    amount      number   annual transaction amount (千円 in the generated data; degrees are ratios, any unit)
    year        integer  fiscal year of the amount

How the files are read (the same for the DuckDB and the Spark engine):
- CSV: UTF-8 (a BOM is allowed), comma-separated, a header row, RFC 4180 quoting ("株式会社A, Ltd." in double
  quotes, "" for a quote inside). The dialect is declared, never guessed from a sample of the first rows, so a
  quoted value or a bad byte anywhere in the file is read or refused the same way. A file that is not UTF-8 is
  refused with its line (Shift_JIS named where it looks like it), as is a row with too many or too few values.
- Parquet: each column must have the type above (``number``: any integer, floating or decimal type); a column of
  another type (an amount stored as text, a year stored as a date) is refused naming the file, the column, the
  type expected and the type found.
- CSV values are text: a value that does not read as its column's type is a bad row, counted in ``quality.json``
  and left out; a column in which no value reads as its type is refused like a Parquet column of the wrong type.
- A file with a header and no rows is refused, and so is an input from which no firm or no link is usable.

The rule for the reference list is stated in ``degrees.ReferenceListRule``; the rule for unusable rows in
``quality``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import duckdb

from chiiki_mirai.i18n import Lang, Text, in_language
from chiiki_mirai.plans.io import guess_encoding

Kind = Literal["id", "text", "integer", "number"]


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: Kind


FIRM_COLUMNS = (
    Column("firm_id", True, "id"),
    Column("name", False, "text"),
    Column("location", True, "text"),
    Column("employees", False, "integer"),
    Column("industry", False, "text"),
)
LINK_COLUMNS = (
    Column("supplier_id", True, "id"),
    Column("buyer_id", True, "id"),
    Column("amount", True, "number"),
    Column("year", True, "integer"),
)

# What each kind accepts, by the engine-neutral family of a column's type (see ``type_family``).
_ACCEPTED = {
    "id": {"integer", "text"},
    "text": {"text"},
    "integer": {"integer"},
    "number": {"integer", "floating", "decimal"},
}
_KIND_LABELS = {
    "id": Text("整数又は文字列", "integer or text"),
    "text": Text("文字列", "text"),
    "integer": Text("整数", "integer"),
    "number": Text("数値", "number"),
}
# The SQL type a CSV value is read as (TRY_CAST: an unreadable value becomes NULL and is reported as a bad row).
_CAST = {"integer": "BIGINT", "number": "DOUBLE"}
_SQL_TYPES = {"year": "INTEGER"}


@dataclass(frozen=True)
class NetworkInputError(Exception):
    """An input file that cannot be used, said with the file (and the line, where there is one)."""

    file: str
    text: Text
    params: tuple[tuple[str, object], ...] = ()
    line: int | None = None

    def message(self, lang: Lang) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: " + self.text.format(lang, **{k: in_language(v, lang) for k, v in self.params})


def is_csv(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".txt")


def type_family(engine_type: str) -> str:
    """A column type as DuckDB or Spark names it → integer / floating / decimal / text / date / …"""
    name = engine_type.strip().lower()
    if re.fullmatch(r"u?(tiny|small|big|huge)?int(eger)?|u?hugeint|long|short|byte", name):
        return "integer"
    if name in ("double", "float", "real"):
        return "floating"
    if name.startswith(("decimal", "numeric")):
        return "decimal"
    if name in ("varchar", "string", "text") or name.startswith(("varchar", "char")):
        return "text"
    if name.startswith(("date", "timestamp", "time")):
        return "date"
    return name


def check_types(path: Path, columns: tuple[Column, ...], found: dict[str, str], *, csv_file: bool) -> None:
    """Refuse a missing required column, or (Parquet, either engine) a column whose type is not the layout's.

    A CSV's columns are all text: its values are judged one by one instead (see ``check_csv_values``)."""
    missing = [c.name for c in columns if c.required and c.name not in found]
    if missing:
        raise NetworkInputError(
            str(path),
            Text("必須の列がありません: {columns}", "Required columns are missing: {columns}"),
            (("columns", ", ".join(missing)),),
        )
    if csv_file:
        return
    for column in columns:
        if column.name in found and type_family(found[column.name]) not in _ACCEPTED[column.kind]:
            raise wrong_type(path, column, found[column.name])


def wrong_type(
    path: Path, column: Column, found: str | Text, example: str | None = None
) -> NetworkInputError:
    text = Text(
        "列 {column} の型が違います（期待: {expected}、実際: {found}）",
        "column {column} has the wrong type (expected {expected}, found {found})",
    )
    if example is not None:
        text = Text(text.ja + "。例: 「{example}」", text.en + "; e.g. '{example}'")
    params: tuple[tuple[str, object], ...] = (
        ("column", column.name),
        ("expected", _KIND_LABELS[column.kind]),
        ("found", found),
    )
    return NetworkInputError(str(path), text, (*params, ("example", example)) if example else params)


# --- CSV --------------------------------------------------------------------------------------------------------


def csv_header(path: Path) -> list[str]:
    """The header row's names, read by Python's csv module (quoting as RFC 4180; a BOM dropped). Lines are decoded
    one at a time, as the reader asks for them: a bad byte further down is the whole-file check's to locate (a
    buffered text reader decoded 8 KiB at once and blamed line 1 for a byte on line 3)."""
    line = 0

    def decoded(handle: Iterable[bytes]) -> Iterator[str]:
        nonlocal line
        for line, raw in enumerate(handle, start=1):  # the line is read by the handler below
            yield raw.decode("utf-8-sig" if line == 1 else "utf-8")

    try:
        with path.open("rb") as handle:
            header = next(csv.reader(decoded(handle)), None)
    except UnicodeDecodeError:
        raise not_utf8(path, line) from None
    if not header:
        raise NetworkInputError(
            str(path),
            Text("見出しの行がありません（空のファイルです）。", "There is no header row (empty file)."),
        )
    names = [name.strip() for name in header]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise NetworkInputError(
            str(path),
            Text("見出しに同じ列名が複数あります: {columns}", "The header repeats column names: {columns}"),
            (("columns", ", ".join(repeated)),),
            line=1,
        )
    return names


def csv_reader(path: Path, names: list[str], *, strict: bool = False) -> str:
    """DuckDB's ``read_csv`` with the dialect and the columns (all text) declared: nothing is left to a sample.

    Detection stays on only for what it measures besides: with ``auto_detect = false`` DuckDB has no estimate of
    the file's rows, and the join planner then builds its hash table on the 10M links instead of the 1M firms
    (2.5 GB instead of 0.7 GB at 10M links, measured). ``strict`` turns it off, for a whole-file check whose
    errors name their line (the sniffer's own errors do not)."""
    quoted = _quote(str(path))
    columns = ", ".join(f"{_quote(name)}: 'VARCHAR'" for name in names)
    detection = "auto_detect = false, " if strict else ""
    return (
        f"read_csv({quoted}, header = true, {detection}delim = ',', quote = '\"', escape = '\"', "
        f"encoding = 'utf-8', columns = {{{columns}}})"
    )


def validate_csv(path: Path) -> list[str]:
    """Read the whole file once (DuckDB) and refuse it, located, if it is not well-formed UTF-8 CSV.

    The Spark engine calls this first: Spark's own reader replaces bad bytes and pads short rows silently."""
    names = csv_header(path)
    refuse_nul(path)
    with duckdb.connect() as con:
        try:
            # Every column is touched: count(*) alone lets DuckDB skip decoding the values, and their bytes.
            touched = ", ".join(f"max(strlen({_identifier(name)}))" for name in names)
            con.execute(f"SELECT {touched} FROM {csv_reader(path, names, strict=True)}").fetchall()
        except duckdb.Error as exc:
            raise csv_error(path, exc) from None
    return names


def csv_error(path: Path, exc: duckdb.Error) -> NetworkInputError:
    """DuckDB's CSV error as a located message in the reader's language (never a traceback)."""
    detail = str(exc)
    line_match = re.search(r"CSV Error on Line: (\d+)", detail)
    line = int(line_match[1]) if line_match else None
    if "not utf-8 encoded" in detail or "Invalid unicode" in detail:
        return not_utf8(path, line)
    columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", detail)
    if columns:
        return NetworkInputError(
            str(path),
            Text(
                "値の数が見出しと合いません（見出し {expected} 列、この行 {found} 列）。"
                'カンマを含む値は " で囲んでください。',
                "the row has {found} values where the header has {expected}; "
                'quote values that contain a comma with ".',
            ),
            (("expected", columns[1]), ("found", columns[2])),
            line=line,
        )
    if "unterminated quote" in detail:
        return NetworkInputError(
            str(path),
            Text('" で始まった値が閉じられていません。', 'a value opened with " is never closed.'),
            line=line,
        )
    first = next((part for part in detail.splitlines() if part.strip()), detail)
    return NetworkInputError(
        str(path),
        Text("CSV として読めません: {detail}", "Cannot read the CSV: {detail}"),
        (("detail", first.removeprefix("Invalid Input Error: ")),),
        line=line,
    )


def refuse_nul(path: Path, chunk: int = 1 << 24) -> None:
    """A NUL byte (in a firm's name, say) is refused at its line: the platform cannot store it and a spreadsheet cuts
    the text there. Scanned in 16 MiB blocks at C speed (a 1M-firm file in a fraction of a second)."""
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            at = block.find(b"\x00")
            if at >= 0:
                raise NetworkInputError(
                    str(path),
                    Text(
                        "NUL 文字（U+0000）が含まれています。取り除いてから読み込んでください。",
                        "the file contains a NUL character (U+0000); remove it and run again.",
                    ),
                    line=lines + block.count(b"\n", 0, at) + 1,
                )
            lines += block.count(b"\n")


def not_utf8(path: Path, line: int | None) -> NetworkInputError:
    encoding = guess_encoding(_raw_line(path, line)) if line else "unknown / 不明"
    return NetworkInputError(
        str(path),
        Text(
            "UTF-8 ではありません（{encoding} と思われます）。UTF-8 で保存し直してください。",
            "the file is not UTF-8 (it looks like {encoding}); save it again as UTF-8.",
        ),
        (("encoding", encoding),),
        line=line,
    )


def _raw_line(path: Path, number: int) -> bytes:
    with path.open("rb") as handle:
        for index, raw in enumerate(handle, start=1):
            if index == number:
                return raw
    return b""


# --- DuckDB registration ----------------------------------------------------------------------------------------


def register_inputs(con: duckdb.DuckDBPyConnection, firms: Path, links: Path) -> None:
    """Create ``firms_input``/``links_input`` with the documented columns and types (over ``*_raw`` views)."""
    found: dict[Path, dict[str, str]] = {}
    for path, view, columns in ((firms, "firms", FIRM_COLUMNS), (links, "links", LINK_COLUMNS)):
        reader = _duckdb_reader(path)
        if path == firms and is_csv(path):
            refuse_nul(path)  # names are the only free text
        try:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view}_input_raw AS SELECT * FROM {reader}")
            described = con.execute(f"DESCRIBE SELECT * FROM {view}_input_raw").fetchall()
        except duckdb.Error as exc:
            if is_csv(path):
                validate_csv(path)  # the same file read strictly says where it is wrong
            raise NetworkInputError(
                str(path),
                Text("ファイルを読めません: {detail}", "Cannot read the file: {detail}"),
                (("detail", str(exc).splitlines()[0]),),
            ) from None
        found[path] = {str(row[0]): str(row[1]) for row in described}
        check_types(path, columns, found[path], csv_file=is_csv(path))
    id_type = shared_id_type(found[firms], found[links])
    for path, view, columns in ((firms, "firms", FIRM_COLUMNS), (links, "links", LINK_COLUMNS)):
        select = typed_columns(columns, found[path], is_csv(path), id_type)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view}_input AS SELECT {select} FROM {view}_input_raw")


def _duckdb_reader(path: Path) -> str:
    if not path.exists():
        raise NetworkInputError(str(path), Text("ファイルがありません。", "The file does not exist."))
    if is_csv(path):
        return csv_reader(path, csv_header(path))
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({_quote(str(path))})"
    raise NetworkInputError(
        str(path),
        Text(
            "CSV（.csv）か Parquet（.parquet）を指定してください。",
            "Give a CSV (.csv) or Parquet (.parquet) file.",
        ),
    )


def shared_id_type(*described: dict[str, str]) -> str:
    """Integer ids (法人番号 are 13-digit numbers) stay integers: joining 10M links on BIGINT is several times
    faster than on text. Mixed or text ids are compared as text."""
    ids = [d[c] for d in described for c in ("firm_id", "supplier_id", "buyer_id") if c in d]
    return "BIGINT" if all(type_family(t) == "integer" for t in ids) else "VARCHAR"


def typed_columns(columns: tuple[Column, ...], found: dict[str, str], csv_file: bool, id_type: str) -> str:
    return ", ".join(_typed(c, c.name in found, csv_file, id_type) for c in columns)


def _typed(column: Column, present: bool, csv_file: bool, id_type: str) -> str:
    name = column.name
    if not present:
        return f"NULL AS {name}"
    kind = id_type if column.kind == "id" else _SQL_TYPES.get(name, _CAST.get(column.kind, "VARCHAR"))
    if kind == "VARCHAR":
        return f"CAST({name} AS VARCHAR) AS {name}"
    # TRY_CAST: a malformed number becomes NULL and is reported by the quality check, never a crash. For CSV the
    # value is trimmed first: DuckDB 2.0 pushes a bare TRY_CAST into the CSV reader as a strict cast, which
    # aborts the whole read on one bad value; trim() keeps the conversion in the query, where TRY_CAST holds.
    value = f"trim({name})" if csv_file else name
    if column.kind == "id":
        return f"CAST({value} AS {kind}) AS {name}"
    return f"TRY_CAST({value} AS {kind}) AS {name}"


class Executes(Protocol):
    """A DuckDB connection, or the Spark adapter that runs the same SQL."""

    def execute(self, query: str, parameters: Any = ..., /) -> Any: ...


def check_csv_values(con: Executes, path: Path, view: str, columns: tuple[Column, ...]) -> None:
    """Refuse a CSV column in which values are given but none reads as its type (e.g. amounts all text).

    Plain SQL over the raw view ``{view}_raw``, so either engine runs it."""
    present = set(csv_header(path))
    for column in columns:
        if column.kind not in _CAST or column.name not in present:
            continue
        cast = f"TRY_CAST(trim({column.name}) AS {_SQL_TYPES.get(column.name, _CAST[column.kind])})"
        given, readable, example = con.execute(
            f"SELECT count({column.name}), count({cast}), min({column.name}) FROM {view}_raw"
        ).fetchone()
        if given and not readable:
            raise wrong_type(path, column, Text("文字列", "text"), str(example))


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
