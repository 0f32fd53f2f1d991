"""``chiiki-mirai``: check plans, print the schema, convert between YAML and JSON, list the rules.

Exit codes of ``check``: 0 no error findings, 1 error findings, 2 a file could not be read.
Every failure says what and where in Japanese (``--lang en`` for English), never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from chiiki_mirai.i18n import Lang, Text
from chiiki_mirai.plans.choices import PlanType
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.errors import DocumentError
from chiiki_mirai.plans.io import dump, load, read_source
from chiiki_mirai.plans.schema import SCHEMA_NAMES, document_schema
from chiiki_mirai.reports.text import render_text
from chiiki_mirai.rules.engine import Checker
from chiiki_mirai.rules.rulebook import DEFAULT_RULEBOOK, UnknownRulebook, available_rulebooks, load_rulebook
from chiiki_mirai.rules.service import check_paths, exit_code, lang_of

F = TypeVar("F", bound=Callable[..., Any])


def lang_option[F: Callable[..., Any]](function: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["ja", "en"]),
        default=lambda: os.environ.get("CHIIKI_MIRAI_LANG", "ja"),
        show_default="ja",
        help="メッセージの言語 / message language",
    )(function)


def output_option[F: Callable[..., Any]](function: F) -> F:
    return click.option(
        "--output",
        "-o",
        type=click.Path(path_type=Path, dir_okay=False),
        help="出力先ファイル（省略時は標準出力） / output file (default: standard output)",
    )(function)


def rulebook_option[F: Callable[..., Any]](function: F) -> F:
    return click.option(
        "--rulebook",
        "rulebook_version",
        default=DEFAULT_RULEBOOK,
        show_default=True,
        help="ルールブックの版 / rulebook version",
    )(function)


def _fail(message: str, code: int = 2) -> None:
    click.echo(
        click.style("エラー: " if not message.startswith("Error") else "", fg="red") + message, err=True
    )
    sys.exit(code)


def _rulebook_or_fail(version: str, lang: Lang) -> Any:
    try:
        return load_rulebook(version)
    except UnknownRulebook:
        known = ", ".join(available_rulebooks())
        _fail(
            f"ルールブック「{version}」はありません（利用できる版: {known}）。"
            if lang == "ja"
            else f"Error: no rulebook '{version}' (available: {known})."
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chiiki-mirai")
def main() -> None:
    """地域未来戦略の計画を確認・変換するコマンド / Check and convert Regional Future Strategy plans."""


@main.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
@output_option
@rulebook_option
@lang_option
def check(
    plans: tuple[Path, ...], output_format: str, output: Path | None, rulebook_version: str, lang: str
) -> None:
    """計画（YAML/JSON）を事前確認ルールで確認する。終了コード: 0 エラーなし、1 エラーあり、2 読めない入力。

    Check plans against the rulebook. Exit 0: no errors; 1: errors; 2: unreadable input.
    """
    language = lang_of(lang)
    rulebook = _rulebook_or_fail(rulebook_version, language)
    checker = Checker(rulebook, language)
    results = check_paths(checker, list(plans))
    if output_format == "json":
        text = json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2) + "\n"
    elif output_format == "html":
        # Jinja2 is imported only for this format: it cost 0.16 s of every start.
        from chiiki_mirai.reports.html import render_html

        text = render_html(results, rulebook, language)
    else:
        text = render_text(results, language)
    if output is not None:
        _write_atomically(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(exit_code(results))


def _read_or_fail(source: Path, language: Lang) -> tuple[Any, Any]:
    """The file's text and document, or exit 2 with each reading problem located (file, line, field)."""
    try:
        text = read_source(source)
        return text, load(text)
    except DocumentError as exc:
        for problem in exc.problems:
            where = ":".join(str(x) for x in (source, problem.line) if x is not None)
            click.echo(
                f"{where}: {problem.code} {problem.path or ''} {problem.message(language)}".rstrip(), err=True
            )
        sys.exit(2)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--retention", type=click.FloatRange(0, 1), default=1.0, show_default=True, help="域内歩留まり率"
)
@click.option("--construction-share", type=click.FloatRange(0, 1), default=0.3, show_default=True)
@click.option(
    "--propensity", type=click.FloatRange(0, 1), default=0.7, show_default=True, help="平均消費性向"
)
@lang_option
def estimate(
    source: Path,
    output_format: str,
    retention: float,
    construction_share: float,
    propensity: float,
    lang: str,
) -> None:
    """計画の経済波及効果を産業連関表（平成23年、26部門）で試算する。

    Estimate a plan's ripple effects with the 2011 input-output table.
    """
    from chiiki_mirai.analytics.ripple.estimate import Assumptions
    from chiiki_mirai.analytics.ripple.estimate import estimate as run
    from chiiki_mirai.analytics.ripple.report import text_report

    language = lang_of(lang)
    _, document = _read_or_fail(source, language)
    if not isinstance(document, PlanDocument):
        _fail(f"{source}: 計画（plan@1）ではありません / not a plan")
        return
    result = run(document, Assumptions(retention, construction_share, propensity))
    if output_format == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(text_report(result, language))


