"""Reminders about consents: expiry in 14 days, to the official who recorded it."""

from __future__ import annotations

from backend.core.actor import Actor
from consent.models import ConsentRecord
from consent.queries import visible_consents
from workflows.reminders import targets
from workflows.reminders.actions import reminders_cancel, reminders_schedule
from workflows.reminders.kinds import CONSENT, due_at
from workflows.reminders.models import Reminder

KIND = "consent_expiring_14_days"


def schedule_expiry(consent: ConsentRecord) -> None:
    if consent.decision != "granted":
        return
    reminders_schedule(
        kind=KIND,
        target_type=CONSENT,
        target_id=consent.pk,
        recipients=[consent.recorded_by_id],
        due_at=due_at(KIND, consent.valid_until),
    )


def cancel_expiry(consent: ConsentRecord, reason: str) -> None:
    reminders_cancel(target_type=CONSENT, target_id=consent.pk, reason=reason)


def resolve_consent(reminder: Reminder) -> targets.TargetInfo | targets.Skip:
    consent = (
        visible_consents(Actor.for_user(reminder.recipient))
        .select_related("withdrawal", "superseded_by")
        .filter(pk=reminder.target_id)
        .first()
    )
    if consent is None:
        return targets.Skip("not_visible")
    if getattr(consent, "withdrawal", None) is not None:
        return targets.Skip("done")
    if getattr(consent, "superseded_by", None) is not None:
        return targets.Skip("done")
    if due_at(reminder.kind, consent.valid_until) != reminder.due_at:
        return targets.Skip("moved")
    return targets.TargetInfo(
        path=f"/young-people/{consent.young_person_id}/",
        municipality_id=consent.municipality_id,
        young_person_id=consent.young_person_id,
    )


def register() -> None:
    targets.register(CONSENT, resolve_consent)
