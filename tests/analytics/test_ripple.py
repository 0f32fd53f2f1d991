"""The input-output model (issue 13 §3) against hand computations and the table's own identities."""

from __future__ import annotations

import numpy as np
import pytest

from chiiki_mirai.analytics.ripple.estimate import Assumptions, estimate, jsic_commodities, rounds
from chiiki_mirai.analytics.ripple.table import IoModel, IoTable, industry_technology, load_model, load_table
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.reference.jsic import jsic
from tests.conftest import EXAMPLES


def test_the_table_reproduces_its_own_totals() -> None:
    """Column sums of intermediate inputs plus value added give each industry's output (the make table's column
    sums); row sums of intermediate and final demand (imports negative) give each commodity's output."""
    table = load_table()
    assert len(table.commodities) == 26 and len(table.industries) == 18
    assert table.use.sum(axis=0) + table.value_added.sum(axis=0) == pytest.approx(
        table.industry_output, abs=1e-6
    )
    assert table.use.sum(axis=1) + table.final.sum(axis=1) == pytest.approx(table.commodity_output, abs=1e-6)
    assert table.industry_output.sum() == pytest.approx(939_674.856, abs=1e-3)  # 10億円: about 940兆円
    gdp = table.value_added.sum()
    assert gdp == pytest.approx(476_900, rel=1e-3)  # 476.9兆円, as the source's own check sheet states


def test_a_two_sector_example_by_hand() -> None:
    """A = [[0.2, 0.3], [0.4, 0.1]]: I − A = [[0.8, −0.3], [−0.4, 0.9]], det = 0.72 − 0.12 = 0.6, so
    L = [[0.9, 0.3], [0.4, 0.8]] / 0.6 = [[1.5, 0.5], [0.6667, 1.3333]]. A final demand of 100 in sector 1
    (all supplied at home) raises output by L·f = (150, 66.67); with value added 0.5 and 0.5 per unit: 108.33."""
    model = tiny([[0.2, 0.3], [0.4, 0.1]], value_added=[0.5, 0.5], compensation=[0.3, 0.3])
    assert model.leontief(1.0) == pytest.approx(np.array([[1.5, 0.5], [0.4 / 0.6, 0.8 / 0.6]]))
    effect = rounds(model, Assumptions(1.0, 0.0, 0.0), np.array([100.0, 0.0]), np.zeros(2))
    assert effect.direct.output == pytest.approx(100)
    assert effect.direct.output + effect.indirect.output == pytest.approx(150 + 40 / 0.6)
    assert (effect.direct + effect.indirect).value_added == pytest.approx(0.5 * (150 + 40 / 0.6))
    assert effect.induced.output == 0  # nothing spent: no second round
    # Second round by hand: compensation 0.3 × 216.67 = 65, all spent on sector 2: L·(0, 65) = 65 × (0.3, 0.8) / 0.6
    # = (32.5, 86.67), 119.17 in all.
    spending = rounds(model, Assumptions(1.0, 0.0, 1.0), np.array([100.0, 0.0]), np.zeros(2))
    assert spending.induced.output == pytest.approx(65 * (0.3 + 0.8) / 0.6)


def test_a_three_sector_textbook_inverse() -> None:
    """The three-sector example of Miller & Blair (2009, §2.6): L·(I − A) = I, and each column sum of L (the
    output multiplier) exceeds one."""
    a = [[0.15, 0.25, 0.05], [0.20, 0.05, 0.40], [0.30, 0.25, 0.05]]
    model = tiny(a, value_added=[0.35, 0.45, 0.5], compensation=[0.2, 0.2, 0.2])
    inverse = model.leontief(1.0)
    assert inverse @ (np.eye(3) - np.array(a)) == pytest.approx(np.eye(3))
    assert inverse[0, 0] == pytest.approx(1.365, abs=1e-3) and inverse[1, 1] == pytest.approx(1.348, abs=1e-3)
    assert all(inverse.sum(axis=0) > 1)


