"""Claiming due reminders and delivering them: the guarantee.

**Claiming** (:func:`reminders_claim_due`, run by the beat task ``reminders.dispatch_due``). In
one transaction the dispatcher selects due rows — pending rows whose ``next_attempt_at`` has
come, and claimed rows whose lease (``REMINDER_LEASE_SECONDS``) has run out — with ``SELECT ...
FOR UPDATE SKIP LOCKED`` on PostgreSQL, and marks them claimed by a conditional ``UPDATE ...
WHERE <still claimable>`` that stamps a fresh claim token, by which it reads back the rows it
got. On SQLite (``make run``), which has no row locks, the transaction takes the database write
lock at BEGIN (``transaction_mode=IMMEDIATE``) and the same conditional UPDATE decides. Each
claimed row is sent to the broker as ``deliver(id)``; if the broker refuses, the claims are
released at once. At most ``REMINDER_MAX_IN_FLIGHT`` live claims exist at a time, so a slow
worker fleet is not buried under messages.

A claimed row is claimed again when no worker started it within ``REMINDER_REDISPATCH_SECONDS``
(its message was lost: the broker restarted empty, a prefetching worker died) or when the worker
that started it did not finish within ``REMINDER_LEASE_SECONDS`` (it died). Claiming again only
adds a message: any message for a claimed row that nobody has started may start it, and exactly
one does. (A single timeout would be too short for one or too long for the other: messages
wait in the queue behind the backlog, deliveries take milliseconds.)

**Delivering** (:func:`reminder_deliver`, the task ``reminders.deliver``).

1. *Start*: ``UPDATE ... SET claim_token = <new attempt token>, started_at = now, attempts =
   attempts + 1 WHERE id = ? AND status = 'claimed' AND started_at IS NULL`` — committed at once.
   A second message for the row, a duplicate delivery of the same message, or a stale message
   finds no row and does nothing. Every later write is fenced by ``status = 'claimed' AND
   claim_token = <attempt token>``: a worker that wakes up after its lease ran out and the row
   was claimed and started again cannot write anything. A row started more than
   ``REMINDER_MAX_ATTEMPTS`` times (it keeps killing its workers) is marked failed.
2. *Decide* (transaction 1): resolve the target as the recipient (:mod:`.targets`); a target
   that is gone, finished, moved or no longer visible to the recipient cancels the reminder.
   Otherwise record the email *before* sending it: an ``EmailDelivery`` row keyed by the
   reminder (unique) with status ``sending`` and a dedupe key ``reminder-<id>``.
3. *Send* the email through Django's email backend, outside any transaction, with the dedupe
   key as ``Message-ID`` and ``X-Samverka-Dedupe-Key``.
4. *Finish* (transaction 2): mark the email sent, create the ``Notification`` (unique per
   reminder), mark the reminder sent, write the audit event — all or nothing.

**The guarantee.**

- The in-app notification is created **exactly once** per reminder: only in transaction 2,
  which commits the notification and ``status = sent`` together under the attempt fence, and
  the notification's ``reminder`` column is unique. A crash before that commit leaves the row
  claimed; after the lease it is claimed and delivered again. A broker outage or a dead worker
  delays a reminder; it never drops or doubles it.
- The email is handed to the backend **at most once per reminder, as the backend sees the
  dedupe key**. If a worker dies after step 2 and before step 4, the next attempt finds the
  ``sending`` record and cannot know whether the message left. Then:

  * with a backend that deduplicates on the key (``backend.deduplicates = True``, like
    :class:`workflows.reminders.mail.DedupingFileEmailBackend` or a mail API with idempotency
    keys) it sends again with the same key, and the backend drops the repeat: **exactly once**;
  * with any other backend (SMTP) it does **not** send again and records the email as
    ``unknown``: the email is then at most once — possibly lost in that window of a few
    milliseconds, never doubled — while the notification still arrives exactly once.

- An email the backend refused (an exception) was not sent: it is retried after
  ``REMINDER_RETRY_SECONDS`` up to ``REMINDER_MAX_ATTEMPTS``, then given up (email ``failed``)
  and the notification is created anyway.
- Cancelling a reminder while a worker is between steps 2 and 4 may let that one email out;
  the notification is not created.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import audit
from backend.core.actor import Actor
from backend.core.logging import get_logger
from workflows.reminders import targets
from workflows.reminders.kinds import get_kind
from workflows.reminders.mail import DEDUPE_HEADER
from workflows.reminders.models import (
    EmailDelivery,
    EmailStatus,
    Notification,
    NotificationPreference,
    Reminder,
    ReminderStatus,
)

log = get_logger(__name__)

SYSTEM = "system:reminders"


# --- Claiming -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    token: uuid.UUID
    ids: list[int]


def _expiry(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """(started before this: the worker died; claimed but unstarted before this: the message
    was lost)."""
    return (
        now - datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS),
        now - datetime.timedelta(seconds=settings.REMINDER_REDISPATCH_SECONDS),
    )


def _claimable(now: datetime.datetime) -> Q:
    lease_start, redispatch_start = _expiry(now)
    expired = Q(started_at__isnull=True, claimed_at__lt=redispatch_start) | Q(
        started_at__lt=lease_start
    )
    # next_attempt_at <= now holds for both branches (a row is claimed only once it is due);
    # stating it lets PostgreSQL use the partial index on next_attempt_at.
    return Q(next_attempt_at__lte=now) & (
        Q(status=ReminderStatus.PENDING) | (Q(status=ReminderStatus.CLAIMED) & expired)
    )


def _live_claims(now: datetime.datetime) -> int:
    lease_start, redispatch_start = _expiry(now)
    return (
        Reminder.objects.filter(status=ReminderStatus.CLAIMED)
        .filter(
            Q(started_at__isnull=True, claimed_at__gte=redispatch_start)
            | Q(started_at__gte=lease_start)
        )
        .count()
    )


def reminders_claim_due(
    *, now: datetime.datetime | None = None, limit: int | None = None
) -> Claim | None:
    """Claim up to ``limit`` (default ``REMINDER_DISPATCH_BATCH``) due reminders, within the
    in-flight cap. Returns the claim, or None when nothing was claimed."""
    now = now or timezone.now()
    room = min(
        limit or settings.REMINDER_DISPATCH_BATCH,
        settings.REMINDER_MAX_IN_FLIGHT - _live_claims(now),
    )
    if room <= 0:
        return None
    token = uuid.uuid4()
    with transaction.atomic(durable=True):
        candidates = (
            Reminder.objects.filter(_claimable(now))
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)
        )
        if connection.features.has_select_for_update_skip_locked:
            # Two dispatchers never wait for each other: each takes rows the other has not.
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates[:room])
        if not ids:
            return None
        # The conditional UPDATE is the claim; on SQLite it is the only guard (no row locks,
        # but the IMMEDIATE transaction serialises writers).
        Reminder.objects.filter(_claimable(now), id__in=ids).update(
            status=ReminderStatus.CLAIMED, claim_token=token, claimed_at=now, started_at=None
        )
    claimed = list(
        Reminder.objects.filter(claim_token=token, status=ReminderStatus.CLAIMED)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)
    )
    return Claim(token=token, ids=claimed) if claimed else None


def reminders_release_claim(*, token: uuid.UUID, ids: list[int] | None = None) -> int:
    """Give claimed rows back (the broker refused the messages): pending again at once."""
    queryset = Reminder.objects.filter(
        claim_token=token, status=ReminderStatus.CLAIMED, started_at__isnull=True
    )
    if ids is not None:
        queryset = queryset.filter(id__in=ids)
    return queryset.update(status=ReminderStatus.PENDING, claim_token=None, claimed_at=None)


# --- Delivering -----------------------------------------------------------------------------


def _fenced(reminder_id: int, attempt: uuid.UUID) -> Any:
    """The row as long as this attempt still owns it."""
    return Reminder.objects.filter(
        id=reminder_id, status=ReminderStatus.CLAIMED, claim_token=attempt
    )


def _backend_deduplicates(backend: Any) -> bool:
    return bool(getattr(backend, "deduplicates", False))


def dedupe_key(reminder: Reminder) -> str:
    return f"reminder-{reminder.pk}"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def render_email(reminder: Reminder, path: str, language: str) -> tuple[str, str]:
    """Subject and body in the recipient's language: the kind of reminder and a link."""
    kind = get_kind(reminder.kind)
    with translation.override(language):
        subject = _("Samverka: %(title)s") % {"title": kind.title}
        body = "\n\n".join(
            [
                _("Hej!"),
                str(kind.message),
                _("Öppna Samverka för att se mer: %(url)s") % {"url": absolute_url(path)},
                _(
                    "Av sekretesskäl står inga uppgifter om ärendet i det här meddelandet. Du "
                    "får det för att du deltar i ärendet i Samverka."
                ),
            ]
        )
    return subject, body


