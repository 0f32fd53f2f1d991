"""Production as it is deployed (issue 21): ``scripts/serve`` with production settings serves its stylesheets and
scripts itself, answers readiness truthfully, logs one JSON line per request with the id it returns, and stops the
server and the background worker together; two server processes on one PostgreSQL and one Redis behave as one.

Each server is a real process on a port of this machine, with a database of its own; every wait polls for a
condition with a deadline (never a fixed sleep for a result).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.processes
PASSWORD = "correct-horse-battery-staple"
POSTGRES = os.environ.get("CHIIKI_MIRAI_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("CHIIKI_MIRAI_TEST_REDIS", "redis://127.0.0.1:6379/15")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def until(condition: Callable[[], Any], what: str, seconds: float = 90) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if found := condition():
                return found
        except OSError:
            pass
        time.sleep(0.2)  # polling a condition, with a deadline
    raise AssertionError(f"timed out waiting for {what}")


def get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, dict[str, str], bytes]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def production_env(tmp_path: Path, port: int, database_url: str, **extra: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url,
        "CHIIKI_MIRAI_DEBUG": "0",
        "CHIIKI_MIRAI_SECRET_KEY": "k" + uuid.uuid4().hex + uuid.uuid4().hex,
        "CHIIKI_MIRAI_ALLOWED_HOSTS": "127.0.0.1",
        "CHIIKI_MIRAI_LOCAL_ONLY": "1",
        "CHIIKI_MIRAI_SSL_REDIRECT": "0",
        "CHIIKI_MIRAI_BIND": f"127.0.0.1:{port}",
        "CHIIKI_MIRAI_WORKERS": "2",
        "CHIIKI_MIRAI_VAR": str(tmp_path / "var"),
        "CHIIKI_MIRAI_STATIC_ROOT": str(tmp_path / "static"),
        "CHIIKI_MIRAI_MAIL_CONSOLE": "1",
        **extra,
    }


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A database of its own on the local PostgreSQL, dropped afterwards."""
    if os.environ.get("CHIIKI_MIRAI_SKIP_POSTGRES") == "1":
        pytest.skip("PostgreSQL を省略しました（CHIIKI_MIRAI_SKIP_POSTGRES=1）")
    name = f"chiiki_prod_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_serve(env: dict[str, str], log: Path, base: str) -> subprocess.Popen[bytes]:
    """``scripts/serve`` in a process group of its own (so that stopping it reaches the server and the worker),
    its output in ``log``, once it answers ``/healthz``."""
    serve = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    until(lambda: get(f"{base}/healthz")[0] == 200, "the server")
    return serve


def test_scripts_serve_is_production_that_works(tmp_path: Path, postgres_database: str) -> None:
    port = free_port()
    env = production_env(tmp_path, port, postgres_database, CHIIKI_MIRAI_WORKER_WINDOW="60")
    base = f"http://127.0.0.1:{port}"
    serve = start_serve(env, tmp_path / "serve.log", base)
    try:
        status, headers, page = get(f"{base}/")
        assert status == 200
        request_id = headers["X-Request-Id"]
        html = page.decode()
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
        assert any(a.endswith(".css") for a in assets) and any("htmx" in a for a in assets), assets
        for asset in assets:
            status, headers, _ = get(base + asset)
            assert status == 200, asset
            assert "max-age=315360000" in headers.get("Cache-Control", ""), (
                asset,
                headers.get("Cache-Control"),
            )
        # The background worker takes the heartbeat the first probe queued: ready.
        until(lambda: get(f"{base}/readyz")[0] == 200, "readiness")
        ready = json.loads(get(f"{base}/readyz")[2])
        assert ready == {"ready": True, "checks": dict.fromkeys(ready["checks"], "ok")}
        # One JSON line per request, with the id the response carried.
        lines = until(
            lambda: [
                json.loads(line)
                for line in (tmp_path / "serve.log").read_text().splitlines()
                if request_id in line
            ],
            "the request's log line",
        )
        assert lines[0]["path"] == "/" and lines[0]["status"] == 200 and lines[0]["method"] == "GET"
        # And one per background task: the heartbeat the worker took, started and finished.
        tasks = until(
            lambda: [t for t in _task_lines(tmp_path / "serve.log") if t["status"] == "SUCCESSFUL"],
            "the task log lines",
        )
        assert any(t["task"].endswith("heartbeat") and t["status"] == "SUCCESSFUL" for t in tasks)
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=60)
    # The server and the worker stopped with it: nothing of the group is left.
    until(
        lambda: subprocess.run(["pgrep", "-g", str(serve.pid)], capture_output=True).returncode == 1,
        "the group to end",
    )


def _task_lines(log: Path) -> list[dict[str, Any]]:
    found = []
    for line in log.read_text().splitlines():
        if line.startswith("{") and '"chiiki_mirai.tasks"' in line:
            found.append(json.loads(line))
    return found


def test_scripts_serve_refuses_unsafe_settings(tmp_path: Path) -> None:
    env = production_env(tmp_path, free_port(), f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env["CHIIKI_MIRAI_SECRET_KEY"] = "short"
    env["CHIIKI_MIRAI_LOCAL_ONLY"] = "0"
    result = subprocess.run(
        [str(ROOT / "scripts" / "serve")], env=env, cwd=ROOT, capture_output=True, timeout=300
    )
    assert result.returncode != 0
    said = result.stderr.decode()
    assert "CHIIKI_MIRAI_SECRET_KEY" in said and "CHIIKI_MIRAI_ALLOWED_HOSTS" in said


def _readyz_in_a_process(env: dict[str, str]) -> tuple[int, dict[str, Any]]:
    code = (
        "import django, json; django.setup(); from django.test import Client;"
        "r = Client().get('/readyz'); print('READYZ', r.status_code, r.content.decode())"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", code],
            env=env | {"DJANGO_SETTINGS_MODULE": "chiiki_mirai.web.settings"},
            cwd=ROOT,
            capture_output=True,
            timeout=120,
            check=True,
        )
        .stdout.decode()
        .splitlines()
    )
    status, body = next(line for line in out if line.startswith("READYZ ")).split(" ", 2)[1:]
    return int(status), json.loads(body)


