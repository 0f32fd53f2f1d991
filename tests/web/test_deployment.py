"""What docs/deployment.md says, exercised: the systemd units are valid (systemd-analyze verify, where the machine
has systemd's tools), and every setting of deploy/env.example is one the platform reads."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def test_the_systemd_units_verify(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze がありません（systemd のない環境）")
    units = sorted(DEPLOY.glob("*.service")) + sorted(DEPLOY.glob("*.timer"))
    assert units
    for unit in units:  # the checkout stands where the units expect /opt/chiiki-mirai
        text = unit.read_text(encoding="utf-8").replace("/opt/chiiki-mirai", str(ROOT))
        (tmp_path / unit.name).write_text(text.replace("/etc/chiiki-mirai/env", str(DEPLOY / "env.example")))
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / u.name) for u in units)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_setting_of_the_example_is_read() -> None:
    names = re.findall(r"^#?(\w+)=", (DEPLOY / "env.example").read_text(encoding="utf-8"), re.M)
    read = "".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "chiiki_mirai" / "web" / "settings.py", ROOT / "gunicorn.conf.py")
    )
    assert names and all(name in read for name in names), [n for n in names if n not in read]
