"""The bulk look-up a grant system needs (002「(3)」, 001 第3章第1節 支援策): for each 法人番号 of a list, the plans
that name the firm a core entity (id, type, title, authors, batch, state), whether it is on the reference list,
and whether its 証憑 was confirmed. A bad number is reported on its own line; it never refuses the whole list.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from chiiki_mirai.analytics.models import Evidence, FirmDegree
from chiiki_mirai.analytics.reference import CorePlan, degrees_for, latest_edition, plans_naming
from chiiki_mirai.i18n import Lang, Text
from chiiki_mirai.reference.codes import corporate_number_check_digit
from chiiki_mirai.reports.spreadsheet import excel_csv

MAX_NUMBERS = 10_000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # 10,000 numbers, even with many other columns, fit in well under this


class BulkInputError(ValueError):
    """A list that cannot be read at all (not a number problem: those are per line)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.ja)
        self.text = text


@dataclass(frozen=True)
class BulkRow:
    line: int
    given: str
    corporate_number: str  # the 13 digits, "" when the line is not a valid 法人番号
    problem: Text | None
    degree: FirmDegree | None
    plans: list[CorePlan]

    def listing(self, lang: Lang = "ja") -> str:
        if self.problem is not None:
            return ""
        if self.degree is None:
            return "データなし" if lang == "ja" else "no data"
        if lang == "ja":
            return "掲載" if self.degree.listed else "非掲載"
        return "listed" if self.degree.listed else "not listed"


def normalised(value: str) -> str:
    """法人番号 as people write it: full-width digits, hyphens and spaces allowed."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", value) if ch not in "- \t\u3000")


def judge_number(value: str) -> tuple[str, Text | None]:
    number = normalised(value)
    if len(number) != 13 or not number.isdigit():
        return "", Text(
            f"法人番号は13桁の数字です（「{value}」）。", f"a corporate number has 13 digits ('{value}')."
        )
    expected = corporate_number_check_digit(number[1:])
    if int(number[0]) != expected:
        return "", Text(
            f"検査数字が合いません（先頭の数字は {expected} のはずです）。",
            f"the check digit does not match (the first digit should be {expected}).",
        )
    return number, None


def read_numbers_csv(data: bytes) -> list[tuple[int, str]]:
    """(line, first column) of an uploaded CSV: UTF-8 (with or without BOM) or Shift_JIS, which Excel writes
    by default; a first line that is not a number is taken as the header and skipped; empty lines are skipped.
    A file over :data:`MAX_UPLOAD_BYTES` is refused whole, never read in part."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise BulkInputError(
            Text(
                f"ファイルが大きすぎます（{len(data):,}バイト。上限は{MAX_UPLOAD_BYTES:,}バイト）。分けて照会してください。",
                f"the file is too large ({len(data):,} bytes; at most {MAX_UPLOAD_BYTES:,}). Split it.",
            )
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BulkInputError(
            Text(
                "CSV を読めません（UTF-8 又は Shift_JIS で保存してください）。",
                "cannot read the CSV (UTF-8 or Shift_JIS).",
            )
        )
    entries = []
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if row and row[0].strip():
                entries.append((reader.line_num, row[0].strip()))
    except csv.Error as exc:  # a field past the csv module's limit (128 KiB), a NUL byte …
        line = reader.line_num
        raise BulkInputError(
            Text(f"CSV の{line}行目を読めません（{exc}）。", f"cannot read line {line} of the CSV ({exc}).")
        ) from None
    if entries and not any(ch.isdigit() for ch in normalised(entries[0][1])):
        entries = entries[1:]  # a heading such as 「法人番号」
    return entries


def bulk_lookup(entries: Iterable[tuple[int, str]]) -> list[BulkRow]:
    entries = list(entries)
    if len(entries) > MAX_NUMBERS:
        raise BulkInputError(
            Text(
                f"一度に照会できるのは{MAX_NUMBERS:,}件までです（{len(entries):,}件あります）。",
                f"at most {MAX_NUMBERS:,} numbers at once ({len(entries):,} given).",
            )
        )
    judged = [(line, given, *judge_number(given)) for line, given in entries]
    numbers = sorted({number for _, _, number, problem in judged if problem is None})
    edition = latest_edition()
    degrees = degrees_for(numbers, edition) if edition is not None else {}
    plans = plans_naming(numbers)
    return [
        BulkRow(line, given, number, problem, degrees.get(number), plans.get(number, []))
        for line, given, number, problem in judged
    ]


HEADER = (
    "行",
    "入力値",
    "法人番号",
    "確認結果",
    "参考リスト",
    "計画ID",
    "類型",
    "計画名",
    "策定主体",
    "公表の弾",
    "計画の状態",
    "公表済み",
    "証憑",
)


def bulk_csv(rows: list[BulkRow]) -> bytes:
    """One line per firm and plan (a firm in no plan: one line), for Excel (UTF-8 with BOM)."""

    def lines() -> Iterable[list[object]]:
        for row in rows:
            head: list[object] = [
                row.line,
                row.given,
                row.corporate_number,
                row.problem.ja if row.problem else "OK",
                row.listing(),
            ]
            if not row.plans:
                yield [*head, "", "", "", "", "", "", "", ""]
            for plan in row.plans:
                yield [
                    *head,
                    plan.public_id,
                    plan.plan_type,
                    plan.title,
                    plan.authors,
                    f"第{plan.batch}弾" if plan.batch else "",
                    plan.state.label.ja,
                    "はい" if plan.published else "いいえ",
                    _evidence_label(plan.evidence),
                ]

    return excel_csv(HEADER, lines())


def _evidence_label(status: str) -> str:
    return str(dict(Evidence.Status.choices).get(status, "")) if status else ""
