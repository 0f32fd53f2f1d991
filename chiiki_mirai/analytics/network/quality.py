"""What is wrong with the inputs, reported (never a crash), and the clean tables the computation uses.

Policy, stated once: firms with a duplicate id keep their first row in the file (even when a later row has a
location and the first has none); firms without a usable location are left out (they cannot be placed in a
prefecture); links naming an unknown firm, linking a firm to itself, or lacking a usable amount (missing,
unreadable, negative, infinite or NaN) or year are left out; a supplier→buyer pair repeated in the same year
counts once, with its largest amount (a repeated row is a loading error, and summing would double count).
An input with no rows, or from which no firm or no link is usable, is refused (``require_usable``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from chiiki_mirai.analytics.network.layout import (
    FIRM_COLUMNS,
    LINK_COLUMNS,
    Executes,
    NetworkInputError,
    check_csv_values,
    is_csv,
)
from chiiki_mirai.i18n import Lang, Text

_PREFECTURE = """
    CASE WHEN length(trim(location)) IN (5, 6) THEN TRY_CAST(substr(trim(location), 1, 2) AS INTEGER)
         WHEN length(trim(location)) IN (1, 2) THEN TRY_CAST(trim(location) AS INTEGER) END
"""


@dataclass(frozen=True)
class QualityIssue:
    code: str
    count: int
    examples: list[str]
    text: Text

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "count": self.count,
            "examples": self.examples,
            "message_ja": self.text.ja,
            "message_en": self.text.en,
        }


@dataclass
class QualityReport:
    firms_read: int = 0
    links_read: int = 0
    firms_used: int = 0
    links_used: int = 0
    issues: list[QualityIssue] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "firms_read": self.firms_read,
            "links_read": self.links_read,
            "firms_used": self.firms_used,
            "links_used": self.links_used,
            "issues": [i.as_json() for i in self.issues],
        }

    def lines(self, lang: Lang) -> list[str]:
        return [
            f"{i.code}: {i.text.get(lang)} — {i.count:,}"
            + (f" ({', '.join(i.examples)})" if i.examples else "")
            for i in self.issues
        ]


_TEXTS = {
    "FIRM-DUPLICATE-ID": Text(
        "同じ企業IDが複数行あります（最初の行を使います）",
        "firm ids appear more than once (the first row is used)",
    ),
    "FIRM-NO-LOCATION": Text(
        "所在地（都道府県）が分からない企業です（計算から除きます）",
        "firms without a usable location (left out)",
    ),
    "FIRM-NO-EMPLOYEES": Text(
        "従業員数が分からない企業です（度数は計算しますが、2,000名以下か判断できず参考リストには載りません）",
        "firms without a usable employee count (degrees computed, but they cannot be put on the reference list)",
    ),
    "LINK-UNKNOWN-FIRM": Text(
        "企業一覧にない企業を含む取引です（除きます）", "links naming a firm not in the firm list (left out)"
    ),
    "LINK-UNLOCATED-FIRM": Text(
        "所在地の分からない企業との取引です（除きます）",
        "links with a firm whose location is unknown (left out)",
    ),
    "LINK-SELF-LOOP": Text("自社との取引です（除きます）", "links from a firm to itself (left out)"),
    "LINK-BAD-AMOUNT": Text(
        "金額がない、読めない、負、又は有限でない（inf・NaN）取引です（除きます）",
        "links with a missing, unreadable, negative or non-finite (inf, NaN) amount (left out)",
    ),
    "LINK-NO-YEAR": Text(
        "年度がない、又は読めない取引です（除きます）", "links without a usable year (left out)"
    ),
    "LINK-DUPLICATE": Text(
        "同じ年度の同じ取引先の組が複数行あります（最大の金額で1件と数えます）",
        "a supplier→buyer pair repeats within a year (counted once, at its largest amount)",
    ),
}

# Firms: one row per id (the first), numbered so that links join and group on integers, not text. Ids are
# nearly always unique: then numbering is a plain pass; only repeated ids pay for a window that picks the first.
_FIRM_COLUMNS = "firm_id, name, location, employees, industry"
_LOCATED = f"SELECT {_FIRM_COLUMNS}, {_PREFECTURE} AS prefecture FROM firms_input WHERE firm_id IS NOT NULL"
_FIRM_ONE = (
    f"CAST(row_number() OVER () AS INTEGER) AS idx, {_FIRM_COLUMNS},"
    " CASE WHEN prefecture BETWEEN 1 AND 47 THEN prefecture END AS prefecture"
)
_FIRMS_UNIQUE_SQL = (
    f"CREATE OR REPLACE TEMP TABLE firms_one AS SELECT {_FIRM_ONE} FROM ({_LOCATED}) AS located"
)
# "The first row" is the first in the file: the firms are copied in file order (DuckDB keeps a scan's order in a
# table it creates while preserve_insertion_order is on, and numbers the rows by rowid; the Spark adapter numbers
# them with monotonically_increasing_id, which follows the order of a file's partitions).
_FIRMS_REPEATED_SQL = f"""
SET preserve_insertion_order = true;
CREATE OR REPLACE TEMP TABLE firms_in_order AS SELECT * FROM firms_input;
SET preserve_insertion_order = false;
CREATE OR REPLACE TEMP TABLE firms_numbered AS
SELECT *, row_number() OVER (PARTITION BY firm_id ORDER BY input_row) AS copy FROM (
    SELECT rowid AS input_row, {_FIRM_COLUMNS}, {_PREFECTURE} AS prefecture FROM firms_in_order
    WHERE firm_id IS NOT NULL
) AS located;
CREATE OR REPLACE TEMP TABLE firms_one AS SELECT {_FIRM_ONE} FROM firms_numbered WHERE copy = 1;
DROP TABLE IF EXISTS firms_in_order;
"""

# The problems a link can have, judged in this order over a link ``l`` joined to its supplier ``s`` and buyer ``b``.
# The table keeps the problem's number (1 byte a row where the code's text took 16: 150 MB at 10M links).
_LINK_JUDGEMENTS = (
    ("LINK-UNKNOWN-FIRM", "s.idx IS NULL OR b.idx IS NULL"),
    ("LINK-UNLOCATED-FIRM", "s.prefecture IS NULL OR b.prefecture IS NULL"),
    ("LINK-SELF-LOOP", "s.idx = b.idx"),
    # isnan and a comparison with infinity, as both engines have them (Spark has no isfinite); -inf is < 0.
    (
        "LINK-BAD-AMOUNT",
        "l.amount IS NULL OR l.amount < 0 OR isnan(l.amount) OR l.amount = CAST('Infinity' AS DOUBLE)",
    ),
    ("LINK-NO-YEAR", "l.year IS NULL"),
)
LINK_PROBLEMS = tuple(code for code, _ in _LINK_JUDGEMENTS)
_LINK_PROBLEM = (
    "CAST(CASE "
    + " ".join(f"WHEN {condition} THEN {n}" for n, (_, condition) in enumerate(_LINK_JUDGEMENTS, 1))
    + " END AS TINYINT)"
)
_LINK_JOIN = """
FROM links_input l
LEFT JOIN firms_one s ON s.firm_id = l.supplier_id
LEFT JOIN firms_one b ON b.firm_id = l.buyer_id
"""

# Links: one pass joins every row to its two firms and classifies it (the only pass over the 10M rows with joins).
# Whether pairs repeat among the usable rows is then asked cheaply; only when some do are they grouped, with their
# amounts.
_LINKS_SQL = f"""
CREATE OR REPLACE TEMP TABLE links_classified AS
SELECT s.idx AS supplier, b.idx AS buyer,
       CAST(s.prefecture AS TINYINT) AS supplier_prefecture, CAST(b.prefecture AS TINYINT) AS buyer_prefecture,
       l.amount, l.year, {_LINK_PROBLEM} AS problem
{_LINK_JOIN};
CREATE OR REPLACE TEMP VIEW firms_clean AS
SELECT idx, firm_id, name, location, prefecture, employees, industry FROM firms_one WHERE prefecture IS NOT NULL;
"""
# Whether any pair repeats, asked one slice of suppliers at a time (a pair's rows share its supplier), so that a
# pass holds at most this many pairs (at 10M links, all at once peaked at 0.9 GB ordered and 1.1 GB grouped; four
# slices stay under 0.7 GB). Two ways that give the same answer (tests compare them):
# - "ordered" (DuckDB): the slice's usable rows in (supplier, buyer, year) order, counting the rows equal to the
#   one before. Sorting beats hashing 10M distinct pairs, and input listed firm by firm, as exports are, comes
#   nearly in that order already (at 10M links: 0.42-0.50 s against 0.64-0.68 s grouped; on shuffled input the
#   same time as grouped).
# - "grouped" (Spark, where a window without a partition runs in one task): a grouping that carries nothing but
#   the count.
RepeatsCheck = Literal["ordered", "grouped"]
PAIRS_PER_PASS = 2_500_000
_IN_SLICE = "FROM links_classified WHERE problem IS NULL AND supplier % $passes = $pass"
_REPEATED_ROWS = {
    "ordered": f"""
