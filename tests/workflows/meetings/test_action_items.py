"""Action items: owner, due date, the declared workflow, and their reminders."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from backend.core.actor import Actor
from backend.core.exceptions import Conflict
from workflows.meetings.actions import action_item_update
from workflows.meetings.models import ACTION_ITEM_TRANSITIONS, ActionItem, ActionItemStatus
from workflows.reminders.kinds import at_send_hour
from workflows.reminders.models import Reminder, ReminderStatus

pytestmark = pytest.mark.django_db


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def meeting(create_meeting):
    return create_meeting()


@pytest.fixture
def create_item(personas, meeting):
    def make(owner: str = "rektor", due_in: int = 14, username: str = "socsek"):
        response = personas.client(username).post(
            f"/api/v1/meetings/{meeting['id']}/action-items/",
            {
                "title": "Kontakta fritidsgården",
                "owner": str(personas[owner].pk),
                "due_on": str(_in(due_in)),
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        return response.json()

    return make


def _open(item_id: str) -> set[tuple[str, str, datetime.datetime]]:
    return {
        (r.kind, r.recipient.username, r.due_at)
        for r in Reminder.objects.filter(
            target_type="action_item", target_id=item_id, status=ReminderStatus.PENDING
        ).select_related("recipient")
    }


def test_action_item_reminds_its_owner_the_day_before_and_the_day_after(
    personas, create_item, audit_log
):
    audit_log.mark()
    item = create_item(owner="rektor", due_in=14)
    assert item["owner"]["id"] == str(personas["rektor"].pk)
    assert item["status"] == "open"
    assert _open(item["id"]) == {
        ("action_item_due_tomorrow", "rektor", at_send_hour(_in(13))),
        ("action_item_overdue", "rektor", at_send_hour(_in(15))),
    }
    assert audit_log.actions() == [("action_item.created", "allowed")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"owner": "larare"}, "owner"),  # not a member of the case
        ({"due_on": -1}, "due_on"),  # in the past
        ({"title": "   "}, "title"),
        ({"due_on": "31/12"}, "due_on"),
    ],
)
def test_bad_action_item_is_400_naming_the_field_and_nothing_is_written(
    personas, meeting, body, field
):
    payload = {"title": "Ring skolan", "owner": str(personas["rektor"].pk), "due_on": str(_in(3))}
    for key, value in body.items():
        if key == "owner":
            value = str(personas[value].pk)
        elif key == "due_on" and isinstance(value, int):
            value = str(_in(value))
        payload[key] = value
    response = personas.client("socsek").post(
        f"/api/v1/meetings/{meeting['id']}/action-items/", payload, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not ActionItem.objects.exists()
    assert not Reminder.objects.filter(target_type="action_item").exists()


def test_completing_an_action_item_cancels_its_reminders(personas, create_item, audit_log):
    item = create_item()
    audit_log.mark()
    response = personas.client("rektor").patch(
        f"/api/v1/action-items/{item['id']}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["completed_at"] is not None
    assert _open(item["id"]) == set()
    reasons = set(
        Reminder.objects.filter(target_id=item["id"]).values_list("cancel_reason", flat=True)
    )
    assert reasons == {"action_item_done"}
    assert audit_log.actions() == [("action_item.updated", "allowed")]
    assert audit_log.new()[0].payload["status"] == "done"


def test_reopening_brings_the_reminders_back(personas, create_item):
    item = create_item()
    client = personas.client("rektor")
    client.patch(f"/api/v1/action-items/{item['id']}/", {"status": "done"}, format="json")
    response = client.patch(
        f"/api/v1/action-items/{item['id']}/", {"status": "open"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["completed_at"] is None
    assert len(_open(item["id"])) == 2
    assert Reminder.objects.filter(target_id=item["id"]).count() == 2  # the same rows, revived


def test_new_owner_and_due_date_move_the_reminders(personas, create_item):
    item = create_item(owner="rektor", due_in=14)
    response = personas.client("socsek").patch(
        f"/api/v1/action-items/{item['id']}/",
        {"owner": str(personas["kommunpolis"].pk), "due_on": str(_in(20))},
        format="json",
    )
    assert response.status_code == 200
    assert _open(item["id"]) == {
        ("action_item_due_tomorrow", "kommunpolis", at_send_hour(_in(19))),
        ("action_item_overdue", "kommunpolis", at_send_hour(_in(21))),
    }


def test_item_due_today_gets_no_due_tomorrow_reminder(create_item):
    item = create_item(due_in=0)
    assert {kind for kind, _u, _d in _open(item["id"])} == {"action_item_overdue"}


def test_action_item_detail_is_audited(personas, create_item, audit_log):
    item = create_item()
    audit_log.mark()
    response = personas.client("kommunpolis").get(f"/api/v1/action-items/{item['id']}/")
    assert response.status_code == 200
    assert audit_log.actions() == [("action_item.viewed", "allowed")]


STATUSES = [s.value for s in ActionItemStatus]


@pytest.mark.parametrize(
    ("old", "new"), [(a, b) for a, b in itertools.product(STATUSES, STATUSES) if a != b]
)
def test_every_transition_of_the_action_item_workflow(personas, create_item, audit_log, old, new):
    item = ActionItem.objects.get(pk=create_item()["id"])
    ActionItem.objects.filter(pk=item.pk).update(status=old)
    audit_log.mark()
    actor = Actor.for_user(personas["socsek"])
    if new in ACTION_ITEM_TRANSITIONS[old]:
        updated = action_item_update(actor=actor, item_id=item.pk, status=new)
        assert updated.status == new
        assert ActionItem.objects.get(pk=item.pk).status == new
        assert audit_log.actions() == [("action_item.updated", "allowed")]
        active = new in ("open", "in_progress")
        assert bool(_open(str(item.pk))) == active
    else:
        with pytest.raises(Conflict):
            action_item_update(actor=actor, item_id=item.pk, status=new)
        assert ActionItem.objects.get(pk=item.pk).status == old
        assert audit_log.actions() == []


def test_refused_transition_is_409_problem(personas, create_item):
    item = create_item()
    client = personas.client("rektor")
    client.patch(f"/api/v1/action-items/{item['id']}/", {"status": "cancelled"}, format="json")
    response = client.patch(
        f"/api/v1/action-items/{item['id']}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["type"] == "urn:samverka:problem:invalid-transition"
