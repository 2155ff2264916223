"""The delivery guarantee, one failure at a time (workflows/reminders/delivery.py).

Each test reproduces one interleaving deterministically: a message handled twice, a worker that
dies between recording the email and sending it, one that dies after sending and before marking,
a worker that wakes up after its lease ran out, a backend that refuses, a broker that refuses.
"""

from __future__ import annotations

import datetime
import os
import smtplib
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db import connections
from django.utils import timezone
from kombu.exceptions import OperationalError

from workflows.reminders import delivery
from workflows.reminders.actions import reminders_cancel, reminders_schedule
from workflows.reminders.delivery import Claim, reminder_deliver, reminders_claim_due
from workflows.reminders.models import (
    EmailDelivery,
    EmailStatus,
    Notification,
    Reminder,
    ReminderStatus,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


class WorkerDied(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the delivery code catches it."""


@pytest.fixture
def due_reminders(personas, stand_in_targets):
    """Schedule ``n`` due consent reminders for socsek; returns their ids."""

    def make(n: int = 1, *, in_minutes: int = -1) -> list[int]:
        # (A reminder already due asks the dispatcher to run after commit: with a transactional
        # test that happens at once, so such tests schedule for a moment ahead.)
        due = timezone.now() + datetime.timedelta(minutes=in_minutes)
        for _ in range(n):
            reminders_schedule(
                kind="consent_expiring_14_days",
                target_type="consent",
                target_id=uuid.uuid4(),
                recipients=[personas["socsek"]],
                due_at=due,
            )
        return list(Reminder.objects.order_by("id").values_list("id", flat=True))

    return make


def _claim(**kwargs) -> Claim:
    claim = reminders_claim_due(**kwargs)
    assert claim is not None
    return claim


def _lease_later() -> time_machine.travel:
    """Past REMINDER_LEASE_SECONDS: a started delivery's worker is presumed dead."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=301), tick=False)


def _redispatch_later() -> time_machine.travel:
    """Past REMINDER_REDISPATCH_SECONDS: an unstarted claim's message is presumed lost."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=901), tick=False)


def test_a_message_handled_twice_delivers_once(due_reminders, audit_log):
    (reminder_id,) = due_reminders()
    claim = _claim()
    assert claim.ids == [reminder_id]
    assert reminder_deliver(reminder_id=reminder_id) == "sent"
    assert reminder_deliver(reminder_id=reminder_id) == "stale"
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["X-Samverka-Dedupe-Key"] == f"reminder-{reminder_id}"
    assert [a for a, _o in audit_log.actions()] == ["reminder.sent"]


def test_a_row_claimed_again_before_any_worker_started_it_is_delivered_once(due_reminders):
    """The first claim's message waited in the queue past the lease, so the row was claimed
    again and has two messages: whichever comes first delivers it, the other finds it taken."""
    (reminder_id,) = due_reminders()
    reminders_claim_due()
    with _lease_later():
        assert reminders_claim_due() is None  # merely waiting in the queue: not yet
    with _redispatch_later():
        assert _claim().ids == [reminder_id]
        assert reminder_deliver(reminder_id=reminder_id) == "sent"
        assert reminder_deliver(reminder_id=reminder_id) == "stale"
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_worker_waking_after_its_lease_cannot_finish(due_reminders, monkeypatch):
    """A sends the email, stalls past its lease; B claims and delivers; A's finish is fenced.
    With an SMTP-like backend B does not resend what A may have sent."""
    (reminder_id,) = due_reminders()
    reminders_claim_due()
    real_send = delivery._send
    outcomes = []

    def stalls_after_sending(*args, **kwargs):
        real_send(*args, **kwargs)
        monkeypatch.setattr(delivery, "_send", real_send)
        with _lease_later():
            assert _claim().ids == [reminder_id]
            outcomes.append(reminder_deliver(reminder_id=reminder_id))

    monkeypatch.setattr(delivery, "_send", stalls_after_sending)
    assert reminder_deliver(reminder_id=reminder_id) == "stale"
    assert outcomes == ["sent"]
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get().status == EmailStatus.UNKNOWN


def test_worker_dying_between_recording_and_sending_loses_no_notification(
    due_reminders, monkeypatch
):
    """SMTP-like backend: the next attempt cannot know whether the email left, so it does not
    send again (at most once); the notification still arrives, once."""
    (reminder_id,) = due_reminders()
    _claim()

    def dies(*args, **kwargs):
        raise WorkerDied

    monkeypatch.setattr(delivery, "_send", dies)
    with pytest.raises(WorkerDied):
        reminder_deliver(reminder_id=reminder_id)
    monkeypatch.undo()
    assert EmailDelivery.objects.get().status == EmailStatus.SENDING
    assert reminders_claim_due() is None  # the lease still holds
    with _lease_later():
        _claim()
        assert reminder_deliver(reminder_id=reminder_id) == "sent"
    assert mail.outbox == []
    assert EmailDelivery.objects.get().status == EmailStatus.UNKNOWN
    assert Notification.objects.count() == 1
    assert Reminder.objects.get().attempts == 2


def test_worker_dying_after_sending_with_a_deduplicating_backend_sends_exactly_once(
    due_reminders, monkeypatch, settings, tmp_path
):
    settings.EMAIL_BACKEND = "workflows.reminders.mail.DedupingFileEmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    (reminder_id,) = due_reminders()
    _claim()

    def dies(*args, **kwargs):
        raise WorkerDied

    monkeypatch.setattr(delivery, "_finish", dies)
    with pytest.raises(WorkerDied):
        reminder_deliver(reminder_id=reminder_id)
    monkeypatch.undo()
    with _lease_later():
        _claim()
        assert reminder_deliver(reminder_id=reminder_id) == "sent"
    assert [p.name for p in tmp_path.glob("*.eml")] == [f"reminder-{reminder_id}.eml"]
    log = (tmp_path / "sends.log").read_text().split("\n")
    assert [line.split()[1] for line in log if line] == ["sent", "duplicate"]
    assert EmailDelivery.objects.get().status == EmailStatus.SENT
    assert Notification.objects.count() == 1


def test_refused_email_is_retried_later_and_then_sent(due_reminders, monkeypatch, dispatch):
    due_reminders()
    from django.core.mail.backends.locmem import EmailBackend

    calls = []
    real = EmailBackend.send_messages

    def refuses_once(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuses_once)
    dispatch()
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.PENDING
    assert "SMTPServerDisconnected" in reminder.last_error
    assert Notification.objects.count() == 0
    dispatch()  # not yet: the retry waits REMINDER_RETRY_SECONDS
    assert Notification.objects.count() == 0
    with time_machine.travel(reminder.next_attempt_at, tick=False):
        dispatch()
    assert Reminder.objects.get().status == ReminderStatus.SENT
    assert len(mail.outbox) == 1
    email = EmailDelivery.objects.get()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)


def test_email_given_up_after_the_last_attempt_but_the_notification_arrives(
    due_reminders, monkeypatch, settings, dispatch
):
    settings.REMINDER_MAX_ATTEMPTS = 2
    due_reminders()
    from django.core.mail.backends.locmem import EmailBackend

    def refuses(self, messages):
        raise smtplib.SMTPRecipientsRefused({})

    monkeypatch.setattr(EmailBackend, "send_messages", refuses)
    dispatch()
    with time_machine.travel(Reminder.objects.get().next_attempt_at, tick=False):
        dispatch()
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.SENT
    assert EmailDelivery.objects.get().status == EmailStatus.FAILED
    assert Notification.objects.count() == 1


def test_reminder_that_keeps_killing_its_worker_is_failed(
    personas, due_reminders, monkeypatch, settings, audit_log
):
    settings.REMINDER_MAX_ATTEMPTS = 2
    (reminder_id,) = due_reminders()

    def dies(*args, **kwargs):
        raise WorkerDied

    monkeypatch.setattr(delivery.targets, "resolve", dies)
    now = timezone.now()
    for attempt in range(2):
        with time_machine.travel(now + datetime.timedelta(seconds=301 * attempt), tick=False):
            _claim()
            with pytest.raises(WorkerDied):
                reminder_deliver(reminder_id=reminder_id)
    audit_log.mark()
    with time_machine.travel(now + datetime.timedelta(seconds=301 * 2), tick=False):
        _claim()
        assert reminder_deliver(reminder_id=reminder_id) == "failed"
    assert Reminder.objects.get().status == ReminderStatus.FAILED
    assert [a for a, _o in audit_log.actions()] == ["reminder.failed"]
    municipality = personas.unit("IFO Barn och unga").organisation.municipality_id
    assert audit_log.new()[0].chain == str(municipality)


def test_cancelled_while_claimed_is_not_delivered(due_reminders):
    (reminder_id,) = due_reminders()
    _claim()
    reminder = Reminder.objects.get()
    reminders_cancel(target_type="consent", target_id=reminder.target_id, reason="withdrawn")
    assert reminder_deliver(reminder_id=reminder_id) == "stale"
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_unknown_target_type_is_retried_not_dropped(personas):
    reminders_schedule(
        kind="consent_expiring_14_days",
        target_type="consent",
        target_id=uuid.uuid4(),
        recipients=[personas["socsek"]],
        due_at=timezone.now(),
    )
    from workflows.reminders import targets

    saved = targets.resolver_for("consent")
    targets.unregister("consent")
    try:
        claim = _claim()
        outcome = reminder_deliver(reminder_id=claim.ids[0])
    finally:
        if saved is not None:
            targets.register("consent", saved)
    assert outcome == "retry"
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.PENDING
    assert "no resolver" in reminder.last_error


def test_claims_stop_at_the_in_flight_cap(due_reminders, settings):
    settings.REMINDER_MAX_IN_FLIGHT = 3
    due_reminders(5)
    first = _claim()
    assert len(first.ids) == 3
    assert reminders_claim_due() is None
    reminder_deliver(reminder_id=first.ids[0])
    assert len(_claim().ids) == 1


def test_broker_refusing_delivery_messages_gives_the_claims_back(due_reminders, monkeypatch):
    due_reminders(3)
    from workflows.reminders import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.deliver, "apply_async", broker_down)
    assert tasks.dispatch_due() == 0
    assert set(Reminder.objects.values_list("status", "claim_token")) == {
        (ReminderStatus.PENDING, None)
    }


def test_recipient_who_left_the_case_is_not_reminded(personas, case_factory):
    from workflows.meetings.actions import ParticipantInput, meeting_create

    case = case_factory()
    start = timezone.now() + datetime.timedelta(hours=5)
    meeting_create(
        actor=personas.actor("socsek"),
        case_id=case.pk,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        participants=[ParticipantInput(user=personas["rektor"].pk)],
    )
    from backend.cases.actions import case_member_remove

    case_member_remove(actor=personas.actor("rektor"), case=case, user_id=personas["rektor"].pk)
    claim = _claim()
    assert reminder_deliver(reminder_id=claim.ids[0]) == "cancelled"
    assert Reminder.objects.get().cancel_reason == "not_visible"
    assert Notification.objects.count() == 0


def test_sent_reminder_is_audited_with_its_case_and_young_person(personas, case_factory, audit_log):
    from workflows.meetings.actions import ParticipantInput, meeting_create

    case = case_factory()
    start = timezone.now() + datetime.timedelta(hours=5)
    meeting_create(
        actor=personas.actor("socsek"),
        case_id=case.pk,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        participants=[ParticipantInput(user=personas["kommunpolis"].pk)],
    )
    audit_log.mark()
    claim = _claim()
    reminder_deliver(reminder_id=claim.ids[0])
    (event,) = audit_log.new()
    assert (event.action, event.actor_username) == ("reminder.sent", "system:reminders")
    assert (event.case_id, event.young_person_id) == (case.pk, case.young_person_id)
    assert event.chain == str(case.municipality_id)
    assert event.payload["recipient"] == str(personas["kommunpolis"].pk)


def test_email_has_a_link_and_no_personal_details(personas, case_factory):
    from workflows.meetings.actions import ParticipantInput, meeting_create

    case = case_factory()
    start = timezone.now() + datetime.timedelta(hours=5)
    meeting = meeting_create(
        actor=personas.actor("socsek"),
        case_id=case.pk,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        location="Familjens hem",
        agenda="Samtal om skolan",
        participants=[ParticipantInput(user=personas["rektor"].pk)],
    )
    claim = _claim()
    reminder_deliver(reminder_id=claim.ids[0])
    (message,) = mail.outbox
    assert f"http://127.0.0.1:8000/meetings/{meeting.pk}/" in message.body
    text = f"{message.subject}\n{message.body}"
    for secret in (
        case.young_person.given_name,
        case.young_person.family_name,
        "Familjens",
        "skolan",
    ):
        assert secret not in text
    assert message.subject == "Samverka: Möte inom ett dygn"


def test_email_in_english_for_a_user_who_prefers_it(personas, due_reminders):
    from workflows.reminders.actions import notification_preference_update

    notification_preference_update(actor=personas.actor("socsek"), language="en")
    (reminder_id,) = due_reminders()
    _claim()
    reminder_deliver(reminder_id=reminder_id)
    assert mail.outbox[0].subject == "Samverka: A consent expires in 14 days"


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_claim_disjoint_rows_with_skip_locked(personas, due_reminders):
    ids = due_reminders(10, in_minutes=1)
    later = timezone.now() + datetime.timedelta(minutes=2)
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SELECT id FROM reminders_reminder ORDER BY id LIMIT 4 FOR UPDATE")
            locked = [row[0] for row in cursor.fetchall()]
        claim = _claim(now=later, limit=10)  # does not wait for the other transaction
        assert sorted(claim.ids) == sorted(set(ids) - set(locked))
        other.rollback()
    finally:
        other.close()
    assert sorted(_claim(now=later, limit=10).ids) == sorted(locked)


def test_claim_and_delivery_work_on_sqlite_for_make_run(tmp_path):
    """make run uses SQLite, which has no row locks: the conditional UPDATE claims."""
    script = """
import datetime, uuid
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from django.utils import timezone
from backend.accounts.models import User
from workflows.reminders import targets
from workflows.reminders.actions import reminders_schedule
from workflows.reminders.delivery import Claim, reminder_deliver, reminders_claim_due
from workflows.reminders.models import Notification
assert connection.vendor == "sqlite"
user = User.objects.create(username="u", email="u@example.invalid")
targets.register("consent", lambda r: targets.TargetInfo(path="/c/", municipality_id=None))
for _ in range(3):
    reminders_schedule(kind="consent_expiring_14_days", target_type="consent",
        target_id=uuid.uuid4(), recipients=[user], due_at=timezone.now())
claim = reminders_claim_due()
assert len(claim.ids) == 3 and reminders_claim_due() is None
print([reminder_deliver(reminder_id=i) for i in claim.ids],
      Notification.objects.count())
"""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "backend.settings.base",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SAMVERKA_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CELERY_BROKER_URL": "memory://",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "['sent', 'sent', 'sent'] 3"
