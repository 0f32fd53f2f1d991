"""The command line as a user runs it: exit codes, output shapes, and no traceback on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from chiiki_mirai.cli.main import main
from chiiki_mirai.plans.io import MAX_BYTES
from tests.conftest import EXAMPLES, GOOD_PLANS

DEFECTIVE = EXAMPLES / "defective"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_good_plans_exit_zero_with_a_summary() -> None:
    result = run("check", *GOOD_PLANS)
    assert result.exit_code == 0
    assert result.output.count("■ ") == len(GOOD_PLANS)
    assert "エラー 0件" in result.output
    assert "\x1b[" not in result.output  # no colour codes when not writing to a terminal


def test_plans_with_errors_exit_one() -> None:
    assert run("check", DEFECTIVE / "b-sections.yaml").exit_code == 1


def test_warnings_alone_exit_zero() -> None:
    result = run("check", *sorted((DEFECTIVE / "b-count").glob("*.yaml")))
    assert result.exit_code == 0 and "B-COUNT" in result.output


@pytest.mark.parametrize(
    "name",
    [
        "input-malformed.yaml",
        "input-shift-jis.yaml",
        "input-excel-renamed.yaml",
        "input-unknown-format.yaml",
        "input-not-a-plan.yaml",
        "input-wrong-types.yaml",
        "input-duplicate-key.yaml",
    ],
)
def test_unreadable_input_exits_two_without_a_traceback(name: str) -> None:
    result = run("check", DEFECTIVE / name)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "[エラー]" in result.output


def test_unreadable_input_wins_over_errors_in_other_files() -> None:
    assert run("check", DEFECTIVE / "b-sections.yaml", DEFECTIVE / "input-malformed.yaml").exit_code == 2


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    result = run("check", "--format", "json", tmp_path / "missing.yaml", big)
    assert result.exit_code == 2
    rules = [[f["rule"] for f in r["findings"]] for r in json.loads(result.output)]
    assert rules == [["INPUT-READ"], ["INPUT-SIZE"]]


def test_json_shape() -> None:
    result = run(
        "check",
        "--format",
        "json",
        EXAMPLES / "plans" / "b-kitakyushu-robotics.yaml",
        DEFECTIVE / "input-malformed.yaml",
    )
    files = json.loads(result.output)
    assert [set(f) for f in files] == [{"file", "plan_type", "title", "findings"}] * 2
    plan, broken = files
    assert (plan["plan_type"], plan["title"]) == ("B", "北九州ロボット・自動化システム産業クラスター計画")
    assert {"rule", "severity", "path", "message", "source"} <= set(plan["findings"][0])
    assert broken["plan_type"] is None
    assert broken["findings"][0]["rule"] == "INPUT-SYNTAX" and broken["findings"][0]["line"] == 7


def test_english_messages() -> None:
    result = run("check", "--lang", "en", DEFECTIVE / "input-shift-jis.yaml")
    assert "The text is not UTF-8 (it looks like Shift_JIS (CP932)). Save it again as UTF-8." in result.output


def test_html_report_is_printable_japanese_and_escapes_hostile_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        'format: chiiki-mirai/plan@1\nplan_type: B\ntitle: "<script>alert(1)</script>計画"\n'
        'requirements:\n  external_dependency: "<img src=x onerror=alert(1)>国内調達"\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    result = run(
        "check", "--format", "html", "-o", out, EXAMPLES / "plans" / "a-kumamoto-semiconductor.yaml", hostile
    )
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "事前確認 自動チェック結果" in html
    assert "2兆1,800億円" in html and "2040年度（令和22年度）" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert "@page" in html  # print layout
    assert out.stat().st_mode & 0o044  # readable by colleagues, as any file the user writes


def test_unknown_rulebook_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["check", "--rulebook", "1999-01", str(GOOD_PLANS[0])])
    assert result.exit_code == 2
    assert "ルールブック「1999-01」はありません（利用できる版: 2026-05, 2026-12, 2026-12b）" in result.output


def test_convert_normalises_amounts_and_round_trips(tmp_path: Path) -> None:
    source = EXAMPLES / "plans" / "b-fukushima-medical-devices.yaml"
    as_json = tmp_path / "plan.json"
    assert run("convert", source, "-o", as_json).exit_code == 0
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data["kgis"][0]["cumulative"]["value"] == 180000  # from "1,800億円"
    back = tmp_path / "plan.yaml"
    assert run("convert", as_json, "-o", back).exit_code == 0
    assert run("check", back).exit_code == 0
    assert run("convert", back, "--to", "json").output == as_json.read_text(encoding="utf-8")


def test_convert_reports_bad_input_with_file_and_line() -> None:
    result = CliRunner().invoke(main, ["convert", str(DEFECTIVE / "input-wrong-types.yaml")])
    assert result.exit_code == 2
    assert (
        "input-wrong-types.yaml:16: INPUT-TYPE kgis[0].target.value 金額・数値として読めません"
        in result.output
    )


def test_schema_and_rules() -> None:
    schema = json.loads(run("schema").output)
    assert schema["title"] == "chiiki-mirai/plan@1" and "kgis" in schema["properties"]
    assert json.loads(run("schema", "--document", "progress").output)["title"] == "chiiki-mirai/progress@1"
    catalogue = json.loads(run("rules", "--format", "json", "--type", "C").output)
    ids = {r["id"] for r in catalogue["rules"]}
    assert "C-DESK" in ids and "B-COUNT" not in ids
    assert all(r["source"] for r in catalogue["rules"])
    assert "C-DESK" in run("rules").output


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "chiiki-mirai"
    completed = subprocess.run(
        [str(script), "check", str(GOOD_PLANS[0])], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


def test_starting_the_cli_leaves_jinja2_for_the_html_report() -> None:
    """Issue 23: every start paid 0.16 s for Jinja2, which only ``--format html`` uses."""
    import subprocess
    import sys

    code = "import sys, chiiki_mirai.cli.main; print('jinja2' in sys.modules)"
    assert (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        == "False"
    )


def test_a_check_imports_neither_numpy_nor_the_plugin_scan() -> None:
    """Issue 23: a one-plan check reads the packaged multipliers (no numpy) and does not import
    ``importlib.metadata`` for pydantic's plugin scan; a user who names plugins to leave out keeps pydantic's loader.
    The findings are the same either way."""
    import os

    code = (
        "import sys, io, contextlib\n"
        "import chiiki_mirai.cli\n"
        "from chiiki_mirai.cli.main import main\n"
        f"sys.argv = ['chiiki-mirai', 'check', {str(GOOD_PLANS[0])!r}]\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(out.getvalue())\n"
        "print('numpy' in sys.modules, 'importlib.metadata' in sys.modules)\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}

    def run_with(**extra: str) -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**environment, **extra},
        ).stdout.splitlines()

    plain, with_loader = run_with(), run_with(PYDANTIC_DISABLE_PLUGINS="some-plugin")
    assert plain[-1] == "False False"
    assert with_loader[-1] == "False True"
    assert plain[:-1] == with_loader[:-1] and any("エラー" in line for line in plain)
