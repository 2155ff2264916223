"""The generic scheduling API that other apps call (consents, sharing requests, concerns)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.utils import timezone

from workflows.reminders.actions import (
    reminders_cancel,
    reminders_reschedule,
    reminders_schedule,
)
from workflows.reminders.kinds import UnknownKind, due_at
from workflows.reminders.models import Reminder, ReminderStatus

pytestmark = pytest.mark.django_db

TARGET = "sharing_request"  # built elsewhere: a stand-in target type string


def _when(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _state(target_id: uuid.UUID) -> set[tuple[str, str, str]]:
    return {
        (r.recipient.username, r.status, r.due_at.date().isoformat())
        for r in Reminder.objects.filter(target_id=target_id).select_related("recipient")
    }


def test_scheduling_is_idempotent_per_kind_target_recipient_and_time(personas):
    target = uuid.uuid4()
    args: dict[str, Any] = {
        "kind": "request_deadline_passed",
        "target_type": TARGET,
        "target_id": target,
        "recipients": [personas["socsek"], personas["enhetschef"].pk],
        "due_at": _when(5),
    }
    assert reminders_schedule(**args) == 2
    assert reminders_schedule(**args) == 0
    assert Reminder.objects.count() == 2


def test_reschedule_moves_the_open_reminders_and_keeps_history(personas):
    target = uuid.uuid4()
    reminders_schedule(
        kind="request_deadline_passed",
        target_type=TARGET,
        target_id=target,
        recipients=[personas["socsek"], personas["enhetschef"]],
        due_at=_when(5),
    )
    Reminder.objects.filter(recipient=personas["enhetschef"]).update(status=ReminderStatus.SENT)
    reminders_reschedule(
        kind="request_deadline_passed",
        target_type=TARGET,
        target_id=target,
        recipients=[personas["socsek"]],
        due_at=_when(9),
    )
    d5, d9 = _when(5).date().isoformat(), _when(9).date().isoformat()
    assert _state(target) == {
        ("socsek", "cancelled", d5),
        ("enhetschef", "sent", d5),  # history is never touched
        ("socsek", "pending", d9),
    }


def test_reschedule_to_nothing_cancels(personas):
    target = uuid.uuid4()
    reminders_schedule(
        kind="request_deadline_passed",
        target_type=TARGET,
        target_id=target,
        recipients=[personas["socsek"]],
        due_at=_when(5),
    )
    reminders_reschedule(
        kind="request_deadline_passed",
        target_type=TARGET,
        target_id=target,
        recipients=[],
        due_at=None,
    )
    assert {s for _u, s, _d in _state(target)} == {"cancelled"}


def test_cancel_by_target_kind_and_recipient(personas):
    target = uuid.uuid4()
    for kind in ("request_deadline_in_2_working_days", "request_deadline_passed"):
        reminders_schedule(
            kind=kind,
            target_type=TARGET,
            target_id=target,
            recipients=[personas["socsek"], personas["enhetschef"]],
            due_at=_when(5),
        )
    assert (
        reminders_cancel(
            target_type=TARGET,
            target_id=target,
            kinds=["request_deadline_passed"],
            recipients=[personas["socsek"]],
            reason="decided",
        )
        == 1
    )
    assert reminders_cancel(target_type=TARGET, target_id=target, reason="withdrawn") == 3
    assert set(Reminder.objects.values_list("cancel_reason", flat=True)) == {"decided", "withdrawn"}


def test_kind_and_target_type_must_agree(personas):
    with pytest.raises(ValueError, match="is about 'sharing_request'"):
        reminders_schedule(
            kind="request_deadline_passed",
            target_type="consent",
            target_id=uuid.uuid4(),
            recipients=[personas["socsek"]],
            due_at=_when(1),
        )
    with pytest.raises(UnknownKind):
        due_at("request_lost", datetime.date(2026, 1, 1))


def test_due_time_must_be_aware(personas):
    with pytest.raises(ValueError, match="aware"):
        reminders_schedule(
            kind="request_deadline_passed",
            target_type=TARGET,
            target_id=uuid.uuid4(),
            recipients=[personas["socsek"]],
            due_at=datetime.datetime(2026, 1, 1, 8),
        )
