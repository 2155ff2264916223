"""Consent capture: who must consent for this young person today and why, one act per
grantor (``consent_record``), and the receipt for the family."""

from __future__ import annotations

import base64
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from backend.cases.access import access_case
from backend.core.actor import Actor
from backend.core.api.views import record_list_read
from backend.core.exceptions import InvalidInput
from backend.organisations.models import Agency
from backend.people.models import YoungPerson
from backend.people.queries import current_guardians, may_see_guardians
from backend.web.forms import ConsentCaptureForm
from backend.web.pages import actor_of, form_invalid, page
from backend.web.views.cases import case_context, consent_rows
from backend.web.views.common import category_choices, purpose_choices, unit_label
from consent.actions import MAX_DOCUMENT_BYTES, DocumentInput, consent_record
from consent.evaluator import required_grantors
from consent.models import ConsentRecord
from consent.queries import engine_maturity_assessment, visible_consents
from workflows.engine import types as engine
from workflows.engine.catalogue import ADULT_AGE, CHILD_CONSENT_FROM_AGE

CONSENTABLE = [c.value for c in engine.Category if c is not engine.Category.CRIMINAL_RECORD]


def _grantor_names(actor: Actor, young_person: YoungPerson) -> list[tuple[str, str, bool]]:
    """(grantor ref, name, is guardian) for the young person and each custodial guardian."""
    names = [("child", f"{young_person.given_name} {young_person.family_name}", False)]
    visible = may_see_guardians(actor, young_person)
    for index, guardian in enumerate(current_guardians(young_person).order_by("created_at"), 1):
        label = (
            f"{guardian.given_name} {guardian.family_name}"
            if visible
            else _("Vårdnadshavare %(n)s") % {"n": index}
        )
        names.append((str(guardian.pk), label, True))
    return names


def who_must_consent(actor: Actor, young_person: YoungPerson) -> dict[str, Any]:
    """The consent evaluator's answer to "whose consent is needed today?" with the rule in
    words (legal-rules.md 3.1-3.2)."""
    today = timezone.localdate()
    age = young_person.age_on(today)
    grantors = _grantor_names(actor, young_person)
    guardian_ids = [ref for ref, _name, is_guardian in grantors if is_guardian]
    if age >= ADULT_AGE:
        guardian_ids = []  # guardianship ends at 18 (engine_input.custody_of)
    organisation = next(
        (str(m.unit.organisation_id) for m in actor.operational_memberships()), None
    )
    maturity = engine_maturity_assessment(
        young_person, on=today, discloser_organisation_id=organisation
    )
    required, no_guardian, maturity_applied = required_grantors(
        age=age,
        guardians=guardian_ids,
        category=engine.Category.FAMILY_SITUATION,
        purpose=engine.Purpose.SUPPORT_PLANNING,
        on=today,
        maturity_assessment=maturity,
    )
    if maturity_applied:
        why = _(
            "En beslutsfattare har dokumenterat en mognadsbedömning som avgör vem som samtycker "
            "(OSL 12 kap. 3 §)."
        )
    elif age >= ADULT_AGE:
        why = _(
            "Den unge är myndig och bestämmer själv. Vårdnadshavarnas samtycke gäller inte "
            "längre (OSL 12 kap. 2 §)."
        )
    elif age < CHILD_CONSENT_FROM_AGE:
        why = _(
            "Under 12 år bestämmer vårdnadshavarna (OSL 12 kap. 3 §, FB 6 kap. 11 §). Barnets "
            "inställning ska ändå antecknas."
        )
    elif no_guardian:
        why = _(
            "Det finns ingen vårdnadshavare som kan tillfrågas. Den unges samtycke ensamt måste "
            "prövas av en beslutsfattare."
        )
    else:
        why = _(
            "Från 12 år bestämmer den unge och vårdnadshavarna tillsammans: alla måste "
            "samtycka (OSL 12 kap. 3 §). Vid gemensam vårdnad behövs båda vårdnadshavarna "
            "(FB 6 kap. 13 §)."
        )
    return {
        "age": age,
        "why": why,
        "grantors": [
            {"ref": ref, "name": name, "guardian": is_guardian, "required": ref in required}
            for ref, name, is_guardian in grantors
            if ref in required or not (is_guardian and age >= ADULT_AGE)
        ],
        "required": list(required),
    }


