"""Copy the 2011 input-output table from ../shared/data/io/ into the package as plain CSV (run once per update).

    .venv/bin/python scripts/build_io_data.py [path/to/japan_io_2011_26sectors.xlsx]

Writes chiiki_mirai/reference/data/io2011_*.csv (10億円): the use table (26 commodities × 18 industries, with
final demand), the make table (the same shape: which industry produces which commodity), value added (6 rows ×
18 industries), and the sector names. The source and terms are in that folder's ATTRIBUTION.md.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "chiiki_mirai" / "reference" / "data"
SOURCE = ROOT.parent / "shared" / "data" / "io" / "japan_io_2011_26sectors.xlsx"


def rows(sheet: object) -> list[list[object]]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def write(name: str, header: list[str], body: list[list[object]]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in body)


def main() -> None:
    book = load_workbook(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE, data_only=True)
    io_rows = rows(book["IO_table"])
    columns = [str(c) for c in io_rows[2][1:] if c]  # 18 industries, 10 final-demand columns, Total
    commodities = [r for r in io_rows[3:] if r[0] and r[0] not in ("Total",)]
    use = [r for r in commodities if r[0] not in ("epin", "ssce", "opse", "depr", "idtx", "subs")]
    value_added = [r for r in commodities if r[0] in ("epin", "ssce", "opse", "depr", "idtx", "subs")]
    write("io2011_use.csv", ["commodity", *columns], [[r[0], *r[1 : len(columns) + 1]] for r in use])
    industries = columns[:18]
    write("io2011_value_added.csv", ["row", *industries], [[r[0], *r[1:19]] for r in value_added])
    make = rows(book["V_table_data"])
    write(
        "io2011_make.csv",
        ["commodity", *industries],
        [[r[0], *r[1:19]] for r in make[3:] if r[0] and r[0] != "sum"],
    )
    names = rows(book["Set_data"])[3:]
    sectors = [["commodity", r[0], r[1]] for r in names if r[0]]
    sectors += [["industry", r[3], r[4]] for r in names if r[3]]
    sectors += [["value_added", r[6], r[7]] for r in names if r[6]]
    sectors += [["final_demand", r[9], r[10]] for r in names if r[9]]
    write("io2011_sectors.csv", ["set", "code", "name_ja"], sectors)


if __name__ == "__main__":
    main()
