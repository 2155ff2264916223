"""Which cases an actor may see: those where they hold the case's ``view_case`` object
permission (django-guardian, direct foreign-key table) *and* still work in the unit they were
added for. Leaving the case or the unit ends access at once."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from backend.cases.models import Case, CaseMember, CaseUserObjectPermission
from backend.core.actor import Actor


def visible_cases(actor: Actor) -> QuerySet[Case]:
    units = actor.operational_unit_ids()
    if not units or actor.user is None or actor.municipality_id is None:
        return Case.objects.none()
    has_permission = CaseUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"),
        user=actor.user,
        permission__codename="view_case",
    )
    still_in_unit = CaseMember.objects.filter(
        case=OuterRef("pk"), user=actor.user, unit_id__in=units
    )
    return Case.objects.filter(municipality_id=actor.municipality_id).filter(
        Exists(has_permission), Exists(still_in_unit)
    )


def may_manage_members(actor: Actor, case: Case) -> bool:
    """Members acting for the lead unit add and remove members."""
    if actor.user is None:
        return False
    return (
        CaseUserObjectPermission.objects.filter(
            content_object=case, user=actor.user, permission__codename="manage_case_members"
        ).exists()
        and case.lead_unit_id in actor.operational_unit_ids()
    )