def test_competitive_imports_and_retention_leak_demand() -> None:
    model = tiny(
        [[0.2, 0.3], [0.4, 0.1]], value_added=[0.5, 0.5], compensation=[0.3, 0.3], domestic=[0.5, 1.0]
    )
    half = rounds(model, Assumptions(1.0, 0.0, 0.0), np.array([100.0, 0.0]), np.zeros(2))
    assert half.direct.output == pytest.approx(50)  # half the demand for sector 1 is imported
    regional = rounds(model, Assumptions(0.5, 0.0, 0.0), np.array([100.0, 0.0]), np.zeros(2))
    assert regional.direct.output == pytest.approx(25)
    assert regional.total.output < half.total.output


def test_industry_technology_by_hand() -> None:
    """Two commodities, two industries; industry 2 also makes some of commodity 1.
    make V (commodity × industry) = [[90, 10], [0, 100]]: q = (100, 100), g = (90, 110),
    D = Vᵀ q̂⁻¹ = [[0.9, 0], [0.1, 1.0]]; use U = [[18, 22], [9, 33]]: B = U ĝ⁻¹ = [[0.2, 0.2], [0.1, 0.3]];
    A = B·D = [[0.2·0.9 + 0.2·0.1, 0.2], [0.1·0.9 + 0.3·0.1, 0.3]] = [[0.2, 0.2], [0.12, 0.3]]."""
    a = industry_technology(np.array([[18.0, 22.0], [9.0, 33.0]]), np.array([[90.0, 10.0], [0.0, 100.0]]))
    assert a == pytest.approx(np.array([[0.2, 0.2], [0.12, 0.3]]))


def test_every_jsic_code_has_a_sector_of_the_table() -> None:
    mapping = jsic_commodities()
    assert set(mapping) == set(jsic())  # all 20 divisions and 99 middle groups
    assert set(mapping.values()) <= set(load_table().commodities)
    assert (mapping["E22"], mapping["D06"], mapping["H44"], mapping["P83"], mapping["E09"]) == (
        "eis",
        "con",
        "r_f",
        "mhs",
        "nei",
    )


def test_the_samples_estimates() -> None:
    """燕三条 (C): sales increase 8,000百万円 in 金属製品 (E24 → nei). The direct value added is the table's value-added
    rate of nei times the sales: close to the plan's own 35 % (2,800), and the total exceeds the direct part."""
    plan = load(
        source_from_text("c.yaml", (EXAMPLES / "plans" / "c-tsubame-sanjo-metalware.yaml").read_text())
    )
    assert isinstance(plan, PlanDocument)
    result = estimate(plan)
    model = load_model()
    rate = model.value_added[model.index("nei")]
    assert result.demand.sales_source == "calculation" and result.demand.sales_increase == 8000
    assert result.operations.direct.value_added == pytest.approx(8000 * rate)
    assert 0.25 < rate < 0.4
    assert result.operations.total.value_added > result.operations.direct.value_added
    assert result.demand.capex_source == "projects" and result.stated_value_added == 2800
    assert result.as_json()["jobs"] is None  # no employment table: no job estimate, said, not invented


def tiny(
    a: list[list[float]],
    *,
    value_added: list[float],
    compensation: list[float],
    domestic: list[float] | None = None,
) -> IoModel:
    n = len(a)
    names = tuple(f"s{i}" for i in range(n))
    empty = np.zeros((n, n))
    table = IoTable(names, names, ("hhco",), ("epin",), {}, empty, np.ones((n, 1)), np.eye(n), empty)
    return IoModel(
        table=table,
        technical=np.array(a),
        domestic_share=np.array(domestic or [1.0] * n),
        value_added=np.array(value_added),
        compensation=np.array(compensation),
        consumption=np.eye(n)[-1],  # households buy from the last sector only
    )


def test_the_command_gives_the_same_numbers_as_json_and_text(tmp_path: object) -> None:
    import json

    from click.testing import CliRunner

    from chiiki_mirai.cli.main import main

    path = str(EXAMPLES / "plans" / "c-tsubame-sanjo-metalware.yaml")
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["estimate", path, "--format", "json"]).output)
    plan = load(
        source_from_text("c.yaml", (EXAMPLES / "plans" / "c-tsubame-sanjo-metalware.yaml").read_text())
    )
    assert isinstance(plan, PlanDocument)
    assert data["operations"]["total"]["value_added"] == pytest.approx(
        estimate(plan).operations.total.value_added
    )
    regional = json.loads(
        runner.invoke(main, ["estimate", path, "--format", "json", "--retention", "0.6"]).output
    )
    assert regional["assumptions"]["retention"] == 0.6
    assert regional["operations"]["total"]["output"] < data["operations"]["total"]["output"]
    text = runner.invoke(main, ["estimate", path, "--lang", "en"]).output
    assert "operations (each year from the target year) total" in text and "No job estimate" in text
    bad = runner.invoke(main, ["estimate", str(EXAMPLES / "defective" / "progress-delay-unexplained.yaml")])
    assert bad.exit_code == 2 and "not a plan" in bad.output


