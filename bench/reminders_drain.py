"""Benchmark: drain N due reminders with real Celery worker processes (issue 6 must-show 4).

    .venv/bin/python bench/reminders_drain.py --reminders 100000 --workers 2

What it does, on a database of its own (``samverka_reminders_bench`` on 127.0.0.1:5432, dropped and
created again) and a private redis-server on a free port (the shared one on 6379 is left
alone):

1. migrates, builds the demo directory and accounts, one case and N action items that fell
   overdue three days ago, each with its due "overdue" reminder (bulk-inserted: the actions
   refuse due dates in the past);
2. starts Celery beat (the dispatcher's tick) and ``--workers`` worker processes, each
   ``--pool solo`` (one process that delivers, one at a time);
3. polls until every reminder is sent, then checks that nothing was sent twice: one
   notification, one email file (``DedupingFileEmailBackend``), one ``reminder.sent`` audit
   event per reminder;
4. prints the machine, the command, the timings and reminders per second, as JSON.

Production settings otherwise: PostgreSQL, the Redis broker, the audit chain, the real target
resolution (the recipient's access to the case is checked for every reminder).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).parent / "celery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def machine() -> dict[str, Any]:
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def recreate_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_data(n: int) -> list[int]:
    from django.core.management import call_command
    from django.utils import timezone

    from backend.cases.actions import case_create
    from backend.core.actor import Actor
    from backend.organisations.demo import build_accounts, build_directory
    from backend.people.actions import young_person_register
    from backend.people.identity import synthetic_number
    from workflows.meetings.models import ActionItem, Meeting
    from workflows.reminders.kinds import due_at
    from workflows.reminders.models import Reminder

    call_command("migrate", verbosity=0)
    units = build_directory()
    users = build_accounts(units, "bench-password-not-secret")
    socsek, rektor = Actor.for_user(users["socsek"]), users["rektor"]
    young_person, _ = young_person_register(
        actor=socsek,
        personnummer=synthetic_number(datetime.date(2011, 4, 4), 987),
        given_name="Bench",
        family_name="Marksson",
    )
    case = case_create(
        actor=socsek,
        young_person=young_person,
        lead_unit_id=units["IFO Barn och unga"].pk,
        participating_unit_ids=[units["Exempelskolan rektor"].pk],
    )
    from backend.cases.actions import case_member_add

    case_member_add(
        actor=socsek, case=case, user_id=rektor.pk, unit_id=units["Exempelskolan rektor"].pk
    )
    start = timezone.now() - datetime.timedelta(days=4)
    meeting = Meeting.objects.create(
        case=case,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        created_by=users["socsek"],
    )
    due_on = timezone.localdate() - datetime.timedelta(days=3)
    due = due_at("action_item_overdue", due_on)
    ids: list[int] = []
    for offset in range(0, n, 10_000):
        items = ActionItem.objects.bulk_create(
            ActionItem(
                meeting=meeting,
                case=case,
                title=f"Åtgärd {i}",
                owner=rektor,
                due_on=due_on,
                created_by=users["socsek"],
            )
            for i in range(offset, min(n, offset + 10_000))
        )
        reminders = Reminder.objects.bulk_create(
            Reminder(
                kind="action_item_overdue",
                target_type="action_item",
                target_id=item.pk,
                recipient=rektor,
                due_at=due,
                next_attempt_at=due,
            )
            for item in items
        )
        ids.extend(r.pk for r in reminders)
    return ids


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as handle:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="samverka_reminders_bench")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="reminders-bench-"))
    redis_port = free_port()
    redis_command = [
        "redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", str(work),
    ]  # fmt: skip
    redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
    broker = f"redis://127.0.0.1:{redis_port}/0"
    env = {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}},
        "DJANGO_SETTINGS_MODULE": "backend.settings.base",
        "DATABASE_URL": f"{args.postgres}/{args.database}",
        "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker,
        "EMAIL_BACKEND": "workflows.reminders.mail.DedupingFileEmailBackend",
        "EMAIL_FILE_PATH": str(work / "mail"),
        "SAMVERKA_VAR_DIR": str(work / "var"),
        "REMINDER_DISPATCH_INTERVAL_SECONDS": "1",
        "REMINDER_MAX_IN_FLIGHT": "2000",
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "console",
    }
    processes: list[subprocess.Popen[bytes]] = []
    try:
        recreate_database(f"{args.postgres}/postgres", args.database)
        setup_django(env)
        t0 = time.monotonic()
        ids = build_data(args.reminders)
        setup_seconds = time.monotonic() - t0

        from django.db import connection

        from audit.models import AuditEvent
        from workflows.reminders.models import EmailDelivery, Notification, Reminder

        connection.close()  # the workers are about to use the database; keep ours fresh
        worker_command = [
            str(CELERY), "-A", "backend", "worker", "--pool", "solo", "--loglevel", "WARNING",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        for index in range(args.workers):
            command = [*worker_command, "--hostname", f"bench{index}@%h"]
            processes.append(start(command, env, work / f"worker-{index}.log"))
        beat_command = [
            str(CELERY), "-A", "backend", "beat", "--loglevel", "WARNING",
            "--schedule", str(work / "var" / "beat"),
        ]  # fmt: skip
        processes.append(start(beat_command, env, work / "beat.log"))
        started = time.monotonic()
        load_at_start = os.getloadavg()
        first_sent = None
        progress = []
        while True:
            time.sleep(1)
            sent = Reminder.objects.filter(status="sent").count()
            now = time.monotonic()
            if sent and first_sent is None:
                first_sent = now
            progress.append((round(now - started, 1), sent))
            if sent == len(ids):
                break
            if any(p.poll() is not None for p in processes):
                raise SystemExit(f"a worker process exited; see {work}")
            if now - started > 6 * 3600:
                raise SystemExit("gave up after six hours")
        finished = time.monotonic()

        notifications = Notification.objects.count()
        distinct = Notification.objects.values("reminder_id").distinct().count()
        emails = len(list((work / "mail").glob("*.eml")))
        emails_sent = EmailDelivery.objects.filter(status="sent").count()
        audited = AuditEvent.objects.filter(action="reminder.sent").count()
        n = len(ids)
        result = {
            "machine": machine(),
            # The machine may be shared: the 1/5/15-minute load averages around the run.
            "load_average": {"start": load_at_start, "end": os.getloadavg()},
            "command": shlex.join([".venv/bin/python", "bench/reminders_drain.py", *sys.argv[1:]]),
            "reminders": n,
            "worker_processes": args.workers,
            "setup_seconds": round(setup_seconds, 1),
            "drain_seconds_from_worker_start": round(finished - started, 1),
            "drain_seconds_from_first_send": round(finished - (first_sent or started), 1),
            "reminders_per_second": round(n / (finished - started), 1),
            "reminders_per_second_after_first_send": round(
                n / (finished - (first_sent or started)), 1
            ),
            "no_duplicates": notifications == distinct == emails == emails_sent == audited == n,
            "counts": {
                "notifications": notifications,
                "distinct_reminders_notified": distinct,
                "email_files": emails,
                "emails_marked_sent": emails_sent,
                "reminder_sent_audit_events": audited,
            },
            "progress_every_60s": progress[59::60],
        }
        print(json.dumps(result, indent=2))
        return 0 if result["no_duplicates"] else 1
    finally:
        for process in processes:
            stop(process)
        redis.terminate()
        redis.wait()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
