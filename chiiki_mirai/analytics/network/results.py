"""What a result folder of ``network degrees`` must hold before the platform takes it as the list in force.

``manage.py load_reference_list`` runs ``check_result_folder`` before it writes anything: a folder that was
edited by hand, cut short, or written by an older version with non-finite degrees is refused, naming the file
and what is wrong, and the edition in force stays in force.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from chiiki_mirai.analytics.network.layout import NetworkInputError, type_family
from chiiki_mirai.i18n import Text

REQUIRED_FILES = ("rule.json", "firm_degrees.parquet", "reference_list.parquet")
_DEGREE_COLUMNS = {
    "firm_id": {"integer", "text"},
    "prefecture": {"integer"},
    "employees": {"integer"},
    "connector_degree": {"floating"},
    "hub_degree": {"floating"},
    "connector_rank": {"integer"},
    "hub_rank": {"integer"},
}
_LIST_COLUMNS = {"firm_id": {"integer", "text"}, "listed_by": {"text"}}
LISTED_BY = ("connector", "hub", "both")


def check_result_folder(result: Path) -> dict[str, object]:
    """The folder's rule (rule.json) when every file is as ``network degrees`` writes it; else NetworkInputError."""
    missing = [name for name in REQUIRED_FILES if not (result / name).exists()]
    if missing:
        raise NetworkInputError(
            str(result),
            Text(
                "{files} がありません（chiiki-mirai network degrees … --out の出力フォルダを、"
                "--format parquet で指定してください）。",
                "{files} missing (give the --out folder of chiiki-mirai network degrees, with --format parquet).",
            ),
            (("files", ", ".join(missing)),),
        )
    rule = _rule(result / "rule.json")
    degrees, listed = result / "firm_degrees.parquet", result / "reference_list.parquet"
    with duckdb.connect() as con:
        for path, columns in ((degrees, _DEGREE_COLUMNS), (listed, _LIST_COLUMNS)):
            _check_columns(con, path, columns)
        files = {"degrees": degrees, "listed": listed}
        for file, query, text in _content_checks(rule):
            found = con.execute(query.format(degrees=_sql(degrees), listed=_sql(listed))).fetchone()
            if found and found[0]:
                raise NetworkInputError(str(files[file]), text, _examples(found))
    return rule


def _rule(path: Path) -> dict[str, object]:
    try:
        rule = json.loads(path.read_text(encoding="utf-8"))
        valid = (
            isinstance(rule, dict)
            and isinstance(rule.get("year"), int)
            and isinstance(rule.get("max_employees"), int)
            and isinstance(rule.get("top_share"), int | float)
            and 0 < rule["top_share"] <= 1
        )
    except (ValueError, UnicodeDecodeError):
        valid = False
    if not valid:
        raise NetworkInputError(
            str(path),
            Text(
                "year・max_employees・top_share（0より大きく1以下）を持つ JSON ではありません。",
                "not JSON with year, max_employees and top_share (above 0, at most 1).",
            ),
        )
    return dict(rule)


def _check_columns(con: duckdb.DuckDBPyConnection, path: Path, columns: dict[str, set[str]]) -> None:
    try:
        found = {str(r[0]): str(r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {_sql(path)}").fetchall()}
    except duckdb.Error as exc:
        raise NetworkInputError(
            str(path),
            Text("ファイルを読めません: {detail}", "Cannot read the file: {detail}"),
            (("detail", str(exc).splitlines()[0]),),
        ) from None
    for column, families in columns.items():
        if column not in found or type_family(found[column]) not in families:
            raise NetworkInputError(
                str(path),
                Text(
                    "列 {column} がないか、型が違います（実際: {found}）。",
                    "column {column} is missing or has the wrong type (found {found}).",
                ),
                (("column", column), ("found", found.get(column, "—"))),
            )


def _content_checks(rule: dict[str, object]) -> list[tuple[str, str, Text]]:
    """(the file it judges, a query whose first column counts the offending rows and second names up to five,
    the message)."""
    examples = "list(CAST(firm_id AS VARCHAR))[1:5]"
    return [
        (
            "degrees",
            "SELECT count(*) = 0, [] FROM {degrees}",
            Text("企業の行がありません。", "There are no firms."),
        ),
        (
            "degrees",
            f"SELECT count(*), {examples} FROM (SELECT firm_id FROM {{degrees}} GROUP BY firm_id HAVING count(*) > 1)",
            Text("同じ企業が複数行あります: {examples}", "Firms appear more than once: {examples}"),
        ),
        (
            "degrees",
            f"""SELECT count(*), {examples} FROM {{degrees}}
                WHERE firm_id IS NULL OR prefecture IS NULL OR prefecture NOT BETWEEN 1 AND 47
                   OR connector_degree IS NULL OR hub_degree IS NULL
                   OR NOT isfinite(connector_degree) OR NOT isfinite(hub_degree)
                   OR connector_degree NOT BETWEEN 0 AND 1 OR hub_degree NOT BETWEEN 0 AND 1""",
            Text(
                "都道府県コード（1〜47）か度数（0以上1以下の有限の値）が正しくない企業があります: {examples}",
                "firms with a wrong prefecture (1–47) or degree (finite, 0 to 1): {examples}",
            ),
        ),
        (
            "listed",
            f"""SELECT count(*), {examples} FROM {{listed}}
                WHERE listed_by IS NULL OR listed_by NOT IN {LISTED_BY!r}""",
            Text(
                "掲載の理由（connector・hub・both）が正しくない行があります: {examples}",
                "rows whose listed_by is not connector, hub or both: {examples}",
            ),
        ),
        (
            "listed",
            f"""SELECT count(*), list(CAST(l.firm_id AS VARCHAR))[1:5] FROM {{listed}} l
                LEFT JOIN {{degrees}} d ON d.firm_id = l.firm_id
                WHERE d.firm_id IS NULL OR d.employees IS NULL OR d.employees > {int(str(rule["max_employees"]))}""",
            Text(
                "企業の一覧にないか、従業員数が基準（rule.json の max_employees）を超える掲載企業があります: {examples}",
                "listed firms missing from firm_degrees or above max_employees of rule.json: {examples}",
            ),
        ),
    ]


def _examples(found: tuple[object, ...]) -> tuple[tuple[str, object], ...]:
    names = found[1] if len(found) > 1 and isinstance(found[1], list) else []
    return (("examples", ", ".join(map(str, names))),)


def _sql(path: Path) -> str:
    return "read_parquet('" + str(path).replace("'", "''") + "')"