def _send(reminder: Reminder, path: str, key: str, backend: Any) -> None:
    subject, body = render_email(reminder, path, _language(reminder))
    domain = urlsplit(settings.SITE_URL).hostname or "samverka.invalid"
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[reminder.recipient.email],
        headers={"Message-ID": f"<{key}@{domain}>", DEDUPE_HEADER: key},
        connection=backend,
    )
    message.send()


def _audit(reminder: Reminder, action: str, info: targets.TargetInfo | None, **extra: Any) -> None:
    if info is not None:
        municipality_id = info.municipality_id
    else:  # cancelled or failed: the event belongs to the recipient's municipality's chain
        municipality_id = Actor.for_user(reminder.recipient).municipality_id
    audit.record(
        actor=None,
        action=action,
        username=SYSTEM,
        municipality_id=municipality_id,
        object_type="reminder",
        object_id=reminder.pk,
        case_id=info.case_id if info else None,
        young_person_id=info.young_person_id if info else None,
        payload={
            "kind": reminder.kind,
            "target_type": reminder.target_type,
            "target_id": str(reminder.target_id),
            "recipient": str(reminder.recipient_id),
            **extra,
        },
    )


def _fail(reminder: Reminder, now: datetime.datetime, error: str) -> None:
    reminder.status = ReminderStatus.FAILED
    reminder.claim_token = None
    reminder.last_error = error[:2000]
    reminder.save(update_fields=["status", "claim_token", "last_error", "updated_at"])
    _audit(reminder, "reminder.failed", None, error=error[:500])
    log.error("reminder.failed", reminder=reminder.pk, kind=reminder.kind, error=error[:500])


