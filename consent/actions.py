"""Recording and withdrawing consent, and documenting a maturity assessment."""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from backend.core.actor import Actor
from backend.core.exceptions import Conflict, Forbidden, InvalidInput
from backend.organisations.models import Organisation, Unit
from backend.people.models import YoungPerson
from backend.people.queries import current_guardians
from consent.models import (
    ConsentDecision,
    ConsentDocument,
    ConsentForm,
    ConsentRecord,
    ConsentWithdrawal,
    GrantorKind,
    MaturityAssessmentRecord,
)
from consent.reminders import cancel_expiry, schedule_expiry
from workflows.engine import types as engine
from workflows.sharing.actions import sharing_requests_cancel_for_withdrawn_consent

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@dataclass(frozen=True)
class DocumentInput:
    filename: str
    content_type: str
    data_base64: str


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of the month where it does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _acting_unit(actor: Actor, unit_id: uuid.UUID | None) -> Unit:
    memberships = actor.operational_memberships()
    if not memberships:
        raise Forbidden(detail=_("Din roll registrerar inte samtycken."), code="not_operational")
    units = {m.unit_id: m.unit for m in memberships}
    if unit_id is None:
        if len(units) > 1:
            raise InvalidInput(
                errors={"unit": [_("Du tillhör flera enheter; ange vilken enhet du agerar för.")]}
            )
        return next(iter(units.values()))
    if unit_id not in units:
        raise InvalidInput(errors={"unit": [_("Du arbetar inte i den angivna enheten.")]})
    return units[unit_id]


def _recipient_refs(raw: list[str], municipality_id: uuid.UUID) -> list[str]:
    """Validate recipients: a unit or organisation id of the municipality, an agency
    (``police``) or an agency's kind of unit (``police:local_police``)."""
    errors: dict[str, list[str]] = {}
    refs: list[str] = []
    ids: dict[int, uuid.UUID] = {}
    for index, value in enumerate(raw):
        text = str(value).strip()
        try:
            ids[index] = uuid.UUID(text)
            continue
        except ValueError:
            pass
        agency, _sep, unit = text.partition(":")
        try:
            engine.Party(agency=engine.Agency(agency), unit=engine.Unit(unit) if unit else None)
        except ValueError:
            errors[f"recipients.{index}"] = [
                _("Okänd mottagare: ange en enhet, en organisation eller en verksamhet.")
            ]
            continue
        refs.append(text)
    if ids:
        units = set(
            Unit.objects.filter(
                pk__in=ids.values(), organisation__municipality_id=municipality_id
            ).values_list("pk", flat=True)
        )
        orgs = set(
            Organisation.objects.filter(
                pk__in=ids.values(), municipality_id=municipality_id
            ).values_list("pk", flat=True)
        )
        for index, pk in ids.items():
            if pk in units:
                refs.append(f"id:{pk}")
            elif pk in orgs:
                refs.append(f"org:{pk}")
            else:
                errors[f"recipients.{index}"] = [_("Okänd enhet eller organisation.")]
    if not raw:
        errors["recipients"] = [_("Ange minst en mottagare.")]
    if errors:
        raise InvalidInput(errors=errors)
    return list(dict.fromkeys(refs))


