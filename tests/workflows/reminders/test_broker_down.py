"""Issue 6 must-show 2: with Redis stopped the API keeps answering — meetings and action items
are created, the after-commit enqueue fails quietly — and ``/readyz`` reports the broker down;
when Redis is back, a worker sends the reminders that came due meanwhile, once.

This process talks to a private Redis (not the shared one on 6379) with eager tasks turned off,
as the web process does in production.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone

from workflows.reminders.models import Notification, Reminder, ReminderStatus

from .processes import RedisServer, Worker, wait_for, worker_environment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def web_on_private_broker(redis_server):
    """This process publishes to the private Redis, for real (no eager tasks)."""
    from backend.celery import app

    def fresh_pools() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=redis_server.url, task_always_eager=False)
    fresh_pools()
    yield app
    app.conf.update(saved)
    fresh_pools()


def test_api_answers_while_the_broker_is_down_and_reminders_follow_when_it_returns(
    personas, case_factory, redis_server, web_on_private_broker, tmp_path, caplog
):
    case = case_factory()
    redis_server.stop()

    ready = Client().get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": "ok", "broker": "down"}

    # A meeting at short notice: its one-day reminder is due at once, so the action asks for a
    # dispatch after commit — which cannot reach the broker.
    soon = timezone.localtime() + datetime.timedelta(hours=3)
    socsek = personas.client("socsek")
    meeting = socsek.post(
        f"/api/v1/cases/{case.pk}/meetings/",
        {
            "starts_at": soon.isoformat(),
            "ends_at": (soon + datetime.timedelta(hours=1)).isoformat(),
            "participants": [
                {"user": str(personas["rektor"].pk)},
                {"user": str(personas["kommunpolis"].pk)},
            ],
        },
        format="json",
    )
    assert meeting.status_code == 201, meeting.content
    item = socsek.post(
        f"/api/v1/meetings/{meeting.json()['id']}/action-items/",
        {
            "title": "Boka samtal med familjen",
            "owner": str(personas["rektor"].pk),
            "due_on": str(timezone.localdate() + datetime.timedelta(days=5)),
        },
        format="json",
    )
    assert item.status_code == 201, item.content
    assert (
        personas.client("rektor").get(f"/api/v1/meetings/{meeting.json()['id']}/").status_code
        == 200
    )
    assert any("enqueue.broker_unavailable" in str(r.msg) for r in caplog.records)
    came_due = set(Reminder.objects.filter(due_at__lte=timezone.now()).values_list("id", flat=True))
    assert len(came_due) == 2  # the one-day reminder, for both staff participants
    assert not Notification.objects.exists()

    redis_server.start()  # the same port, and empty: whatever was queued before is gone
    assert Client().get("/readyz").status_code == 200

    worker = Worker(worker_environment(tmp_path, redis_server.url), tmp_path / "worker.log")
    worker.start()
    try:
        wait_for(
            lambda: (
                Reminder.objects.filter(id__in=came_due, status=ReminderStatus.SENT).count()
                == len(came_due)
            ),
            timeout=90,
            what=f"the reminders that came due\n{worker.output()}",
        )
    finally:
        worker.stop()

    notified = Counter(Notification.objects.values_list("reminder_id", flat=True))
    assert set(notified) == came_due
    assert set(notified.values()) == {1}
    emails = sorted(p.stem for p in (tmp_path / "mail").glob("*.eml"))
    assert emails == sorted(f"reminder-{i}" for i in came_due)
    # Reminders not yet due stay scheduled.
    not_due = Reminder.objects.exclude(id__in=came_due).filter(due_at__gt=timezone.now())
    assert not not_due.exclude(status=ReminderStatus.PENDING).exists()