def _cancel(reminder: Reminder, now: datetime.datetime, reason: str) -> None:
    """The target is gone, finished, moved, or the recipient may no longer see it."""
    reminder.status = ReminderStatus.CANCELLED
    reminder.cancelled_at = now
    reminder.cancel_reason = reason[:64]
    reminder.claim_token = None
    reminder.save(
        update_fields=["status", "cancelled_at", "cancel_reason", "claim_token", "updated_at"]
    )
    _audit(reminder, "reminder.cancelled", None, reason=reason)


def _prepare_email(reminder: Reminder, now: datetime.datetime, backend: Any) -> EmailDelivery:
    """Record the email before it is sent (inside transaction 1). Returns the record; its
    status is ``sending`` when this attempt must hand the message to the backend.

    The caller holds the reminder's row lock under its attempt fence, so nobody else writes
    this reminder's email record meanwhile (and the record's key is unique besides)."""
    # Only an attempt writes the record, so on the first attempt there is none to look up.
    first_attempt = reminder.attempts == 1
    email = None if first_attempt else EmailDelivery.objects.filter(reminder_id=reminder.pk).first()
    if email is None:
        if not reminder.recipient.email:
            return EmailDelivery.objects.create(
                reminder=reminder, dedupe_key=dedupe_key(reminder), status=EmailStatus.SKIPPED
            )
        return EmailDelivery.objects.create(
            reminder=reminder,
            dedupe_key=dedupe_key(reminder),
            status=EmailStatus.SENDING,
            attempts=1,
            started_at=now,
        )
    if email.status == EmailStatus.FAILED:
        email.status = EmailStatus.SENDING
    elif email.status == EmailStatus.SENDING:
        # An earlier attempt recorded the email and did not finish: it may have sent it.
        if not _backend_deduplicates(backend):
            email.status = EmailStatus.UNKNOWN
            email.last_error = "an earlier attempt stopped while sending"
            email.save(update_fields=["status", "last_error"])
            log.warning("reminder.email_unknown", reminder=reminder.pk)
            return email
    else:
        return email  # sent, skipped or unknown: never again
    email.attempts += 1
    email.started_at = now
    email.save(update_fields=["status", "attempts", "started_at"])
    return email


def _language(reminder: Reminder) -> str:
    try:
        return reminder.recipient.notification_preference.language
    except NotificationPreference.DoesNotExist:
        return settings.LANGUAGE_CODE


