"""A synthetic national inter-firm network (seeded), for tests and benchmarks. It is synthetic, not data.

Calibration, each an assumption stated here rather than a published figure unless marked:
- firms per prefecture follow the 2020 census population shares (shared/data has no firm counts; population is
  the proxy the data notes suggest), spread evenly over the prefecture's municipalities;
- employees are heavy-tailed (Pareto, shape 1.05, minimum 3): most firms are small, about 0.1 % exceed 2,000;
- suppliers and buyers are drawn in proportion to size^0.8 (larger firms trade more), giving heavy-tailed
  in- and out-degrees, as reported for Japanese credit-bureau networks (power-law degree distributions);
- a buyer is in the supplier's prefecture with probability 0.60, elsewhere in its regional block 0.20, anywhere
  in Japan 0.20 (most links inside the prefecture or the neighbouring ones);
- amounts (千円) are log-normal (median about 3,000千円, sigma 1.6) scaled by (supplier size × buyer size)^0.25;
- firm ids are check-digit-valid fictional 法人番号 (registry prefix 9999), as integers like real 法人番号;
- self-links are dropped and repeated pairs merged, so the output is clean.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from chiiki_mirai.reference.localgov import GovernmentKind, local_governments
from chiiki_mirai.resources import reference_data

JSIC_SAMPLE = ("E09", "E24", "E26", "E27", "E28", "E29", "E31", "D06", "G39", "H44", "I50", "I52", "L74")


@dataclass(frozen=True)
class NetworkParameters:
    firms: int = 100_000
    links: int = 1_000_000
    year: int = 2025
    seed: int = 2026
    same_prefecture: float = 0.60
    same_region: float = 0.20
    pareto_shape: float = 1.05
    size_exponent: float = 0.8


@dataclass(frozen=True)
class GeneratedNetwork:
    firms: pa.Table
    links: pa.Table


def _population_shares() -> np.ndarray:
    text = reference_data("prefecture_population.csv")
    population = {
        int(r["pref_code"]): int(r["population"])
        for r in csv.DictReader(text.splitlines())
        if r["census_year"] == "2020"
    }
    shares = np.array([population[p] for p in range(1, 48)], dtype=float)
    return np.asarray(shares / shares.sum(), dtype=float)


def generate_network(params: NetworkParameters) -> GeneratedNetwork:
    rng = np.random.default_rng(params.seed)
    master = local_governments()
    n = params.firms

    prefecture = rng.choice(np.arange(1, 48), size=n, p=_population_shares())
    municipalities = {
        p: [
            g.code
            for g in master.by_code.values()
            if g.prefecture_code == p and g.kind not in (GovernmentKind.PREFECTURE, GovernmentKind.WARD)
        ]
        for p in range(1, 48)
    }
    location = np.empty(n, dtype=object)
    for p in range(1, 48):
        members = np.flatnonzero(prefecture == p)
        codes = np.array(municipalities[p], dtype=object)
        location[members] = codes[rng.integers(0, len(codes), size=len(members))]
    employees = np.minimum((rng.pareto(params.pareto_shape, n) + 1) * 3, 300_000).astype(np.int64)
    weight = employees.astype(float) ** params.size_exponent

    region_of = {g.prefecture_code: g.region.id for g in master.prefectures()}
    region = np.array([region_of[p] for p in prefecture])

    pairs = np.empty(0, dtype=np.int64)
    while (
        len(pairs) < params.links
    ):  # repeated pairs merge, so draw in rounds until enough distinct ones exist
        wanted = int((params.links - len(pairs)) * 1.25) + 16
        batch = _draw_pairs(rng, params, weight, prefecture, region, wanted)
        pairs = np.unique(np.concatenate([pairs, batch]))
    pairs = rng.permutation(pairs)[: params.links]
    pairs.sort()
    suppliers, buyers = pairs // n, pairs % n
    size_factor = (employees[suppliers].astype(float) * employees[buyers]) ** 0.25
    amount = np.round(rng.lognormal(np.log(3_000), 1.6, len(pairs)) * size_factor / 3, 0)

    ids = fictional_corporate_numbers(n)
    firms = pa.table(
        {
            "firm_id": pa.array(ids),
            "name": pa.array(np.char.add("架空企業", np.arange(n).astype(str))),
            "location": pa.array(location.astype(str)),
            "employees": pa.array(employees),
            "industry": pa.array(np.array(JSIC_SAMPLE)[rng.integers(0, len(JSIC_SAMPLE), n)]),
        }
    )
    links = pa.table(
        {
            "supplier_id": pa.array(ids[suppliers]),
            "buyer_id": pa.array(ids[buyers]),
            "amount": pa.array(amount),
            "year": pa.array(np.full(len(pairs), params.year, dtype=np.int32)),
        }
    )
    return GeneratedNetwork(firms, links)


def fictional_corporate_numbers(count: int) -> np.ndarray:
    """Check-digit-valid 法人番号 under the registry prefix 9999, which no registry office uses (as int64)."""
    base = 999_900_000_000 + np.arange(count, dtype=np.int64)  # the 12-digit base
    digits = (
        base[:, None] // 10 ** np.arange(12, dtype=np.int64)
    ) % 10  # column k: the (k+1)-th digit from the right
    weights = np.where(np.arange(1, 13) % 2 == 0, 2, 1)
    check = 9 - (digits * weights).sum(axis=1) % 9
    return np.asarray(check * 10**12 + base, dtype=np.int64)


def _draw_pairs(
    rng: np.random.Generator,
    params: NetworkParameters,
    weight: np.ndarray,
    prefecture: np.ndarray,
    region: np.ndarray,
    size: int,
) -> np.ndarray:
    """``size`` supplier→buyer pairs encoded as supplier * firms + buyer, self-links dropped."""
    n = len(weight)
    suppliers = _draw(rng, np.arange(n), weight, size)
    scope = rng.random(size)
    buyers = _draw(rng, np.arange(n), weight, size)  # anywhere in Japan, replaced below for the nearer scopes
    same_prefecture = scope < params.same_prefecture
    same_region = ~same_prefecture & (scope < params.same_prefecture + params.same_region)
    for mask, keys in ((same_prefecture, prefecture), (same_region, region)):
        supplier_keys = keys[suppliers]
        for key in np.unique(supplier_keys[mask]):
            chosen = np.flatnonzero(mask & (supplier_keys == key))
            candidates = np.flatnonzero(keys == key)
            buyers[chosen] = _draw(rng, candidates, weight[candidates], len(chosen))
    keep = suppliers != buyers
    return np.asarray(suppliers[keep] * n + buyers[keep], dtype=np.int64)


def _draw(rng: np.random.Generator, population: np.ndarray, weight: np.ndarray, size: int) -> np.ndarray:
    """``size`` draws from ``population`` with probability proportional to ``weight`` (by inverse CDF)."""
    if size == 0:
        return np.empty(0, dtype=np.int64)
    cumulative = np.cumsum(weight)
    picks = np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right")
    return np.asarray(population[np.minimum(picks, len(population) - 1)])


def write_network(network: GeneratedNetwork, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    firms_path, links_path = out / "firms.parquet", out / "links.parquet"
    pq.write_table(network.firms, firms_path, row_group_size=1_000_000)
    pq.write_table(network.links, links_path, row_group_size=1_000_000)
    return firms_path, links_path
