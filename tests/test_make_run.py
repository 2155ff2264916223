"""`make run` (scripts/run-dev) on the embedded defaults: serves /healthz, the demo accounts get
a token and call /api/v1/me/, Ctrl-C stops every process, and a second run keeps the data
(issue 2, must-show 1). Runs the real script with SQLite and the filesystem broker in a temp
directory, on a free port, with none of the test suite's settings in its environment."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(url: str, body: dict[str, Any] | None = None, token: str | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # localhost
        return response.status, json.loads(response.read() or b"null")


def _start(var_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(var_dir)),
        "SAMVERKA_VAR_DIR": str(var_dir),
        "SAMVERKA_PORT": str(port),
    }
    return subprocess.Popen(
        [str(ROOT / "scripts" / "run-dev")],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "run-dev exited early"
        try:
            if _call(f"{base}/healthz")[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail("make run did not serve /healthz within 120 s")


def _ctrl_c(process: subprocess.Popen[bytes]) -> None:
    """What Ctrl-C in a terminal does: SIGINT to the whole foreground process group."""
    group = os.getpgid(process.pid)
    os.killpg(group, signal.SIGINT)
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return  # every process of the group is gone: the worker, beat and the server
        time.sleep(0.2)
    os.killpg(group, signal.SIGKILL)
    pytest.fail("processes were left running after Ctrl-C")


def test_make_run_serves_the_demo_and_keeps_data_between_runs(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = _start(tmp_path, port)
    try:
        _wait_healthy(base, process)
        password = (tmp_path / "demo_password").read_text().strip()
        status, token = _call(
            f"{base}/api/v1/auth/token/", {"username": "socsek", "password": password}
        )
        assert status == 200
        status, me = _call(f"{base}/api/v1/me/", token=token["token"])
        assert (status, me["username"]) == (200, "socsek")
        status, created = _call(
            f"{base}/api/v1/young-people/",
            {"personnummer": "201204129835", "given_name": "Kvar", "family_name": "Efteråt"},
            token=token["token"],
        )
        assert status == 201
    finally:
        _ctrl_c(process)

    process = _start(tmp_path, port)
    try:
        _wait_healthy(base, process)
        _, token = _call(f"{base}/api/v1/auth/token/", {"username": "socsek", "password": password})
        status, found = _call(f"{base}/api/v1/young-people/{created['id']}/", token=token["token"])
        assert (status, found["given_name"]) == (200, "Kvar")
    finally:
        _ctrl_c(process)
