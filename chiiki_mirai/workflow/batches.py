"""P-BATCH1: which publication batch a pre-check request falls in (seed 002 ⑥ ※1–※3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chiiki_mirai.i18n import Text

FIRST_BATCH_DEADLINE = dt.date(2026, 7, 15)  # 第1弾: requests received by this day
EARLY_CASE_DEADLINE = dt.date(2026, 6, 5)  # 先行事例: requests by this day may be showcased
PRECHECK_PERIOD = dt.timedelta(days=31)  # 「1ヶ月程度の確認期間」


@dataclass(frozen=True)
class Batch:
    number: int | None  # 1 for 第1弾; None for later requests (002 ※2: handling announced later)
    early_case: bool
    review_due: dt.date

    @property
    def label(self) -> Text:
        if self.number == 1:
            early = "・先行事例候補" if self.early_case else ""
            return Text(f"第1弾{early}", "first batch" + (", early case" if self.early_case else ""))
        return Text("第1弾以降（追って通知）", "after the first batch (to be announced)")


def batch_for(requested: dt.date) -> Batch:
    """The batch of a pre-check request made on ``requested`` and the day its review is due."""
    if requested <= FIRST_BATCH_DEADLINE:
        # The first batch is reviewed together: about a month after the deadline, not after each request.
        return Batch(1, requested <= EARLY_CASE_DEADLINE, FIRST_BATCH_DEADLINE + PRECHECK_PERIOD)
    return Batch(None, False, requested + PRECHECK_PERIOD)
