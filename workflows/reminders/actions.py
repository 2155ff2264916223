"""Scheduling reminders, and the user's actions on notifications.

The scheduling functions are what other apps call, inside the transaction of the action that
changes the target (creating or moving a meeting, completing an action item, recording a
consent, submitting a request):

- :func:`reminders_schedule` — make sure a reminder exists for each recipient (idempotent);
- :func:`reminders_reschedule` — make the open reminders of one kind for one target exactly
  ``recipients x {due_at}`` (moving a meeting, changing an owner or a due date);
- :func:`reminders_cancel` — cancel the open reminders of a target (done, withdrawn, closed).

They join the caller's transaction and write no audit event of their own: the caller's action
records what changed. Sent reminders are history and are never touched.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import audit
from backend.accounts.models import User
from backend.cases.models import Case, CaseMember, CaseStatus
from backend.core.actor import Actor
from backend.core.enqueue import enqueue_on_commit
from backend.core.exceptions import NotFound
from workflows.reminders.kinds import BIRTHDAY_KINDS, YOUNG_PERSON, birthday, due_at, get_kind
from workflows.reminders.models import (
    OPEN_STATUSES,
    Notification,
    NotificationPreference,
    Reminder,
    ReminderStatus,
)


def _user_ids(recipients: Iterable[User | uuid.UUID]) -> list[uuid.UUID]:
    ids = [r.pk if isinstance(r, User) else uuid.UUID(str(r)) for r in recipients]
    return list(dict.fromkeys(ids))


def _check(kind: str, target_type: str, due: datetime.datetime | None) -> None:
    definition = get_kind(kind)
    if definition.target_type != target_type:
        raise ValueError(
            f"reminder kind {kind!r} is about {definition.target_type!r}, not {target_type!r}"
        )
    if due is not None and timezone.is_naive(due):
        raise ValueError("due_at must be an aware datetime")


def _kick_if_due(due: datetime.datetime) -> None:
    if due <= timezone.now():
        from workflows.reminders.tasks import dispatch_due

        # Already due: tell the dispatcher after commit instead of waiting for the next beat
        # tick. If the broker is down this is logged and the beat tick picks the row up later.
        enqueue_on_commit(dispatch_due)


def reminders_schedule(
    *,
    kind: str,
    target_type: str,
    target_id: uuid.UUID,
    recipients: Iterable[User | uuid.UUID],
    due_at: datetime.datetime,
    params: Mapping[str, str | int] | None = None,
) -> int:
    """Make sure an open reminder of ``kind`` about the target is due at ``due_at`` for every
    recipient. Idempotent (the unique key is kind, target, recipient and due time); a reminder
    that was cancelled for exactly this key becomes pending again (a meeting moved away and
    back). Returns how many reminders were created or revived."""
    _check(kind, target_type, due_at)
    user_ids = _user_ids(recipients)
    if not user_ids:
        return 0
    key = Q(kind=kind, target_type=target_type, target_id=target_id, due_at=due_at)
    with transaction.atomic():
        existing = set(
            Reminder.objects.filter(key, recipient_id__in=user_ids).values_list(
                "recipient_id", flat=True
            )
        )
        created = Reminder.objects.bulk_create(
            [
                Reminder(
                    kind=kind,
                    target_type=target_type,
                    target_id=target_id,
                    recipient_id=user_id,
                    due_at=due_at,
                    next_attempt_at=due_at,
                    params=dict(params or {}),
                )
                for user_id in user_ids
                if user_id not in existing
            ],
            ignore_conflicts=True,  # a concurrent schedule of the same key is the same reminder
        )
        revived = Reminder.objects.filter(
            key, recipient_id__in=user_ids, status=ReminderStatus.CANCELLED
        ).update(
            status=ReminderStatus.PENDING,
            next_attempt_at=due_at,
            cancelled_at=None,
            cancel_reason="",
            claim_token=None,
            claimed_at=None,
            started_at=None,
            # attempts keeps counting: it is the number of starts over the row's life.
            params=dict(params or {}),
        )
    changed = len(created) + revived
    if changed:
        _kick_if_due(due_at)
    return changed


def reminders_cancel(
    *,
    target_type: str,
    target_id: uuid.UUID,
    kinds: Iterable[str] | None = None,
    recipients: Iterable[User | uuid.UUID] | None = None,
    reason: str = "target_changed",
) -> int:
    """Cancel the open (pending or claimed) reminders of a target, optionally only some kinds
    or recipients. A worker that already claimed one finds it cancelled when it finishes and
    creates no notification. Returns how many were cancelled."""
    queryset = Reminder.objects.filter(
        target_type=target_type, target_id=target_id, status__in=OPEN_STATUSES
    )
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    if recipients is not None:
        queryset = queryset.filter(recipient_id__in=_user_ids(recipients))
    return queryset.update(
        status=ReminderStatus.CANCELLED,
        cancelled_at=timezone.now(),
        cancel_reason=reason[:64],
        claim_token=None,
    )


def reminders_reschedule(
    *,
    kind: str,
    target_type: str,
    target_id: uuid.UUID,
    recipients: Iterable[User | uuid.UUID],
    due_at: datetime.datetime | None,
    params: Mapping[str, str | int] | None = None,
    reason: str = "rescheduled",
) -> int:
    """Make the open reminders of ``kind`` about the target exactly ``recipients`` at
    ``due_at``: others are cancelled, missing ones scheduled. ``due_at=None`` or no recipients
    cancels them all. Returns how many were created or revived."""
    _check(kind, target_type, due_at)
    user_ids = _user_ids(recipients)
    with transaction.atomic():
        stale = Reminder.objects.filter(
            kind=kind, target_type=target_type, target_id=target_id, status__in=OPEN_STATUSES
        )
        if due_at is not None and user_ids:
            stale = stale.exclude(due_at=due_at, recipient_id__in=user_ids)
        stale.update(
            status=ReminderStatus.CANCELLED,
            cancelled_at=timezone.now(),
            cancel_reason=reason[:64],
            claim_token=None,
        )
        if due_at is None or not user_ids:
            return 0
        return reminders_schedule(
            kind=kind,
            target_type=target_type,
            target_id=target_id,
            recipients=user_ids,
            due_at=due_at,
            params=params,
        )


# --- Birthdays: consent re-validation at 12, 15 and 18 --------------------------------------


def _born_turning(age: int, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Birth dates of people who turn ``age`` on a day in [first, last]."""
    dates: list[datetime.date] = []
    day = first
    while day <= last:
        candidates = []
        with contextlib.suppress(ValueError):  # 29 February, and that year was a common year
            candidates.append(day.replace(year=day.year - age))
        if (day.month, day.day) == (3, 1):  # a 29 February child turns on 1 March
            with contextlib.suppress(ValueError):
                candidates.append(datetime.date(day.year - age, 2, 29))
        dates.extend(c for c in candidates if birthday(c, age) == day)
        day += datetime.timedelta(days=1)
    return dates


