"""The platform under load (issue #3): a national-scale dataset in PostgreSQL, 20 concurrent clients on loopback.

    .venv/bin/python -m benchmarks.platform_load [--seconds 20] [--clients 20] [--workers 2] [--threads 4]
    CHIIKI_MIRAI_REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python -m benchmarks.platform_load   # Redis cache

Loads 47 × 5 B plans, 1,500 C plans and 30 A plans (each published, with 3 revisions and its audit trail) into
the database ``chiiki_bench`` on the local PostgreSQL, serves the platform with gunicorn (production settings),
and measures each scenario for ``--seconds`` after a warm-up: portal search (varied queries), plan page (random
plans), API list — each also "uncached", with a never-repeated query parameter so that every request misses the
public-page cache and measures the view itself. The floor is ``/healthz`` (a view that touches nothing) measured in the
same run. Reported: requests/s, p50 and p95 latency, and each scenario's p95 against the floor. After the load the
database is vacuumed and analysed, as autovacuum keeps a running service's; ``--as-loaded`` measures without it.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import http.client
import itertools
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "chiiki_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PORT = 8123
SECRET_KEY = "benchmark-only-" + "x" * 40  # the server's, also the benchmark's own (for its sessions)
UNIQUE = itertools.count()  # shared by the client threads; next() on a count is atomic under the GIL
QUERIES = ["ロボット", "半導体", "ゆず", "金属", "医療", "造船 瀬戸内", "", "人材", "輸出", "観光"]


def prepare_database() -> None:
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        con.execute(f"CREATE DATABASE {DATABASE}")


def load_dataset(seed: int = 2026, c_plans: int = 1500, *, vacuum: bool = True) -> dict[str, int]:
    """Plans inserted in bulk (the services' per-plan checks are measured elsewhere); returns the counts."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from chiiki_mirai.organisations.models import Organisation
    from chiiki_mirai.plans.document import PlanDocument
    from chiiki_mirai.plans.io import load, read_source
    from chiiki_mirai.workflow.models import AuditEvent, CoreEntityRecord, Plan, Revision
    from chiiki_mirai.workflow.services import _summary_columns
    from chiiki_mirai.workflow.states import PlanState

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    rng = random.Random(seed)
    samples: dict[str, list[Any]] = {}
    for path in sorted((ROOT / "examples" / "plans").glob("*.yaml")):
        document = load(read_source(path))
        assert isinstance(document, PlanDocument)
        samples.setdefault(document.plan_type.value, []).append(document)
    prefectures = list(Organisation.objects.filter(kind="prefecture").order_by("prefecture_code"))
    municipalities = list(Organisation.objects.filter(kind__in=["city", "town", "village", "special_ward"]))
    wanted = [("A", rng.choice(prefectures)) for _ in range(30)]
    wanted += [("B", prefecture) for prefecture in prefectures for _ in range(5)]
    wanted += [("C", rng.choice(municipalities)) for _ in range(c_plans)]
    now = timezone.now()
    plans, revisions, events, entities = [], [], [], []
    for index, (plan_type, author) in enumerate(wanted):
        document = copy.deepcopy(rng.choice(samples[plan_type]))
        document.authors = [document.authors[0].model_copy(update={"code": author.code, "lead": True})]
        document.title = f"{author}{document.title}（{index + 1}）"
        columns = _summary_columns(document, [author])
        plan = Plan(
            public_id=f"{plan_type}-{author.prefecture_code:02d}-{index + 1:05d}",
            state=PlanState.PUBLISHED,
            published_at=now - dt.timedelta(days=rng.randint(1, 300)),
            version=3,
            **columns,
        )
        plans.append((plan, author, document))
    Plan.objects.bulk_create([p for p, _, _ in plans], batch_size=500)
    Plan.authors.through.objects.bulk_create(
        [Plan.authors.through(plan_id=p.pk, organisation_id=a.pk) for p, a, _ in plans], batch_size=2000
    )
    for plan, _, document in plans:
        data = document.model_dump(mode="json", exclude_unset=True) | {"id": plan.public_id}
        revisions += [Revision(plan=plan, number=n, document=data, note=f"第{n}版") for n in (1, 2, 3)]
        events += [
            AuditEvent(
                plan=plan, actor_name="bench", kind="transition", action="publish", to_state="published"
            )
            for _ in range(12)
        ]
        entities += [
            CoreEntityRecord(
                plan=plan, position=i, name=e.name or "", corporate_number=e.corporate_number or ""
            )
            for i, e in enumerate(document.core_entities)
        ]
    Revision.objects.bulk_create(revisions, batch_size=500)
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    CoreEntityRecord.objects.bulk_create(entities, batch_size=2000)
    if vacuum:
        from django.db import connection

        with connection.cursor() as cursor:
            # What autovacuum has done in a running service and a bulk load has not: the planner's statistics and
            # the visibility map, without which no index-only scan is chosen (measured with and without, RESULTS.md).
            cursor.execute("VACUUM ANALYZE")
    return {"plans": len(plans), "revisions": len(revisions), "audit events": len(events)}


def serve(workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": DATABASE_URL,
        "CHIIKI_MIRAI_DEBUG": "0",
        "CHIIKI_MIRAI_SECRET_KEY": SECRET_KEY,
        "CHIIKI_MIRAI_ALLOWED_HOSTS": "127.0.0.1",
        "CHIIKI_MIRAI_SSL_REDIRECT": "0",
    }
    # Production serves the collected, hashed static files (WhiteNoise), as scripts/serve prepares them.
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "chiiki_mirai.web.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def run_load(
    paths: list[str], clients: int, seconds: float, headers: dict[str, str] | None = None
) -> tuple[list[float], int]:
    """``clients`` threads, each with a keep-alive connection, requesting paths in turn until time is up."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, bad, i = [], 0, offset
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            # "{n}" in a path becomes a number never used before: every such request misses the page cache.
            connection.request(
                "GET", paths[i % len(paths)].replace("{n}", str(next(UNIQUE))), headers=headers or {}
            )
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            bad += response.status != 200
            i += 1
        with lock:
            latencies.extend(mine)
            errors += bad

    workers = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--as-loaded",
        action="store_true",
        help="measure straight after the bulk load, before the statistics and visibility map autovacuum keeps",
    )
    parser.add_argument(
        "--only", action="append", help="only the scenarios starting so (the floor always runs)"
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiiki_mirai.web.settings")
    prepare_database()
    started = time.perf_counter()
    counts = load_dataset(vacuum=not args.as_loaded)
    print(f"dataset: {counts} in {time.perf_counter() - started:.0f} s; {os.cpu_count()} cores")
    from chiiki_mirai.workflow.models import Plan

    ids = list(Plan.objects.values_list("public_id", flat=True))
    rng = random.Random(1)
    prefectures = [str(p) for p in range(1, 48)]
    scenarios = {
        "floor: /healthz": ["/healthz"],
        "portal search": [
            f"/?q={quote(rng.choice(QUERIES))}&prefecture={rng.choice(['', *prefectures])}&type={rng.choice(['', 'A', 'B', 'C'])}"
            for _ in range(200)
        ],
        "search, uncached": [
            f"/?q={quote(rng.choice(QUERIES))}&prefecture={rng.choice(['', *prefectures])}&nocache={{n}}"
            for _ in range(200)
        ],
        "plan page": [f"/plans/{rng.choice(ids)}/" for _ in range(200)],
        "page, uncached": [f"/plans/{rng.choice(ids)}/?nocache={{n}}" for _ in range(200)],
        "API list": [f"/api/plans?limit=50&offset={rng.randrange(0, 1700)}" for _ in range(200)],
        "API, uncached": [
            f"/api/plans?limit=50&offset={rng.randrange(0, 1700)}&nocache={{n}}" for _ in range(200)
        ],
        # Served by the application itself in production (WhiteNoise), as scripts/serve runs it.
        "static file": ["/static/chiiki_mirai/site.css", "/static/django_htmx/htmx-2.min.js"],
    }
    chosen: dict[str, tuple[list[str], dict[str, str]] | tuple[list[str], dict[str, str], int]] = {
        name: (paths, {})
        for name, paths in scenarios.items()
        if name.startswith("floor") or not args.only or any(name.startswith(o) for o in args.only)
    }
    measure(chosen, args)


def measure(
    scenarios: dict[str, tuple[list[str], dict[str, str]] | tuple[list[str], dict[str, str], int]],
    args: argparse.Namespace,
) -> None:
    """Serve with gunicorn and print each scenario's rate and latency; the first scenario is the floor.

    A scenario may name its own number of clients (e.g. one, to see a request's cost without queueing)."""
    server = serve(args.workers, args.threads)
    try:
        floor = None
        for name, (paths, headers, *own_clients) in scenarios.items():
            clients = own_clients[0] if own_clients else args.clients
            run_load(paths, clients, 3, headers)  # warm-up: connections, caches, the first template compiles
            latencies, errors = run_load(paths, clients, args.seconds, headers)
            p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
            floor = floor or p95
            print(
                f"  {name:<20} {len(latencies) / args.seconds:7.1f} req/s   p50 {p50 * 1000:6.1f} ms   "
                f"p95 {p95 * 1000:6.1f} ms   ({p95 / floor:.1f}× floor)   errors {errors}"
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
