"""One young person (protected identity respected as in the API) and social services'
update of names, protected identity and guardians."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import audit
from backend.cases.queries import visible_cases
from backend.core.actor import Actor
from backend.core.exceptions import Forbidden, InvalidInput
from backend.people.access import access_young_person
from backend.people.actions import GuardianInput, young_person_register, young_person_update
from backend.people.models import YoungPerson
from backend.people.queries import (
    current_guardians,
    may_see_full_personnummer,
    may_see_guardians,
    may_update_young_person,
)
from backend.web.forms import YoungPersonForm, YoungPersonRegisterForm
from backend.web.pages import actor_of, form_invalid, page
from backend.web.views.common import operational_unit_choices


def young_person_card(actor: Actor, young_person: YoungPerson) -> dict[str, Any]:
    """What the actor may see of a young person (the API's YoungPersonSerializer rules)."""
    guardians = (
        list(current_guardians(young_person).order_by("created_at"))
        if may_see_guardians(actor, young_person)
        else []
    )
    return {
        "young_person": young_person,
        "personnummer": young_person.display_personnummer
        if may_see_full_personnummer(actor, young_person)
        else young_person.masked_personnummer,
        "age": young_person.age_on(timezone.localdate()),
        "guardians": guardians,
        "guardians_hidden": not may_see_guardians(actor, young_person),
    }


@page
def young_person_detail(request: HttpRequest, young_person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    young_person = access_young_person(actor, young_person_id)
    cases = list(visible_cases(actor).filter(young_person=young_person).select_related("lead_unit"))
    audit.record(
        actor=actor,
        action="young_person.viewed",
        object_type="young_person",
        object_id=young_person.pk,
        young_person_id=young_person.pk,
        payload={"page": "young_person", "cases": [str(c.pk) for c in cases]},
    )
    return render(
        request,
        "web/people/detail.html",
        {
            **young_person_card(actor, young_person),
            "cases": cases,
            "may_update": may_update_young_person(actor),
            "may_disclose": actor.is_operational,
        },
    )


@page
@require_http_methods(["GET", "POST"])
def young_person_new(request: HttpRequest) -> HttpResponse:
    """Register a young person for one of the actor's units. A record that exists already is
    linked to the unit, and the answer is the same either way (as in the API), so that the page
    never tells whether another unit knew the young person."""
    actor = actor_of(request)
    if not actor.is_operational:
        raise Forbidden(
            detail=_("Din roll arbetar inte med unga personer."), code="not_operational"
        )
    form = YoungPersonRegisterForm(request.POST or None, units=operational_unit_choices(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rows = [{k: v for k, v in row.items() if k != "id"} for row in form.guardian_rows()]
        try:
            young_person, _created = young_person_register(
                actor=actor,
                personnummer=data["personnummer"],
                given_name=data["given_name"],
                family_name=data["family_name"],
                protected_identity=data["protected_identity"],
                guardians=[GuardianInput(**row) for row in rows],
                unit_id=uuid.UUID(data["unit"]),
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc, field_map=YoungPersonForm.GUARDIAN_FIELDS)
        else:
            messages.success(request, _("Den unge är registrerad för din enhet."))
            return redirect("web:young-person", young_person_id=young_person.pk)
    return render(
        request, "web/people/new.html", {"form": form}, status=400 if form.errors else 200
    )


@page
@require_http_methods(["GET", "POST"])
def young_person_edit(request: HttpRequest, young_person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    young_person = access_young_person(actor, young_person_id)
    if not may_update_young_person(actor):
        raise Forbidden(
            detail=_("Endast socialtjänsten uppdaterar uppgifter om den unge."),
            code="not_social_services",
            object_type="young_person",
            object_id=young_person.pk,
            young_person_id=young_person.pk,
        )
    form = YoungPersonForm(request.POST or None, initial=_initial(young_person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            young_person_update(
                actor=actor,
                young_person=young_person,
                given_name=data["given_name"],
                family_name=data["family_name"],
                protected_identity=data["protected_identity"],
                guardians=[GuardianInput(**row) for row in form.guardian_rows()],
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc, field_map=YoungPersonForm.GUARDIAN_FIELDS)
        else:
            messages.success(request, _("Uppgifterna är sparade."))
            return redirect("web:young-person", young_person_id=young_person.pk)
    audit.record(
        actor=actor,
        action="young_person.viewed",
        object_type="young_person",
        object_id=young_person.pk,
        young_person_id=young_person.pk,
        payload={"page": "young_person_edit"},
    )
    return render(
        request,
        "web/people/edit.html",
        {"form": form, **young_person_card(actor, young_person)},
        status=400 if form.errors else 200,
    )


def _initial(young_person: YoungPerson) -> dict[str, Any]:
    guardians = list(current_guardians(young_person).order_by("created_at"))
    initial: dict[str, Any] = {
        "given_name": young_person.given_name,
        "family_name": young_person.family_name,
        "protected_identity": young_person.protected_identity,
        "custody": {0: "none", 1: "sole"}.get(len(guardians), "joint"),
    }
    for index, guardian in enumerate(guardians[:2], start=1):
        initial.update(
            {
                f"g{index}_id": guardian.pk,
                f"g{index}_given_name": guardian.given_name,
                f"g{index}_family_name": guardian.family_name,
                # The number is never shown again (api.md: guardians without personnummer);
                # left empty, the recorded one is kept.
            }
        )
    return initial