def _recipient_choices(case: Any) -> list[tuple[str, str]]:
    participants = [
        (str(p.unit_id), unit_label(p.unit))
        for p in case.participants.select_related("unit__organisation").order_by("joined_at")
        if p.unit.organisation.agency in {Agency.SCHOOL, Agency.SOCIAL_SERVICES, Agency.POLICE}
    ]
    agencies = [
        (Agency.SCHOOL.value, _("Skolan (alla enheter)")),
        (Agency.SOCIAL_SERVICES.value, _("Socialtjänsten (alla enheter)")),
        (Agency.POLICE.value, _("Polisen (alla enheter)")),
    ]
    return [*participants, *agencies]


def _initial_from(record: ConsentRecord | None) -> dict[str, Any]:
    today = timezone.localdate()
    if record is None:
        return {
            "given_on": today,
            "categories": [engine.Category.FAMILY_SITUATION.value],
            "purposes": [engine.Purpose.SUPPORT_PLANNING.value],
        }
    return {
        "given_on": today,
        "form": record.form,
        "recipients": [
            ref.removeprefix("id:") for ref in record.recipients if not ref.startswith("org:")
        ],
        "categories": record.categories,
        "purposes": record.purposes,
        "conditions": record.conditions,
        "scope_read_back": record.scope_read_back,
    }


@page
@require_http_methods(["GET", "POST"])
def consent_capture(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    case = access_case(actor, case_id)
    young_person = case.young_person
    visible = visible_consents(actor).filter(young_person=young_person)
    recorded = None
    if request.GET.get("recorded"):
        try:
            recorded = visible.filter(pk=uuid.UUID(request.GET["recorded"])).first()
        except ValueError:
            recorded = None
    who = who_must_consent(actor, young_person)
    records = list(
        ConsentRecord.objects.filter(pk__in=visible.values("pk"))
        .select_related("guardian", "withdrawal", "superseded_by", "recorded_by_unit")
        .order_by("-recorded_at")
    )
    done = {r.grantor_ref for r in records if r.decision == "granted"}
    next_grantor = next(
        (g["ref"] for g in who["grantors"] if g["required"] and g["ref"] not in done), None
    )
    form = ConsentCaptureForm(
        request.POST or None,
        request.FILES or None,
        initial={**_initial_from(recorded), "grantor": next_grantor},
        grantors=[(g["ref"], g["name"]) for g in who["grantors"]],
        recipients=_recipient_choices(case),
        categories=category_choices(CONSENTABLE),
        purposes=purpose_choices(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("document")
        document = None
        if upload is not None and data["form"] == "written":
            document = DocumentInput(
                filename=upload.name or "samtycke",
                content_type=upload.content_type or "",
                # One byte over the limit is enough for the action to refuse it.
                data_base64=base64.b64encode(upload.read(MAX_DOCUMENT_BYTES + 1)).decode(),
            )
        try:
            consent = consent_record(
                actor=actor,
                young_person=young_person,
                grantor=data["grantor"],
                decision=data["decision"],
                form=data["form"],
                given_on=data["given_on"],
                valid_until=data["valid_until"],
                recipients=data["recipients"],
                categories=data["categories"],
                purposes=data["purposes"],
                conditions=data["conditions"],
                note=data["note"],
                scope_read_back=data["scope_read_back"],
                document=document,
            )
        except InvalidInput as exc:
            form_invalid(
                request,
                form,
                exc,
                field_map={
                    "document.content_base64": "document",
                    "document.content_type": "document",
                },
            )
        else:
            messages.success(request, _("Samtycket är registrerat."))
            url = reverse("web:consent-capture", kwargs={"case_id": case.pk})
            return redirect(f"{url}?recorded={consent.pk}")
    record_list_read(
        actor=actor,
        action="consent.listed",
        ids=[r.pk for r in records],
        young_person_ids=[young_person.pk],
        payload={"page": "consent_capture", "case": str(case.pk)},
    )
    names = {g["ref"]: g["name"] for g in who["grantors"]}
    rows = consent_rows(actor, records)
    for grantor in who["grantors"]:
        grantor["records"] = [r for r in rows if r["record"].grantor_ref == grantor["ref"]]
    return render(
        request,
        "web/consent/capture.html",
        {
            **case_context(actor, case, "consents"),
            "who": who,
            "form": form,
            "recorded": recorded,
            "recorded_name": names.get(recorded.grantor_ref, "") if recorded else "",
        },
        status=400 if form.errors else 200,
    )
