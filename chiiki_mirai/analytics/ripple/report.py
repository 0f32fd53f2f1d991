"""The estimate as people read it: one table (rows of output, value added, compensation by part) and the notes
that say what was read from the plan and what was assumed — for the terminal, the web pages and the API."""

from __future__ import annotations

from dataclasses import asdict

from chiiki_mirai.analytics.ripple.estimate import ASSUMPTION_NOTES, Effect, Estimate, Rounds
from chiiki_mirai.i18n import Lang, Text
from chiiki_mirai.plans.amounts import format_million_yen

PARTS = (
    ("direct", Text("直接効果", "direct")),
    ("indirect", Text("一次波及効果（間接）", "first round (indirect)")),
    ("induced", Text("二次波及効果（消費）", "second round (consumption)")),
)
EFFECTS = (
    (
        "investment",
        Text("投資による効果（投資期間中・一時的）", "investment (one-off, over the investment years)"),
    ),
    (
        "operations",
        Text("売上の増加による効果（目標年度・毎年）", "operations (each year from the target year)"),
    ),
)
_SOURCES = {
    "projects": Text("計画が挙げる投資案件の計", "the investments the plan names"),
    "kgi": Text(
        "官民設備投資額KGIの累計（投資案件の記載がないため）",
        "the capex KGI's cumulative amount (no investments named)",
    ),
    "calculation": Text(
        "付加価値増加額の算定に使った売上増加額", "the sales increase of the value-added calculation"
    ),
    "spillover": Text(
        "域内への波及の売上額の目標を、目標年度の増加分として扱っています（政策文書は増加分か水準かを定めていません）",
        "the sales target of the spillover targets, read as the target year's increase (the seeds do not say "
        "whether it is a level or an increase)",
    ),
    "none": Text("記載なし（推計しません）", "not stated (not estimated)"),
}
NO_JOBS = Text(
    "雇用者数の推計は行いません: 同梱の産業連関表に雇用表がなく、部門別の平均賃金の出典もないためです。",
    "No job estimate: the packaged table has no employment table, and there is no cited wage per sector.",
)
COMPENSATION = Text(
    "雇用者所得は、産業連関表の定義どおり賃金・俸給と社会保険料（雇用主負担）の計です。",
    "Compensation of employees is, as the table defines it, wages and salaries with employers' social contributions.",
)
SOURCE = Text(
    "平成23年（2011年）産業連関表（総務省）26部門（全国）",
    "2011 input-output table of Japan (総務省), 26 sectors",
)


def table(result: Estimate) -> list[tuple[Text, Text, Effect]]:
    """(effect, part, numbers) rows, each effect ending with its total."""
    rows = []
    for key, label in EFFECTS:
        rounds: Rounds = getattr(result, key)
        rows += [(label, part, getattr(rounds, name)) for name, part in PARTS]
        rows.append((label, Text("合計", "total"), rounds.total))
    return rows


def notes(result: Estimate) -> list[Text]:
    """The estimate's inputs, assumptions and limits as lines of text (API, CLI)."""
    return [
        Text(f"{code}: {note.ja}", f"{code}: {note.en}") if code else note
        for code, note in labelled_notes(result)
    ]


def labelled_notes(result: Estimate) -> list[tuple[str, Text]]:
    """The same lines with, apart, the setting each one states (``construction_share = 0.3``): pages show that
    part as code, since it is the name the API and the CLI take."""
    demand = result.demand
    read: list[tuple[str, Text]] = [
        (
            "",
            Text(
                f"設備投資: {format_million_yen(demand.capex)}（{_SOURCES[demand.capex_source].ja}）",
                f"capital investment: {format_million_yen(demand.capex)} ({_SOURCES[demand.capex_source].en})",
            ),
        ),
        (
            "",
            Text(
                f"売上の増加: {format_million_yen(demand.sales_increase)}（{_SOURCES[demand.sales_source].ja}）",
                f"sales increase: {format_million_yen(demand.sales_increase)} ({_SOURCES[demand.sales_source].en})",
            ),
        ),
    ]
    settings = asdict(result.assumptions)
    read += [(f"{name} = {settings[name]:g}", note) for name, note in ASSUMPTION_NOTES.items()]
    return [
        *read,
        ("", COMPENSATION),
        ("", NO_JOBS),
        ("", Text(f"出典: {SOURCE.ja}", f"Source: {SOURCE.en}")),
    ]


