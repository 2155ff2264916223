"""Meetings through the API: planning, moving, participants, and the reminders that follow."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from backend.cases.models import Case, CaseStatus
from tests.workflows.meetings.conftest import at
from workflows.meetings.models import Meeting, MeetingParticipant
from workflows.reminders.models import Notification, Reminder, ReminderStatus

pytestmark = pytest.mark.django_db


def _open_reminders(meeting_id: str) -> set[tuple[str, str, datetime.datetime]]:
    return {
        (r.kind, r.recipient.username, r.due_at)
        for r in Reminder.objects.filter(
            target_type="meeting", target_id=meeting_id, status=ReminderStatus.PENDING
        ).select_related("recipient")
    }


def test_member_plans_a_meeting_and_its_reminders_are_scheduled(
    personas, meeting_case, create_meeting, audit_log
):
    meeting = create_meeting()
    assert meeting["case"] == str(meeting_case.pk)
    assert meeting["status"] == "planned"
    kinds = sorted(p["kind"] for p in meeting["participants"])
    assert kinds == ["guardian", "staff", "staff", "young_person"]
    assert audit_log.actions() == [("meeting.created", "allowed")]
    event = audit_log.new()[0]
    assert event.case_id == meeting_case.pk
    assert event.young_person_id == meeting_case.young_person_id
    assert "Exempelskolan" not in str(event.payload)  # ids and times, no content
    starts = at(10)
    assert _open_reminders(meeting["id"]) == {
        ("meeting_in_7_days", "socsek", starts - datetime.timedelta(days=7)),
        ("meeting_in_7_days", "rektor", starts - datetime.timedelta(days=7)),
        ("meeting_in_1_day", "socsek", starts - datetime.timedelta(days=1)),
        ("meeting_in_1_day", "rektor", starts - datetime.timedelta(days=1)),
    }


@pytest.mark.parametrize(
    ("participant", "field"),
    [
        ("larare", "participants.0.user"),  # staff who is not a member of the case
        ("other_guardian", "participants.0.guardian"),
        ("other_young_person", "participants.0.young_person"),
        ("two_keys", "participants.0"),
    ],
)
def test_bad_participant_is_400_naming_it_and_nothing_is_written(
    personas, meeting_case, meeting_body, young_person_factory, participant, field
):
    other = young_person_factory(family_name="Annansson")
    entry = {
        "larare": {"user": str(personas["larare"].pk)},
        "other_guardian": {"guardian": str(other.guardians.first().pk)},
        "other_young_person": {"young_person": str(other.pk)},
        "two_keys": {
            "user": str(personas["socsek"].pk),
            "young_person": str(meeting_case.young_person_id),
        },
    }[participant]
    response = personas.client("socsek").post(
        f"/api/v1/cases/{meeting_case.pk}/meetings/",
        meeting_body(participants=[entry, {"user": str(personas["socsek"].pk)}]),
        format="json",
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Meeting.objects.exists()
    assert not MeetingParticipant.objects.exists()
    assert not Reminder.objects.exists()


def test_meeting_that_ends_before_it_starts_is_400_naming_ends_at(
    personas, meeting_case, meeting_body
):
    response = personas.client("socsek").post(
        f"/api/v1/cases/{meeting_case.pk}/meetings/",
        meeting_body(ends_at=at(10, 9).isoformat()),
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["ends_at"]
    assert not Meeting.objects.exists()


def test_malformed_time_is_400_naming_the_field(personas, meeting_case, meeting_body):
    response = personas.client("socsek").post(
        f"/api/v1/cases/{meeting_case.pk}/meetings/",
        meeting_body(starts_at="next tuesday"),
        format="json",
    )
    assert response.status_code == 400
    assert "starts_at" in response.json()["errors"]


def test_moving_a_meeting_moves_its_reminders(personas, create_meeting, audit_log):
    meeting = create_meeting()
    audit_log.mark()
    response = personas.client("rektor").patch(
        f"/api/v1/meetings/{meeting['id']}/",
        {"starts_at": at(20, 13).isoformat(), "ends_at": at(20, 14).isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    starts = at(20, 13)
    assert _open_reminders(meeting["id"]) == {
        ("meeting_in_7_days", "socsek", starts - datetime.timedelta(days=7)),
        ("meeting_in_7_days", "rektor", starts - datetime.timedelta(days=7)),
        ("meeting_in_1_day", "socsek", starts - datetime.timedelta(days=1)),
        ("meeting_in_1_day", "rektor", starts - datetime.timedelta(days=1)),
    }
    cancelled = Reminder.objects.filter(target_id=meeting["id"], status=ReminderStatus.CANCELLED)
    assert cancelled.count() == 4
    assert {r.cancel_reason for r in cancelled} == {"meeting_changed"}
    assert audit_log.actions() == [("meeting.updated", "allowed")]
    payload = audit_log.new()[0].payload
    assert payload["fields"] == ["starts_at", "ends_at"]
    assert Meeting.objects.get(pk=meeting["id"]).sequence == 1


def test_moving_a_meeting_back_revives_the_same_reminders(personas, create_meeting):
    meeting = create_meeting()
    client = personas.client("socsek")
    original = {"starts_at": at(10).isoformat(), "ends_at": at(10, 11).isoformat()}
    client.patch(
        f"/api/v1/meetings/{meeting['id']}/",
        {"starts_at": at(12).isoformat(), "ends_at": at(12, 11).isoformat()},
        format="json",
    )
    client.patch(f"/api/v1/meetings/{meeting['id']}/", original, format="json")
    assert len(_open_reminders(meeting["id"])) == 4
    assert Reminder.objects.filter(target_id=meeting["id"]).count() == 8  # no duplicates


def test_cancelling_a_meeting_cancels_its_reminders(personas, create_meeting):
    meeting = create_meeting()
    response = personas.client("socsek").patch(
        f"/api/v1/meetings/{meeting['id']}/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 200
    assert _open_reminders(meeting["id"]) == set()


def test_removing_a_participant_cancels_only_their_reminders(personas, create_meeting):
    meeting = create_meeting()
    response = personas.client("socsek").patch(
        f"/api/v1/meetings/{meeting['id']}/",
        {"participants": [{"user": str(personas["socsek"].pk)}]},
        format="json",
    )
    assert response.status_code == 200
    assert {user for _k, user, _d in _open_reminders(meeting["id"])} == {"socsek"}


def test_held_meeting_cannot_be_planned_again(personas, create_meeting):
    meeting = create_meeting()
    client = personas.client("socsek")
    url = f"/api/v1/meetings/{meeting['id']}/"
    assert (
        client.patch(url, {"status": "held", "minutes": "Vi sågs."}, format="json").status_code
        == 200
    )
    response = client.patch(url, {"status": "planned"}, format="json")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"


def test_minutes_and_decisions_are_recorded(personas, create_meeting):
    meeting = create_meeting()
    response = personas.client("kommunpolis").patch(
        f"/api/v1/meetings/{meeting['id']}/",
        {"minutes": "Genomgång av läget.", "decisions": "Familjebehandling erbjuds."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["decisions"] == "Familjebehandling erbjuds."


def test_meeting_detail_is_audited_as_a_read(personas, create_meeting, audit_log):
    meeting = create_meeting()
    audit_log.mark()
    response = personas.client("rektor").get(f"/api/v1/meetings/{meeting['id']}/")
    assert response.status_code == 200
    assert audit_log.actions() == [("meeting.viewed", "allowed")]
    assert audit_log.new()[0].object_id == meeting["id"]


def test_guardian_names_are_hidden_from_school_with_protected_identity(
    personas, young_person_factory, case_factory, meeting_body
):
    young_person = young_person_factory(protected_identity=True)
    case = case_factory(young_person)
    guardian = young_person.guardians.first()
    body = meeting_body(participants=[{"guardian": str(guardian.pk)}])
    created = personas.client("socsek").post(
        f"/api/v1/cases/{case.pk}/meetings/", body, format="json"
    )
    assert created.status_code == 201
    assert created.json()["participants"][0]["name"] == f"Anna {guardian.family_name}"
    seen_by_school = personas.client("rektor").get(f"/api/v1/meetings/{created.json()['id']}/")
    assert seen_by_school.json()["participants"][0] == {
        "kind": "guardian",
        "id": str(guardian.pk),
        "name": None,
    }


def test_case_meetings_list_is_paginated_and_audited_with_ids(
    personas, meeting_case, create_meeting, audit_log
):
    first = create_meeting()
    second = create_meeting(starts_at=at(12).isoformat(), ends_at=at(12, 11).isoformat())
    audit_log.mark()
    response = personas.client("kommunpolis").get(f"/api/v1/cases/{meeting_case.pk}/meetings/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "next"}
    assert {m["id"] for m in body["results"]} == {first["id"], second["id"]}
    event = audit_log.new()[0]
    assert event.action == "meeting.listed"
    assert set(event.payload["ids"]) == {first["id"], second["id"]}
    assert event.young_person_id == meeting_case.young_person_id


def test_follow_up_meeting_links_both_ways(personas, create_meeting):
    first = create_meeting()
    second = create_meeting(
        starts_at=at(40).isoformat(), ends_at=at(40, 11).isoformat(), follow_up_of=first["id"]
    )
    assert second["follow_up_of"] == first["id"]
    again = personas.client("socsek").get(f"/api/v1/meetings/{first['id']}/").json()
    assert again["next_meeting"] == second["id"]


def test_a_meeting_has_one_follow_up_and_it_comes_later(
    personas, meeting_case, create_meeting, meeting_body
):
    first = create_meeting()
    create_meeting(
        starts_at=at(40).isoformat(), ends_at=at(40, 11).isoformat(), follow_up_of=first["id"]
    )
    client = personas.client("socsek")
    url = f"/api/v1/cases/{meeting_case.pk}/meetings/"
    again = client.post(
        url,
        meeting_body(
            starts_at=at(50).isoformat(), ends_at=at(50, 11).isoformat(), follow_up_of=first["id"]
        ),
        format="json",
    )
    assert again.status_code == 400
    assert "follow_up_of" in again.json()["errors"]
    earlier = client.post(
        url,
        meeting_body(
            starts_at=at(5).isoformat(), ends_at=at(5, 11).isoformat(), follow_up_of=first["id"]
        ),
        format="json",
    )
    assert earlier.status_code == 400


def test_closed_case_takes_no_new_meetings(personas, meeting_case, meeting_body):
    Case.objects.filter(pk=meeting_case.pk).update(status=CaseStatus.CLOSED)
    response = personas.client("socsek").post(
        f"/api/v1/cases/{meeting_case.pk}/meetings/", meeting_body(), format="json"
    )
    assert response.status_code == 409
    assert not Meeting.objects.exists()


def test_meeting_at_short_notice_sends_the_one_day_reminder_at_once(
    personas, meeting_case, meeting_body, django_capture_on_commit_callbacks
):
    now = timezone.localtime()
    body = meeting_body(
        starts_at=(now + datetime.timedelta(hours=3)).isoformat(),
        ends_at=(now + datetime.timedelta(hours=4)).isoformat(),
        participants=[{"user": str(personas["rektor"].pk)}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client("socsek").post(
            f"/api/v1/cases/{meeting_case.pk}/meetings/", body, format="json"
        )
    assert response.status_code == 201
    reminders = Reminder.objects.filter(target_id=response.json()["id"])
    assert [(r.kind, r.status) for r in reminders] == [("meeting_in_1_day", "sent")]
    notification = Notification.objects.get(recipient=personas["rektor"])
    assert notification.path == f"/meetings/{response.json()['id']}/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas["rektor"].email]


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_case_meetings_list_does_not_query_per_meeting(personas, meeting_case, create_meeting):
    client = personas.client("socsek")
    url = f"/api/v1/cases/{meeting_case.pk}/meetings/"
    create_meeting()
    few = _queries(client, url)
    for day in (12, 13, 14, 15):
        create_meeting(starts_at=at(day).isoformat(), ends_at=at(day, 11).isoformat())
    assert _queries(client, url) == few


def test_notifications_list_does_not_query_per_notification(personas, create_meeting):
    meeting = create_meeting()
    client = personas.client("rektor")

    def notify() -> None:
        Notification.objects.create(
            recipient=personas["rektor"],
            kind="meeting_in_7_days",
            target_type="meeting",
            target_id=meeting["id"],
            path=f"/meetings/{meeting['id']}/",
        )

    notify()
    few = _queries(client, "/api/v1/notifications/")
    for _ in range(5):
        notify()
    assert _queries(client, "/api/v1/notifications/") == few
