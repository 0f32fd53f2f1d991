"""Loading and dumping plan@1 / progress@1: lossless round trips and located, bilingual errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.errors import DocumentError
from chiiki_mirai.plans.io import (
    MAX_BYTES,
    SyntaxName,
    decode_text,
    dump,
    load,
    load_path,
    read_source,
    source_from_text,
)
from tests.conftest import EXAMPLES, GOOD_PLANS


def problems_of(text: str, name: str = "plan.yaml") -> list[tuple[str, str | None, int | None, str]]:
    with pytest.raises(DocumentError) as caught:
        load(source_from_text(name, text))
    return [(p.code, p.path, p.line, p.message("ja")) for p in caught.value.problems]


@pytest.mark.parametrize("path", GOOD_PLANS, ids=lambda p: p.name)
@pytest.mark.parametrize("syntax", ["yaml", "json"])
def test_samples_round_trip_losslessly(path: Path, syntax: SyntaxName) -> None:
    first = load_path(path).document
    text = dump(first, syntax)
    second = load(source_from_text(f"again.{syntax}", text))
    assert second == first
    assert dump(second, syntax) == text  # a second trip changes nothing


def test_amount_strings_are_normalised_on_load() -> None:
    plan = load_path(EXAMPLES / "plans" / "b-fukushima-medical-devices.yaml").document
    assert isinstance(plan, PlanDocument)
    capex = plan.kgis[0]
    assert capex.cumulative is not None and capex.cumulative.value == 180_000  # "1,800億円"
    assert plan.pathway is not None and plan.pathway.investments[1].amount == 45_000  # "450億円"


def test_amount_in_a_kgi_with_another_money_unit_is_converted_into_it() -> None:
    text = "format: chiiki-mirai/plan@1\nplan_type: B\nkgis:\n  - {id: c, kind: capex, unit: 億円, target: {fy: 2035, value: 1兆円}}\n"
    plan = load(source_from_text("p.yaml", text))
    assert isinstance(plan, PlanDocument)
    assert plan.kgis[0].target is not None and plan.kgis[0].target.value == 10_000


def test_unset_fields_are_not_written_back() -> None:
    text = "format: chiiki-mirai/plan@1\nplan_type: C\ntitle: 最小の計画\n"
    plan = load(source_from_text("p.yaml", text))
    assert dump(plan, "yaml") == text


def test_yaml_12_scalars_keep_codes_and_words() -> None:
    # 010006 would be octal 4102 in YAML 1.1; "no" would be False.
    text = "format: chiiki-mirai/plan@1\nplan_type: B\ntitle: no\nauthors:\n  - code: 010006\n"
    plan = load(source_from_text("p.yaml", text))
    assert isinstance(plan, PlanDocument)
    assert plan.authors[0].code == "010006"
    assert plan.title == "no"


def test_a_code_typed_as_a_number_regains_its_leading_zero() -> None:
    plan = load(
        source_from_text(
            "p.json", '{"format": "chiiki-mirai/plan@1", "plan_type": "B", "authors": [{"code": 70009}]}'
        )
    )
    assert isinstance(plan, PlanDocument) and plan.authors[0].code == "070009"


def test_wrong_types_are_located_by_path_and_line() -> None:
    problems = problems_of((EXAMPLES / "defective" / "input-wrong-types.yaml").read_text(encoding="utf-8"))
    by_path = {path: (line, message) for _, path, line, message in problems}
    assert by_path["industry.products[0].market"][0] == 9
    assert "overseas（海外）" in by_path["industry.products[0].market"][1]
    assert by_path["kgis[0].target.value"] == (
        16,
        "金額・数値として読めません（値: たくさん）。例: 12000、1,200億円、３５０百万円、12.5億（単位: 百万円）",
    )
    assert by_path["policy.measures[0].deadline"][0] == 20
    assert "「kgis」の誤りではありませんか" in by_path["kgi"][1]
    assert {code for code, *_ in problems} == {"INPUT-TYPE"}


def test_errors_are_said_in_english_on_request() -> None:
    with pytest.raises(DocumentError) as caught:
        load(source_from_text("p.yaml", "format: chiiki-mirai/plan@1\nplan_type: D\n"))
    (problem,) = caught.value.problems
    assert problem.path == "plan_type" and problem.line == 2
    assert problem.message("en") == "Expected one of: A, B, C (got: D)"
    assert problem.message("ja").startswith("次のいずれかを指定してください: A（戦略産業クラスター計画）")


def test_json_errors_are_located_too() -> None:
    problems = problems_of(
        '{\n  "format": "chiiki-mirai/plan@1",\n  "plan_type": "B",\n  "period": {"start_fy": "来年"}\n}',
        "p.json",
    )
    assert problems == [
        (
            "INPUT-TYPE",
            "period.start_fy",
            4,
            "年度として読めません（値: 来年）。例: 2026、2026年度、令和8年度",
        )
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("format: chiiki-mirai/plan@1\nplan_type: B\n  title: x\n", "INPUT-SYNTAX"),
        ("{", "INPUT-SYNTAX"),
        ("- a\n- b\n", "INPUT-NOT-DOCUMENT"),
        ("", "INPUT-NOT-DOCUMENT"),
        ("format: chiiki-mirai/plan@2\nplan_type: B\n", "FMT-VERSION"),
        ("plan_type: B\ntitle: x\n", "FMT-VERSION"),
        ("format: chiiki-mirai/plan@1\nplan_type: B\nplan_type: C\n", "INPUT-DUPLICATE-KEY"),
        ("[" * 100_000, "INPUT-SYNTAX"),
    ],
)
def test_unreadable_documents_name_their_problem(text: str, code: str) -> None:
    assert problems_of(text)[0][0] == code


def test_alias_bombs_are_refused_not_expanded() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefg", "abcdef", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    ((code, _, _, message),) = problems_of("\n".join(levels) + "\n")
    assert code == "INPUT-SYNTAX"
    assert "別名（&・*）の展開が多すぎます" in message


def test_fast_and_diagnostic_parsers_agree_on_the_samples() -> None:
    """The diagnosis (libyaml's events) finds nothing wrong in a good text, and the YAML 1.2 loader that the
    scripts and benchmarks use reads the samples as yaml-rs does."""
    import yaml

    from chiiki_mirai.plans.io import _Loader, _parse_for_diagnosis, parse

    for path in GOOD_PLANS:
        source = read_source(path)
        assert _parse_for_diagnosis(source) is None, path.name
        fast = PlanDocument.model_validate(parse(source))
        slow = PlanDocument.model_validate(yaml.load(source.text, Loader=_Loader))
        assert fast == slow, path.name


def test_duplicate_json_keys_are_refused() -> None:
    assert (
        problems_of('{"format": "chiiki-mirai/plan@1", "plan_type": "B",\n "plan_type": "C"}', "p.json")[0][0]
        == "INPUT-DUPLICATE-KEY"
    )


def test_shift_jis_is_detected_and_named() -> None:
    with pytest.raises(DocumentError) as caught:
        decode_text("format: chiiki-mirai/plan@1\ntitle: 燕三条\n".encode("cp932"))
    (problem,) = caught.value.problems
    assert problem.code == "INPUT-ENCODING"
    assert "Shift_JIS" in problem.message("ja")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"PK\x03\x04rest", "INPUT-BINARY"),
        (b"%PDF-1.7", "INPUT-BINARY"),
        (b"\x00\x01\x02", "INPUT-BINARY"),
        ("format: x".encode("utf-16"), "INPUT-ENCODING"),
        (b"\xef\xbb\xbfformat: ok", None),
    ],
)
def test_bytes_that_are_not_utf8_text(data: bytes, code: str | None) -> None:
    if code is None:
        assert decode_text(data) == "format: ok"  # a UTF-8 BOM (Excel, Notepad) is accepted
        return
    with pytest.raises(DocumentError) as caught:
        decode_text(data)
    assert caught.value.problems[0].code == code


def test_files_over_five_megabytes_are_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(DocumentError) as caught:
        read_source(big)
    assert caught.value.problems[0].code == "INPUT-SIZE"


def test_progress_reports_load() -> None:
    report = load_path(EXAMPLES / "progress" / "b-fukushima-2027h1.yaml").document
    assert isinstance(report, ProgressReport)
    assert report.period == "2027H1" and report.measures[1].status.value == "delayed"


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
        max_leaves=12,
    )
)
def test_arbitrary_data_never_escapes_as_an_unexpected_exception(data: object) -> None:
    document = {"format": "chiiki-mirai/plan@1", "plan_type": "B", "industry": data}
    try:
        load(source_from_text("fuzz.json", json.dumps(document)))
    except DocumentError as exc:
        assert all(p.message("ja") and p.message("en") for p in exc.problems)


@pytest.mark.parametrize(
    ("text", "line", "path"),
    [
        ("format: chiiki-mirai/plan@1\ntitle: 北九州\x00ロボット\n", 2, None),  # the YAML reader cut it short
        ('format: chiiki-mirai/plan@1\ntitle: "北九州\\0ロボット"\n', 2, "title"),  # a YAML escape
        ('{"format": "chiiki-mirai/plan@1",\n "title": "a\\u0000b"}', 2, "title"),  # a JSON escape
    ],
)
def test_a_nul_character_is_refused_where_it_stands(text: str, line: int, path: str | None) -> None:
    with pytest.raises(DocumentError) as refused:
        load(source_from_text("plan.json" if text.startswith("{") else "plan.yaml", text))
    [problem] = refused.value.problems
    assert (problem.code, problem.line, problem.path) == ("INPUT-BINARY", line, path)