def test_readiness_names_a_stopped_database(tmp_path: Path) -> None:
    env = os.environ | {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/none",
        "CHIIKI_MIRAI_VAR": str(tmp_path),
    }
    status, body = _readyz_in_a_process(env)
    assert status == 503
    assert body["checks"]["database"].startswith("unavailable")
    assert "postgres" not in json.dumps(body)  # nothing of the connection is said


def test_readiness_names_a_stopped_worker_and_unapplied_migrations(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = os.environ | {
        "DATABASE_URL": database,
        "CHIIKI_MIRAI_VAR": str(tmp_path),
        "CHIIKI_MIRAI_WORKER_WINDOW": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "createcachetable"], env=env, cwd=ROOT, check=True)
    status, body = _readyz_in_a_process(env)  # queues a heartbeat; no worker runs
    assert (status, body["checks"]["background worker"]) == (200, "ok")
    status, body = until(
        lambda: (r := _readyz_in_a_process(env))[0] == 503 and r, "the stopped worker to show", seconds=30
    )
    assert "background worker" in body["checks"]["background worker"]
    subprocess.run(
        [*manage, "migrate", "organisations", "0004", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    status, body = _readyz_in_a_process(env)
    assert status == 503 and "organisations.0005_sign_in_failures" in body["checks"]["migrations"]


def _signed_in_opener(base: str, password: str) -> tuple[urllib.request.OpenerDirector, bool]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    body = urllib.parse.urlencode(
        {"username": "author", "password": password, "csrfmiddlewaretoken": token[1]}
    )
    request = urllib.request.Request(f"{base}/accounts/login/", data=body.encode(), headers={"Referer": base})
    response = opener.open(request, timeout=30)
    return opener, "/accounts/login/" not in response.geturl()


def test_two_servers_on_one_postgresql_and_redis_behave_as_one(
    tmp_path: Path, postgres_database: str
) -> None:
    ports = [free_port(), free_port()]
    secret = (
        "s" + uuid.uuid4().hex * 2
    )  # hosts of one service share the secret key (sessions are signed with it)
    envs = [
        production_env(
            tmp_path / f"host{i}",
            port,
            postgres_database,
            CHIIKI_MIRAI_REDIS_URL=REDIS,
            CHIIKI_MIRAI_DEBUG="1",
            CHIIKI_MIRAI_SECRET_KEY=secret,
            # The second host keeps its PostgreSQL connections in a pool (Django's psycopg pool).
            CHIIKI_MIRAI_DB_POOL="1" if i else "0",
        )
        for i, port in enumerate(ports)
    ]
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=envs[0], cwd=ROOT, check=True)
    code = (
        "from chiiki_mirai.web.demo import make_person; from chiiki_mirai.workflow.states import Role;"
        f"make_person('author', '401005', Role.AUTHOR, {PASSWORD!r})"
    )
    subprocess.run([*manage, "shell", "-c", code], env=envs[0], cwd=ROOT, check=True)
    subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)
    servers = [
        subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for env in envs
    ]
    one, two = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        for base in (one, two):
            until(lambda: get(f"{base}/healthz")[0] == 200, base)  # noqa: B023  # called at once, in the loop
        # Signed in on one, still signed in on the other (the session is in the shared database).
        opener, signed = _signed_in_opener(one, PASSWORD)
        assert signed
        status, _, page = get(f"{two}/work/", opener)
        assert status == 200 and "計画の一覧" in page.decode() and "職員ログイン" not in page.decode()
        # Failures spread over both count together.
        for base in (one, two, one, two, one):
            assert not _signed_in_opener(base, "wrong")[1]
        assert not _signed_in_opener(two, PASSWORD)[1]
        # A plan created and published through one appears on the other's (cached) portal at once.
        get(f"{two}/")  # the portal's page is now in the shared cache
        publish = (
            "from chiiki_mirai.organisations.models import Person; from chiiki_mirai.workflow import services;"
            "from chiiki_mirai.workflow.documents import read_plan_text; from tests.web.conftest import plan_text;"
            "from chiiki_mirai.workflow.models import Plan;"
            "plan = services.do_create_plan(Person.objects.get(user__username='author'), read_plan_text('p.yaml', plan_text()));"
            "Plan.objects.filter(pk=plan.pk).update(state='published')"
        )
        subprocess.run([*manage, "shell", "-c", publish], env=envs[0], cwd=ROOT, check=True)
        status, _, page = get(f"{two}/")
        assert "北九州ロボット・自動化システム産業クラスター計画" in page.decode()
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=60)


def test_the_mails_link_to_the_public_address(settings: Any) -> None:
    """The steps' mails link to the plan (issue 22 §3): production refuses to start while that link would point at
    this machine."""
    from chiiki_mirai.web.management.commands.check_production import production_problems

    settings.ALLOWED_HOSTS, settings.ALLOW_LOCAL_ONLY = ["chiiki-mirai.example.go.jp"], False
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert any(
        "CHIIKI_MIRAI_SITE_URL" in p and "https://chiiki-mirai.example.go.jp" in p
        for p in production_problems()
    )
    settings.SITE_URL = "https://chiiki-mirai.example.go.jp"
    assert not any("CHIIKI_MIRAI_SITE_URL" in p for p in production_problems())
