"""PDCA at national scale (issue #4): a generated history in PostgreSQL, 20 concurrent clients on loopback.

    .venv/bin/python -m benchmarks.monitoring_load [--seconds 20] [--clients 20] [--workers 2] [--threads 4]

2,000 published plans (30 A, 235 B, 1,735 C), each with 20 KPIs and a report for every half-year from 2026H1 to
2035H2 (20 reports × 20 KPIs = 400 actuals a plan, 800,000 in all) and annual capex actuals. The background
recomputation (the task behind the roll-up page's button) rebuilds every plan's kept-ready figures and is timed.
Then gunicorn serves the platform and each page is measured for ``--seconds`` after a warm-up: the national
roll-up (by prefecture and by region, signed in as a national reviewer), a prefecture's dashboard (the
prefecture's compiler, varied prefectures), and the investment map's data (public JSON, varied filters) and page.
The floor is ``/healthz`` in the same run. These pages keep what they render for as long as the figures do not
change; each is measured also "uncached" (a never-repeated query parameter), which is the cost of the first
request after a report or a publication.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from typing import Any

from benchmarks.platform_load import ROOT, load_dataset, measure, prepare_database

PERIODS = [f"{fy}H{half}" for fy in range(2026, 2036) for half in (1, 2)]
KPIS = 20


def synthetic_kpis() -> list[dict[str, Any]]:
    return [
        {
            "id": f"k{n:02d}",
            "name": f"指標{n}",
            "unit": "件",
            "baseline": {"period": "2025H2", "value": 100},
            "targets": [{"period": "2030H2", "value": 200}, {"period": "2035H2", "value": 300}],
            "withdrawal": {"rule": "目標の5割未満が2期続く", "threshold_ratio": 0.5, "at": "2028H1"},
        }
        for n in range(1, KPIS + 1)
    ]


def add_history(seed: int = 4) -> dict[str, int]:
    """20 KPIs in every plan's current text, and 20 half-yearly reports per plan."""
    from chiiki_mirai.monitoring.models import ProgressRecord
    from chiiki_mirai.workflow.models import Plan, Revision

    rng = random.Random(seed)
    kpis = synthetic_kpis()
    current = {r.plan_id: r for r in Revision.objects.filter(number=3)}
    for revision in current.values():
        policy = revision.document.setdefault("policy", {})
        policy["kpis"] = kpis
    Revision.objects.bulk_update(current.values(), ["document"], batch_size=500)
    records = []
    for plan in Plan.objects.only("pk", "public_id"):
        kgi_ids = [k["id"] for k in current[plan.pk].document.get("kgis", []) if k.get("kind") == "capex"]
        pace = rng.uniform(0.4, 1.3)  # some plans fall behind far enough to reach their withdrawal threshold
        for index, period in enumerate(PERIODS):
            expected = 100 + 100 * min(index + 1, 10) / 10 + (10 * max(index - 9, 0))
            document: dict[str, Any] = {
                "format": "chiiki-mirai/progress@1",
                "plan": plan.public_id,
                "period": period,
                "kpis": [
                    {"id": k["id"], "actual": round(expected * pace * rng.uniform(0.9, 1.1), 1)} for k in kpis
                ],
                # One plan in five reports its first measure delayed, with cause and remedy (the compilation's
                # second table).
                "measures": (
                    [{"id": "m1", "status": "delayed", "bottleneck": "用地取得の遅れ", "remedy": "先行取得"}]
                    if rng.random() < 0.2
                    else []
                ),
            }
            if period.endswith("H2") and kgi_ids:
                document["kgis"] = [
                    {"id": kgi_ids[0], "fy": int(period[:4]), "actual": rng.randint(50, 5000)}
                ]
            records.append(ProgressRecord(plan=plan, period=period, document=document))
    ProgressRecord.objects.bulk_create(records, batch_size=1000)
    return {"reports": len(records), "KPI actuals": len(records) * KPIS}


def recompute() -> tuple[float, dict[str, int]]:
    from chiiki_mirai.monitoring.models import KgiFigure, KpiReading, Recomputation
    from chiiki_mirai.monitoring.tasks import recompute_figures

    run = Recomputation.objects.create()
    started = time.perf_counter()
    recompute_figures.call(run.pk)  # what the worker runs, here in the foreground to time it
    elapsed = time.perf_counter() - started
    return elapsed, {"KGI parts": KgiFigure.objects.count(), "KPI readings": KpiReading.objects.count()}


