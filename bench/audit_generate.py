"""Generate audit events into Exempelby's chain of the benchmark database.

    .venv/bin/python -m bench.audit_generate [--events 1000000] [--days 35]

The events are shaped like the service's (reads of young people and cases, list pages with the
ids shown, denials, some writes; 2,000 users, 20,000 young people, 8,000 cases), spread evenly
over the last ``--days`` days, hashed exactly as ``audit.record`` hashes (``audit.canonical``)
and loaded with COPY, secondary indexes dropped during the load and rebuilt after it. The log is
append-only, so a second run only tops the chain up to ``--events``; to start again, drop the
database (``dropdb -h 127.0.0.1 -U postgres samverka_audit_bench``).
"""

from __future__ import annotations

import argparse
import datetime
import random
import time
import uuid

from bench._audit_setup import setup

ACTIONS = [
    ("young_person.viewed", 35),
    ("case.viewed", 25),
    ("case.chronology_viewed", 10),
    ("young_person.listed", 8),
    ("case.listed", 7),
    ("access.denied", 5),
    ("young_person.updated", 4),
    ("case.member_added", 3),
    ("auth.login", 3),
]
AGENCIES = [("school", "staff"), ("social_services", "staff"), ("police", "staff")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=35)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    setup()
    generate(args.events, args.days, random.Random(args.seed))


def generate(target: int, days: int, rng: random.Random) -> None:
    from django.db import connection
    from django.utils import timezone

    from audit.canonical import event_hash, text_form
    from audit.models import AuditChain, AuditEvent
    from backend.organisations.models import Municipality

    chain = str(Municipality.objects.get(code="9901").pk)
    head = AuditChain.objects.filter(key=chain).first()
    start_seq = head.last_seq if head else 0
    prev_hash = head.last_hash if head else "0" * 64
    if start_seq >= target:
        print(f"chain {chain} already holds {start_seq} events: nothing to generate")
        return
    count = target - start_seq
    print(f"generating {count} events into chain {chain} (seq {start_seq + 1}..{target})")

    units = [(uuid.uuid4(), f"Enhet {n:02d}", *rng.choice(AGENCIES)) for n in range(50)]
    actors = [(uuid.uuid4(), f"user{n:04d}", rng.choice(units)) for n in range(2000)]
    people = [str(uuid.uuid4()) for _ in range(20_000)]
    cases = [(str(uuid.uuid4()), rng.choice(people)) for _ in range(8_000)]
    codes = [code for code, weight in ACTIONS for _ in range(weight)]
    end = timezone.now()
    begin = end - datetime.timedelta(days=days)
    step = (end - begin) / count

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_auditevent' "
            "AND indexname NOT IN ('audit_auditevent_pkey', 'audit_chain_seq_unique')"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')  # rebuilt below: a bulk build is faster

    columns = (
        "chain, seq, occurred_at, actor_id, actor_username, actor_unit_id, actor_unit_name, "
        "actor_agency, actor_role, action, object_type, object_id, young_person_id, case_id, "
        "purpose, legal_ground, outcome, request_id, client_address, payload, prev_hash, hash"
    )
    began = time.perf_counter()
    seq = start_seq
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY audit_auditevent ({columns}) FROM STDIN") as copy:
            batch: list[str] = []
            for number in range(count):
                seq += 1
                occurred = (
                    begin + step * number + datetime.timedelta(microseconds=rng.randrange(1000))
                )
                actor_id, username, (unit_id, unit_name, agency, role) = rng.choice(actors)
                action = rng.choice(codes)
                outcome = "denied" if action == "access.denied" else "allowed"
                young_person: str | None = None
                case: str | None = None
                object_type, object_id = "", ""
                payload: dict[str, object] = {}
                if action in ("case.viewed", "case.chronology_viewed", "case.member_added"):
                    case, young_person = rng.choice(cases)
                    object_type, object_id = "case", case
                elif action in ("young_person.viewed", "young_person.updated", "access.denied"):
                    young_person = rng.choice(people)
                    object_type, object_id = "young_person", young_person
                elif action in ("young_person.listed", "case.listed"):
                    shown = rng.sample(people, 10)
                    payload = {"ids": shown, "young_people": sorted(shown)}
                fields = [
                    text_form(value)
                    for value in (
                        chain,
                        seq,
                        occurred,
                        actor_id,
                        username,
                        unit_id,
                        unit_name,
                        agency,
                        role,
                        action,
                        object_type,
                        object_id,
                        young_person,
                        case,
                        "",
                        "",
                        outcome,
                        f"{rng.getrandbits(64):016x}",
                        f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                        payload,
                    )
                ]
                new_hash = event_hash("\t".join([prev_hash, "2", *fields]).encode())
                batch.append("\t".join([*fields, prev_hash, new_hash]) + "\n")
                prev_hash = new_hash
                if len(batch) == 5000:
                    copy.write("".join(batch))
                    batch.clear()
                    if number % 100_000 < 5000:
                        print(f"  {number + 1} events ({time.perf_counter() - began:.0f} s)")
            if batch:
                copy.write("".join(batch))
        print(f"loaded in {time.perf_counter() - began:.1f} s; rebuilding indexes")
        for _name, definition in indexes:
            cursor.execute(definition)
    AuditChain.objects.update_or_create(
        key=chain,
        defaults={
            "last_seq": seq,
            "last_hash": prev_hash,
            "prev_hash": AuditEvent.objects.get(chain=chain, seq=seq).prev_hash,
        },
    )
    connection.cursor().execute("VACUUM ANALYZE audit_auditevent")
    print(f"done: chain {chain} holds {seq} events ({time.perf_counter() - began:.1f} s)")


if __name__ == "__main__":
    main()
