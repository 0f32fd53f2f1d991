"""The pictures: well-formed SVG that shows the list's cut-off and a firm's partners on the right side."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from chiiki_mirai.analytics.network.degrees import ReferenceListRule, run_duckdb
from chiiki_mirai.analytics.network.pictures import Partner, Series, distribution_svg, ego_svg
from chiiki_mirai.cli.main import main
from tests.analytics.test_network import network  # noqa: F401  (the hand-computed network fixture)

SVG = "{http://www.w3.org/2000/svg}"


def test_distribution_marks_the_cutoff_and_thins_long_series() -> None:
    degrees = [1 / r for r in range(1, 50_001)]
    svg = distribution_svg(
        "分布 <テスト>",
        [Series("connector", "コネクター度", degrees, 1500), Series("hub", "ハブ度", degrees[:10], 1)],
    )
    root = ET.fromstring(svg)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "分布 <テスト>"  # escaped in the file, intact when read
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 2 and len(lines[0].get("points", "").split()) < 2_200
    assert "コネクター度: 上位1,500社まで掲載" in svg and "ハブ度: 上位1社まで掲載" in svg


def test_cli_pictures_from_the_hand_network(network: tuple[Path, Path], tmp_path: Path) -> None:  # noqa: F811
    firms, links = network
    out = tmp_path / "result"
    run_duckdb(firms, links, out, rule=ReferenceListRule(top_share=0.5))
    runner = CliRunner()
    picture = tmp_path / "dist.svg"
    result = runner.invoke(
        main, ["network", "picture-distribution", str(out), "--prefecture", "7", "-o", str(picture)]
    )
    assert result.exit_code == 0, result.output
    svg = picture.read_text(encoding="utf-8")
    # 福島: connector degrees A 100/110, B 10/110 (two active, half → cut-off rank 1); hubs A 50/100, B 50/100.
    assert "コネクター度: 上位1社まで掲載" in svg and "（2社）" in svg
    ego = tmp_path / "ego.svg"
    result = runner.invoke(
        main, ["network", "picture-ego", str(firms), str(links), "--firm", "A", "-o", str(ego)]
    )
    assert result.exit_code == 0, result.output
    text = ego.read_text(encoding="utf-8")
    ET.fromstring(text)
    # A sells to C (東京, 100) and B (福島, 50); buys from B (30), D (20) and C (70). Suppliers are drawn left.
    sides: dict[str, list[str]] = {}
    for m in re.finditer(r'<text x="([\d.]+)"[^>]*>([^（<]+)（', text):
        sides.setdefault(m.group(2), []).append("left" if float(m.group(1)) < 360 else "right")
    assert sides["丁社"] == ["left"]  # D only supplies A
    assert sorted(sides["丙社"]) == ["left", "right"]  # C both buys from and sells to A
    assert "2025年度" in text
    missing = runner.invoke(
        main, ["network", "picture-ego", str(firms), str(links), "--firm", "Q", "-o", str(ego)]
    )
    assert missing.exit_code == 2 and "Q" in missing.output


def test_ego_fills_same_prefecture_partners_and_escapes_names() -> None:
    svg = ego_svg(
        "t",
        "甲社",
        [Partner("<b>乙</b>", 50, True, True), Partner("丙社", 100, False, False)],
    )
    root = ET.fromstring(svg)
    circles = [c.get("fill") for c in root.findall(f"{SVG}circle")]
    assert circles[:2] == ["#0031d8", "#ffffff"]
    assert "&lt;b&gt;乙&lt;/b&gt;" in svg