def compile_last_half_year() -> tuple[float, dict[str, int]]:
    from chiiki_mirai.monitoring.models import Compilation
    from chiiki_mirai.monitoring.tasks import compile_for_meeting

    run = Compilation.objects.create(period=PERIODS[-1])
    started = time.perf_counter()
    compile_for_meeting.call(run.pk)  # what the worker runs, here in the foreground to time it
    elapsed = time.perf_counter() - started
    run.refresh_from_db()
    return elapsed, {"plans": run.total, "HTML bytes": len(run.html), "xlsx bytes": len(run.workbook)}


def session_cookie(username: str, organisation: str, role: str) -> str:
    """A signed-in session for the load clients (what the sign-in page would set)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from chiiki_mirai.web.demo import make_person
    from chiiki_mirai.workflow.states import Role

    person = make_person(username, organisation, Role(role), "benchmark-password-1234")
    session = SessionStore()
    session[SESSION_KEY] = str(person.user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    from benchmarks.platform_load import DATABASE_URL, SECRET_KEY

    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["CHIIKI_MIRAI_SECRET_KEY"] = SECRET_KEY  # sessions made here must be valid in the server
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiiki_mirai.web.settings")
    prepare_database()
    started = time.perf_counter()
    counts = load_dataset(c_plans=1735) | add_history()
    print(f"dataset: {counts} in {time.perf_counter() - started:.0f} s; {os.cpu_count()} cores")
    elapsed, kept = recompute()
    print(f"background recomputation of every plan's figures: {elapsed:.1f} s -> {kept}")
    elapsed, made = compile_last_half_year()
    print(
        f"background compilation for the vice-ministers' meeting ({PERIODS[-1]}): {elapsed:.1f} s -> {made}"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does soon after bulk loads in production
    connection.close()
    reviewer = session_cookie("bench-reviewer", "N-CAS", "reviewer")
    compiler = session_cookie("bench-compiler", "400009", "compiler")  # 福岡県
    rng = random.Random(1)
    years = ["", "2027", "2030", "2035"]
    scenarios: dict[str, tuple[list[str], dict[str, str]] | tuple[list[str], dict[str, str], int]] = {
        "floor: /healthz": (["/healthz"], {}),
        "roll-up, uncached": (
            ["/progress/rollup/?by=prefecture&nocache={n}"],
            {"Cookie": reviewer},
        ),
        "national roll-up": (
            [
                f"/progress/rollup/?by={rng.choice(['prefecture', 'region', 'national', 'plan_type'])}"
                for _ in range(50)
            ],
            {"Cookie": reviewer},
        ),
        "roll-up CSV": (["/progress/rollup/?by=prefecture&format=csv"], {"Cookie": reviewer}),
        "prefecture dash": (["/progress/prefectures/40/"], {"Cookie": compiler}),
        "prefecture, uncached": (["/progress/prefectures/40/?nocache={n}"], {"Cookie": compiler}),
        "any prefecture": (
            [f"/progress/prefectures/{rng.randint(1, 47)}/" for _ in range(50)],
            {"Cookie": reviewer},
        ),
        "map data (JSON)": (
            [
                f"/map/?format=json&fy={rng.choice(years)}&type={rng.choice(['', 'B', 'C'])}"
                for _ in range(50)
            ],
            {},
        ),
        "map JSON, uncached": (["/map/?format=json&nocache={n}"], {}),
        "map page": ([f"/map/?measure={rng.choice(['planned', 'realised'])}" for _ in range(10)], {}),
        # What one reader waits for on a miss when the server is not also serving nineteen others.
        "roll-up, uncached, 1 client": (
            ["/progress/rollup/?by=prefecture&nocache={n}"],
            {"Cookie": reviewer},
            1,
        ),
        "prefecture, uncached, 1 client": (
            ["/progress/prefectures/40/?nocache={n}"],
            {"Cookie": compiler},
            1,
        ),
        "map JSON, uncached, 1 client": (["/map/?format=json&nocache={n}"], {}, 1),
    }
    measure(scenarios, args)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
