"""Reads that mean something: meetings and action items the actor may see, and who may keep
the case plan."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from backend.cases.models import Case, CaseMember
from backend.cases.queries import visible_cases
from backend.core.actor import Actor
from backend.organisations.models import Agency
from workflows.meetings.models import ActionItem, Meeting


def visible_meetings(actor: Actor) -> QuerySet[Meeting]:
    """Meetings of the cases the actor is a member of (and still works for)."""
    return Meeting.objects.filter(case__in=visible_cases(actor))


def visible_action_items(actor: Actor) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(case__in=visible_cases(actor))


def case_member_ids(case: Case) -> set[uuid.UUID]:
    return set(CaseMember.objects.filter(case=case).values_list("user_id", flat=True))


def may_keep_plan(actor: Actor, case: Case) -> bool:
    """The case plan (risk and need assessment, interventions) is social services' record
    (OSL 26:1; product principle 1, no shared case file): only the case's members who act for
    a social services unit read and write it. Other members learn of it through disclosures."""
    if actor.user is None:
        return False
    return CaseMember.objects.filter(
        case=case,
        user=actor.user,
        unit_id__in=actor.operational_unit_ids(),
        unit__organisation__agency=Agency.SOCIAL_SERVICES,
    ).exists()
