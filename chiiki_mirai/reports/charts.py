"""A small line chart as self-contained SVG: targets against actuals over half-years or years."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 260, 64, 16, 36, 40


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    points: Mapping[str, float]  # x label -> value
    dashed: bool = False


def line_chart(title: str, xs: Sequence[str], lines: Sequence[Line], unit: str = "") -> str:
    values = [v for line in lines for v in line.points.values()]
    low, high = min([0.0, *values]), max([1.0, *values])
    span = (high - low) or 1.0

    def x(index: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (index / max(len(xs) - 1, 1))

    def y(value: float) -> float:
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (value - low) / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
        '<style>text{font-family:"Noto Sans JP","Hiragino Sans",sans-serif;font-size:11px;fill:#1a1a1a}</style>',
        f'<text x="{LEFT}" y="18" style="font-size:13px;font-weight:700">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#626264"/>',
        f'<text x="{LEFT - 6}" y="{y(high) + 4:.1f}" text-anchor="end">{high:,.0f}{escape(unit)}</text>',
        f'<text x="{LEFT - 6}" y="{y(low) + 4:.1f}" text-anchor="end">{low:,.0f}</text>',
    ]
    step = max(1, len(xs) // 8)
    for index, label in enumerate(xs):
        if index % step == 0:
            parts.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{escape(label)}</text>'
            )
    for number, line in enumerate(lines):
        known = [(i, line.points[label]) for i, label in enumerate(xs) if label in line.points]
        dash = ' stroke-dasharray="6 3"' if line.dashed else ""
        if len(known) > 1:
            path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in known)
            parts.append(
                f'<polyline fill="none" stroke="{line.colour}" stroke-width="2"{dash} points="{path}"/>'
            )
        for i, v in known:
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{line.colour}"><title>{escape(xs[i])}: {v:,.1f}</title></circle>'
            )
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{18 + 14 * number}" text-anchor="end" fill="{line.colour}">— {escape(line.label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
