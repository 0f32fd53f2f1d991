"""Files shipped inside the package (reference data, rulebooks), read by path.

``importlib.resources`` would serve a zipped install too, but importing it cost about 25 ms of every command's
start (issue 23); the package is installed as plain files (the wheel and ``uv sync`` both unpack it)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def package_path(*parts: str) -> Path:
    """A path inside the package: ``package_path("reference", "data", "jsic.csv")``."""
    return PACKAGE.joinpath(*parts)


def reference_data(name: str, encoding: str = "utf-8") -> str:
    """The text of a file of ``chiiki_mirai/reference/data``."""
    return package_path("reference", "data", name).read_text(encoding=encoding)
