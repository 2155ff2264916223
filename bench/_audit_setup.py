"""Shared set-up of the audit benchmarks: Django on a separate PostgreSQL database.

The benchmarks never touch the test database or the development database: they use
``samverka_audit_bench`` (created if missing) unless ``BENCH_DATABASE_URL`` says otherwise.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samverka_audit_bench"
)


def setup() -> None:
    """Point Django at the benchmark database, create and migrate it, build the directory."""
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")
    os.environ.setdefault("SAMVERKA_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("LOG_FORMAT", "console")
    os.environ.setdefault("USER_THROTTLE_RATE", "10000000/min")  # measure the service, not 429s
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))  # for manage.py-style imports when run by path
    _create_database()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from backend.organisations.demo import build_accounts, build_directory

    build_accounts(build_directory(), "bench-password-not-secret")


def _create_database() -> None:
    import psycopg

    name = BENCH_DATABASE_URL.rsplit("/", 1)[1]
    admin = BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    postgres = subprocess.run(
        ["psql", BENCH_DATABASE_URL, "-Atc", "SHOW server_version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"PostgreSQL {postgres or '?'}"
    )
