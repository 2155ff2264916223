"""Who may read the audit log: auditors, and only their own municipality's chain."""

from __future__ import annotations

import datetime
import uuid

from django.utils.translation import gettext as _

from audit.chain import chain_key
from audit.models import AuditEvent
from backend.core.actor import Actor
from backend.core.exceptions import Forbidden, InvalidInput, NotFound
from backend.people.models import YoungPerson


def audit_chain_of(actor: Actor) -> str:
    """The chain the actor audits, or Forbidden (403: the role may not read the log at all)."""
    if not actor.is_auditor or actor.municipality_id is None:
        raise Forbidden(
            detail=_("Endast granskare får läsa granskningsloggen."), code="not_auditor"
        )
    return chain_key(actor.municipality_id)


def access_audited_young_person(actor: Actor, young_person_id: uuid.UUID | str) -> uuid.UUID:
    """A young person whose access report the auditor may read: one of their municipality's,
    or one that is gone (gallring deletes the record, never its log) but appears in their
    chain. Anything else is a 404, so that other municipalities' young people stay unknown."""
    chain = audit_chain_of(actor)
    try:
        pk = uuid.UUID(str(young_person_id))
    except ValueError:
        raise NotFound(
            object_type="young_person", object_id=str(young_person_id)[:64], reason="malformed_id"
        ) from None
    municipality = YoungPerson.objects.filter(pk=pk).values_list("municipality_id", flat=True)
    found = municipality.first()
    if found is not None and str(found) == chain:
        return pk
    # A registered young person has events of their own (young_person.created at least): the
    # btree finds them at once, where a probe of the list index could scan the chain.
    if found is None and AuditEvent.objects.filter(young_person_id=pk, chain=chain).exists():
        return pk
    raise NotFound(object_type="young_person", object_id=pk, young_person_id=pk)


def audited_young_person_by_number(
    actor: Actor, personnummer: str, *, today: datetime.date
) -> uuid.UUID:
    """The young person of the auditor's municipality with this personnummer (exact match, as
    product.md C2 asks), for "who has accessed this child?" when the family asks. Only the id
    comes back: auditors see metadata, never the record. Anything else is a 404."""
    from backend.people.identity import InvalidIdentityNumber, parse_identity_number

    chain = audit_chain_of(actor)
    try:
        number = parse_identity_number(personnummer, today=today)
    except InvalidIdentityNumber as exc:
        raise InvalidInput(errors={"personnummer": [exc.message]}) from None
    found = (
        YoungPerson.objects.filter(municipality_id=chain, personnummer=number.normalized)
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise NotFound(object_type="young_person", reason="no_such_personnummer")
    return found
