"""Registering and updating young people and their guardians."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from backend.core.actor import Actor
from backend.core.exceptions import Forbidden, InvalidInput
from backend.organisations.models import Unit
from backend.people.identity import InvalidIdentityNumber, age_on, parse_identity_number
from backend.people.models import Custody, Guardian, YoungPerson, YoungPersonUnit
from backend.people.queries import current_guardians, may_update_young_person


@dataclass(frozen=True)
class GuardianInput:
    given_name: str
    family_name: str
    custody: str
    personnummer: str = ""
    id: uuid.UUID | None = None


def _acting_unit(actor: Actor, unit_id: uuid.UUID | None) -> Unit:
    """The operational unit the actor acts for: given, or their only one."""
    memberships = actor.operational_memberships()
    if not memberships:
        raise Forbidden(
            detail=_("Din roll arbetar inte med unga personer."), code="not_operational"
        )
    if unit_id is None:
        units = {m.unit_id: m.unit for m in memberships}
        if len(units) > 1:
            raise InvalidInput(
                errors={"unit": [_("Du tillhör flera enheter; ange vilken enhet du agerar för.")]}
            )
        return next(iter(units.values()))
    for membership in memberships:
        if membership.unit_id == unit_id:
            return membership.unit
    raise InvalidInput(errors={"unit": [_("Du arbetar inte i den angivna enheten.")]})


def _validate_guardians(
    guardians: list[GuardianInput], *, adult: bool, field: str = "guardians"
) -> list[tuple[GuardianInput, str]]:
    """Returns (guardian, normalised personnummer). Custody must be coherent: one guardian with
    sole custody or two with joint custody (FB 6 kap.); none from the 18th birthday."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    normalised: list[tuple[GuardianInput, str]] = []
    for index, guardian in enumerate(guardians):
        prefix = f"{field}.{index}"
        if not guardian.given_name.strip():
            errors.setdefault(f"{prefix}.given_name", []).append(_("Förnamn saknas."))
        if not guardian.family_name.strip():
            errors.setdefault(f"{prefix}.family_name", []).append(_("Efternamn saknas."))
        number = ""
        if guardian.personnummer:
            try:
                parsed = parse_identity_number(guardian.personnummer, today=today)
                number = parsed.normalized
                if age_on(parsed.birth_date, today) < 18:
                    errors.setdefault(f"{prefix}.personnummer", []).append(
                        _("En vårdnadshavare måste vara myndig.")
                    )
            except InvalidIdentityNumber as exc:
                errors.setdefault(f"{prefix}.personnummer", []).append(exc.message)
        normalised.append((guardian, number))
    custodies = [g.custody for g in guardians]
    if adult and guardians:
        errors.setdefault(field, []).append(
            _("Vårdnaden upphör vid 18 år; en myndig person har inga vårdnadshavare.")
        )
    elif custodies and not (
        custodies == [Custody.SOLE] or custodies == [Custody.JOINT, Custody.JOINT]
    ):
        errors.setdefault(field, []).append(
            _("Ange en vårdnadshavare med ensam vårdnad eller två med gemensam vårdnad.")
        )
    numbers = [n for _g, n in normalised if n]
    if len(numbers) != len(set(numbers)):
        errors.setdefault(field, []).append(_("Samma vårdnadshavare finns med två gånger."))
    if errors:
        raise InvalidInput(errors=errors)
    return normalised


def young_person_register(
    *,
    actor: Actor,
    personnummer: str,
    given_name: str,
    family_name: str,
    protected_identity: bool = False,
    guardians: list[GuardianInput] | None = None,
    unit_id: uuid.UUID | None = None,
    reason: str = YoungPersonUnit.Reason.REGISTERED,
) -> tuple[YoungPerson, bool]:
    """Find or create the young person in the actor's municipality and record that the acting
    unit knows them. Returns (young person, created).

    An existing record keeps its names and guardians (social services keeps them up to date);
    guardians given here are added only when the record has none yet.
    """
    unit = _acting_unit(actor, unit_id)
    today = timezone.localdate()
    try:
        identity = parse_identity_number(personnummer, today=today)
    except InvalidIdentityNumber as exc:
        raise InvalidInput(errors={"personnummer": [exc.message]}) from None
    name_errors: dict[str, list[str]] = {}
    if not given_name.strip():
        name_errors["given_name"] = [_("Förnamn saknas.")]
    if not family_name.strip():
        name_errors["family_name"] = [_("Efternamn saknas.")]
    if name_errors:
        raise InvalidInput(errors=name_errors)
    guardian_rows = _validate_guardians(
        guardians or [], adult=age_on(identity.birth_date, today) >= 18
    )

    with transaction.atomic(durable=True):
        young_person, created = YoungPerson.objects.get_or_create(
            municipality_id=unit.organisation.municipality_id,
            personnummer=identity.normalized,
            defaults={
                "identity_kind": identity.kind.value,
                "given_name": given_name.strip(),
                "family_name": family_name.strip(),
                "birth_date": identity.birth_date,
                "protected_identity": protected_identity,
            },
        )
        if created or not current_guardians(young_person).exists():
            Guardian.objects.bulk_create(
                Guardian(
                    young_person=young_person,
                    personnummer=number,
                    given_name=g.given_name.strip(),
                    family_name=g.family_name.strip(),
                    custody=g.custody,
                )
                for g, number in guardian_rows
            )
        _link, linked = YoungPersonUnit.objects.get_or_create(
            young_person=young_person, unit=unit, defaults={"reason": reason}
        )
        if created:
            audit.record(
                actor=actor,
                action="young_person.created",
                object_type="young_person",
                object_id=young_person.pk,
                young_person_id=young_person.pk,
                unit_id=unit.pk,
                payload={"guardians": len(guardian_rows), "identity_kind": identity.kind.value},
            )
        elif linked:
            audit.record(
                actor=actor,
                action="young_person.linked",
                object_type="young_person",
                object_id=young_person.pk,
                young_person_id=young_person.pk,
                unit_id=unit.pk,
                payload={"reason": reason},
            )
    return young_person, created


