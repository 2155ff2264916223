"""Benchmark (a): what the audit event costs a case-detail read, as a throughput ratio measured
in one run.

    .venv/bin/python -m bench.audit_read_cost [--requests 25] [--rounds 40]

``GET /api/v1/cases/{id}/`` through the whole stack in process (Django's test client, a real
Bearer token, PostgreSQL over TCP), alternating short rounds with the audit event written as
always and rounds where ``audit.record`` is replaced by a no-op, so that load from elsewhere on
the machine hits both alike. Throughput per condition is its requests over its total time.
Best run after ``bench.audit_generate``: the event then goes into a chain of a million events
with full-size indexes. The read runs in autocommit, so the event is its own transaction and
pays a WAL flush at commit (synchronous_commit stays on: a read's event must not be lost).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from bench._audit_setup import machine, setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=25, help="per round")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    setup()
    from django.test import Client

    import audit.chain
    from audit.models import AuditEvent
    from backend.accounts.actions import token_issue
    from backend.cases.actions import case_create, case_member_add
    from backend.cases.models import Case
    from backend.core.actor import Actor
    from backend.organisations.models import Unit
    from backend.people.actions import young_person_register
    from backend.people.identity import synthetic_number

    socsek = Actor.for_user(_user("socsek"))
    case = Case.objects.filter(young_person__given_name="Bench").first()
    if case is None:
        import datetime

        young_person, _ = young_person_register(
            actor=socsek,
            personnummer=synthetic_number(datetime.date(2012, 4, 4), 977),
            given_name="Bench",
            family_name="Marksson",
            protected_identity=False,
            guardians=[],
        )
        lead = Unit.objects.get(name="IFO Barn och unga")
        rektor_unit = Unit.objects.get(name="Exempelskolan rektor")
        case = case_create(
            actor=socsek,
            young_person=young_person,
            lead_unit_id=lead.pk,
            participating_unit_ids=[rektor_unit.pk],
        )
        case_member_add(actor=socsek, case=case, user_id=_user("rektor").pk, unit_id=rektor_unit.pk)
    issued = token_issue(
        username="rektor",
        password="bench-password-not-secret",  # noqa: S106  # the benchmark's demo accounts
        request_id=None,
        client_address="127.0.0.1",
    )
    assert issued is not None
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    url = f"/api/v1/cases/{case.pk}/"
    events = AuditEvent.objects.filter(chain=str(socsek.municipality_id)).count()
    print(machine())
    print(f"GET {url} as rektor; the chain holds {events} events")

    real_record = audit.chain.record

    def no_record(**_kwargs: Any) -> None:
        return None

    def round_(with_audit: bool) -> float:
        """Seconds for one round."""
        audit.chain.record = real_record if with_audit else no_record  # type: ignore[assignment]
        try:
            began = time.perf_counter()
            for _ in range(args.requests):
                response = client.get(url)
                assert response.status_code == 200, response.content
            return time.perf_counter() - began
        finally:
            audit.chain.record = real_record

    for _ in range(3):  # warm up both paths (connections, caches, imports)
        round_(True)
        round_(False)
    with_audit: list[float] = []
    without: list[float] = []
    for number in range(args.rounds):
        # Alternate which goes first, so that neither always follows the other.
        if number % 2:
            without.append(round_(False))
            with_audit.append(round_(True))
        else:
            with_audit.append(round_(True))
            without.append(round_(False))
    total = args.requests * args.rounds
    rate_with, rate_without = total / sum(with_audit), total / sum(without)
    ratio = rate_with / rate_without
    per_round = sorted(wo / w for w, wo in zip(with_audit, without, strict=True))
    print(
        f"{total} requests each: with the audit event {rate_with:.1f} req/s, without "
        f"{rate_without:.1f} req/s; ratio {ratio:.3f}: the event costs "
        f"{(1 - ratio) * 100:.1f}% of the read's throughput (median per-round ratio "
        f"{statistics.median(per_round):.3f}, quartiles {per_round[len(per_round) // 4]:.3f}.."
        f"{per_round[3 * len(per_round) // 4]:.3f})"
    )


def _user(username: str) -> Any:
    from backend.accounts.models import User

    return User.objects.get(username=username)


if __name__ == "__main__":
    main()
