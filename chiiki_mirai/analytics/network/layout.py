"""The documented input layout (CSV or Parquet) and how it is registered in DuckDB.

firms — one row per firm:
    firm_id     text     法人番号 or another unique id
    name        text     (optional)
    location    text     6-digit 全国地方公共団体コード of the municipality or prefecture (5 digits without the
                         check digit also accepted); the first two digits are the prefecture
    employees   integer  (optional; a firm without it cannot be judged against the 2,000 cap)
    industry    text     JSIC code, e.g. E28 (optional)

links — one row per supplier→buyer relation and year:
    supplier_id text     the selling firm
    buyer_id    text     the buying firm
    amount      number   annual transaction amount (千円 in the generated data; degrees are ratios, any unit)
    year        integer  fiscal year of the amount
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from chiiki_mirai.i18n import Lang, Text

FIRM_COLUMNS = {"firm_id": True, "name": False, "location": True, "employees": False, "industry": False}
LINK_COLUMNS = {"supplier_id": True, "buyer_id": True, "amount": True, "year": True}


@dataclass(frozen=True)
class NetworkInputError(Exception):
    """An input file that cannot be used, said with the file and the column."""

    file: str
    text: Text
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: Lang) -> str:
        return f"{self.file}: " + self.text.format(lang, **dict(self.params))


def _reader(path: Path) -> str:
    suffix = path.suffix.lower()
    quoted = "'" + str(path).replace("'", "''") + "'"
    if suffix == ".parquet":
        return f"read_parquet({quoted})"
    if suffix in (".csv", ".txt"):
        return f"read_csv({quoted}, header = true, all_varchar = true)"
    raise NetworkInputError(
        str(path),
        Text(
            "CSV（.csv）か Parquet（.parquet）を指定してください。",
            "Give a CSV (.csv) or Parquet (.parquet) file.",
        ),
    )


def register_inputs(con: duckdb.DuckDBPyConnection, firms: Path, links: Path) -> None:
    """Create the views ``firms_input`` and ``links_input`` with the documented columns and types."""
    described: dict[Path, dict[str, str]] = {}
    for path, columns in ((firms, FIRM_COLUMNS), (links, LINK_COLUMNS)):
        described[path] = _describe(con, path, columns)
    # Integer ids (法人番号 are 13-digit numbers) stay integers: joining 10M links on BIGINT is several times
    # faster than on text. Mixed or text ids are compared as text.
    ids = [described[firms]["firm_id"], described[links]["supplier_id"], described[links]["buyer_id"]]
    id_type = "BIGINT" if all(t in _INTEGER_TYPES for t in ids) else "VARCHAR"
    for path, view, columns in ((firms, "firms_input", FIRM_COLUMNS), (links, "links_input", LINK_COLUMNS)):
        is_csv = path.suffix.lower() in (".csv", ".txt")
        select = ", ".join(
            typed_column(column, column in described[path], is_csv, id_type) for column in columns
        )
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {select} FROM {_reader(path)}")


_INTEGER_TYPES = {"BIGINT", "INTEGER", "UBIGINT", "UINTEGER", "HUGEINT"}


def _describe(con: duckdb.DuckDBPyConnection, path: Path, columns: dict[str, bool]) -> dict[str, str]:
    """The file's columns and types, or a NetworkInputError naming the file and what is wrong."""
    if not path.exists():
        raise NetworkInputError(str(path), Text("ファイルがありません。", "The file does not exist."))
    try:
        present = {
            str(row[0]): str(row[1])
            for row in con.execute(f"DESCRIBE SELECT * FROM {_reader(path)}").fetchall()
        }
    except duckdb.Error as exc:
        raise NetworkInputError(
            str(path),
            Text("ファイルを読めません: {detail}", "Cannot read the file: {detail}"),
            (("detail", str(exc).splitlines()[0]),),
        ) from None
    missing = [c for c, required in columns.items() if required and c not in present]
    if missing:
        raise NetworkInputError(
            str(path),
            Text("必須の列がありません: {columns}", "Required columns are missing: {columns}"),
            (("columns", ", ".join(missing)),),
        )
    return present


_TYPES = {"employees": "BIGINT", "amount": "DOUBLE", "year": "INTEGER"}
_ID_COLUMNS = {"firm_id", "supplier_id", "buyer_id"}


def typed_column(column: str, present: bool, is_csv: bool, id_type: str) -> str:
    if not present:
        return f"NULL AS {column}"
    kind = id_type if column in _ID_COLUMNS else _TYPES.get(column, "VARCHAR")
    if kind == "VARCHAR":
        return f"CAST({column} AS VARCHAR) AS {column}"
    # TRY_CAST: a malformed number becomes NULL and is reported by the quality check, never a crash. For CSV the
    # value is trimmed first: DuckDB 2.0 pushes a bare TRY_CAST into the CSV reader as a strict cast, which
    # aborts the whole read on one bad value; trim() keeps the conversion in the query, where TRY_CAST holds.
    value = f"trim({column})" if is_csv else column
    if column in _ID_COLUMNS:
        return f"CAST({value} AS {kind}) AS {column}"
    return f"TRY_CAST({value} AS {kind}) AS {column}"