def _vocabulary(
    values: list[str], kind: type[engine.Category] | type[engine.Purpose], field: str
) -> list[str]:
    errors: dict[str, list[str]] = {}
    if not values:
        errors[field] = [_("Ange minst ett värde.")]
    for index, value in enumerate(values):
        if value not in kind._value2member_map_:
            errors[f"{field}.{index}"] = [
                _("Okänt värde %(value)s; tillåtna: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(kind._value2member_map_)}
            ]
    if errors:
        raise InvalidInput(errors=errors)
    return list(dict.fromkeys(values))


def _document(document: DocumentInput | None) -> tuple[DocumentInput, bytes] | None:
    if document is None:
        return None
    try:
        data = base64.b64decode(document.data_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            errors={"document.content_base64": [_("Dokumentet är inte giltig base64.")]}
        ) from None
    if not data:
        raise InvalidInput(errors={"document.content_base64": [_("Dokumentet är tomt.")]})
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(errors={"document.content_base64": [_("Dokumentet är större än 5 MB.")]})
    if document.content_type not in DOCUMENT_TYPES:
        raise InvalidInput(errors={"document.content_type": [_("Bifoga PDF, JPEG eller PNG.")]})
    return document, data


def consent_record(
    *,
    actor: Actor,
    young_person: YoungPerson,
    grantor: str,
    decision: str,
    form: str,
    given_on: datetime.date,
    valid_until: datetime.date | None,
    recipients: list[str],
    categories: list[str],
    purposes: list[str],
    conditions: str = "",
    note: str = "",
    scope_read_back: str = "",
    document: DocumentInput | None = None,
    supersedes_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
) -> ConsentRecord:
    """Record one consent act by one grantor. Nothing is written unless all of it is valid."""
    unit = _acting_unit(actor, unit_id)
    recorder = actor.user
    if recorder is None:
        raise Forbidden(detail=_("Din roll registrerar inte samtycken."), code="system_actor")
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}

    guardian = None
    if grantor == GrantorKind.CHILD:
        grantor_kind = GrantorKind.CHILD
    else:
        grantor_kind = GrantorKind.GUARDIAN
        try:
            guardian = current_guardians(young_person).filter(pk=uuid.UUID(str(grantor))).first()
        except ValueError:
            guardian = None
        if guardian is None:
            errors["grantor"] = [
                _('Ange "child" eller id för en av den unges nuvarande vårdnadshavare.')
            ]
        elif young_person.age_on(given_on) >= 18:
            errors["grantor"] = [
                _("Den unge är myndig: vårdnadshavarens samtycke gäller inte (OSL 12 kap. 2 §).")
            ]
    if decision not in ConsentDecision.values:
        errors["decision"] = [_("Beslutet är granted (samtycker) eller refused (samtycker inte).")]
    if form not in ConsentForm.values:
        errors["form"] = [_("Formen är written (skriftligt) eller oral (muntligt).")]
    if given_on > today:
        errors["given_on"] = [_("Samtycket kan inte vara lämnat i framtiden.")]
    if given_on < young_person.birth_date:
        errors["given_on"] = [_("Datumet ligger före den unges födelse.")]
    maximum = add_months(given_on, settings.CONSENT_MAX_VALIDITY_MONTHS)
    if valid_until is None:
        valid_until = add_months(given_on, settings.CONSENT_DEFAULT_VALIDITY_MONTHS)
    elif valid_until < given_on:
        errors["valid_until"] = [_("Slutdatumet ligger före datumet då samtycket lämnades.")]
    elif valid_until > maximum:
        errors["valid_until"] = [
            _("Ett samtycke gäller högst %(months)s månader, till och med %(date)s.")
            % {"months": settings.CONSENT_MAX_VALIDITY_MONTHS, "date": maximum.isoformat()}
        ]
    if form == ConsentForm.ORAL and not scope_read_back.strip():
        errors["scope_read_back"] = [
            _("Ett muntligt samtycke kräver en anteckning om vad som lästes upp och bekräftades.")
        ]
    if form == ConsentForm.WRITTEN and document is None:
        errors["document"] = [_("Bifoga det undertecknade samtycket.")]
    if errors:
        raise InvalidInput(errors=errors)
    recipient_refs = _recipient_refs(recipients, young_person.municipality_id)
    category_values = _vocabulary(categories, engine.Category, "categories")
    purpose_values = _vocabulary(purposes, engine.Purpose, "purposes")
    if engine.Category.CRIMINAL_RECORD in category_values:
        raise InvalidInput(
            errors={
                "categories": [
                    _(
                        "Uppgifter ur belastningsregistret kan inte lämnas med samtycke "
                        "(OSL 35 kap. 3 §)."
                    )
                ]
            }
        )
    attachment = _document(document) if form == ConsentForm.WRITTEN else None

    with transaction.atomic(durable=True):
        version = 1
        previous = None
        if supersedes_id is not None:
            previous = (
                ConsentRecord.objects.select_for_update()
                .filter(pk=supersedes_id, young_person=young_person)
                .first()
            )
            if previous is None:
                raise InvalidInput(errors={"supersedes": [_("Okänt samtycke.")]})
            if (previous.grantor_kind, previous.guardian_id) != (
                grantor_kind,
                guardian.pk if guardian else None,
            ):
                raise InvalidInput(
                    errors={"supersedes": [_("En ny version måste gälla samma person.")]}
                )
            if ConsentRecord.objects.filter(supersedes=previous).exists():
                raise Conflict(
                    detail=_("Samtycket har redan ersatts av en nyare version."),
                    code="consent-superseded",
                )
            version = previous.version + 1
        record = ConsentRecord.objects.create(
            municipality_id=young_person.municipality_id,
            young_person=young_person,
            grantor_kind=grantor_kind,
            guardian=guardian,
            decision=decision,
            form=form,
            given_on=given_on,
            valid_until=valid_until,
            recipients=recipient_refs,
            categories=category_values,
            purposes=purpose_values,
            conditions=conditions.strip(),
            note=note.strip(),
            scope_read_back=scope_read_back.strip(),
            supersedes=previous,
            version=version,
            recorded_by=recorder,
            recorded_by_unit=unit,
        )
        schedule_expiry(record)
        if previous is not None:
            cancel_expiry(previous, reason="superseded")
        if attachment is not None:
            meta, data = attachment
            ConsentDocument.objects.create(
                consent=record,
                filename=meta.filename[:200] or "samtycke",
                content_type=meta.content_type,
                data=data,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        audit.record(
            actor=actor,
            action="consent.recorded",
            object_type="consent",
            object_id=record.pk,
            young_person_id=young_person.pk,
            unit_id=unit.pk,
            legal_ground="G01",
            payload={
                "decision": decision,
                "form": form,
                "grantor": grantor_kind,
                "version": version,
                "supersedes": str(previous.pk) if previous else None,
                "given_on": given_on.isoformat(),
                "valid_until": valid_until.isoformat(),
                "categories": category_values,
                "purposes": purpose_values,
                "recipients": recipient_refs,
            },
        )
    return record


def consent_withdraw(
    *,
    actor: Actor,
    consent: ConsentRecord,
    reason: str,
    withdrawn_on: datetime.date | None = None,
) -> ConsentWithdrawal:
    """Återkallelse: from ``withdrawn_on`` the consent stops counting. Pending consent-based
    requests are cancelled and earlier recipients told, in the same transaction
    (legal-rules.md 3.6)."""
    if not actor.is_operational or actor.user is None:
        raise Forbidden(detail=_("Din roll registrerar inte samtycken."), code="not_operational")
    today = timezone.localdate()
    day = withdrawn_on or today
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("Ange varför samtycket återkallas.")]
    if day > today:
        errors["withdrawn_on"] = [_("En återkallelse kan inte ligga i framtiden.")]
    elif day < consent.given_on:
        errors["withdrawn_on"] = [_("Datumet ligger före datumet då samtycket lämnades.")]
    if errors:
        raise InvalidInput(errors=errors)
    if consent.decision != ConsentDecision.GRANTED:
        raise Conflict(
            detail=_("Ett nej kan inte återkallas; registrera ett nytt samtycke."),
            code="consent-not-granted",
        )
    with transaction.atomic(durable=True):
        locked = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
        if ConsentWithdrawal.objects.filter(consent=locked).exists():
            raise Conflict(detail=_("Samtycket är redan återkallat."), code="consent-withdrawn")
        if ConsentRecord.objects.filter(supersedes=locked).exists():
            raise Conflict(
                detail=_("Samtycket har ersatts av en nyare version; återkalla den."),
                code="consent-superseded",
            )
        withdrawal = ConsentWithdrawal.objects.create(
            consent=locked, withdrawn_on=day, reason=reason.strip(), recorded_by=actor.user
        )
        cancel_expiry(locked, reason="withdrawn")
        audit.record(
            actor=actor,
            action="consent.withdrawn",
            object_type="consent",
            object_id=locked.pk,
            young_person_id=locked.young_person_id,
            legal_ground="G01",
            payload={"withdrawn_on": day.isoformat(), "version": locked.version},
        )
        # Stop every pending consent-based flow at once, in this same transaction.
        sharing_requests_cancel_for_withdrawn_consent(actor=actor, consent=locked, withdrawn_on=day)
    return withdrawal


