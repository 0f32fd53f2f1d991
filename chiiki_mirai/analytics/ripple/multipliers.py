"""Value added per 百万円 of a sector's new output, under the estimate's default assumptions, packaged beside the
table (``reference/data/io2011_multipliers.csv``) so that the pre-check's estimate rule and the national figures
need no matrix code: the operations effect is linear in the plan's sales increase, so its value added is the sales
increase times the share-weighted multipliers of the plan's sectors.

The file is derived from the packaged table by ``compute()`` (the same ``rounds`` the estimate page runs);
``python -m chiiki_mirai.analytics.ripple.multipliers`` writes it again, and a test holds it to the table.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chiiki_mirai.analytics.ripple.demand import Demand
from chiiki_mirai.resources import package_path, reference_data

FILE = "io2011_multipliers.csv"
COLUMNS = ("commodity", "direct_value_added", "total_value_added")


@dataclass(frozen=True)
class Multiplier:
    direct_value_added: float  # the sector's own value added per unit of its output (its value-added rate)
    total_value_added: float  # direct, first round and second round, nationwide, per unit of its output


@cache
def multipliers() -> dict[str, Multiplier]:
    text = reference_data(FILE)
    return {
        row["commodity"]: Multiplier(float(row["direct_value_added"]), float(row["total_value_added"]))
        for row in csv.DictReader(text.splitlines())
    }


def operations_value_added(demand: Demand) -> float:
    """The value added of the plan's operations (its sales increase), direct and both rounds, 百万円 — the
    estimate's ``operations.total.value_added`` under the default assumptions."""
    table = multipliers()
    return sum(
        demand.sales_increase * share * table[c].total_value_added for c, share in demand.sectors.items()
    )


def direct_value_added(demand: Demand) -> float:
    """The value added of the sales increase itself (sales × each sector's value-added rate), 百万円."""
    table = multipliers()
    return sum(
        demand.sales_increase * share * table[c].direct_value_added for c, share in demand.sectors.items()
    )


def compute() -> dict[str, Multiplier]:
    """The multipliers from the packaged table, by the estimate's own arithmetic (imports numpy)."""
    import numpy as np

    from chiiki_mirai.analytics.ripple.estimate import Assumptions, rounds
    from chiiki_mirai.analytics.ripple.table import load_model

    model = load_model()
    size = len(model.table.commodities)
    result = {}
    for index, commodity in enumerate(model.table.commodities):
        unit = np.zeros(size)
        unit[index] = 1.0
        effect = rounds(model, Assumptions(), np.zeros(size), unit)
        result[commodity] = Multiplier(effect.direct.value_added, effect.total.value_added)
    return result


def write(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for commodity, m in compute().items():
            writer.writerow((commodity, repr(m.direct_value_added), repr(m.total_value_added)))


if __name__ == "__main__":
    write(package_path("reference", "data", FILE))
