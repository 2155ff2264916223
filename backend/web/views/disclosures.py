"""The disclosure ledger as a unit sees it: what it released, and what it received."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import audit
from backend.core.actor import Actor
from backend.core.api.views import record_list_read
from backend.core.exceptions import Forbidden, InvalidInput
from backend.organisations.models import Unit
from backend.people.access import access_young_person
from backend.people.models import YoungPerson
from backend.web.forms import OwnDisclosureForm, own_disclosure_facts
from backend.web.pages import actor_of, form_invalid, page
from backend.web.presenters import (
    OUTCOME_LABELS,
    GuardianNames,
    categories_text,
    check_view,
    purpose_text,
)
from backend.web.views.common import (
    category_choices,
    fact_choices,
    operational_unit_choices,
    parse_uuid,
    purpose_choices,
    unit_label,
)
from consent.labels import language
from consent.models import ConsentRecord
from consent.queries import visible_consents
from workflows.engine.scenarios import result_to_json
from workflows.sharing.access import access_disclosure
from workflows.sharing.actions import disclosure_make
from workflows.sharing.checks import check_planned_disclosure
from workflows.sharing.decisions import grounds_for
from workflows.sharing.engine_input import ENGINE_AGENCIES
from workflows.sharing.queries import visible_disclosures


@page
def disclosure_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not actor.is_operational:
        raise Forbidden(
            detail=_("Din roll arbetar inte med enskilda unga."), code="not_operational"
        )
    units = actor.operational_unit_ids()
    rows = list(
        visible_disclosures(actor).select_related("young_person", "from_unit", "to_unit")[:100]
    )
    record_list_read(
        actor=actor,
        action="disclosure.listed",
        ids=[d.pk for d in rows],
        young_person_ids=[d.young_person_id for d in rows],
        payload={"page": "disclosures"},
    )
    return render(
        request,
        "web/disclosures/list.html",
        {
            "rows": [
                {
                    "d": d,
                    "received": d.to_unit_id in units,
                    "categories": categories_text(d.categories),
                }
                for d in rows
            ]
        },
    )


@page
def disclosure_detail(request: HttpRequest, disclosure_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    disclosure = access_disclosure(actor, disclosure_id)
    made = disclosure.from_unit_id in actor.operational_unit_ids()
    audit.record(
        actor=actor,
        action="disclosure.viewed",
        object_type="disclosure",
        object_id=disclosure.pk,
        young_person_id=disclosure.young_person_id,
        case_id=disclosure.case_id,
        legal_ground=disclosure.ground,
    )
    # The consent versions the release relied on: the recipient may open the receipts of those
    # it may see (a case member sees the case's consents), never more.
    receipts = {
        str(pk): version
        for pk, version in ConsentRecord.objects.filter(
            pk__in=visible_consents(actor).filter(pk__in=disclosure.consent_ids).values("pk")
        ).values_list("pk", "version")
    }
    return render(
        request,
        "web/disclosures/detail.html",
        {
            "d": disclosure,
            "made": made,
            "categories": categories_text(disclosure.categories),
            "purpose": purpose_text(disclosure.purpose),
            "outcome_label": OUTCOME_LABELS.get(disclosure.ground_outcome, ""),
            "consents": [
                {"id": cid, "version": receipts.get(cid), "visible": cid in receipts}
                for cid in disclosure.consent_ids
            ],
        },
    )


# --- Own-initiative disclosures -------------------------------------------------------------


def _own_form(
    actor: Actor, young_person: YoungPerson, data: Any = None, grounds: list[Any] | None = None
) -> OwnDisclosureForm:
    recipients = (
        Unit.objects.filter(
            organisation__municipality_id=young_person.municipality_id,
            organisation__agency__in=ENGINE_AGENCIES,
        )
        .exclude(pk__in=actor.operational_unit_ids())
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    return OwnDisclosureForm(
        data,
        from_units=operational_unit_choices(actor),
        to_units=[(str(u.pk), unit_label(u)) for u in recipients],
        categories=category_choices(),
        purposes=purpose_choices(),
        facts=fact_choices(),
        grounds=[(g.id, f"{g.id} {g.provision}") for g in grounds or []],
    )


def _own_preview(request: HttpRequest, actor: Actor, young_person: YoungPerson) -> dict[str, Any]:
    data = request.POST
    try:
        result = check_planned_disclosure(
            actor=actor,
            young_person=young_person,
            from_unit_id=parse_uuid(data.get("from_unit")),
            to_unit_id=parse_uuid(data.get("to_unit")),
            categories=data.getlist("categories"),
            purpose=data.get("purpose", ""),
            facts=own_disclosure_facts(data, data.getlist("facts")),
            on=timezone.localdate(),
        )
    except InvalidInput:
        return {"incomplete": True}
    names = GuardianNames.for_actor(actor, young_person)
    return {
        "check": check_view(result_to_json(result, lang=language()), names),
        "grounds": grounds_for(result, data.getlist("categories")),
    }


@page
@require_http_methods(["GET", "POST"])
def disclosure_new(request: HttpRequest, young_person_id: uuid.UUID) -> HttpResponse:
    """Lämna uppgifter på eget initiativ, with the engine's answer as the form is filled in."""
    actor = actor_of(request)
    young_person = access_young_person(actor, young_person_id)
    if not actor.is_operational:
        raise Forbidden(code="not_operational")
    preview: dict[str, Any] = {}
    if request.method == "POST":
        preview = _own_preview(request, actor, young_person)
    form = _own_form(actor, young_person, request.POST or None, preview.get("grounds"))
    if request.method == "POST" and "check" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            made = disclosure_make(
                actor=actor,
                young_person=young_person,
                from_unit_id=uuid.UUID(data["from_unit"]),
                to_unit_id=uuid.UUID(data["to_unit"]),
                categories=data["categories"],
                purpose=data["purpose"],
                facts=own_disclosure_facts(request.POST, data["facts"]),
                content=data["content"],
                ground=data["ground"] or None,
                assessment=data["assessment"],
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc)
        else:
            messages.success(request, _("Uppgifterna är lämnade och registrerade."))
            return redirect("web:disclosure", disclosure_id=made.pk)
    audit.record(
        actor=actor,
        action="young_person.viewed",
        object_type="young_person",
        object_id=young_person.pk,
        young_person_id=young_person.pk,
        payload={"page": "disclosure_new"},
    )
    return render(
        request,
        "web/disclosures/form.html",
        {"young_person": young_person, "form": form, **preview},
        status=400 if form.errors else 200,
    )


@page
@require_POST
def disclosure_check(request: HttpRequest, young_person_id: uuid.UUID) -> HttpResponse:
    """The live answer (htmx) on the own-initiative disclosure form."""
    actor = actor_of(request)
    young_person = access_young_person(actor, young_person_id)
    if not actor.is_operational:
        raise Forbidden(code="not_operational")
    return render(
        request, "web/disclosures/_check.html", _own_preview(request, actor, young_person)
    )
