"""Pictures of the network as self-contained SVG (no plotting library, nothing fetched; text stays selectable).

- ``distribution_svg``: a prefecture's connector and hub degrees by rank on log–log axes, with the reference
  list's cut-off rank marked — the heavy tail is visible, and so is where "relatively high" was drawn.
- ``ego_svg``: one firm and its largest partners, suppliers on the left and buyers on the right, partners in the
  same prefecture filled and others outlined, line width by amount — who makes it a connector or a hub.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import duckdb

from chiiki_mirai.analytics.network.layout import register_inputs

WIDTH, HEIGHT, MARGIN = 720, 440, 64
COLOURS = {"connector": "#0031d8", "hub": "#b7482a"}  # distinguishable in greyscale as well (dashed hub line)


@dataclass(frozen=True)
class Series:
    name: str  # connector / hub
    label: str
    degrees: Sequence[float]  # positive degrees, largest first
    cutoff: int  # ranks up to this one are listed (before the employee cap)


def _log_scale(value: float, low: float, high: float, start: float, end: float) -> float:
    span = math.log10(high) - math.log10(low) or 1.0
    return start + (math.log10(value) - math.log10(low)) / span * (end - start)


def distribution_svg(title: str, series: Sequence[Series]) -> str:
    points = [d for s in series for d in s.degrees if d > 0]
    ranks = max((len(s.degrees) for s in series), default=1)
    low, high = (min(points), max(points)) if points else (1e-6, 1.0)
    low = min(low, high / 10)
    x0, x1, y0, y1 = MARGIN, WIDTH - MARGIN / 2, HEIGHT - MARGIN, MARGIN / 2

    def x(rank: float) -> float:
        return _log_scale(rank, 1, max(ranks, 10), x0, x1)

    def y(degree: float) -> float:
        return _log_scale(degree, low, high, y0, y1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="t">',
        f'<title id="t">{escape(title)}</title>',
        '<style>text{font-family:"Noto Sans JP","Hiragino Sans",sans-serif;font-size:12px;fill:#1a1a1a}</style>',
        f'<text x="{x0}" y="20" style="font-size:15px;font-weight:700">{escape(title)}</text>',
        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="#626264"/>',
        f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#626264"/>',
        f'<text x="{(x0 + x1) / 2}" y="{HEIGHT - 20}" text-anchor="middle">県内順位（対数目盛）</text>',
        f'<text x="16" y="{(y0 + y1) / 2}" transform="rotate(-90 16 {(y0 + y1) / 2})" text-anchor="middle">度数（対数目盛）</text>',
    ]
    for power in range(int(math.log10(max(ranks, 10))) + 1):
        parts.append(f'<text x="{x(10**power):.1f}" y="{y0 + 16}" text-anchor="middle">{10**power:,}</text>')
    for power in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        if low <= 10**power <= high:
            parts.append(f'<text x="{x0 - 6}" y="{y(10**power) + 4:.1f}" text-anchor="end">1e{power}</text>')
    for index, s in enumerate(series):
        colour, dash = COLOURS.get(s.name, "#1a1a1a"), "" if index == 0 else ' stroke-dasharray="6 3"'
        # At most ~2,000 vertices: a million-point polyline says nothing more and weighs megabytes.
        step = max(1, len(s.degrees) // 2000)
        kept = [(r + 1, d) for r, d in enumerate(s.degrees) if d > 0 and (r % step == 0 or r < 100)]
        if kept:
            path = " ".join(f"{x(r):.1f},{y(d):.1f}" for r, d in kept)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{path}"/>')
        if s.cutoff:
            cx = x(s.cutoff)
            parts.append(f'<line x1="{cx:.1f}" y1="{y0}" x2="{cx:.1f}" y2="{y1}" stroke="{colour}"{dash}/>')
            parts.append(
                f'<text x="{cx + 4:.1f}" y="{y1 + 14 + 16 * index}" fill="{colour}">'
                f"{escape(s.label)}: 上位{s.cutoff:,}社まで掲載</text>"
            )
        parts.append(
            f'<text x="{x1 - 4}" y="{y1 + 40 + 16 * index}" text-anchor="end" fill="{colour}">'
            f"— {escape(s.label)}（{len(s.degrees):,}社）</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def prefecture_distribution(result: Path, prefecture: int) -> str:
    """The distribution picture of one prefecture from the output folder of ``network degrees``."""
    con = duckdb.connect()
    table = f"read_parquet('{str(result / 'firm_degrees.parquet').replace(chr(39), chr(39) * 2)}')"
    series = []
    for name, label in (("connector", "コネクター度"), ("hub", "ハブ度")):
        rows = con.execute(
            f"SELECT {name}_degree, {name}_cutoff FROM {table} WHERE prefecture = ? AND {name}_rank IS NOT NULL "
            f"ORDER BY {name}_degree DESC",
            [prefecture],
        ).fetchall()
        series.append(Series(name, label, [float(r[0]) for r in rows], int(rows[0][1]) if rows else 0))
    return distribution_svg(
        f"都道府県コード {prefecture:02d}: コネクター度・ハブ度の分布と参考リストの境界", series
    )


@dataclass(frozen=True)
class Partner:
    name: str
    amount: float
    sells_to_firm: bool  # True: a supplier of the firm; False: a buyer
    same_prefecture: bool


def ego_svg(title: str, firm: str, partners: Sequence[Partner]) -> str:
    cx, cy, radius = WIDTH / 2, HEIGHT / 2 + 10, HEIGHT / 2 - 60
    largest = max((p.amount for p in partners), default=1.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="t">',
        f'<title id="t">{escape(title)}</title>',
        '<style>text{font-family:"Noto Sans JP","Hiragino Sans",sans-serif;font-size:11px;fill:#1a1a1a}</style>',
        f'<text x="16" y="20" style="font-size:15px;font-weight:700">{escape(title)}</text>',
        f'<text x="16" y="{HEIGHT - 12}">左: 仕入先（→当社）／右: 販売先（当社→）／塗り: 同じ都道府県、白抜き: 他の都道府県／線の太さ: 取引額</text>',
    ]
    for side, group in (
        (-1, [p for p in partners if p.sells_to_firm]),
        (1, [p for p in partners if not p.sells_to_firm]),
    ):
        for i, partner in enumerate(group):
            angle = math.pi * (i + 1) / (len(group) + 1) - math.pi / 2
            px, py = cx + side * radius * math.cos(angle), cy + radius * math.sin(angle)
            width = 1 + 9 * math.sqrt(partner.amount / largest)
            fill = "#0031d8" if partner.same_prefecture else "#ffffff"
            parts.append(
                f'<line x1="{cx}" y1="{cy}" x2="{px:.1f}" y2="{py:.1f}" stroke="#949497" stroke-width="{width:.1f}"/>'
            )
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="7" fill="{fill}" stroke="#0031d8" stroke-width="2"/>'
            )
            anchor, dx = ("end", -10) if side < 0 else ("start", 10)
            parts.append(
                f'<text x="{px + dx:.1f}" y="{py + 4:.1f}" text-anchor="{anchor}">{escape(partner.name)}（{partner.amount:,.0f}）</text>'
            )
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="14" fill="#1a1a1a"/>')
    parts.append(
        f'<text x="{cx}" y="{cy + 30}" text-anchor="middle" style="font-weight:700">{escape(firm)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def firm_ego(firms: Path, links: Path, firm_id: str, *, year: int | None = None, top: int = 8) -> str:
    """The ego picture of one firm, read straight from the inputs (a filtered scan, not the whole pipeline)."""
    con = duckdb.connect()
    register_inputs(con, firms, links)
    key = int(firm_id) if firm_id.isdigit() else firm_id
    ego = con.execute(
        "SELECT name, substr(trim(location), 1, 2) FROM firms_input WHERE firm_id = ? LIMIT 1", [key]
    ).fetchone()
    if ego is None:
        raise LookupError(firm_id)
    if year is None:
        row = con.execute(
            "SELECT max(year) FROM links_input WHERE supplier_id = ? OR buyer_id = ?", [key, key]
        ).fetchone()
        year = int(row[0]) if row and row[0] is not None else 0
    rows = con.execute(
        """WITH mine AS (
               SELECT CASE WHEN supplier_id = $id THEN buyer_id ELSE supplier_id END AS partner,
                      buyer_id = $id AS sells_to_firm, max(amount) AS amount
               FROM links_input
               WHERE (supplier_id = $id OR buyer_id = $id) AND supplier_id <> buyer_id AND year = $year AND amount >= 0
               GROUP BY ALL
           ), ranked AS (
               SELECT *, row_number() OVER (PARTITION BY sells_to_firm ORDER BY amount DESC) AS n FROM mine
           )
           SELECT coalesce(f.name, CAST(r.partner AS VARCHAR)), r.amount, r.sells_to_firm,
                  substr(trim(f.location), 1, 2) = $prefecture
           FROM ranked r LEFT JOIN firms_input f ON f.firm_id = r.partner
           WHERE r.n <= $top ORDER BY r.sells_to_firm, r.amount DESC""",
        {"id": key, "year": year, "prefecture": ego[1], "top": top},
    ).fetchall()
    partners = [
        Partner(str(name), float(amount), bool(sells), bool(same)) for name, amount, sells, same in rows
    ]
    name = ego[0] or firm_id
    return ego_svg(f"{name} の主な取引先（{year}年度、上位{top}社ずつ）", str(name), partners)