def reminder_deliver(*, reminder_id: int) -> str:
    """Deliver one claimed reminder. Returns what happened: sent, cancelled, retry, failed or
    stale (another message started it, or it is no longer claimed)."""
    now = timezone.now()
    # 1. Start: take the row with a fresh attempt token, count the attempt, commit at once (so
    # that a reminder that kills its worker every time is eventually given up).
    attempt = uuid.uuid4()
    started = Reminder.objects.filter(
        id=reminder_id, status=ReminderStatus.CLAIMED, started_at__isnull=True
    ).update(claim_token=attempt, started_at=now, attempts=F("attempts") + 1)
    if not started:
        return "stale"
    backend = get_connection()

    # 2. Decide, and record the email before sending it.
    with transaction.atomic(durable=True):
        reminder = (
            _fenced(reminder_id, attempt)
            .select_for_update(of=("self",))
            .select_related("recipient__notification_preference")
        ).first()
        if reminder is None:
            return "stale"
        if reminder.attempts > settings.REMINDER_MAX_ATTEMPTS:
            _fail(reminder, now, f"gave up after {reminder.attempts - 1} attempts")
            return "failed"
        try:
            outcome = targets.resolve(reminder)
        except targets.UnknownTargetType as exc:
            # Perhaps the app that owns the target is not deployed yet: try again later.
            return _retry_or_fail(reminder, now, str(exc))
        if isinstance(outcome, targets.Skip):
            _cancel(reminder, now, outcome.reason)
            return "cancelled"
        info = outcome
        email = _prepare_email(reminder, now, backend)

    # 3. Send, outside any transaction.
    email_outcome: str = email.status
    if email.status == EmailStatus.SENDING:
        try:
            _send(reminder, info.path, email.dedupe_key, backend)
        except Exception as exc:  # any backend error means the message was not accepted
            log.warning("reminder.email_failed", reminder=reminder.pk, exc_info=True)
            return _email_failed(reminder_id, attempt, now, f"{type(exc).__name__}: {exc}")
        email_outcome = EmailStatus.SENT

    # 4. Finish: the notification and the sent mark commit together, under the fence.
    return _finish(reminder, attempt, info, email_outcome)


def _finish(
    reminder: Reminder, attempt: uuid.UUID, info: targets.TargetInfo, email_outcome: str
) -> str:
    now = timezone.now()
    with transaction.atomic(durable=True):
        # The fenced UPDATE is both the check and the row lock: 0 rows means the reminder was
        # cancelled or claimed again meanwhile (see the module docstring).
        if not _fenced(reminder.pk, attempt).update(
            status=ReminderStatus.SENT, sent_at=now, claim_token=None, updated_at=now
        ):
            return "stale"
        if email_outcome == EmailStatus.SENT:
            EmailDelivery.objects.filter(reminder_id=reminder.pk).update(
                status=EmailStatus.SENT, sent_at=now
            )
        # Unique per reminder; nobody else can be here for this reminder (the fence).
        Notification.objects.create(
            reminder_id=reminder.pk,
            recipient_id=reminder.recipient_id,
            kind=reminder.kind,
            target_type=reminder.target_type,
            target_id=reminder.target_id,
            path=info.path,
            params=reminder.params,
        )
        _audit(reminder, "reminder.sent", info, email=email_outcome)
    return "sent"


def _retry_or_fail(reminder: Reminder, now: datetime.datetime, error: str) -> str:
    """Inside a transaction holding the fenced row: pending again later, or failed."""
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        _fail(reminder, now, error)
        return "failed"
    reminder.status = ReminderStatus.PENDING
    reminder.claim_token = None
    reminder.claimed_at = None
    reminder.started_at = None
    reminder.next_attempt_at = now + datetime.timedelta(seconds=settings.REMINDER_RETRY_SECONDS)
    reminder.last_error = error[:2000]
    reminder.save(
        update_fields=[
            "status",
            "claim_token",
            "claimed_at",
            "started_at",
            "next_attempt_at",
            "last_error",
            "updated_at",
        ]
    )
    return "retry"


def _email_failed(reminder_id: int, attempt: uuid.UUID, now: datetime.datetime, error: str) -> str:
    """The backend refused the email: retry later; after the last attempt give the email up
    and deliver the notification anyway."""
    with transaction.atomic(durable=True):
        reminder = _fenced(reminder_id, attempt).select_for_update().first()
        if reminder is None:
            return "stale"
        EmailDelivery.objects.filter(reminder=reminder).update(
            status=EmailStatus.FAILED, last_error=error[:2000]
        )
        if reminder.attempts < settings.REMINDER_MAX_ATTEMPTS:
            return _retry_or_fail(reminder, now, error)
        reminder.last_error = error[:2000]
        reminder.save(update_fields=["last_error", "updated_at"])
        outcome = targets.resolve(reminder)
        if isinstance(outcome, targets.Skip):
            _cancel(reminder, now, outcome.reason)
            return "cancelled"
    return _finish(reminder, attempt, outcome, EmailStatus.FAILED)
