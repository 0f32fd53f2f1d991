"""Field paths (``kgis[0].target.value``) over plain plan data: every scalar with its path, and back.

The workbook and the section forms both write values under their paths and rebuild the document from them,
which is what makes either lossless.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

EMPTY_LIST, EMPTY_MAPPING = "[]", "{}"
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar with its path; an empty list or mapping is kept as a marker so that it survives."""
    if isinstance(value, dict):
        if not value:
            yield prefix, EMPTY_MAPPING
        for key, item in value.items():
            yield from flatten(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        if not value:
            yield prefix, EMPTY_LIST
        for index, item in enumerate(value):
            yield from flatten(item, f"{prefix}[{index}]")
    elif value is not None:
        yield prefix, value


def parts(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _PATH_PART.findall(path)]


def assign(root: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at ``path``, creating the mappings and lists on the way."""
    steps = parts(path)
    node: Any = root
    for step, following in itertools.pairwise(steps):
        child: Any = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            while len(node) <= step:
                node.append(None)
            node[step] = node[step] if node[step] is not None else child
            node = node[step]
        else:
            node = node.setdefault(step, child)
    last = steps[-1]
    value = [] if value == EMPTY_LIST else {} if value == EMPTY_MAPPING else value
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
        node[last] = value
    else:
        node[last] = value


def get(data: Any, path: str) -> Any:
    node: Any = data
    for step in parts(path):
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and step < len(node) else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            return None
    return node
