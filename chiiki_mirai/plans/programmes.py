"""The national support programmes as the seeds name them, by kind and by the plan types they serve (000 ③ 表;
002 1(2)③・2(2)③ 支援メニュー例; 003 支援策(例)): the start of the secretariat's list and what the pre-check knows
where no list is at hand (the CLI). The platform's list is the secretariat's (``workflow.SupportProgramme``), which
marks each request of a stored plan (``SupportRequest.kind`` / ``plan_types``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from chiiki_mirai.plans.choices import PlanType, ProgrammeKind
from chiiki_mirai.resources import reference_data


@dataclass(frozen=True)
class Programme:
    name: str
    ministry: str
    kind: ProgrammeKind
    plan_types: tuple[PlanType, ...]
    source: str


@cache
def seeded_programmes() -> dict[str, Programme]:
    """``reference/data/support_programmes.csv`` by name."""
    rows = csv.DictReader(io.StringIO(reference_data("support_programmes.csv")))
    return {
        row["name"]: Programme(
            row["name"],
            row["ministry"],
            ProgrammeKind(row["kind"]),
            tuple(PlanType(t) for t in row["plan_types"]),
            row["source"],
        )
        for row in rows
    }
