"""A map of Japan as inline SVG, drawn from the prefecture boundaries shipped with the package (no tile server,
no script): a choropleth by prefecture with sized points on top.

Projection: plate carrée scaled by cos 36° (the country's middle latitude), which keeps shapes recognisable at
this scale. Okinawa is drawn in a framed inset in the empty north-west corner, as Japanese national maps do;
islands beyond the frame (南鳥島, 沖ノ鳥島) are left out. Outlines are thinned to one point per ~1.2 px.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

from chiiki_mirai.resources import reference_data

WIDTH = 720
WEST, EAST, SOUTH, NORTH = 128.3, 146.2, 26.9, 45.7
SCALE = WIDTH / ((EAST - WEST) * math.cos(math.radians(36)))
HEIGHT = round((NORTH - SOUTH) * SCALE)
OKINAWA = 47
# Okinawa (lon 122.9–131.4, lat 24.0–27.9) moved into the north-west corner.
INSET_SHIFT = (6.0, 17.4)
INSET_BOX = (128.7, 41.3, 137.6, 45.5)  # west, south, east, north after the shift
THIN = 1.2  # px: a vertex closer than this to the last kept one is dropped

# Sequential blues (ColorBrewer "Blues", colour-blind safe); grey for no investment.
CLASS_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NONE_COLOUR = "#f0f0f0"


def project(lon: float, lat: float, prefecture: int | None = None) -> tuple[float, float]:
    if prefecture == OKINAWA:
        lon, lat = lon + INSET_SHIFT[0], lat + INSET_SHIFT[1]
    return (lon - WEST) * SCALE * math.cos(math.radians(36)), (NORTH - lat) * SCALE


def _ring_path(ring: Sequence[Sequence[float]], prefecture: int) -> str:
    points: list[tuple[float, float]] = []
    for lon, lat in ring:
        x, y = project(lon, lat, prefecture)
        if not points or abs(x - points[-1][0]) + abs(y - points[-1][1]) >= THIN:
            points.append((x, y))
    if len(points) < 3:
        return ""  # an islet smaller than a pixel or two
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"


@cache
def prefecture_paths() -> dict[int, tuple[str, str]]:
    """Prefecture code -> (name, SVG path data), computed once per process."""
    source = reference_data("prefectures.geojson")
    paths: dict[int, tuple[str, str]] = {}
    for feature in json.loads(source)["features"]:
        code = int(feature["properties"]["pref_code"])
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        data = "".join(_ring_path(ring, code) for polygon in polygons for ring in polygon)
        paths[code] = (feature["properties"]["name_ja"], data)
    return paths


def classes(values: Iterable[float], count: int = len(CLASS_COLOURS)) -> list[float]:
    """Upper bounds of at most ``count`` classes of the positive values: quantiles rounded up to two significant
    figures (round amounts a reader can compare), each bound above the last, and no class without a value in it —
    so a legend never reads 「4,100億円 〜 4,100億円」. Empty when there are no positive values."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    quantiles = [
        positive[min(len(positive) - 1, math.ceil(len(positive) * (i + 1) / count) - 1)] for i in range(count)
    ]
    bounds: list[float] = []
    for bound in (*map(round_up, quantiles), round_up(positive[-1])):
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    kept, lower = [], 0.0
    for bound in bounds:
        if any(lower < v <= bound for v in positive):
            kept.append(bound)
            lower = bound
    return kept


def round_up(value: float, figures: int = 2) -> float:
    """``value`` rounded up to ``figures`` significant figures: 4,123 → 4,200; 0.0347 → 0.035."""
    step = 10.0 ** (math.floor(math.log10(value)) - figures + 1)
    return float(round(math.ceil(round(value / step, 9)) * step, 12))


def colour_of(value: float, bounds: Sequence[float]) -> str:
    if value <= 0 or not bounds:
        return NONE_COLOUR
    return next(
        (c for c, bound in zip(CLASS_COLOURS, bounds, strict=True) if value <= bound), CLASS_COLOURS[-1]
    )


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    prefecture: int
    value: float
    label: str


def japan_map(
    values: Mapping[int, float],
    points: Sequence[MapPoint],
    describe: Callable[[str, float], str],
    title: str,
    legend_format: Callable[[float], str],
) -> str:
    """The choropleth of ``values`` (prefecture code -> amount) with ``points`` sized by area.

    ``describe(name, value)`` gives each prefecture's tooltip; ``legend_format`` writes a class bound.
    """
    bounds = classes(values.values())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="map-title" class="japan-map"><title id="map-title">{escape(title)}</title>',
        f'<rect x="{project(INSET_BOX[0], 0)[0]:.1f}" y="{project(0, INSET_BOX[3])[1]:.1f}" '
        f'width="{(INSET_BOX[2] - INSET_BOX[0]) * SCALE * math.cos(math.radians(36)):.1f}" '
        f'height="{(INSET_BOX[3] - INSET_BOX[1]) * SCALE:.1f}" fill="none" stroke="#999" stroke-width="0.8"/>',
        '<g stroke="#fff" stroke-width="0.5">',
    ]
    for code, (name, data) in sorted(prefecture_paths().items()):
        value = values.get(code, 0.0)
        # Okinawa's islands are a few pixels at this scale: outlined in grey so they show even when unfilled.
        outline = ' stroke="#767676" stroke-width="0.8"' if code == OKINAWA else ""
        parts.append(
            f'<path d="{data}" fill="{colour_of(value, bounds)}" data-pref="{code:02d}"{outline}>'
            f"<title>{escape(describe(name, value))}</title></path>"
        )
    parts.append("</g>")
    label_x, label_y = project(INSET_BOX[0] + 0.3, INSET_BOX[3] - 0.5)
    parts.append(f'<text x="{label_x:.1f}" y="{label_y:.1f}" font-size="12" fill="#333">沖縄県</text>')
    largest = max((p.value for p in points), default=0.0)
    parts.append('<g fill="#e6550d" fill-opacity="0.55" stroke="#a63603" stroke-width="0.6">')
    for point in sorted(points, key=lambda p: -p.value):  # big ones below, so small ones stay clickable
        x, y = project(point.lon, point.lat, point.prefecture)
        radius = 2 + 14 * math.sqrt(point.value / largest) if largest > 0 else 2
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"><title>{escape(point.label)}</title></circle>'
        )
    parts.append("</g>")
    parts.append(_legend(bounds, legend_format))
    parts.append("</svg>")
    return "".join(parts)


def _legend(bounds: Sequence[float], legend_format: Callable[[float], str]) -> str:
    x, y = WIDTH - 200, HEIGHT - 24 * (len(bounds) + 1) - 10
    rows = [(NONE_COLOUR, "なし")]
    lower: float | None = None
    for colour, bound in zip(CLASS_COLOURS, bounds, strict=False):
        start = f"{legend_format(lower)}超 " if lower is not None else ""
        rows.append((colour, f"{start}〜 {legend_format(bound)}"))
        lower = bound
    parts = ['<g font-size="12" class="legend">']
    for i, (colour, text) in enumerate(rows):
        parts.append(
            f'<rect x="{x}" y="{y + i * 24}" width="18" height="16" fill="{colour}" stroke="#999" stroke-width="0.5"/>'
            f'<text x="{x + 24}" y="{y + i * 24 + 13}">{escape(text)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
