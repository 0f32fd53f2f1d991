"""Sign-in throttling across processes (issue 19 §7): five failed sign-ins spread over two gunicorn workers
throttle the sixth, and a restart of the server does not reset the count. The server runs with the project's own
gunicorn.conf.py (request timeout included) on a database of its own."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.processes
PASSWORD = "correct-horse-battery-staple"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server_env(tmp_path: Path) -> dict[str, str]:
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'two-workers.sqlite3'}",
        "CHIIKI_MIRAI_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "chiiki_mirai.web.settings",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
    code = (
        "from chiiki_mirai.web.demo import make_person; from chiiki_mirai.workflow.states import Role;"
        f"make_person('author', '401005', Role.AUTHOR, {PASSWORD!r})"
    )
    subprocess.run([*manage, "shell", "-c", code], env=env, check=True, cwd=ROOT)
    return env


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
        ],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).close()
            return server
        except OSError:
            time.sleep(0.2)  # polling for the server to listen, not waiting a fixed time for a result
    server.kill()
    raise AssertionError("gunicorn did not start")


@pytest.fixture
def port() -> int:
    return _free_port()


@pytest.fixture
def served(server_env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    server = _serve(server_env, port)
    yield server
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)


def _sign_in(port: int, password: str) -> bool:
    """One sign-in on fresh connections (each may reach either worker); True if it let the person in."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"http://127.0.0.1:{port}/accounts/login/"
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    body = urllib.parse.urlencode(
        {"username": "author", "password": password, "csrfmiddlewaretoken": token[1]}
    )
    request = urllib.request.Request(url, data=body.encode(), headers={"Referer": url})
    response = opener.open(request, timeout=30)
    return "/accounts/login/" not in response.geturl()


def test_failures_are_counted_by_every_worker_and_survive_a_restart(
    served: subprocess.Popen[bytes], server_env: dict[str, str], port: int
) -> None:
    assert _sign_in(port, PASSWORD)  # the right password lets the author in
    for _ in range(5):
        assert not _sign_in(port, "wrong")
    assert not _sign_in(port, PASSWORD)  # the sixth, right or wrong, is throttled whichever worker answers
    served.send_signal(signal.SIGTERM)
    served.wait(timeout=60)
    restarted = _serve(server_env, port)
    try:
        assert not _sign_in(port, PASSWORD)  # a restart resets nothing
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=60)