SELECT count(*) FILTER (WHERE same) FROM (
    SELECT supplier = lag(supplier) OVER w AND buyer = lag(buyer) OVER w AND year = lag(year) OVER w AS same
    {_IN_SLICE}
    WINDOW w AS (ORDER BY supplier, buyer, year)
) AS compared
""",
    "grouped": f"""
SELECT count(*) FROM (SELECT 1 {_IN_SLICE} GROUP BY supplier, buyer, year HAVING count(*) > 1) AS repeats
""",
}
# Only when a pair repeats: the repeated pairs, each once, at its largest amount (and how many rows it had).
_REPEATS_SQL = """
CREATE OR REPLACE TEMP TABLE link_duplicates AS
SELECT supplier, buyer, year, count(*) AS rows_, max(amount) AS amount,
       any_value(supplier_prefecture) AS supplier_prefecture, any_value(buyer_prefecture) AS buyer_prefecture
FROM links_classified WHERE problem IS NULL
GROUP BY supplier, buyer, year HAVING count(*) > 1
"""

# The usable links, a repeated pair once at its largest amount. Without repeats (the usual case) it is a filter;
# with them, the repeated pairs' rows are replaced by their groups (a join over every link, paid only then).
_CLEAN_LINKS = (
    "SELECT supplier, buyer, year, amount, supplier_prefecture, buyer_prefecture FROM links_classified"
)
_CLEAN_SQL = f"CREATE OR REPLACE TEMP VIEW links_clean AS {_CLEAN_LINKS} WHERE problem IS NULL"
_CLEAN_WITH_REPEATS_SQL = """
CREATE OR REPLACE TEMP VIEW links_clean AS
SELECT c.supplier, c.buyer, c.year, c.amount, c.supplier_prefecture, c.buyer_prefecture
FROM links_classified c
LEFT JOIN link_duplicates d ON d.supplier = c.supplier AND d.buyer = c.buyer AND d.year = c.year
WHERE c.problem IS NULL AND d.rows_ IS NULL
UNION ALL
SELECT supplier, buyer, year, amount, supplier_prefecture, buyer_prefecture FROM link_duplicates
"""

_EXAMPLES = {
    "FIRM-DUPLICATE-ID": "SELECT firm_id FROM firms_numbered WHERE copy = 2",
    "FIRM-NO-LOCATION": "SELECT firm_id FROM firms_one WHERE prefecture IS NULL",
    "FIRM-NO-EMPLOYEES": "SELECT firm_id FROM firms_clean WHERE employees IS NULL",
    "LINK-DUPLICATE": """SELECT s.firm_id || '→' || b.firm_id FROM link_duplicates g
                         JOIN firms_one s ON s.idx = g.supplier JOIN firms_one b ON b.idx = g.buyer""",
}
_LINK_EXAMPLE = f"SELECT l.supplier_id || '→' || l.buyer_id {_LINK_JOIN} WHERE {_LINK_PROBLEM} = {{number}}"


def build_clean_tables(
    con: duckdb.DuckDBPyConnection, repeats_check: RepeatsCheck = "ordered"
) -> QualityReport:
    """From ``firms_input``/``links_input`` build ``firms_clean``/``links_clean`` and report what was left out."""
    # A grouping, which runs on every core (count(DISTINCT) ran on one).
    repeated_ids = _scalar(
        con, "SELECT count(*) FROM (SELECT 1 FROM firms_input GROUP BY firm_id HAVING count(firm_id) > 1)"
    )
    _run(con, _FIRMS_REPEATED_SQL if repeated_ids else _FIRMS_UNIQUE_SQL)
    _run(con, _LINKS_SQL)
    counts: dict[str, int] = {
        "FIRM-DUPLICATE-ID": (
            _scalar(con, "SELECT count(*) FROM firms_numbered WHERE copy = 2") if repeated_ids else 0
        ),
        "FIRM-NO-LOCATION": _scalar(con, "SELECT count(*) FROM firms_one WHERE prefecture IS NULL"),
        "FIRM-NO-EMPLOYEES": _scalar(con, "SELECT count(*) FROM firms_clean WHERE employees IS NULL"),
    }
    usable = 0
    for problem, rows in con.execute(
        "SELECT problem, count(*) FROM links_classified GROUP BY problem"  # one scan, a group per problem
    ).fetchall():
        if problem is None:
            usable = int(rows)
        else:
            counts[LINK_PROBLEMS[int(problem) - 1]] = int(rows)
    repeated = extra_rows = 0
    if _any_repeats(con, usable, repeats_check):
        con.execute(_REPEATS_SQL)
        repeated, extra_rows = con.execute(
            "SELECT count(*), sum(rows_ - 1) FROM link_duplicates"
        ).fetchone() or (0, 0)
    counts["LINK-DUPLICATE"] = int(repeated)
    con.execute(_CLEAN_WITH_REPEATS_SQL if repeated else _CLEAN_SQL)
    links_read = usable + sum(v for k, v in counts.items() if k.startswith("LINK-") and k != "LINK-DUPLICATE")
    links_used = usable - int(extra_rows)
    report = QualityReport(
        firms_read=_scalar(con, "SELECT count(*) FROM firms_input"),
        links_read=links_read,
        firms_used=_scalar(con, "SELECT count(*) FROM firms_clean"),
        links_used=links_used,
    )
    for code, text in _TEXTS.items():
        if counts.get(code):
            query = _EXAMPLES.get(code) or _LINK_EXAMPLE.format(number=LINK_PROBLEMS.index(code) + 1)
            examples = [str(row[0]) for row in con.execute(f"{query} LIMIT 5").fetchall()]
            report.issues.append(QualityIssue(code, counts[code], examples, text))
    return report


def _any_repeats(con: duckdb.DuckDBPyConnection, usable: int, how: RepeatsCheck) -> bool:
    passes = max(1, math.ceil(usable / PAIRS_PER_PASS))
    return any(
        _scalar(con, _REPEATED_ROWS[how], {"passes": passes, "pass": slice_}) for slice_ in range(passes)
    )


def _run(con: duckdb.DuckDBPyConnection, script: str) -> None:
    for statement in filter(str.strip, script.split(";")):
        con.execute(statement)


def _scalar(con: duckdb.DuckDBPyConnection, query: str, parameters: dict[str, int] | None = None) -> int:
    row = con.execute(query, parameters).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def require_usable(
    con: Executes, report: QualityReport, firms: Path, links: Path, year: int | None = None
) -> None:
    """Refuse, naming the file, an input that would give an empty or meaningless result ("0 firms listed").

    Either engine: the queries are plain SQL over the tables ``build_clean_tables`` made."""
    for path, rows in ((firms, report.firms_read), (links, report.links_read)):
        if not rows:
            raise NetworkInputError(
                str(path),
                Text("見出しの行だけで、データの行がありません。", "The file has a header and no rows."),
            )
    if is_csv(firms):
        check_csv_values(con, firms, "firms_input", FIRM_COLUMNS)
    if not report.firms_used:
        raise NetworkInputError(
            str(firms),
            Text(
                "所在地の分かる企業が1社もありません（location は6桁の全国地方公共団体コードです）。",
                "No firm has a usable location (location is a 6-digit local government code).",
            ),
        )
    if not report.links_used:
        if is_csv(links):
            check_csv_values(con, links, "links_input", LINK_COLUMNS)
        raise NetworkInputError(
            str(links),
            Text("使える取引が1行もありません: {problems}", "No link is usable: {problems}"),
            (("problems", Text("; ".join(report.lines("ja")), "; ".join(report.lines("en")))),),
        )
    if year is not None:
        available = [
            int(row[0])
            for row in con.execute(
                "SELECT DISTINCT year FROM links_classified WHERE problem IS NULL ORDER BY year"
            ).fetchall()
        ]
        if year not in available:
            raise NetworkInputError(
                str(links),
                Text(
                    "{year}年度の使える取引がありません（あるのは {years} 年度）。",
                    "No usable link in FY{year} (the file has FY {years}).",
                ),
                (("year", year), ("years", ", ".join(map(str, available)))),
            )