@main.command()
@click.option("--document", type=click.Choice(SCHEMA_NAMES), default="plan", show_default=True)
def schema(document: str) -> None:
    """文書形式の JSON Schema を出力する / Print the JSON Schema of a document format."""
    click.echo(json.dumps(document_schema(document), ensure_ascii=False, indent=2))  # type: ignore[arg-type]


@main.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "target", type=click.Choice(["yaml", "json"]), help="出力形式（省略時は入力と逆）")
@output_option
@lang_option
def convert(source: Path, target: str | None, output: Path | None, lang: str) -> None:
    """YAML と JSON を相互に変換し、金額表記（1,200億円 など）を数値に正規化する。

    Convert between YAML and JSON, normalising amounts such as 1,200億円 to numbers.
    """
    language = lang_of(lang)
    text, document = _read_or_fail(source, language)
    syntax = target or ("yaml" if text.syntax == "json" else "json")
    rendered = dump(document, syntax)  # type: ignore[arg-type]
    if output is not None:
        _write_atomically(output, rendered)
    else:
        click.echo(rendered, nl=False)


@main.command()
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--type", "plan_type", type=click.Choice(["A", "B", "C"]), help="この類型に適用されるルールだけ"
)
@rulebook_option
@lang_option
def rules(output_format: str, plan_type: str | None, rulebook_version: str, lang: str) -> None:
    """ルールの一覧（ID・重要度・適用類型・根拠）/ The rule catalogue."""
    language = lang_of(lang)
    rulebook = _rulebook_or_fail(rulebook_version, language)
    selected = [r for r in rulebook.rules if plan_type is None or r.applies_to(PlanType(plan_type))]
    if output_format == "json":
        rows = [
            {
                "id": r.id,
                "severity": r.severity.value,
                "types": [t.value for t in r.types],
                "scope": r.scope,
                "title": r.title.get(language),
                "source": r.cite(),
            }
            for r in selected
        ]
        click.echo(json.dumps({"version": rulebook.version, "rules": rows}, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{rulebook.title.get(language)}（{rulebook.version}）"
        if language == "ja"
        else f"{rulebook.title.en} ({rulebook.version})"
    )
    for r in selected:
        types = "".join(t.value for t in r.types)
        click.echo(f"{r.id:<24} {r.severity.value:<8} {types:<4} {r.scope:<9} {r.title.get(language)}")
        if r.cite():
            click.echo(
                click.style(f"{'':<24} {'根拠' if language == 'ja' else 'source'}: {r.cite()}", dim=True)
            )


@main.group()
def network() -> None:
    """取引ネットワークのコネクター度・ハブ度と参考リスト / Connector and hub degrees over the inter-firm network."""


@network.command("generate")
@click.option("--firms", type=click.IntRange(min=10), default=100_000, show_default=True)
@click.option("--links", type=click.IntRange(min=1), default=1_000_000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--year", type=int, default=2025, show_default=True)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True, help="出力先フォルダ")
def network_generate(firms: int, links: int, seed: int, year: int, out: Path) -> None:
    """合成（架空）の全国取引ネットワークを生成する（firms.parquet, links.parquet）/ Generate a synthetic network."""
    from chiiki_mirai.analytics.network.generator import NetworkParameters, generate_network, write_network

    if links > firms * (firms - 1) // 4:
        _fail(f"企業数 {firms:,} に対して取引数 {links:,} が多すぎます。")
    started = time.perf_counter()
    network_ = generate_network(NetworkParameters(firms=firms, links=links, seed=seed, year=year))
    firms_path, links_path = write_network(network_, out)
    click.echo(
        f"{firms_path}（{firms:,}社）, {links_path}（{links:,}件） {time.perf_counter() - started:.1f}秒",
        err=True,
    )


@network.command("degrees")
@click.argument("firms", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("links", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True, help="出力先フォルダ")
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="duckdb: 1台で（既定）/ spark: Apache Spark（Java 17 以上が必要）",
)
@click.option("--year", type=int, help="対象年度（省略時は最新）")
@click.option(
    "--top-share",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=0.03,
    show_default=True,
    help="都道府県内で上位何割を「相対的に高い」とするか",
)
@click.option("--max-employees", type=click.IntRange(min=1), default=2000, show_default=True)
@click.option(
    "--format", "output_format", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True
)
@click.option("--memory-limit", default="6GB", show_default=True, help="超えた分はディスクに退避する")
@lang_option
def network_degrees(
    firms: Path,
    links: Path,
    out: Path,
    engine: str,
    year: int | None,
    top_share: float,
    max_employees: int,
    output_format: str,
    memory_limit: str,
    lang: str,
) -> None:
    """企業ごとのコネクター度・ハブ度・県内順位と、都道府県ごとの参考リストを計算する。

    Compute each firm's connector and hub degree and rank in its prefecture, and the reference list.
    """
    from chiiki_mirai.analytics.network.degrees import OutputFormat, ReferenceListRule, run_duckdb
    from chiiki_mirai.analytics.network.layout import NetworkInputError

    language = lang_of(lang)
    started = time.perf_counter()

    def progress(step: Text) -> None:
        click.echo(f"[{time.perf_counter() - started:6.1f}s] {step.get(language)}", err=True)

    rule = ReferenceListRule(max_employees=max_employees, top_share=top_share)
    fmt = cast(OutputFormat, output_format)  # click has checked it is one of the two
    try:
        if engine == "spark":
            from chiiki_mirai.analytics.network.spark import run_spark

            result = run_spark(firms, links, out, year=year, rule=rule, output_format=fmt, progress=progress)
        else:
            result = run_duckdb(
                firms,
                links,
                out,
                year=year,
                rule=rule,
                output_format=fmt,
                progress=progress,
                memory_limit=memory_limit,
            )
    except NetworkInputError as exc:
        _fail(exc.message(language))
        return
    for line in result.quality.lines(language):
        click.echo(f"  {line}", err=True)
    if language == "ja":
        click.echo(
            f"{result.year}年度: {result.firms:,}社（参考リスト {result.listed:,}社） → {out}（{result.seconds:.1f}秒）"
        )
    else:
        click.echo(
            f"FY{result.year}: {result.firms:,} firms ({result.listed:,} on the reference list) -> {out} ({result.seconds:.1f} s)"
        )


@network.command("picture-distribution")
@click.argument("result", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--prefecture", type=click.IntRange(1, 47), required=True, help="都道府県コード（1〜47）")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="SVG の出力先"
)
def network_picture_distribution(result: Path, prefecture: int, output: Path) -> None:
    """都道府県のコネクター度・ハブ度の分布と参考リストの境界（SVG）/ Degree distribution with the list's cut-off."""
    from chiiki_mirai.analytics.network.pictures import prefecture_distribution

    if not (result / "firm_degrees.parquet").exists():
        _fail(
            f"{result}: firm_degrees.parquet がありません（network degrees --format parquet の出力を指定してください）。"
        )
    _write_atomically(output, prefecture_distribution(result, prefecture))
    click.echo(str(output))


@network.command("picture-ego")
@click.argument("firms", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("links", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--firm", "firm_id", required=True, help="企業ID（法人番号など）")
@click.option("--year", type=int, help="対象年度（省略時はその企業の最新）")
@click.option(
    "--top", type=click.IntRange(1, 30), default=8, show_default=True, help="仕入先・販売先それぞれ何社まで"
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="SVG の出力先"
)
def network_picture_ego(
    firms: Path, links: Path, firm_id: str, year: int | None, top: int, output: Path
) -> None:
    """企業の主な取引先（県内・県外）の図（SVG）/ A firm's main partners inside and outside its prefecture."""
    from chiiki_mirai.analytics.network.layout import NetworkInputError
    from chiiki_mirai.analytics.network.pictures import firm_ego

    try:
        picture = firm_ego(firms, links, firm_id, year=year, top=top)
    except NetworkInputError as exc:
        _fail(exc.message("ja"))
        return
    except LookupError:
        _fail(f"{firms}: 企業ID {firm_id} が見つかりません。")
        return
    _write_atomically(output, picture)
    click.echo(str(output))


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file and rename, so a failure never leaves half a file in place."""
    import tempfile  # only when writing a file: keeps it out of every start

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(text)
        temporary = Path(handle.name)
    temporary.chmod(0o666 & ~_umask())  # a temporary file is private (0600); the report is not
    temporary.replace(path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
