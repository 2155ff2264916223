"""Benchmark (b): verify 1,000,000 audit events streamed from PostgreSQL, in events per second.

    .venv/bin/python -m bench.audit_generate        # once: 1,000,000 events
    .venv/bin/python -m bench.audit_verify [--runs 3]

Times ``audit.verify.verify_chain`` (what ``manage.py audit_verify`` and the API run) over
Exempelby's chain, with a signed checkpoint at its head, and the command itself end to end. For
reference it also times bare SHA-256 chaining over the same number of lines held in memory.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time

from bench._audit_setup import BENCH_DATABASE_URL, ROOT, machine, setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--in-memory",
        action="store_true",
        help="also time the checks alone over the lines held in memory (about 0.7 GB)",
    )
    args = parser.parse_args()
    setup()
    from audit.actions import audit_checkpoints_write
    from audit.models import AuditEvent
    from audit.verify import verify_chain
    from backend.core.actor import Actor
    from backend.organisations.models import Municipality

    chain = str(Municipality.objects.get(code="9901").pk)
    audit_checkpoints_write(actor=Actor.system())
    events = AuditEvent.objects.filter(chain=chain).count()
    print(machine())
    print(f"chain {chain}: {events} events")

    rates = []
    for run in range(args.runs):
        began = time.perf_counter()
        result = verify_chain(chain)
        elapsed = time.perf_counter() - began
        assert result.ok, result.fault
        rates.append(result.events_checked / elapsed)
        print(
            f"run {run + 1}: {result.events_checked} events in {elapsed:.2f} s = "
            f"{rates[-1]:,.0f} events/s (checkpoints compared: {result.checkpoints_checked})"
        )
    print(f"verify_chain: median {statistics.median(rates):,.0f} events/s, best {max(rates):,.0f}")

    # Where the time goes: PostgreSQL producing the COPY stream, read and dropped.
    from django.db import transaction

    from audit.verify import event_lines

    with transaction.atomic():
        began = time.perf_counter()
        streamed = sum(1 for _line in event_lines(chain))
        elapsed = time.perf_counter() - began
    print(f"the COPY stream alone (no hashing): {streamed / elapsed:,.0f} events/s")
    if args.in_memory:
        from audit.checkpoints import load
        from audit.verify import _scan

        with transaction.atomic():
            lines = list(event_lines(chain))
        began = time.process_time()
        state = _scan(iter(lines), chain, load(chain)[0])
        elapsed = time.process_time() - began
        assert state.fault is None, state.fault
        print(
            f"the checks alone, over the lines in memory: {state.verified / elapsed:,.0f} "
            "events per CPU second"
        )
        del lines

    environment = {**os.environ, "DATABASE_URL": BENCH_DATABASE_URL}
    began = time.perf_counter()
    command = subprocess.run(
        [sys.executable, "manage.py", "audit_verify", "--municipality", "9901"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - began
    print(f"manage.py audit_verify --municipality 9901: exit {command.returncode}, {elapsed:.2f} s")
    print("  " + command.stdout.strip().splitlines()[-1])

    lines = [os.urandom(200).hex().encode() for _ in range(events)]
    began = time.perf_counter()
    previous = b"0" * 64
    for line in lines:
        previous = hashlib.sha256(previous + line).hexdigest().encode()
    elapsed = time.perf_counter() - began
    print(
        f"reference, SHA-256 chaining of {events} 464-byte lines in memory: "
        f"{events / elapsed:,.0f} records/s"
    )


if __name__ == "__main__":
    main()
