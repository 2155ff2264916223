"""Opening collaboration cases and managing their members.

Membership is written twice in one transaction: the ``CaseMember`` row (who, for which unit,
added by whom) and the django-guardian object permissions that access checks read.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

import audit
from backend.accounts.models import User
from backend.cases.models import CASE_TRANSITIONS, Case, CaseMember, CaseParticipant, CaseStatus
from backend.cases.queries import may_manage_members
from backend.core.actor import Actor
from backend.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.state import ensure_transition
from backend.organisations.models import OPERATIONAL_ROLES, Membership, Unit
from backend.people.models import YoungPerson

VIEW = "cases.view_case"
MANAGE = "cases.manage_case_members"


def _units_of_municipality(
    unit_ids: list[uuid.UUID], municipality_id: uuid.UUID, field: str
) -> dict[uuid.UUID, Unit]:
    units = {
        u.pk: u
        for u in Unit.objects.filter(
            pk__in=unit_ids, organisation__municipality_id=municipality_id
        ).select_related("organisation")
    }
    missing = [str(pk) for pk in unit_ids if pk not in units]
    if missing:
        # Units of another municipality are not in the caller's directory: unknown, not foreign.
        raise InvalidInput(
            errors={field: [_("Okänd enhet: %(ids)s.") % {"ids": ", ".join(missing)}]}
        )
    return units


def _user_of(actor: Actor) -> User:
    if actor.user is None:
        raise Forbidden(detail="system actor cannot manage case members", code="system_actor")
    return actor.user


def _grant(case: Case, user: User, *, manage: bool) -> None:
    assign_perm(VIEW, user, case)
    if manage:
        assign_perm(MANAGE, user, case)


def case_create(
    *,
    actor: Actor,
    young_person: YoungPerson,
    lead_unit_id: uuid.UUID,
    participating_unit_ids: list[uuid.UUID],
) -> Case:
    """Open a case about a young person the actor can see, led by one of the actor's units.

    The actor becomes the first member and may add members from the participating units."""
    assert actor.user is not None
    municipality_id = young_person.municipality_id
    all_ids = list(dict.fromkeys([lead_unit_id, *participating_unit_ids]))
    units = _units_of_municipality(all_ids, municipality_id, "participating_units")
    if lead_unit_id not in actor.operational_unit_ids():
        raise Forbidden(
            detail=_("Du kan bara öppna ärenden för en enhet du själv arbetar i."),
            code="not_member_of_lead_unit",
        )
    with transaction.atomic(durable=True):
        case = Case.objects.create(
            municipality_id=municipality_id,
            young_person=young_person,
            lead_unit=units[lead_unit_id],
            created_by=actor.user,
        )
        CaseParticipant.objects.bulk_create(
            CaseParticipant(case=case, unit=units[u]) for u in all_ids
        )
        CaseMember.objects.create(
            case=case, user=actor.user, unit=units[lead_unit_id], added_by=_user_of(actor)
        )
        _grant(case, actor.user, manage=True)
        audit.record(
            actor=actor,
            action="case.created",
            object_type="case",
            object_id=case.pk,
            young_person_id=young_person.pk,
            case_id=case.pk,
            unit_id=lead_unit_id,
            payload={"participating_units": [str(u) for u in all_ids]},
        )
    return case


def case_member_add(
    *, actor: Actor, case: Case, user_id: uuid.UUID, unit_id: uuid.UUID
) -> CaseMember:
    """Add a user who works in a participating unit (lead unit's members only)."""
    if not may_manage_members(actor, case):
        raise Forbidden(
            detail=_("Endast den ledande enhetens medlemmar lägger till deltagare."),
            code="not_lead_unit_member",
            object_type="case",
            object_id=case.pk,
            case_id=case.pk,
            young_person_id=case.young_person_id,
        )
    if case.status == CaseStatus.CLOSED:
        raise Conflict(detail=_("Ärendet är avslutat."), code="case-closed")
    if not CaseParticipant.objects.filter(case=case, unit_id=unit_id).exists():
        raise InvalidInput(errors={"unit": [_("Enheten deltar inte i ärendet.")]})
    membership = (
        Membership.objects.filter(user_id=user_id, unit_id=unit_id, role__in=OPERATIONAL_ROLES)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise InvalidInput(errors={"user": [_("Användaren arbetar inte i den angivna enheten.")]})
    with transaction.atomic(durable=True):
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if CaseMember.objects.filter(case=locked, user_id=user_id).exists():
            raise Conflict(detail=_("Användaren är redan medlem i ärendet."), code="already-member")
        member = CaseMember.objects.create(
            case=locked, user=membership.user, unit_id=unit_id, added_by=_user_of(actor)
        )
        _grant(locked, membership.user, manage=unit_id == locked.lead_unit_id)
        audit.record(
            actor=actor,
            action="case.member_added",
            object_type="case",
            object_id=locked.pk,
            case_id=locked.pk,
            young_person_id=locked.young_person_id,
            payload={"user": str(user_id), "unit": str(unit_id)},
        )
    return member


def case_member_remove(*, actor: Actor, case: Case, user_id: uuid.UUID) -> None:
    """Remove a member; their access ends with this transaction. A member may always leave."""
    leaving_self = actor.user_id == user_id
    if not leaving_self and not may_manage_members(actor, case):
        raise Forbidden(
            detail=_("Endast den ledande enhetens medlemmar tar bort deltagare."),
            code="not_lead_unit_member",
            object_type="case",
            object_id=case.pk,
            case_id=case.pk,
            young_person_id=case.young_person_id,
        )
    with transaction.atomic(durable=True):
        locked = Case.objects.select_for_update().get(pk=case.pk)
        member = (
            CaseMember.objects.filter(case=locked, user_id=user_id).select_related("user").first()
        )
        if member is None:
            raise NotFound(object_type="case_member", object_id=user_id, case_id=locked.pk)
        lead_members = CaseMember.objects.filter(case=locked, unit_id=locked.lead_unit_id)
        if member.unit_id == locked.lead_unit_id and lead_members.count() == 1:
            raise Conflict(
                detail=_("Ärendet måste ha minst en medlem från den ledande enheten."),
                code="last-lead-member",
            )
        member.delete()
        remove_perm(VIEW, member.user, locked)
        remove_perm(MANAGE, member.user, locked)
        audit.record(
            actor=actor,
            action="case.member_removed",
            object_type="case",
            object_id=locked.pk,
            case_id=locked.pk,
            young_person_id=locked.young_person_id,
            payload={"user": str(user_id), "unit": str(member.unit_id)},
        )


def case_set_status(*, actor: Actor, case: Case, status: str, reason: str = "") -> Case:
    """Pause, reopen or close a case (lead unit's members). Closing needs a reason."""
    if not may_manage_members(actor, case):
        raise Forbidden(
            detail=_("Endast den ledande enhetens medlemmar ändrar ärendets status."),
            code="not_lead_unit_member",
            object_type="case",
            object_id=case.pk,
            case_id=case.pk,
            young_person_id=case.young_person_id,
        )
    if status not in CaseStatus.values:
        raise InvalidInput(errors={"status": [_("Status är open, paused eller closed.")]})
    if status == CaseStatus.CLOSED and not reason.strip():
        raise InvalidInput(errors={"reason": [_("Ange varför ärendet avslutas.")]})
    with transaction.atomic(durable=True):
        locked = Case.objects.select_for_update().get(pk=case.pk)
        ensure_transition(CASE_TRANSITIONS, locked.status, status, what=_("Ärendet"))
        previous = locked.status
        locked.status = status
        if status == CaseStatus.CLOSED:
            locked.closed_reason = reason.strip()
        locked.save(update_fields=["status", "closed_reason"])
        audit.record(
            actor=actor,
            action="case.status_changed",
            object_type="case",
            object_id=locked.pk,
            case_id=locked.pk,
            young_person_id=locked.young_person_id,
            payload={"from": previous, "to": status},
        )
    return locked
