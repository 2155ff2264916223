"""Fixtures for meetings: a case with members, and helpers to call the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone


def at(days: int, hour: int = 10) -> datetime.datetime:
    """An aware datetime ``days`` from today at ``hour`` o'clock Swedish time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def meeting_case(case_factory: Any) -> Any:
    """A case led by socsek (IFO Barn och unga) with rektor and kommunpolis as members."""
    return case_factory(members=("rektor", "kommunpolis"))


@pytest.fixture
def meeting_body(personas: Any, meeting_case: Any) -> Any:
    def make(**overrides: Any) -> dict[str, Any]:
        guardian = meeting_case.young_person.guardians.first()
        body: dict[str, Any] = {
            "starts_at": at(10).isoformat(),
            "ends_at": at(10, 11).isoformat(),
            "location": "Exempelskolan, rum 12",
            "agenda": "Uppföljning av planen",
            "participants": [
                {"user": str(personas["socsek"].pk)},
                {"user": str(personas["rektor"].pk)},
                {"guardian": str(guardian.pk)},
                {"young_person": str(meeting_case.young_person_id)},
            ],
        }
        body.update(overrides)
        return body

    return make


@pytest.fixture
def create_meeting(personas: Any, meeting_case: Any, meeting_body: Any) -> Any:
    def make(username: str = "socsek", **overrides: Any) -> dict[str, Any]:
        response = personas.client(username).post(
            f"/api/v1/cases/{meeting_case.pk}/meetings/", meeting_body(**overrides), format="json"
        )
        assert response.status_code == 201, response.content
        return response.json()

    return make
