"""Which young people an actor may see.

An actor sees a young person when one of their operational units knows the young person
(``YoungPersonUnit``) or they are a member of a case about the young person. Auditors and
administrators see none: they never read case content.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from backend.cases.queries import visible_cases
from backend.core.actor import Actor
from backend.organisations.models import Agency
from backend.people.models import Guardian, YoungPerson, YoungPersonUnit


def visible_young_people(actor: Actor) -> QuerySet[YoungPerson]:
    units = actor.operational_unit_ids()
    if not units or actor.municipality_id is None:
        return YoungPerson.objects.none()
    known_by_unit = YoungPersonUnit.objects.filter(young_person=OuterRef("pk"), unit_id__in=units)
    in_member_case = visible_cases(actor).filter(young_person=OuterRef("pk"))
    return YoungPerson.objects.filter(municipality_id=actor.municipality_id).filter(
        Q(Exists(known_by_unit)) | Q(Exists(in_member_case))
    )


def current_guardians(young_person: YoungPerson) -> QuerySet[Guardian]:
    return young_person.guardians.filter(ended_on__isnull=True)


def _operational_agencies(actor: Actor) -> set[str]:
    return {m.unit.organisation.agency for m in actor.operational_memberships()}


def may_see_full_personnummer(actor: Actor, young_person: YoungPerson) -> bool:
    """Social services and police identify people in their own registers and need the full
    number; schools see the birth date part only. With protected identity (skyddade
    personuppgifter) only social services sees it."""
    agencies = _operational_agencies(actor)
    if young_person.protected_identity:
        return Agency.SOCIAL_SERVICES in agencies
    return bool(agencies & {Agency.SOCIAL_SERVICES, Agency.POLICE})


def may_see_guardians(actor: Actor, young_person: YoungPerson) -> bool:
    """Guardians' names can lead to a protected address: with protected identity only social
    services sees them."""
    if not young_person.protected_identity:
        return True
    return Agency.SOCIAL_SERVICES in _operational_agencies(actor)


def may_update_young_person(actor: Actor) -> bool:
    """Social services keeps the record (names, protected identity, guardians) up to date."""
    return Agency.SOCIAL_SERVICES in _operational_agencies(actor)
