"""Idempotency-Key: a replay returns the first response and runs nothing again."""

from __future__ import annotations

import datetime

import pytest

from backend.core.models import IdempotencyRecord
from backend.people.models import YoungPerson

pytestmark = pytest.mark.django_db


def _body(personnummer):
    return {"personnummer": personnummer, "given_name": "Ida", "family_name": "Idempotent"}


def test_replay_returns_the_first_response_without_running_again(
    personas, audit_log, new_personnummer
):
    client = personas.client("socsek")
    body = _body(new_personnummer(datetime.date(2012, 2, 2)))
    first = client.post("/api/v1/young-people/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    replay = client.post("/api/v1/young-people/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == replay.status_code == 201
    assert first.json() == replay.json()
    assert replay["Idempotent-Replayed"] == "true"
    assert YoungPerson.objects.count() == 1
    assert [a for a, _o in audit_log.actions()] == ["young_person.created"]


def test_same_key_with_another_body_is_refused(personas, new_personnummer):
    client = personas.client("socsek")
    client.post(
        "/api/v1/young-people/",
        _body(new_personnummer(datetime.date(2012, 2, 2))),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-2",
    )
    other = client.post(
        "/api/v1/young-people/",
        _body(new_personnummer(datetime.date(2012, 3, 3))),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-2",
    )
    assert other.status_code == 400
    assert "Idempotency-Key" in other.json()["errors"]
    assert YoungPerson.objects.count() == 1


def test_replay_while_the_first_is_in_flight_is_a_conflict(personas, new_personnummer):
    body = _body(new_personnummer(datetime.date(2012, 2, 2)))
    client = personas.client("socsek")
    from backend.core.api.idempotency import _request_hash  # the fingerprint of this body

    class _Req:
        data = body

    IdempotencyRecord.objects.create(
        user=personas["socsek"],
        key="k-3",
        method="POST",
        path="/api/v1/young-people/",
        request_hash=_request_hash(_Req()),  # type: ignore[arg-type]
    )
    response = client.post("/api/v1/young-people/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert response.status_code == 409
    assert YoungPerson.objects.count() == 0


def test_keys_are_per_user(personas, new_personnummer):
    body = _body(new_personnummer(datetime.date(2012, 2, 2)))
    a = personas.client("socsek").post(
        "/api/v1/young-people/", body, format="json", HTTP_IDEMPOTENCY_KEY="shared"
    )
    b = personas.client("larare").post(
        "/api/v1/young-people/", body, format="json", HTTP_IDEMPOTENCY_KEY="shared"
    )
    assert a.status_code == b.status_code == 201
    assert "Idempotent-Replayed" not in b


def test_error_responses_are_replayed_too(personas):
    client = personas.client("socsek")
    bad = _body("12345")
    first = client.post("/api/v1/young-people/", bad, format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    replay = client.post("/api/v1/young-people/", bad, format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    assert first.status_code == replay.status_code == 400
    assert first.json()["errors"] == replay.json()["errors"]