def maturity_assessment_record(
    *,
    actor: Actor,
    young_person: YoungPerson,
    finding: str,
    assessed_on: datetime.date,
    reasoning: str,
    categories: list[str] | None = None,
    purposes: list[str] | None = None,
) -> MaturityAssessmentRecord:
    """A decision-maker documents the young person's maturity (legal-rules.md 3.1)."""
    from backend.organisations.models import Role

    decision_unit = next((m.unit for m in actor.memberships if m.role == Role.DECISION_MAKER), None)
    if decision_unit is None or actor.user is None:
        raise Forbidden(
            detail=_("Endast en beslutsfattare dokumenterar en mognadsbedömning."),
            code="not_decision_maker",
        )
    errors: dict[str, list[str]] = {}
    if finding not in MaturityAssessmentRecord.Finding.values:
        errors["finding"] = [_("Bedömningen är mature_alone eller not_mature.")]
    if not reasoning.strip():
        errors["reasoning"] = [_("Motivera bedömningen.")]
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = [_("Datumet kan inte ligga i framtiden.")]
    if errors:
        raise InvalidInput(errors=errors)
    category_values = (
        _vocabulary(categories, engine.Category, "categories") if categories is not None else None
    )
    purpose_values = (
        _vocabulary(purposes, engine.Purpose, "purposes") if purposes is not None else None
    )
    with transaction.atomic(durable=True):
        record = MaturityAssessmentRecord.objects.create(
            young_person=young_person,
            finding=finding,
            assessed_on=assessed_on,
            categories=category_values,
            purposes=purpose_values,
            reasoning=reasoning.strip(),
            assessed_by=actor.user,
            unit=decision_unit,
        )
        audit.record(
            actor=actor,
            action="consent.maturity_assessed",
            object_type="maturity_assessment",
            object_id=record.pk,
            young_person_id=young_person.pk,
            payload={"finding": finding, "categories": category_values, "purposes": purpose_values},
        )
    return record