def test_the_packaged_multipliers_are_the_tables_own() -> None:
    """The file the pre-check reads (``io2011_multipliers.csv``) is what the estimate's arithmetic gives for the
    packaged table; after a change of table, ``python -m chiiki_mirai.analytics.ripple.multipliers`` writes it."""
    from chiiki_mirai.analytics.ripple.multipliers import compute, multipliers

    packaged, computed = multipliers(), compute()
    assert packaged.keys() == computed.keys() and len(packaged) == 26
    for commodity, m in computed.items():
        assert packaged[commodity].direct_value_added == pytest.approx(m.direct_value_added, rel=1e-12)
        assert packaged[commodity].total_value_added == pytest.approx(m.total_value_added, rel=1e-12)


def test_the_multipliers_give_the_estimates_figures_for_every_plan() -> None:
    """The rule and the national figures read value added from the multipliers; the estimate page computes it with
    the matrices: the two agree on the samples and on generated plans of every type."""
    from benchmarks.plan_generator import generate
    from chiiki_mirai.analytics.ripple.demand import demand_of
    from chiiki_mirai.analytics.ripple.multipliers import direct_value_added, operations_value_added

    samples = sorted((EXAMPLES / "plans").glob("*.yaml"))
    assert samples
    texts = [path.read_text(encoding="utf-8") for path in samples] + list(generate(60))
    compared = 0
    for index, text in enumerate(texts):
        plan = load(source_from_text(f"p{index}.yaml", text))
        if not isinstance(plan, PlanDocument):
            continue
        result = estimate(plan)
        demand = demand_of(plan)
        assert operations_value_added(demand) == pytest.approx(result.operations.total.value_added, rel=1e-9)
        assert direct_value_added(demand) == pytest.approx(result.operations.direct.value_added, rel=1e-9)
        compared += result.operations.total.value_added > 0
    assert compared >= 20


def test_compensation_is_the_tables_compensation_of_employees() -> None:
    """Issue 20 §9: 雇用者所得 includes employers' social contributions (the table's epin + ssce), as it is named."""
    model = load_model()
    table = model.table
    rows = table.value_added_rows
    per_industry = table.value_added / table.industry_output
    shares = (table.make / table.commodity_output[:, None]).T
    wages_only = per_industry[rows.index("epin")] @ shares
    with_contributions = (per_industry[rows.index("epin")] + per_industry[rows.index("ssce")]) @ shares
    assert np.allclose(model.compensation, with_contributions)
    assert (model.compensation > wages_only).all()


def test_the_chart_says_when_the_plan_has_no_value_added_target_and_cuts_no_label() -> None:
    """Issue 22 §5: a plan without a value-added KGI is said to have none (it read 「計画の目標 0百万円」), and the
    amounts after the bars stay inside the picture."""
    import re

    from chiiki_mirai.analytics.ripple.report import chart_svg

    plan = load(
        source_from_text("p.yaml", (EXAMPLES / "plans" / "c-umaji-yuzu.yaml").read_text(encoding="utf-8"))
    )
    assert isinstance(plan, PlanDocument)
    with_target = estimate(plan)
    without = estimate(
        plan.model_copy(update={"kgis": [k for k in plan.kgis if k.kind.value != "value_added"]})
    )
    assert without.stated_value_added is None
    svg = chart_svg(without, "ja")
    assert "付加価値増加額の KGI の記載がありません" in svg and "0百万円" not in svg
    for picture in (svg, chart_svg(with_target, "ja")):
        width = float(re.search(r'viewBox="0 0 (\d+)', picture)[1])  # type: ignore[index]
        for x, text in re.findall(r'<text x="([\d.]+)" y="\d+">([^<]*)</text>', picture):
            assert float(x) + 12 * len(text) <= width, text  # 12 px a character, at most (the font's size)
