"""Benchmark (a): what the audit event costs a case-detail read, as a throughput ratio measured
in one run.

    .venv/bin/python -m bench.audit_read_cost [--requests 400] [--rounds 6]

``GET /api/v1/cases/{id}/`` through the whole stack in process (Django's test client, a real
Bearer token, PostgreSQL over TCP), alternating rounds with the audit event written as always and
rounds where ``audit.record`` is replaced by a no-op, so that load from elsewhere on the machine
hits both alike. Best to run after ``bench.audit_generate``: the event then goes into a chain of a
million events with full-size indexes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from bench._audit_setup import machine, setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=6)
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
        audit.chain.record = real_record if with_audit else no_record  # type: ignore[assignment]
        try:
            began = time.perf_counter()
            for _ in range(args.requests):
                response = client.get(url)
                assert response.status_code == 200, response.content
            return args.requests / (time.perf_counter() - began)
        finally:
            audit.chain.record = real_record

    round_(True)  # warm up both paths (connections, caches, imports)
    round_(False)
    with_audit: list[float] = []
    without: list[float] = []
    for _ in range(args.rounds):
        with_audit.append(round_(True))
        without.append(round_(False))
        print(f"  round: with {with_audit[-1]:.0f} req/s, without {without[-1]:.0f} req/s")
    ratios = [w / wo for w, wo in zip(with_audit, without, strict=True)]
    ratio = statistics.median(ratios)
    print(
        f"with the audit event: {statistics.median(with_audit):.0f} req/s; without: "
        f"{statistics.median(without):.0f} req/s; ratio {ratio:.3f} "
        f"(the event costs {(1 - ratio) * 100:.1f}% of the read's throughput; "
        f"per round {min(ratios):.3f}..{max(ratios):.3f})"
    )


def _user(username: str) -> Any:
    from backend.accounts.models import User

    return User.objects.get(username=username)


if __name__ == "__main__":
    main()
