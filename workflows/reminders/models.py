"""The reminder outbox, email delivery records and in-app notifications.

A :class:`Reminder` row is the source of truth: the broker only carries ids. The unique key
(kind, target, recipient, due time) makes scheduling idempotent, and the status with its claim
token and lease makes delivery safe when a worker dies or a message is delivered twice (see
:mod:`workflows.reminders.delivery` for the exact guarantee).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    CLAIMED = "claimed", _("Under leverans")
    SENT = "sent", _("Skickad")
    CANCELLED = "cancelled", _("Avbruten")
    FAILED = "failed", _("Misslyckad")


# The reminder workflow. ``claimed -> claimed`` is a re-claim after the lease ran out; ``claimed
# -> pending`` a retry after a failed email; ``cancelled -> pending`` a target moved back to the
# same time. Every change is a conditional UPDATE on the old status (and the claim token), so a
# stale worker can never overwrite a newer state.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReminderStatus.PENDING: frozenset({ReminderStatus.CLAIMED, ReminderStatus.CANCELLED}),
    ReminderStatus.CLAIMED: frozenset(
        {
            ReminderStatus.CLAIMED,
            ReminderStatus.PENDING,
            ReminderStatus.SENT,
            ReminderStatus.CANCELLED,
            ReminderStatus.FAILED,
        }
    ),
    ReminderStatus.CANCELLED: frozenset({ReminderStatus.PENDING}),
    ReminderStatus.SENT: frozenset(),
    ReminderStatus.FAILED: frozenset(),
}

OPEN_STATUSES = (ReminderStatus.PENDING, ReminderStatus.CLAIMED)


class Reminder(models.Model):
    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.UUIDField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due_at = models.DateTimeField()
    # When the row may next be claimed: due_at, later after a failed email attempt. (due_at is
    # part of the unique key and never changes for a row.)
    next_attempt_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    # Set by the dispatcher's claim, then replaced by the attempt token of the worker that
    # starts the delivery: every later write is fenced by it.
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)  # a worker took the claimed row
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=64, blank=True)
    last_error = models.TextField(blank=True)
    # Template parameters; never personal data (the message carries a link, not content).
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "recipient", "due_at"],
                name="reminder_unique_key",
            ),
        ]
        indexes = [
            # The dispatcher's query: open rows by the time they may next be claimed.
            models.Index(
                fields=["next_attempt_at"],
                name="reminder_claimable",
                condition=Q(status__in=["pending", "claimed"]),
            ),
            models.Index(fields=["claim_token"], name="reminder_claim_token"),
            models.Index(fields=["target_type", "target_id"], name="reminder_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_type}:{self.target_id} @ {self.due_at:%Y-%m-%d %H:%M}"


class EmailStatus(models.TextChoices):
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickat")
    FAILED = "failed", _("Misslyckades")
    UNKNOWN = "unknown", _("Okänt (arbetsprocessen avbröts under sändningen)")
    SKIPPED = "skipped", _("Ingen e-postadress")


class EmailDelivery(models.Model):
    """The email of one reminder. Written *before* the email is handed to the backend, so that
    a later attempt knows an earlier one may have sent it."""

    reminder = models.OneToOneField(
        Reminder, on_delete=models.CASCADE, primary_key=True, related_name="email"
    )
    dedupe_key = models.CharField(max_length=100, unique=True)
    status = models.CharField(max_length=8, choices=EmailStatus.choices)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("e-postleverans")
        verbose_name_plural = _("e-postleveranser")

    def __str__(self) -> str:
        return f"{self.dedupe_key}: {self.status}"


class Notification(models.Model):
    """An in-app notification. The text is rendered when read, in the reader's language."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # The idempotency key: one notification per reminder, created in the transaction that
    # marks the reminder sent.
    reminder = models.OneToOneField(
        Reminder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
    )
    kind = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.UUIDField()
    path = models.CharField(max_length=300)  # a link below SITE_URL, never content
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        indexes = [models.Index(fields=["recipient", "-created_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Language(models.TextChoices):
    SWEDISH = "sv", "Svenska"
    ENGLISH = "en", "English"


class NotificationPreference(models.Model):
    """The language of a user's emails (Swedish unless they chose English)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.SWEDISH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notisinställning")
        verbose_name_plural = _("notisinställningar")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
