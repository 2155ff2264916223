"""Issue 6 must-show 1: a real Redis and a real Celery worker (with beat), 1,000 due reminders,
the worker killed with SIGKILL in the middle of the run and started again; afterwards every
reminder has been sent exactly once — counted in the email backend and in the notifications.

The worker runs production settings against the test database and the private Redis; emails go
to files (``DedupingFileEmailBackend``) so this process can count them. The lease is 3 seconds,
so the deliveries the dead worker had started are claimed again soon after the restart; the
messages it had not yet taken are still in Redis and go to the new worker.
"""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from workflows.meetings.models import ActionItem, Meeting
from workflows.reminders.kinds import due_at
from workflows.reminders.models import (
    EmailDelivery,
    EmailStatus,
    Notification,
    Reminder,
    ReminderStatus,
)

from .processes import RedisServer, Worker, wait_for, worker_environment

pytestmark = pytest.mark.django_db(transaction=True)

N = 1000


def overdue_action_items(personas, case, n: int) -> list[int]:
    """``n`` action items that fell overdue three days ago, each with its due "overdue"
    reminder for the owner. (Written directly: the actions refuse due dates in the past.)"""
    socsek, rektor = personas["socsek"], personas["rektor"]
    start = timezone.now() - datetime.timedelta(days=4)
    meeting = Meeting.objects.create(
        case=case, starts_at=start, ends_at=start + datetime.timedelta(hours=1), created_by=socsek
    )
    due_on = timezone.localdate() - datetime.timedelta(days=3)
    items = ActionItem.objects.bulk_create(
        ActionItem(
            meeting=meeting,
            case=case,
            title=f"Åtgärd {i}",
            owner=rektor,
            due_on=due_on,
            created_by=socsek,
        )
        for i in range(n)
    )
    due = due_at("action_item_overdue", due_on)
    reminders = Reminder.objects.bulk_create(
        Reminder(
            kind="action_item_overdue",
            target_type="action_item",
            target_id=item.pk,
            recipient=rektor,
            due_at=due,
            next_attempt_at=due,
        )
        for item in items
    )
    return [r.pk for r in reminders]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers():
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def _emails(mail_dir: Path) -> list[str]:
    return sorted(p.stem for p in mail_dir.glob("*.eml"))


def test_sigkilled_worker_loses_and_doubles_nothing(
    personas, case_factory, redis_server, workers, tmp_path
):
    case = case_factory()
    ids = overdue_action_items(personas, case, N)
    env = worker_environment(tmp_path, redis_server.url)

    first = Worker(env, tmp_path / "worker-1.log")
    workers.append(first)
    first.start()
    # Kill it in the middle of the run, while it holds claims.
    wait_for(
        lambda: (
            Notification.objects.count() >= 150
            and Reminder.objects.filter(status=ReminderStatus.CLAIMED).exists()
        ),
        timeout=90,
        what=f"the first deliveries\n{first.output()}",
        every=0.05,
    )
    first.kill()
    sent_before_kill = Notification.objects.count()
    assert 0 < sent_before_kill < N, "the kill must land in the middle of the run"

    second = Worker(env, tmp_path / "worker-2.log")
    workers.append(second)
    second.start()
    wait_for(
        lambda: not Reminder.objects.exclude(status=ReminderStatus.SENT).exists(),
        timeout=180,
        what=f"every reminder to be sent\n{second.output()}",
        every=0.2,
    )
    second.stop()

    # Every reminder sent exactly once: one notification each ...
    notifications = Counter(Notification.objects.values_list("reminder_id", flat=True))
    assert sorted(notifications) == sorted(ids)
    assert set(notifications.values()) == {1}
    # ... one email each in the backend ...
    assert _emails(tmp_path / "mail") == sorted(f"reminder-{i}" for i in ids)
    assert EmailDelivery.objects.filter(status=EmailStatus.SENT).count() == N
    # ... and one audit event each.
    sent_events = AuditEvent.objects.filter(action="reminder.sent")
    assert sent_events.count() == N
    assert len({e.object_id for e in sent_events}) == N
    # The log of send calls shows what the dedupe key absorbed (a send repeated after a
    # worker died between sending and marking); none of them reached the mailbox twice.
    outcomes = Counter(
        line.split()[1]
        for line in (tmp_path / "mail" / "sends.log").read_text().splitlines()
        if line
    )
    assert outcomes["sent"] == N
