"""Real processes for the worker tests: a private redis-server on a free port and Celery
workers (with beat) running against the test database.

The shared Redis on 6379 belongs to everybody's test runs: these tests start and stop their own.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
CELERY = Path(sys.executable).parent / "celery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], Any], *, timeout: float, what: str, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


class RedisServer:
    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _ping(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.exceptions.ConnectionError:
            return False

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._ping, timeout=10, what=f"redis-server on {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def database_url() -> str:
    """The test database pytest-django created (``test_<name>``), for the worker processes."""
    settings = connection.settings_dict
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def worker_environment(tmp_path: Path, broker_url: str, **extra: str) -> dict[str, str]:
    """A production-like worker: base settings, the real broker, no eager tasks, and the email
    backend that writes files (so emails can be counted across processes)."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH"}
    return {
        **{k: v for k, v in os.environ.items() if k in keep},
        "DJANGO_SETTINGS_MODULE": "backend.settings.base",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "workflows.reminders.mail.DedupingFileEmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "SAMVERKA_VAR_DIR": str(tmp_path / "var"),
        "REMINDER_DISPATCH_INTERVAL_SECONDS": "1",
        "REMINDER_LEASE_SECONDS": "3",
        "REMINDER_REDISPATCH_SECONDS": "20",
        "REMINDER_MAX_IN_FLIGHT": "60",
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "console",
        **extra,
    }


class Worker:
    """``celery worker`` (prefork) with embedded beat, in its own process group so that a
    SIGKILL takes the main process, the pool children and beat down together."""

    def __init__(self, env: dict[str, str], log: Path, *, beat: bool = True, concurrency: int = 2):
        self.env = env
        self.log = log
        self.beat = beat
        self.concurrency = concurrency
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            str(CELERY),
            "-A", "backend",
            "worker",
            "--pool", "prefork",
            "--concurrency", str(self.concurrency),
            "--loglevel", "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname", f"reminders-test-{time.monotonic_ns()}@%h",
        ]  # fmt: skip
        if self.beat:
            command += ["--beat", "--schedule", str(Path(self.env["SAMVERKA_VAR_DIR"]) / "beat")]
        Path(self.env["SAMVERKA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown code runs anywhere."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""