def young_person_update(
    *,
    actor: Actor,
    young_person: YoungPerson,
    given_name: str | None = None,
    family_name: str | None = None,
    protected_identity: bool | None = None,
    guardians: list[GuardianInput] | None = None,
) -> YoungPerson:
    """Social services updates names, protected identity and guardians.

    ``guardians`` is the complete current list: a guardian given with ``id`` is updated, one
    without is added, and a current guardian left out has their custody ended (kept, because
    consents name the guardian who gave them)."""
    if not may_update_young_person(actor):
        raise Forbidden(
            detail=_("Endast socialtjänsten uppdaterar uppgifter om den unge."),
            code="not_social_services",
            object_type="young_person",
            object_id=young_person.pk,
            young_person_id=young_person.pk,
        )
    errors: dict[str, list[str]] = {}
    if given_name is not None and not given_name.strip():
        errors["given_name"] = [_("Förnamn saknas.")]
    if family_name is not None and not family_name.strip():
        errors["family_name"] = [_("Efternamn saknas.")]
    if errors:
        raise InvalidInput(errors=errors)
    today = timezone.localdate()
    changed: list[str] = []
    with transaction.atomic(durable=True):
        locked = YoungPerson.objects.select_for_update().get(pk=young_person.pk)
        if given_name is not None and given_name.strip() != locked.given_name:
            locked.given_name = given_name.strip()
            changed.append("given_name")
        if family_name is not None and family_name.strip() != locked.family_name:
            locked.family_name = family_name.strip()
            changed.append("family_name")
        if protected_identity is not None and protected_identity != locked.protected_identity:
            locked.protected_identity = protected_identity
            changed.append("protected_identity")
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        guardian_changes: dict[str, int] = {}
        if guardians is not None:
            guardian_changes = _replace_guardians(
                locked, guardians, adult=locked.age_on(today) >= 18, today=today
            )
            if any(guardian_changes.values()):
                changed.append("guardians")
        if changed:
            audit.record(
                actor=actor,
                action="young_person.updated",
                object_type="young_person",
                object_id=locked.pk,
                young_person_id=locked.pk,
                payload={"fields": changed, **guardian_changes},
            )
    return locked


def _replace_guardians(
    young_person: YoungPerson, guardians: list[GuardianInput], *, adult: bool, today: datetime.date
) -> dict[str, int]:
    rows = _validate_guardians(guardians, adult=adult)
    existing = {g.pk: g for g in current_guardians(young_person)}
    unknown = [
        f"guardians.{i}.id" for i, (g, _n) in enumerate(rows) if g.id and g.id not in existing
    ]
    if unknown:
        raise InvalidInput(errors={f: [_("Okänd vårdnadshavare.")] for f in unknown})
    kept: set[uuid.UUID] = set()
    added = updated = 0
    for guardian, number in rows:
        if guardian.id is not None:
            row = existing[guardian.id]
            kept.add(row.pk)
            new_values = {
                "given_name": guardian.given_name.strip(),
                "family_name": guardian.family_name.strip(),
                "custody": guardian.custody,
                "personnummer": number or row.personnummer,
            }
            dirty = [k for k, v in new_values.items() if getattr(row, k) != v]
            if dirty:
                for key in dirty:
                    setattr(row, key, new_values[key])
                row.save(update_fields=dirty)
                updated += 1
        else:
            Guardian.objects.create(
                young_person=young_person,
                personnummer=number,
                given_name=guardian.given_name.strip(),
                family_name=guardian.family_name.strip(),
                custody=guardian.custody,
            )
            added += 1
    ended_ids = [pk for pk in existing if pk not in kept]
    Guardian.objects.filter(pk__in=ended_ids).update(ended_on=today)
    return {
        "guardians_added": added,
        "guardians_updated": updated,
        "guardians_ended": len(ended_ids),
    }
