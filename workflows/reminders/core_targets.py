"""Reminder targets of the core domain: young people (consent re-validation at 12, 15, 18)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from backend.cases.models import CaseStatus
from backend.cases.queries import visible_cases
from backend.core.actor import Actor
from backend.people.models import YoungPerson
from workflows.reminders import targets
from workflows.reminders.kinds import YOUNG_PERSON, due_at
from workflows.reminders.models import Reminder


def resolve_young_person(reminder: Reminder) -> targets.TargetInfo | targets.Skip:
    young_person = YoungPerson.objects.filter(pk=reminder.target_id).first()
    if young_person is None:
        return targets.Skip("gone")
    if due_at(reminder.kind, young_person.birth_date) != reminder.due_at:
        return targets.Skip("moved")  # the birth date was corrected
    if (timezone.now() - reminder.due_at).days > 30:
        return targets.Skip("too_late")
    # The recipient must still be a member, for the lead unit, of an open case about them.
    case = (
        visible_cases(Actor.for_user(reminder.recipient))
        .filter(
            young_person=young_person,
            status=CaseStatus.OPEN,
            members__user_id=reminder.recipient_id,
            members__unit_id=F("lead_unit_id"),
        )
        .order_by("created_at")
        .first()
    )
    if case is None:
        return targets.Skip("not_visible")
    return targets.TargetInfo(
        path=f"/cases/{case.pk}/",
        municipality_id=case.municipality_id,
        case_id=case.pk,
        young_person_id=young_person.pk,
    )


targets.register(YOUNG_PERSON, resolve_young_person)
