"""Issue 3, must-show 2: many writers at once, each on its own PostgreSQL connection, into one
chain and into two chains; afterwards every chain verifies, with no gap and no fork."""

from __future__ import annotations

import itertools
import threading
import uuid
from typing import Any

import pytest
from django.db import connections, transaction

import audit
from audit.models import AuditChain, AuditEvent
from audit.verify import verify_chain

WRITERS = 8
TRANSACTIONS_PER_WRITER = 30


class _Rollback(Exception):
    pass


def _writer(chains: list[uuid.UUID], index: int, start: threading.Barrier, errors: list[Any]):
    try:
        start.wait(timeout=30)
        for number in range(TRANSACTIONS_PER_WRITER):
            municipality = chains[(index + number) % len(chains)]
            try:
                with transaction.atomic(durable=True):
                    audit.record(
                        actor=None,
                        action="case.viewed",
                        municipality_id=municipality,
                        username=f"writer-{index}",
                        payload={"writer": index, "n": number},
                    )
                    if number % 7 == 3:
                        # The action fails after its event was written: the event and its
                        # sequence number go with it, leaving no gap.
                        raise _Rollback
            except _Rollback:
                pass
    except Exception as exc:  # pragma: no cover - reported by the test
        errors.append(exc)
    finally:
        connections.close_all()  # this thread's connection


@pytest.mark.parametrize("chain_count", [1, 2])
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_never_fork_or_leave_a_gap(chain_count):
    chains = [uuid.uuid4() for _ in range(chain_count)]
    start = threading.Barrier(WRITERS)
    errors: list[Any] = []
    threads = [
        threading.Thread(target=_writer, args=(chains, index, start, errors))
        for index in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert not any(thread.is_alive() for thread in threads)

    committed = sum(
        1 for _w in range(WRITERS) for n in range(TRANSACTIONS_PER_WRITER) if n % 7 != 3
    )
    total = 0
    for municipality in chains:
        key = str(municipality)
        seqs = list(
            AuditEvent.objects.filter(chain=key)
            .order_by("seq")
            .values_list("seq", "prev_hash", "hash")
        )
        assert [s for s, _p, _h in seqs] == list(range(1, len(seqs) + 1))  # no gap, no repeat
        for (_s, _p, previous), (_s2, prev_hash, _h2) in itertools.pairwise(seqs):
            assert prev_hash == previous  # no fork: each event builds on the one before
        head = AuditChain.objects.get(key=key)
        assert (head.last_seq, head.last_hash) == (len(seqs), seqs[-1][2])
        writers = list(
            AuditEvent.objects.filter(chain=key)
            .order_by("seq")
            .values_list("actor_username", flat=True)
        )
        # The writers really ran at once: their events interleave in the chain.
        assert sum(1 for a, b in itertools.pairwise(writers) if a != b) > WRITERS
        result = verify_chain(key)
        assert result.ok, result.fault
        assert result.events_checked == len(seqs)
        total += len(seqs)
    assert total == committed
