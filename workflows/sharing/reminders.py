"""Reminders about concerns, sharing requests and disclosures: who is told, when, and the
check at delivery that it is still news to them (workflows.reminders.targets)."""

from __future__ import annotations

import uuid

from django.utils import timezone

from backend.core.actor import Actor
from backend.organisations.models import OPERATIONAL_ROLES, Membership, Role
from workflows.reminders import targets
from workflows.reminders.actions import reminders_cancel, reminders_schedule
from workflows.reminders.kinds import CONCERN, DISCLOSURE, SHARING_REQUEST, due_at
from workflows.reminders.models import Reminder
from workflows.sharing.models import (
    UNDECIDED_STATUSES,
    Concern,
    ConcernStatus,
    Disclosure,
    SharingRequest,
)
from workflows.sharing.queries import visible_concerns, visible_disclosures, visible_requests

REQUEST_KINDS = ("request_deadline_in_2_working_days", "request_deadline_passed")


def responsible_for(unit_id: uuid.UUID) -> list[uuid.UUID]:
    """Who answers for a unit: its decision-makers, or everyone who works there if it has
    none."""
    deciders = list(
        Membership.objects.filter(unit_id=unit_id, role=Role.DECISION_MAKER).values_list(
            "user_id", flat=True
        )
    )
    if deciders:
        return deciders
    return list(
        Membership.objects.filter(unit_id=unit_id, role__in=OPERATIONAL_ROLES).values_list(
            "user_id", flat=True
        )
    )


def schedule_request_deadline(request: SharingRequest) -> None:
    recipients = responsible_for(request.to_unit_id)
    for kind in REQUEST_KINDS:
        reminders_schedule(
            kind=kind,
            target_type=SHARING_REQUEST,
            target_id=request.pk,
            recipients=recipients,
            due_at=due_at(kind, request.deadline),
        )


def cancel_request_reminders(request: SharingRequest, reason: str) -> None:
    reminders_cancel(target_type=SHARING_REQUEST, target_id=request.pk, reason=reason)


def schedule_concern_feedback(concern: Concern) -> None:
    reminders_schedule(
        kind="concern_feedback_overdue",
        target_type=CONCERN,
        target_id=concern.pk,
        recipients=responsible_for(concern.to_unit_id),
        due_at=due_at("concern_feedback_overdue", concern.created_at),
    )


def cancel_concern_reminders(concern: Concern) -> None:
    reminders_cancel(target_type=CONCERN, target_id=concern.pk, reason="acknowledged")


def notify_recipients_of_withdrawal(disclosures: list[Disclosure]) -> int:
    """legal-rules.md 3.6 (b): tell each unit that received information on a consent that the
    consent was withdrawn. Delivered at once through the outbox."""
    now = timezone.now()
    told = 0
    for disclosure in disclosures:
        recipients = list(
            Membership.objects.filter(
                unit_id=disclosure.to_unit_id, role__in=OPERATIONAL_ROLES
            ).values_list("user_id", flat=True)
        )
        told += reminders_schedule(
            kind="consent_withdrawn",
            target_type=DISCLOSURE,
            target_id=disclosure.pk,
            recipients=recipients,
            due_at=due_at("consent_withdrawn", now),
        )
    return told


# --- resolvers: checked as the recipient, at delivery ----------------------------------------


def _recipient(reminder: Reminder) -> Actor:
    return Actor.for_user(reminder.recipient)


def resolve_request(reminder: Reminder) -> targets.TargetInfo | targets.Skip:
    request = visible_requests(_recipient(reminder)).filter(pk=reminder.target_id).first()
    if request is None:
        return targets.Skip("not_visible")
    if request.status not in UNDECIDED_STATUSES:
        return targets.Skip("done")
    if due_at(reminder.kind, request.deadline) != reminder.due_at:
        return targets.Skip("moved")
    return targets.TargetInfo(
        path=f"/requests/{request.pk}/",
        municipality_id=request.municipality_id,
        case_id=request.case_id,
        young_person_id=request.young_person_id,
    )


def resolve_concern(reminder: Reminder) -> targets.TargetInfo | targets.Skip:
    concern = visible_concerns(_recipient(reminder)).filter(pk=reminder.target_id).first()
    if concern is None:
        return targets.Skip("not_visible")
    if concern.status != ConcernStatus.SENT:
        return targets.Skip("done")
    return targets.TargetInfo(
        path=f"/concerns/{concern.pk}/",
        municipality_id=concern.municipality_id,
        young_person_id=concern.young_person_id,
    )


def resolve_disclosure(reminder: Reminder) -> targets.TargetInfo | targets.Skip:
    disclosure = visible_disclosures(_recipient(reminder)).filter(pk=reminder.target_id).first()
    if disclosure is None:
        return targets.Skip("not_visible")
    return targets.TargetInfo(
        path=f"/disclosures/{disclosure.pk}/",
        municipality_id=disclosure.municipality_id,
        case_id=disclosure.case_id,
        young_person_id=disclosure.young_person_id,
    )


def register() -> None:
    targets.register(SHARING_REQUEST, resolve_request)
    targets.register(CONCERN, resolve_concern)
    targets.register(DISCLOSURE, resolve_disclosure)
