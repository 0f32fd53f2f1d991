"""Generated plans for benchmarks: the six samples varied in authors, numbers, KPIs and defects (seeded)."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml

from chiiki_mirai.plans.io import _Dumper, _Loader
from chiiki_mirai.reference.localgov import GovernmentKind, local_governments

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"
_AUTHOR_KINDS = {
    "A": [GovernmentKind.PREFECTURE],
    "B": [GovernmentKind.PREFECTURE, GovernmentKind.DESIGNATED_CITY],
    "C": [GovernmentKind.CITY, GovernmentKind.TOWN, GovernmentKind.VILLAGE, GovernmentKind.SPECIAL_WARD],
}


def _templates() -> list[dict[str, Any]]:
    return [yaml.load(p.read_text(encoding="utf-8"), Loader=_Loader) for p in sorted(SAMPLES.glob("*.yaml"))]


def generate(count: int, seed: int = 2026) -> list[str]:
    """``count`` plan documents as YAML text; about one in five carries a defect."""
    rng = random.Random(seed)
    templates = _templates()
    master = local_governments()
    by_kind: dict[GovernmentKind, list[str]] = {}
    for government in master.by_code.values():
        by_kind.setdefault(government.kind, []).append(government.code)
    texts = []
    for index in range(count):
        data = copy.deepcopy(rng.choice(templates))
        plan_type = data["plan_type"]
        kind = rng.choice(_AUTHOR_KINDS[plan_type])
        data["authors"] = [{"code": rng.choice(by_kind[kind]), "lead": True}]
        data["title"] = f"{data['title']}（生成 {index}）"
        scale = rng.uniform(0.3, 3.0)
        for kgi in data["kgis"]:
            for key in ("baseline", "target", "cumulative"):
                value = kgi.get(key, {}).get("value") if isinstance(kgi.get(key), dict) else None
                if isinstance(value, int | float) and kgi.get("kind") not in ("value_added",):
                    kgi[key]["value"] = round(value * scale)
        _vary_kpis(data, rng)
        if rng.random() < 0.2:
            _break(data, rng)
        texts.append(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100))
    return texts


def _vary_kpis(data: dict[str, Any], rng: random.Random) -> None:
    policy = data["policy"]
    extra = rng.randint(0, 6)
    for n in range(extra):
        kpi = copy.deepcopy(rng.choice(policy["kpis"]))
        kpi["id"] = f"gen-k{n}"
        measure = copy.deepcopy(rng.choice(policy["measures"]))
        measure["id"] = f"gen-m{n}"
        measure["kpis"] = [kpi["id"]]
        policy["kpis"].append(kpi)
        policy["measures"].append(measure)


def _break(data: dict[str, Any], rng: random.Random) -> None:
    damage = rng.choice(["kgi_basis", "withdrawal", "section", "period"])
    if damage == "kgi_basis":
        data["kgis"][0].pop("basis", None)
    elif damage == "withdrawal":
        data["policy"]["kpis"][0].pop("withdrawal", None)
    elif damage == "section":
        data.pop("current_state", None)
    else:
        data["period"]["end_fy"] = data["period"]["start_fy"] + 7
