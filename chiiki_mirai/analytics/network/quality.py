"""What is wrong with the inputs, reported (never a crash), and the clean tables the computation uses.

Policy, stated once: firms with a duplicate id keep their first row; firms without a usable location are
left out (they cannot be placed in a prefecture); links naming an unknown firm, linking a firm to itself,
or lacking a usable amount or year are left out; a supplier→buyer pair repeated in the same year counts
once, with its largest amount (a repeated row is a loading error, and summing would double count).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

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


_CHECKS: tuple[tuple[str, Text, str], ...] = (
    (
        "FIRM-DUPLICATE-ID",
        Text(
            "同じ企業IDが複数行あります（最初の行を使います）",
            "firm ids appear more than once (the first row is used)",
        ),
        "SELECT firm_id FROM firms_numbered WHERE n > 1",
    ),
    (
        "FIRM-NO-LOCATION",
        Text(
            "所在地（都道府県）が分からない企業です（計算から除きます）",
            "firms without a usable location (left out)",
        ),
        "SELECT firm_id FROM firms_numbered WHERE n = 1 AND (prefecture IS NULL OR prefecture NOT BETWEEN 1 AND 47)",
    ),
    (
        "LINK-UNKNOWN-FIRM",
        Text(
            "企業一覧にない企業を含む取引です（除きます）",
            "links naming a firm not in the firm list (left out)",
        ),
        """SELECT l.supplier_id || '→' || l.buyer_id FROM links_input l
           WHERE NOT EXISTS (SELECT 1 FROM firms_numbered f WHERE f.n = 1 AND f.firm_id = l.supplier_id)
              OR NOT EXISTS (SELECT 1 FROM firms_numbered f WHERE f.n = 1 AND f.firm_id = l.buyer_id)""",
    ),
    (
        "LINK-SELF-LOOP",
        Text("自社との取引です（除きます）", "links from a firm to itself (left out)"),
        "SELECT supplier_id FROM links_input WHERE supplier_id = buyer_id",
    ),
    (
        "LINK-BAD-AMOUNT",
        Text(
            "金額がない、読めない、又は負の取引です（除きます）",
            "links with a missing, unreadable or negative amount (left out)",
        ),
        "SELECT supplier_id || '→' || buyer_id FROM links_input WHERE amount IS NULL OR amount < 0 OR isnan(amount)",
    ),
    (
        "LINK-NO-YEAR",
        Text("年度がない、又は読めない取引です（除きます）", "links without a usable year (left out)"),
        "SELECT supplier_id || '→' || buyer_id FROM links_input WHERE year IS NULL",
    ),
    (
        "LINK-DUPLICATE",
        Text(
            "同じ年度の同じ取引先の組が複数行あります（最大の金額で1件と数えます）",
            "a supplier→buyer pair repeats within a year (counted once, at its largest amount)",
        ),
        """SELECT supplier_id || '→' || buyer_id FROM links_input
           GROUP BY supplier_id, buyer_id, year HAVING count(*) > 1""",
    ),
)


def build_clean_tables(con: duckdb.DuckDBPyConnection) -> QualityReport:
    """From ``firms_input``/``links_input`` build ``firms_clean``/``links_clean`` and report what was left out."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE firms_numbered AS
            SELECT *, {_PREFECTURE} AS prefecture,
                   row_number() OVER (PARTITION BY firm_id ORDER BY location NULLS LAST) AS n
            FROM firms_input WHERE firm_id IS NOT NULL"""
    )
    report = QualityReport()
    report.firms_read = _scalar(con, "SELECT count(*) FROM firms_input")
    report.links_read = _scalar(con, "SELECT count(*) FROM links_input")
    for code, text, query in _CHECKS:
        count = _scalar(con, f"SELECT count(*) FROM ({query})")
        if count:
            examples = [str(r[0]) for r in con.execute(f"SELECT * FROM ({query}) LIMIT 5").fetchall()]
            report.issues.append(QualityIssue(code, count, examples, text))
    con.execute(
        """CREATE OR REPLACE TEMP TABLE firms_clean AS
           SELECT firm_id, name, location, prefecture, employees, industry FROM firms_numbered
           WHERE n = 1 AND prefecture BETWEEN 1 AND 47"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE links_clean AS
           SELECT l.supplier_id, l.buyer_id, l.year, max(l.amount) AS amount
           FROM links_input l
           JOIN firms_clean s ON s.firm_id = l.supplier_id
           JOIN firms_clean b ON b.firm_id = l.buyer_id
           WHERE l.supplier_id <> l.buyer_id AND l.amount >= 0 AND NOT isnan(l.amount) AND l.year IS NOT NULL
           GROUP BY l.supplier_id, l.buyer_id, l.year"""
    )
    report.firms_used = _scalar(con, "SELECT count(*) FROM firms_clean")
    report.links_used = _scalar(con, "SELECT count(*) FROM links_clean")
    return report


def _scalar(con: duckdb.DuckDBPyConnection, query: str) -> int:
    row = con.execute(query).fetchone()
    return int(row[0]) if row else 0
