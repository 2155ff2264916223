"""The permission matrix of meetings, plans, the intervention catalogue, notifications and
calendar feeds (issue 6 must-show 5), in the style of tests/backend/test_permission_matrix.py.

Case members (socsek, rektor, kommunpolis) reach the case's meetings and action items; everybody
else — other agencies, the other municipality, the auditor and the administrator — gets 404, so
nobody learns that a meeting exists. The plan is social services' record: the school and police
members of the case get 403. The catalogue is public knowledge. Notifications and the calendar
subscription are the caller's own.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.cases.actions import case_create
from workflows.meetings.actions import (
    ParticipantInput,
    action_item_create,
    calendar_feed_token_create,
    meeting_create,
)
from workflows.reminders.models import Notification

pytestmark = pytest.mark.django_db

OPERATIONAL = [
    "larare",
    "rektor",
    "kurator",
    "skolskoterska",
    "friskola.mentor",
    "friskola.skolskoterska",
    "socsek",
    "enhetschef",
    "kommunpolis",
    "polis.beslut",
    "samordnare",
    "grannby.socsek",
]
EVERYONE = [*OPERATIONAL, "granskare", "admin"]
CASE_MEMBERS = ["socsek", "rektor", "kommunpolis"]
NOT_MEMBERS = [p for p in EVERYONE if p not in CASE_MEMBERS]


def _at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class World:
    case: Any
    meeting: Any
    item: Any
    grannby_meeting: Any
    notification: Any
    feed_token: str


@pytest.fixture
def world(personas, young_person_factory, case_factory) -> World:
    case = case_factory(young_person_factory("socsek"), members=("rektor", "kommunpolis"))
    socsek = personas.actor("socsek")
    meeting = meeting_create(
        actor=socsek,
        case_id=case.pk,
        starts_at=_at(10),
        ends_at=_at(10, 11),
        participants=[ParticipantInput(user=personas["socsek"].pk)],
    )
    item = action_item_create(
        actor=socsek,
        meeting_id=meeting.pk,
        title="Ring skolan",
        owner_id=personas["rektor"].pk,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    grannby = personas.actor("grannby.socsek")
    grannby_case = case_create(
        actor=grannby,
        young_person=young_person_factory("grannby.socsek", family_name="Grannbysson"),
        lead_unit_id=personas.unit("Grannby barn och unga").pk,
        participating_unit_ids=[],
    )
    grannby_meeting = meeting_create(
        actor=grannby,
        case_id=grannby_case.pk,
        starts_at=_at(5),
        ends_at=_at(5, 11),
        participants=[ParticipantInput(user=personas["grannby.socsek"].pk)],
    )
    notification = Notification.objects.create(
        recipient=personas["socsek"],
        kind="meeting_in_7_days",
        target_type="meeting",
        target_id=meeting.pk,
        path=f"/meetings/{meeting.pk}/",
    )
    _row, token = calendar_feed_token_create(actor=socsek)
    return World(case, meeting, item, grannby_meeting, notification, token)


def _rows() -> list[tuple[str | None, str, str, Any, int]]:
    rows: list[tuple[str | None, str, str, Any, int]] = []

    def add(personas_: Sequence[str | None], method: str, url: str, status: int, body: Any = None):
        rows.extend((p, method, url, body, status) for p in personas_)

    # Meetings of a case
    add(CASE_MEMBERS, "get", "/api/v1/cases/{case}/meetings/", 200)
    add(NOT_MEMBERS, "get", "/api/v1/cases/{case}/meetings/", 404)
    add([None], "get", "/api/v1/cases/{case}/meetings/", 401)
    add(CASE_MEMBERS, "post", "/api/v1/cases/{case}/meetings/", 201, "new_meeting")
    add(NOT_MEMBERS, "post", "/api/v1/cases/{case}/meetings/", 404, "new_meeting")
    add([None], "post", "/api/v1/cases/{case}/meetings/", 401, "new_meeting")

    # One meeting
    add(CASE_MEMBERS, "get", "/api/v1/meetings/{meeting}/", 200)
    add(NOT_MEMBERS, "get", "/api/v1/meetings/{meeting}/", 404)
    add([None], "get", "/api/v1/meetings/{meeting}/", 401)
    add(CASE_MEMBERS, "patch", "/api/v1/meetings/{meeting}/", 200, {"agenda": "Ny punkt"})
    add(NOT_MEMBERS, "patch", "/api/v1/meetings/{meeting}/", 404, {"agenda": "Ny punkt"})
    add([None], "patch", "/api/v1/meetings/{meeting}/", 401, {"agenda": "Ny punkt"})
    add(CASE_MEMBERS, "get", "/api/v1/meetings/{meeting}/ics/", 200)
    add(NOT_MEMBERS, "get", "/api/v1/meetings/{meeting}/ics/", 404)
    add([None], "get", "/api/v1/meetings/{meeting}/ics/", 401)
    # Another municipality's meeting
    add(
        [p for p in EVERYONE if p != "grannby.socsek"],
        "get",
        "/api/v1/meetings/{grannby_meeting}/",
        404,
    )
    add(["grannby.socsek"], "get", "/api/v1/meetings/{grannby_meeting}/", 200)
    add(["socsek"], "patch", "/api/v1/meetings/{grannby_meeting}/", 404, {"agenda": "X"})

    # Action items
    add(CASE_MEMBERS, "post", "/api/v1/meetings/{meeting}/action-items/", 201, "new_item")
    add(NOT_MEMBERS, "post", "/api/v1/meetings/{meeting}/action-items/", 404, "new_item")
    add([None], "post", "/api/v1/meetings/{meeting}/action-items/", 401, "new_item")
    add(CASE_MEMBERS, "get", "/api/v1/action-items/{item}/", 200)
    add(NOT_MEMBERS, "get", "/api/v1/action-items/{item}/", 404)
    add([None], "get", "/api/v1/action-items/{item}/", 401)
    add(CASE_MEMBERS, "patch", "/api/v1/action-items/{item}/", 200, {"status": "in_progress"})
    add(NOT_MEMBERS, "patch", "/api/v1/action-items/{item}/", 404, {"status": "in_progress"})
    add([None], "patch", "/api/v1/action-items/{item}/", 401, {"status": "in_progress"})

    # The case plan: social services' record
    add(["socsek"], "get", "/api/v1/cases/{case}/plan/", 200)
    add(["rektor", "kommunpolis"], "get", "/api/v1/cases/{case}/plan/", 403)
    add(NOT_MEMBERS, "get", "/api/v1/cases/{case}/plan/", 404)
    add([None], "get", "/api/v1/cases/{case}/plan/", 401)
    add(["socsek"], "put", "/api/v1/cases/{case}/plan/", 200, "plan")
    add(["rektor", "kommunpolis"], "put", "/api/v1/cases/{case}/plan/", 403, "plan")
    add(NOT_MEMBERS, "put", "/api/v1/cases/{case}/plan/", 404, "plan")
    add([None], "put", "/api/v1/cases/{case}/plan/", 401, "plan")

    # The intervention catalogue: public knowledge, for any signed-in user
    add(EVERYONE, "get", "/api/v1/interventions/?age=14", 200)
    add([None], "get", "/api/v1/interventions/?age=14", 401)

    # Notifications: one's own
    add(EVERYONE, "get", "/api/v1/notifications/", 200)
    add([None], "get", "/api/v1/notifications/", 401)
    add(["socsek"], "post", "/api/v1/notifications/{notification}/read/", 200)
    add(
        [p for p in EVERYONE if p != "socsek"],
        "post",
        "/api/v1/notifications/{notification}/read/",
        404,
    )
    add([None], "post", "/api/v1/notifications/{notification}/read/", 401)
    add(EVERYONE, "get", "/api/v1/notifications/preferences/", 200)
    add(EVERYONE, "put", "/api/v1/notifications/preferences/", 200, {"language": "en"})
    add([None], "put", "/api/v1/notifications/preferences/", 401, {"language": "en"})

    # The calendar subscription: one's own; the feed itself needs only its secret URL
    add(EVERYONE, "get", "/api/v1/calendar-feed/", 200)
    add(OPERATIONAL, "post", "/api/v1/calendar-feed/", 201)
    add(["granskare", "admin"], "post", "/api/v1/calendar-feed/", 403)
    add([None], "post", "/api/v1/calendar-feed/", 401)
    add(EVERYONE, "delete", "/api/v1/calendar-feed/", 204)
    add([None], "delete", "/api/v1/calendar-feed/", 401)
    add([None, "admin", "grannby.socsek"], "get", "/api/v1/calendar-feed/{feed_token}.ics", 200)
    add([None], "get", "/api/v1/calendar-feed/{bogus_token}.ics", 404)
    return rows


def _body(kind: Any, personas, world: World) -> Any:
    if kind == "new_meeting":
        return {
            "starts_at": _at(20).isoformat(),
            "ends_at": _at(20, 11).isoformat(),
            "participants": [{"user": str(personas["rektor"].pk)}],
        }
    if kind == "new_item":
        return {
            "title": "Boka uppföljning",
            "owner": str(personas["kommunpolis"].pk),
            "due_on": str(timezone.localdate() + datetime.timedelta(days=10)),
        }
    if kind == "plan":
        return {
            "goals": [{"who": "child", "behaviour": "går till skolan varje dag"}],
            "interventions": [{"code": "structured_family_treatment", "ends_on": "2027-06-01"}],
        }
    return kind


@pytest.mark.parametrize(("persona", "method", "url", "body", "expected"), _rows())
def test_permission_matrix(personas, world, persona, method, url, body, expected):
    path = url.format(
        case=world.case.pk,
        meeting=world.meeting.pk,
        item=world.item.pk,
        grannby_meeting=world.grannby_meeting.pk,
        notification=world.notification.pk,
        feed_token=world.feed_token,
        bogus_token=uuid.uuid4().hex,
    )
    client = personas.client(persona) if persona is not None else APIClient()
    payload = _body(body, personas, world)
    response = (
        getattr(client, method)(path, payload, format="json")
        if payload
        else getattr(client, method)(path)
    )
    assert response.status_code == expected, (persona, method, path, response.content[:300])
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
