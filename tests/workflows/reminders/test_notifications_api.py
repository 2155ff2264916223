"""The notifications API (api.md): one's own, newest first, read marks, language."""

from __future__ import annotations

import uuid

import pytest

from workflows.reminders.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(personas):
    def make(username: str, kind: str = "meeting_in_1_day") -> Notification:
        target = uuid.uuid4()
        return Notification.objects.create(
            recipient=personas[username],
            kind=kind,
            target_type=kind.split("_in_")[0] if "_in_" in kind else "action_item",
            target_id=target,
            path=f"/meetings/{target}/",
        )

    return make


def test_a_user_sees_only_their_own_notifications_newest_first(personas, notify, audit_log):
    first = notify("socsek")
    second = notify("socsek", "action_item_overdue")
    notify("rektor")
    audit_log.mark()
    response = personas.client("socsek").get("/api/v1/notifications/")
    assert response.status_code == 200
    body = response.json()
    assert [n["id"] for n in body["results"]] == [str(second.pk), str(first.pk)]
    assert body["next"] is None
    assert body["results"][0]["title"] == "En åtgärd är försenad"
    assert body["results"][1]["url"] == f"http://127.0.0.1:8000{first.path}"
    (event,) = audit_log.new()
    assert event.action == "notification.listed"
    assert event.payload["ids"] == [str(second.pk), str(first.pk)]


def test_notifications_in_english(personas, notify):
    notify("socsek", "action_item_overdue")
    response = personas.client("socsek").get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["results"][0]["title"] == "An action item is overdue"


def test_marking_read_is_idempotent_and_audited_once(personas, notify, audit_log):
    notification = notify("socsek")
    client = personas.client("socsek")
    audit_log.mark()
    first = client.post(f"/api/v1/notifications/{notification.pk}/read/")
    assert first.status_code == 200
    assert first.json()["read_at"] is not None
    again = client.post(f"/api/v1/notifications/{notification.pk}/read/")
    assert again.json()["read_at"] == first.json()["read_at"]
    assert audit_log.actions() == [("notification.read", "allowed")]
    unread = client.get("/api/v1/notifications/?unread=true").json()["results"]
    assert unread == []


def test_someone_elses_notification_is_404_and_a_recorded_denial(personas, notify, audit_log):
    notification = notify("socsek")
    audit_log.mark()
    response = personas.client("rektor").post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == 404
    assert audit_log.actions() == [("access.denied", "denied")]
    notification.refresh_from_db()
    assert notification.read_at is None


def test_language_preference(personas, audit_log):
    client = personas.client("kommunpolis")
    assert client.get("/api/v1/notifications/preferences/").json() == {"language": "sv"}
    audit_log.mark()
    assert client.put(
        "/api/v1/notifications/preferences/", {"language": "en"}, format="json"
    ).json() == {"language": "en"}
    assert audit_log.actions() == [("notification.preferences_updated", "allowed")]
    response = client.put("/api/v1/notifications/preferences/", {"language": "de"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["language"]
