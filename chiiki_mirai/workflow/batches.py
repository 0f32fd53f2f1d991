"""P-BATCH1: which publication batch a pre-check request falls in (seed 002 ⑥ ※1–※3).

The calendar is data, not code: the secretariat adopts editions of it in the platform (``BatchCalendar``), the
way the rulebook has editions, and later batches are added without a release (002 ※2「第1弾としての取りまとめ
以降の取りまとめ及び公開の取扱いについては、追ってお知らせします」). This module is the plain rule over one
edition; ``FIRST_BATCH`` is what the seed states, and what the platform uses until an edition is adopted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from chiiki_mirai.i18n import Text

PRECHECK_PERIOD = dt.timedelta(days=31)  # 「1ヶ月程度の確認期間」


@dataclass(frozen=True)
class BatchRule:
    """One batch of a calendar edition: requests received by ``request_deadline`` belong to it."""

    number: int
    request_deadline: dt.date
    early_case_deadline: dt.date | None = None  # 先行事例: requests by this day may be showcased
    review_days: int = PRECHECK_PERIOD.days  # the review runs this long after the deadline
    publication_date: dt.date | None = None  # None: 「追って通知」 (the seed gives no date for 第1弾)

    @property
    def review_due(self) -> dt.date:
        return self.request_deadline + dt.timedelta(days=self.review_days)


#: 002 ⑥ ※1「2026年7月15日(水)までに事前確認依頼があったものについては、1ヶ月程度の確認期間を経た後、
#: 第1弾として取りまとめ」; ※3「2026年6月5日(金)までに…先行事例として…紹介する可能性」.
FIRST_BATCH = BatchRule(1, dt.date(2026, 7, 15), dt.date(2026, 6, 5))


@dataclass(frozen=True)
class Batch:
    number: int | None  # None for requests after the last batch (002 ※2: handling announced later)
    early_case: bool
    review_due: dt.date

    @property
    def label(self) -> Text:
        return batch_label(self.number, self.early_case)


def batch_label(number: int | None, early_case: bool = False) -> Text:
    if number is None:
        return Text("次の弾（追って通知）", "a later batch (to be announced)")
    early = "・先行事例候補" if early_case else ""
    return Text(f"第{number}弾{early}", f"batch {number}" + (", early case" if early_case else ""))


def batch_for(requested: dt.date, calendar: Sequence[BatchRule] = (FIRST_BATCH,)) -> Batch:
    """The batch of a pre-check request made on ``requested``: the first whose deadline it meets.

    A batch is reviewed together: its review is due a set time after its deadline, not after each request."""
    for rule in sorted(calendar, key=lambda r: r.request_deadline):
        if requested <= rule.request_deadline:
            early = rule.early_case_deadline is not None and requested <= rule.early_case_deadline
            return Batch(rule.number, early, rule.review_due)
    return Batch(None, False, requested + PRECHECK_PERIOD)
