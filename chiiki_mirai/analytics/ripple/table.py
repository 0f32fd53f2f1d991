"""Japan's 2011 input-output table (平成23年産業連関表, 総務省) as an open Leontief quantity model with competitive
imports — the form Japan's ministries and prefectures use for 経済波及効果.

The packaged table (``reference/data/io2011_*.csv``, 10億円) is a use table of 26 commodities × 18 industries
with final demand, a make table of the same shape, and value added by industry. A square model needs one
classification: the commodity-by-commodity coefficients under the industry-technology assumption (Miller & Blair,
*Input-Output Analysis*, 2nd ed., §5.3), A = B·D, where B = U·ĝ⁻¹ are the commodity inputs per unit of each
industry's output and D = Vᵀ·q̂⁻¹ the industries' shares in each commodity's output. Value added and compensation
of employees per unit of commodity output are the industries' coefficients weighted the same way (v·D).

Competitive imports: each commodity's domestic demand (intermediate use plus domestic final demand) is met from
imports in the proportion m of the table, so a demand Δf raises domestic output by L·(I−M̂)·Δf with
L = [I − (I−M̂)·A]⁻¹. A regional retention rate r scales the domestically supplied share (r·(I−M̂)): r = 1 is
the effect within Japan as the national table gives it; a region's own share of supply is lower.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray

from chiiki_mirai.resources import reference_data

Matrix = NDArray[np.float64]

DOMESTIC_FINAL_DEMAND = ("hhco", "gvci", "gvcc", "invp", "invg", "stck")
IMPORTS = ("impo", "imta", "imtx")  # imports, tariffs and commodity taxes on imports (negative in the table)


@dataclass(frozen=True)
class IoTable:
    """The table as read: use U (c×i), final demand F (c×k), make V (c×i: commodity c made by industry i), value
    added VA (rows×i)."""

    commodities: tuple[str, ...]
    industries: tuple[str, ...]
    final_demand: tuple[str, ...]
    value_added_rows: tuple[str, ...]
    names: dict[str, str]
    use: Matrix
    final: Matrix
    make: Matrix
    value_added: Matrix

    @property
    def commodity_output(self) -> Matrix:
        return np.asarray(self.make.sum(axis=1), dtype=np.float64)  # q

    @property
    def industry_output(self) -> Matrix:
        return np.asarray(self.make.sum(axis=0), dtype=np.float64)  # g


@dataclass(frozen=True)
class IoModel:
    """Coefficients per unit of commodity output, and the Leontief inverse for a retention rate."""

    table: IoTable
    technical: Matrix  # A, commodity × commodity
    domestic_share: Matrix  # 1 − m per commodity
    value_added: Matrix  # per unit of output
    compensation: Matrix  # 雇用者所得 per unit of output
    consumption: Matrix  # household consumption's composition (shares, sum 1)
    _inverses: dict[float, Matrix] = field(default_factory=dict, compare=False, repr=False)

    def index(self, commodity: str) -> int:
        return self.table.commodities.index(commodity)

    def leontief(self, retention: float = 1.0) -> Matrix:
        """L = [I − r(I−M̂)A]⁻¹, computed once per retention rate (a 26 × 26 inverse)."""
        if retention not in self._inverses:
            supplied = np.diag(retention * self.domestic_share)
            size = len(self.table.commodities)
            self._inverses[retention] = np.asarray(
                np.linalg.inv(np.eye(size) - supplied @ self.technical), dtype=np.float64
            )
        return self._inverses[retention]


def _rows(name: str) -> list[list[str]]:
    text = reference_data(name)
    return list(csv.reader(text.splitlines()))


def _numbers(rows: list[list[str]], first: int, last: int) -> Matrix:
    return np.array([[float(v or 0) for v in row[first:last]] for row in rows], dtype=np.float64)


@cache
def load_table() -> IoTable:
    use = _rows("io2011_use.csv")
    header, body = use[0], use[1:]
    industries = tuple(header[1:19])
    final_demand = tuple(header[19:29])
    make = _rows("io2011_make.csv")[1:]
    value_added = _rows("io2011_value_added.csv")
    names = {row[1]: row[2] for row in _rows("io2011_sectors.csv")[1:]}
    return IoTable(
        commodities=tuple(row[0] for row in body),
        industries=industries,
        final_demand=final_demand,
        value_added_rows=tuple(row[0] for row in value_added[1:]),
        names=names,
        use=_numbers(body, 1, 19),
        final=_numbers(body, 19, 29),
        make=_numbers(make, 1, 19),
        value_added=_numbers(value_added[1:], 1, 19),
    )


def industry_technology(use: Matrix, make: Matrix) -> Matrix:
    """A = B·D (commodity × commodity) from a use and a make table of the same commodity × industry shape."""
    g, q = make.sum(axis=0), make.sum(axis=1)
    inputs = use / g  # B: column j divided by industry j's output
    shares = (make / q[:, None]).T  # D: industry × commodity market shares
    return np.asarray(inputs @ shares, dtype=np.float64)


def competitive_domestic_share(table: IoTable) -> Matrix:
    """1 − m: the share of each commodity's domestic demand the table shows supplied from domestic output."""
    columns = {name: i for i, name in enumerate(table.final_demand)}
    domestic_demand = table.use.sum(axis=1) + table.final[:, [columns[c] for c in DOMESTIC_FINAL_DEMAND]].sum(
        axis=1
    )
    imports = -table.final[:, [columns[c] for c in IMPORTS]].sum(axis=1)
    ratio = np.divide(imports, domestic_demand, out=np.zeros_like(imports), where=domestic_demand > 0)
    return np.asarray(1.0 - np.clip(ratio, 0.0, 1.0), dtype=np.float64)


@cache
def load_model() -> IoModel:
    table = load_table()
    g, q = table.industry_output, table.commodity_output
    shares = (table.make / q[:, None]).T
    per_industry = table.value_added / g
    household = table.final[:, table.final_demand.index("hhco")]
    return IoModel(
        table=table,
        technical=industry_technology(table.use, table.make),
        domestic_share=competitive_domestic_share(table),
        value_added=np.asarray(per_industry.sum(axis=0) @ shares, dtype=np.float64),
        # 雇用者所得 as the table defines it: wages and salaries (epin) with employers' social contributions (ssce).
        compensation=np.asarray(
            per_industry[[table.value_added_rows.index(row) for row in ("epin", "ssce")]].sum(axis=0)
            @ shares,
            dtype=np.float64,
        ),
        consumption=np.asarray(household / household.sum(), dtype=np.float64),
    )
