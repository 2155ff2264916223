"""Celery tasks of the reminder outbox. Tasks carry ids and tokens, never rows.

``reminders.dispatch_due`` runs on the beat schedule (``CELERY_BEAT_SCHEDULE``) and whenever
an action schedules a reminder that is already due; ``reminders.deliver`` delivers one claimed
reminder; ``reminders.schedule_birthdays`` runs daily.
"""

from __future__ import annotations

import time

from celery import shared_task
from django.conf import settings

from backend.core.enqueue import BROKER_ERRORS
from backend.core.logging import get_logger
from workflows.reminders.actions import reminders_schedule_birthdays
from workflows.reminders.delivery import (
    reminder_deliver,
    reminders_claim_due,
    reminders_release_claim,
)

log = get_logger(__name__)


@shared_task(name="reminders.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    """Claim due reminders batch by batch and enqueue one delivery per reminder, until nothing
    is due, the in-flight cap is reached, or one beat interval has passed."""
    sent = 0
    stop_at = time.monotonic() + settings.REMINDER_DISPATCH_INTERVAL_SECONDS
    while time.monotonic() < stop_at:
        claim = reminders_claim_due()
        if claim is None:
            break
        for index, reminder_id in enumerate(claim.ids):
            try:
                deliver.apply_async((reminder_id,), retry=False)
            except BROKER_ERRORS:
                # Give the rest back now rather than after the lease.
                released = reminders_release_claim(token=claim.token, ids=claim.ids[index:])
                log.warning("reminders.dispatch_broker_down", released=released, exc_info=True)
                return sent
            sent += 1
    return sent


@shared_task(name="reminders.deliver", ignore_result=True)
def deliver(reminder_id: int) -> str:
    return reminder_deliver(reminder_id=reminder_id)


@shared_task(name="reminders.schedule_birthdays", ignore_result=True)
def schedule_birthdays() -> int:
    return reminders_schedule_birthdays()