def birthday_recipients(case: Case) -> list[uuid.UUID]:
    """Consent is recorded by the lead unit (social services in practice): its members in the
    case are told to re-validate."""
    return list(
        CaseMember.objects.filter(case=case, unit_id=case.lead_unit_id).values_list(
            "user_id", flat=True
        )
    )


def reminders_schedule_birthdays(*, today: datetime.date | None = None) -> int:
    """Schedule the 12/15/18 reminders of young people in open cases whose birthday falls in
    the next ``REMINDER_BIRTHDAY_LOOKAHEAD_DAYS`` days (run daily by beat; idempotent, so a
    case opened or a member added since the last run is picked up by the next). Returns how
    many reminders were created."""
    from django.conf import settings

    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=settings.REMINDER_BIRTHDAY_LOOKAHEAD_DAYS)
    total = 0
    for age, kind in BIRTHDAY_KINDS.items():
        birth_dates = _born_turning(age, today, last)
        cases = (
            Case.objects.filter(status=CaseStatus.OPEN, young_person__birth_date__in=birth_dates)
            .select_related("young_person")
            .order_by("created_at")
        )
        for case in cases:
            young_person = case.young_person
            due = due_at(kind, young_person.birth_date)
            with transaction.atomic(durable=True):
                recipients = birthday_recipients(case)
                created = reminders_schedule(
                    kind=kind,
                    target_type=YOUNG_PERSON,
                    target_id=young_person.pk,
                    recipients=recipients,
                    due_at=due,
                    params={"age": age},
                )
                if created:
                    audit.record(
                        actor=None,
                        action="reminder.scheduled",
                        username="system:reminders",
                        municipality_id=case.municipality_id,
                        object_type="young_person",
                        object_id=young_person.pk,
                        young_person_id=young_person.pk,
                        case_id=case.pk,
                        payload={
                            "kind": kind,
                            "due_at": due.isoformat(),
                            "recipients": [str(r) for r in recipients],
                        },
                    )
            total += created
    return total


# --- Notifications --------------------------------------------------------------------------


def notification_mark_read(*, actor: Actor, notification_id: uuid.UUID) -> Notification:
    """Mark one of the actor's own notifications read (idempotent)."""
    with transaction.atomic(durable=True):
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, recipient_id=actor.user_id)
            .first()
        )
        if notification is None:
            raise NotFound(object_type="notification", object_id=notification_id)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            audit.record(
                actor=actor,
                action="notification.read",
                object_type="notification",
                object_id=notification.pk,
                payload={"target_type": notification.target_type},
            )
    return notification


def notification_preference_update(*, actor: Actor, language: str) -> NotificationPreference:
    if actor.user is None:
        raise ValueError("the system has no preferences")
    with transaction.atomic(durable=True):
        preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
            user=actor.user
        )
        if preference.language != language:
            previous = preference.language
            preference.language = language
            preference.save(update_fields=["language", "updated_at"])
            audit.record(
                actor=actor,
                action="notification.preferences_updated",
                object_type="user",
                object_id=actor.user_id,
                payload={"language": language, "previous": previous},
            )
    return preference


def language_of(user_id: Any) -> str:
    preference = NotificationPreference.objects.filter(user_id=user_id).first()
    return preference.language if preference is not None else "sv"
