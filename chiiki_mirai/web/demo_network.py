"""The demo's reference list (issue 22 §6): a small synthetic inter-firm network in which the sample plans' core
entities stand as their plans say, computed by the product's own pipeline and loaded as an edition.

The real list comes from the national inter-firm network (002 1(1)⑨, l.109), which the platform does not ship; the
demo's edition is labelled as synthetic in its ``source``. Each prefecture of a sample firm gets filler firms (named
「（デモ）…」) that sell out of the prefecture and buy from each other, so the cut-off (the top 3 %) covers the firms
a sample says are listed: they sell the most out of their prefecture; those said not to be listed sell the least.
"""

from __future__ import annotations

import csv
import math
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from chiiki_mirai.analytics.models import ReferenceEdition
from chiiki_mirai.analytics.network.degrees import ReferenceListRule, run_duckdb
from chiiki_mirai.analytics.reference import load_edition
from chiiki_mirai.plans.choices import ReferenceListStatus
from chiiki_mirai.plans.document import PlanDocument

SOURCE = "デモ用の合成データ（記載例の企業と架空の企業。実在の取引網ではありません）"
YEAR = 2025
#: The buyer outside every sample prefecture (東京都千代田区) the firms sell to.
_BUYER = ("9900000000001", "（デモ）東京都の取引先", "131016")
_FILLERS = 60


def load_demo_reference_list(plans: Iterable[PlanDocument]) -> ReferenceEdition:
    """Compute and load the demo edition for the core entities of ``plans`` (those with a 法人番号 and a place)."""
    firms: dict[str, tuple[str, str, int | None, bool]] = {}
    for plan in plans:
        for entity in plan.core_entities:
            if (
                entity.corporate_number
                and entity.location
                and entity.reference_list is not ReferenceListStatus.UNKNOWN
            ):
                listed = entity.reference_list is ReferenceListStatus.LISTED
                firms[entity.corporate_number] = (
                    entity.name or "",
                    entity.location,
                    entity.employees,
                    listed,
                )
    by_prefecture: dict[str, list[str]] = defaultdict(list)
    for number, (_, location, _, _) in firms.items():
        by_prefecture[location[:2]].append(number)
    with tempfile.TemporaryDirectory(prefix="chiiki-mirai-demo-") as folder:
        firms_csv, links_csv, out = (
            Path(folder, "firms.csv"),
            Path(folder, "links.csv"),
            Path(folder, "result"),
        )
        with (
            firms_csv.open("w", newline="", encoding="utf-8") as firms_file,
            links_csv.open("w", newline="", encoding="utf-8") as links_file,
        ):
            firm_rows, link_rows = csv.writer(firms_file), csv.writer(links_file)
            firm_rows.writerow(["firm_id", "name", "location", "employees"])
            link_rows.writerow(["supplier_id", "buyer_id", "amount", "year"])
            firm_rows.writerow([*_BUYER, 500])
            for prefecture, numbers in sorted(by_prefecture.items()):
                claimed = [n for n in numbers if firms[n][3]]
                # Enough firms that the top 3 % holds every firm the samples say is listed.
                fillers = max(_FILLERS, math.ceil(len(claimed) / ReferenceListRule().top_share) + 1)
                for rank, number in enumerate(numbers):
                    name, location, employees, listed = firms[number]
                    firm_rows.writerow([number, name, location, employees if employees is not None else 300])
                    amount = 100_000 - rank if listed else 1
                    link_rows.writerow([number, _BUYER[0], amount, YEAR])
                seat = firms[numbers[0]][1]
                ids = [f"99{prefecture}{i:09d}" for i in range(fillers)]
                for i, filler in enumerate(ids):
                    firm_rows.writerow([filler, f"（デモ）{prefecture}の企業{i + 1}", seat, 50 + i])
                    link_rows.writerow([filler, _BUYER[0], 10 + i, YEAR])
                    link_rows.writerow([ids[(i + 1) % fillers], filler, 5 + i, YEAR])
        run_duckdb(firms_csv, links_csv, out, year=YEAR)
        edition = load_edition(out)
    edition.source = SOURCE
    edition.save(update_fields=["source"])
    return edition
