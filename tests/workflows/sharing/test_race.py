"""Two decision-makers decide the same request at the same moment (issue 5, must-show 2).

Deterministic on PostgreSQL: decision-maker A takes the row lock and is held inside it until
the database reports decision-maker B waiting for that lock; then A commits. Exactly one
decision is recorded and B gets 409."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

from backend.accounts.models import User
from backend.organisations.models import Membership, Role
from tests.workflows.sharing.conftest import consent_all
from workflows.sharing import actions, engine_input
from workflows.sharing.models import SharingRequest

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_for_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_two_decision_makers_at_once_one_decision_and_a_409(
    personas, teen_case, make_request, monkeypatch
):
    assert connection.vendor == "postgresql"
    young_person, case = teen_case
    consent_all(personas, young_person)
    request = make_request(young_person, case)
    second = User.objects.create_user(
        username="enhetschef2", password="x" * 16, full_name="Eva Ersättare"
    )
    Membership.objects.create(
        user=second, unit=personas.unit("IFO Barn och unga"), role=Role.DECISION_MAKER
    )
    personas.users["enhetschef2"] = second

    a_has_lock = threading.Event()
    b_is_waiting = threading.Event()
    original = engine_input.evaluate_request

    def held_inside_the_lock(request_row: Any, on: Any) -> Any:
        if threading.current_thread().name == "A":
            a_has_lock.set()
            assert b_is_waiting.wait(10), "B never started waiting"
        return original(request_row, on)

    monkeypatch.setattr(actions, "evaluate_request", held_inside_the_lock)
    results: dict[str, Any] = {}

    def decide(name: str, persona: str) -> None:
        try:
            response = personas.client(persona).post(
                f"/api/v1/sharing-requests/{request['id']}/decide/",
                {"decision": "approve", "ground": "G01"},
                format="json",
            )
            results[name] = (response.status_code, response.json())
        finally:
            connections.close_all()

    thread_a = threading.Thread(target=decide, args=("A", "enhetschef"), name="A")
    thread_b = threading.Thread(target=decide, args=("B", "enhetschef2"), name="B")
    thread_a.start()
    assert a_has_lock.wait(10)
    thread_b.start()
    deadline = time.monotonic() + 10
    while not _waiting_for_lock():
        assert time.monotonic() < deadline, "B did not block on the row lock"
        time.sleep(0.01)
    b_is_waiting.set()
    thread_a.join(15)
    thread_b.join(15)

    assert results["A"][0] == 200, results["A"]
    assert results["B"][0] == 409, results["B"]
    row = SharingRequest.objects.get(pk=request["id"])
    assert (row.status, row.decided_by_id) == ("approved", personas["enhetschef"].pk)
    from audit.models import AuditEvent

    decided = AuditEvent.objects.filter(action="sharing_request.decided", object_id=request["id"])
    refused = AuditEvent.objects.filter(
        action="sharing_request.decision_refused", object_id=request["id"]
    )
    assert decided.count() == 1
    assert refused.count() == 1
