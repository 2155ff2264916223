"""Benchmark (c): the first page of an auditor's search over 1,000,000 events, by young person
and by actor, over a month, with the PostgreSQL query plans.

    .venv/bin/python -m bench.audit_generate        # once: 1,000,000 events
    .venv/bin/python -m bench.audit_search [--samples 50]

For randomly chosen young people and users of the generated chain it times
``GET /api/v1/audit/events/?young_person=…&since=…&until=…`` (and ``?actor=…``) through the
whole stack as the auditor ``granskare`` (Bearer token; the search's own audit event included),
and the search query alone, and prints ``EXPLAIN (ANALYZE, BUFFERS)`` of one of each.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import time
from typing import Any

from bench._audit_setup import machine, setup


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from audit.queries import EventFilter, materialized_page_sql, page, search_events
    from backend.accounts.actions import token_issue
    from backend.organisations.models import Municipality

    rng = random.Random(args.seed)
    chain = str(Municipality.objects.get(code="9901").pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE chain = %s", [chain])
        total = cursor.fetchone()[0]
        # Candidates: young people and users of the generated data (not the demo accounts).
        cursor.execute(
            "SELECT young_person_id FROM audit_auditevent TABLESAMPLE SYSTEM (1) "
            "WHERE young_person_id IS NOT NULL LIMIT 2000"
        )
        people = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT actor_id FROM audit_auditevent TABLESAMPLE SYSTEM (1) "
            "WHERE actor_username LIKE 'user%%' LIMIT 2000"
        )
        actors = [row[0] for row in cursor.fetchall()]
    until = timezone.now()
    since = until - datetime.timedelta(days=30)
    print(machine())
    print(f"chain {chain}: {total} events; a month: {since:%Y-%m-%d} to {until:%Y-%m-%d}")

    issued = token_issue(
        username="granskare",
        password="bench-password-not-secret",  # noqa: S106  # the benchmark's demo accounts
        request_id=None,
        client_address="127.0.0.1",
    )
    assert issued is not None
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    window = {"since": since.isoformat(), "until": until.isoformat()}

    for name, pool in (("young_person", people), ("actor", actors)):
        api: list[float] = []
        query: list[float] = []
        sizes: list[int] = []
        for _ in range(args.samples):
            value = rng.choice(pool)
            began = time.perf_counter()
            response = client.get("/api/v1/audit/events/", {name: str(value), **window})
            api.append(time.perf_counter() - began)
            assert response.status_code == 200, response.content
            sizes.append(len(response.json()["results"]))
            filters = EventFilter(since=since, until=until, **{name: value})
            began = time.perf_counter()
            page(
                search_events(chain, filters),
                after=None,
                size=50,
                by_young_person=name == "young_person",
            )
            query.append(time.perf_counter() - began)
        print(
            f"\nsearch by {name} over a month, first page (results per page: "
            f"median {statistics.median(sizes):.0f}, {args.samples} samples)"
        )
        print(f"  through the API: {_percentiles(api)}")
        print(f"  query alone:     {_percentiles(query)}")
        events = search_events(
            chain, EventFilter(since=since, until=until, **{name: rng.choice(pool)})
        )
        if name == "young_person":
            _explain(connection, *materialized_page_sql(events, 51))
        else:
            _explain(connection, *events[:51].query.sql_with_params())


def _explain(connection: Any, sql: str, params: Any) -> None:
    """The plan of exactly what ``audit.queries.page`` runs for a first page."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        print("  plan:")
        for (line,) in cursor.fetchall():
            print("    " + line)


if __name__ == "__main__":
    main()