def text_report(result: Estimate, lang: Lang) -> str:
    lines = [Text("経済波及効果の試算（百万円）", "Ripple-effect estimate (million yen)").get(lang)]
    for effect, part, numbers in table(result):
        lines.append(
            f"  {effect.get(lang)} {part.get(lang)}: "
            + Text(
                "生産誘発 {o}・付加価値 {v}・雇用者所得 {c}", "output {o}, value added {v}, compensation {c}"
            ).format(
                lang,
                o=format_million_yen(numbers.output),
                v=format_million_yen(numbers.value_added),
                c=format_million_yen(numbers.compensation),
            )
        )
    if result.stated_value_added is not None:
        lines.append(
            Text("計画の付加価値増加額（{y}年度）: {v}", "the plan's value-added target (FY{y}): {v}").format(
                lang, y=result.stated_year, v=format_million_yen(result.stated_value_added)
            )
        )
    lines += [f"  - {note.get(lang)}" for note in notes(result)]
    return "\n".join(lines)


def chart_svg(result: Estimate, lang: Lang) -> str:
    """Value added: the plan's stated target beside the estimate of its operations, stacked by part (SVG, no
    library; text stays text)."""
    from html import escape

    parts = [getattr(result.operations, name).value_added for name, _ in PARTS]
    stated = result.stated_value_added or 0.0
    top = max(sum(parts), stated, 1.0)
    # The amounts are written after the bars: room is kept for the longest (「1兆2,345億6,789万円」), so none is cut.
    width, left, bar = 700, 200, 340
    colours = ("#0031d8", "#5a8bf5", "#b8cdfb")
    title = Text(
        "付加価値: 計画の目標と推計（百万円）",
        "Value added: the plan's target and the estimate (million yen)",
    )
    rows = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 130" role="img" aria-labelledby="ve-t">',
        f'<title id="ve-t">{escape(title.get(lang))}</title>',
        '<style>text{font-family:"Noto Sans JP",sans-serif;font-size:12px;fill:#1a1a1a}</style>',
        f'<text x="0" y="14">{escape(title.get(lang))}</text>',
        f'<text x="0" y="48">{escape(Text("計画の目標", "the plan target").get(lang))}</text>',
        *(
            [
                f'<rect x="{left}" y="36" width="{bar * stated / top:.1f}" height="16" fill="#b7482a"/>',
                f'<text x="{left + bar * stated / top + 4:.1f}" y="48">{escape(format_million_yen(stated))}</text>',
            ]
            if result.stated_value_added is not None
            else [
                f'<text x="{left}" y="48">'
                + escape(
                    Text(
                        "付加価値増加額の KGI の記載がありません（比べる目標がありません）",
                        "the plan states no value-added KGI (no target to compare)",
                    ).get(lang)
                )
                + "</text>"
            ]
        ),
        f'<text x="0" y="88">{escape(Text("推計（売上の増加）", "estimate (operations)").get(lang))}</text>',
    ]
    x = float(left)
    for value, colour in zip(parts, colours, strict=True):
        rows.append(f'<rect x="{x:.1f}" y="76" width="{bar * value / top:.1f}" height="16" fill="{colour}"/>')
        x += bar * value / top
    rows.append(f'<text x="{x + 4:.1f}" y="88">{escape(format_million_yen(sum(parts)))}</text>')
    legend = " / ".join(f"{label.get(lang)}" for _, label in PARTS)
    rows.append(
        f'<text x="{left}" y="116">{escape(legend)}（{escape("濃→淡" if lang == "ja" else "dark to light")}）</text>'
    )
    rows.append("</svg>")
    return "".join(rows)
