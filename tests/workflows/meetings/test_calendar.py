"""iCalendar for one meeting, and the per-user calendar feed at a secret, revocable URL."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pytest
from rest_framework.test import APIClient

from tests.workflows.meetings.conftest import at
from workflows.meetings.models import CalendarFeedToken

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_meeting_ics_has_time_place_and_link_but_no_names(
    personas, meeting_case, create_meeting, audit_log
):
    meeting = create_meeting()
    audit_log.mark()
    response = personas.client("rektor").get(
        f"/api/v1/meetings/{meeting['id']}/ics/", HTTP_ACCEPT="text/calendar"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert event.decoded("dtstart") == at(10)
    assert event.decoded("dtend") == at(10, 11)
    assert str(event["location"]) == "Exempelskolan, rum 12"
    assert str(event["url"]).endswith(f"/meetings/{meeting['id']}/")
    assert str(event["uid"]).startswith(f"meeting-{meeting['id']}@")
    text = response.content.decode()
    young_person = meeting_case.young_person
    for secret in (young_person.given_name, young_person.family_name, "Uppföljning av planen"):
        assert secret not in text
    assert "BEGIN:VTIMEZONE" in text
    assert "Europe/Stockholm" in text
    assert audit_log.actions() == [("meeting.exported", "allowed")]


def test_moving_a_meeting_raises_its_ics_sequence(personas, create_meeting):
    meeting = create_meeting()
    client = personas.client("socsek")
    client.patch(
        f"/api/v1/meetings/{meeting['id']}/",
        {"starts_at": at(11).isoformat(), "ends_at": at(11, 11).isoformat()},
        format="json",
    )
    (event,) = _events(client.get(f"/api/v1/meetings/{meeting['id']}/ics/").content)
    assert event.decoded("sequence") == 1


def _feed_url(personas, username: str) -> str:
    response = personas.client(username).post("/api/v1/calendar-feed/")
    assert response.status_code == 201, response.content
    return urlsplit(response.json()["url"]).path


def test_feed_shows_only_the_token_owners_meetings(
    personas, meeting_case, create_meeting, case_factory, audit_log
):
    with_socsek = create_meeting(participants=[{"user": str(personas["socsek"].pk)}])
    rektor_only = create_meeting(participants=[{"user": str(personas["rektor"].pk)}])
    other_case = case_factory()  # socsek is a member but takes no part in this meeting
    personas.client("socsek").post(
        f"/api/v1/cases/{other_case.pk}/meetings/",
        {
            "starts_at": at(3).isoformat(),
            "ends_at": at(3, 11).isoformat(),
            "participants": [{"user": str(personas["kommunpolis"].pk)}],
        },
        format="json",
    )
    socsek_feed = _feed_url(personas, "socsek")
    rektor_feed = _feed_url(personas, "rektor")
    audit_log.mark()

    anonymous = APIClient()
    response = anonymous.get(socsek_feed, HTTP_ACCEPT="text/calendar")
    assert response.status_code == 200
    uids = {str(e["uid"]).split("@")[0] for e in _events(response.content)}
    assert uids == {f"meeting-{with_socsek['id']}"}
    (event,) = _events(response.content)
    assert "location" not in event  # the unattended feed leaves the place out
    assert meeting_case.young_person.family_name not in response.content.decode()
    event_log = audit_log.new()
    assert [e.action for e in event_log] == ["calendar_feed.read"]
    assert event_log[0].actor_id == personas["socsek"].pk
    assert event_log[0].payload["ids"] == [with_socsek["id"]]

    uids = {str(e["uid"]).split("@")[0] for e in _events(anonymous.get(rektor_feed).content)}
    assert uids == {f"meeting-{rektor_only['id']}"}


def test_feed_token_is_stored_only_as_a_hash(personas):
    path = _feed_url(personas, "socsek")
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    row = CalendarFeedToken.objects.get(user=personas["socsek"])
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash


def test_revoked_feed_stops_working(personas, create_meeting, audit_log):
    create_meeting()
    path = _feed_url(personas, "socsek")
    assert APIClient().get(path).status_code == 200
    audit_log.mark()
    assert personas.client("socsek").delete("/api/v1/calendar-feed/").status_code == 204
    assert audit_log.actions() == [("calendar_feed.revoked", "allowed")]
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    status = personas.client("socsek").get("/api/v1/calendar-feed/").json()
    assert status == {"active": False, "created_at": None, "url": None}


def test_a_new_feed_url_replaces_the_old_one(personas):
    old = _feed_url(personas, "socsek")
    new = _feed_url(personas, "socsek")
    assert old != new
    assert APIClient().get(old).status_code == 404
    assert APIClient().get(new).status_code == 200


def test_feed_drops_meetings_of_a_case_the_user_left(personas, meeting_case, create_meeting):
    create_meeting()
    path = _feed_url(personas, "rektor")
    assert len(_events(APIClient().get(path).content)) == 1
    response = personas.client("rektor").delete(
        f"/api/v1/cases/{meeting_case.pk}/members/{personas['rektor'].pk}/"
    )
    assert response.status_code == 204
    assert _events(APIClient().get(path).content) == []


def test_unknown_feed_token_is_404(personas):
    assert APIClient().get("/api/v1/calendar-feed/not-a-real-token.ics").status_code == 404
