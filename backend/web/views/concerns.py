"""Raising a concern (a teacher on a phone), the concern list, and one concern with the
receiving unit's acknowledgement."""

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
from backend.core.api.views import record_list_read, resolve_reference
from backend.core.exceptions import Forbidden, InvalidInput
from backend.organisations.models import Agency
from backend.people.access import access_young_person
from backend.people.actions import young_person_register
from backend.people.models import YoungPersonUnit
from backend.people.queries import visible_young_people
from backend.web.forms import AcknowledgeForm, ConcernForm
from backend.web.pages import actor_of, form_invalid, page
from backend.web.presenters import GuardianNames, check_view
from backend.web.views.common import operational_unit_choices
from workflows.sharing.access import access_concern
from workflows.sharing.actions import concern_acknowledge, concern_raise
from workflows.sharing.models import ConcernStatus
from workflows.sharing.queries import visible_concerns

PUPILS_SHOWN = 300


def _require_operational(request: HttpRequest) -> None:
    if not actor_of(request).is_operational:
        raise Forbidden(
            detail=_("Din roll arbetar inte med enskilda unga."), code="not_operational"
        )


@page
def concern_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _require_operational(request)
    concerns = list(
        visible_concerns(actor).select_related("young_person", "from_unit", "to_unit")[:100]
    )
    record_list_read(
        actor=actor,
        action="concern.listed",
        ids=[c.pk for c in concerns],
        young_person_ids=[c.young_person_id for c in concerns],
        payload={"page": "concerns"},
    )
    return render(
        request,
        "web/concerns/list.html",
        {"concerns": concerns, "today": timezone.localdate()},
    )


@page
@require_http_methods(["GET", "POST"])
def concern_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _require_operational(request)
    refusal = None
    form = ConcernForm(request.POST or None, units=operational_unit_choices(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit_id = uuid.UUID(data["from_unit"])
        try:
            if data.get("young_person"):
                young_person = resolve_reference(
                    access_young_person,
                    actor,
                    data["young_person"],
                    field="young_person",
                    message=_("Okänd elev."),
                )
            else:
                young_person, _created = young_person_register(
                    actor=actor,
                    personnummer=data["personnummer"],
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    unit_id=unit_id,
                    reason=YoungPersonUnit.Reason.CONCERN,
                )
            concern = concern_raise(
                actor=actor,
                young_person=young_person,
                from_unit_id=unit_id,
                observations=data["observations"],
                categories=data["categories"],
                urgency=data["urgency"],
                child_at_risk=data["child_at_risk"],
                observed_on=data["observed_on"],
            )
        except InvalidInput as exc:
            check = exc.extra.get("check")
            form_invalid(request, form, exc, explained=bool(check))
            if check:
                refusal = check_view(check, GuardianNames())
        else:
            messages.success(
                request,
                _("Orosanmälan är skickad till socialtjänsten.")
                if concern.child_at_risk
                else _("Oron är skickad till socialtjänsten."),
            )
            return redirect("web:concern", concern_id=concern.pk)
    form.offer_pupils(_pupils(request))
    return render(
        request,
        "web/concerns/form.html",
        {"form": form, "refusal": refusal},
        status=400 if form.errors else 200,
    )


def _pupils(request: HttpRequest) -> list[tuple[str, str]]:
    """The young people the reporter's units already know, to choose from (one list read)."""
    actor = actor_of(request)
    pupils = list(visible_young_people(actor).order_by("family_name", "given_name")[:PUPILS_SHOWN])
    if pupils:
        record_list_read(
            actor=actor,
            action="young_person.listed",
            ids=[p.pk for p in pupils],
            young_person_ids=[p.pk for p in pupils],
            payload={"page": "concern_form"},
        )
    return [
        (str(p.pk), f"{p.given_name} {p.family_name} ({p.birth_date:%Y-%m-%d})") for p in pupils
    ]


@page
@require_http_methods(["GET", "POST"])
def concern_detail(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    concern = access_concern(actor, concern_id)
    receiving = concern.to_unit_id in actor.operational_unit_ids()
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern_acknowledge(
                actor=actor, concern=concern, feedback=form.cleaned_data["feedback"]
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc)
        else:
            messages.success(request, _("Mottagandet är bekräftat och återkopplingen skickad."))
            return redirect("web:concern", concern_id=concern.pk)
    audit.record(
        actor=actor,
        action="concern.viewed",
        object_type="concern",
        object_id=concern.pk,
        young_person_id=concern.young_person_id,
    )
    social_services = any(
        m.unit.organisation.agency == Agency.SOCIAL_SERVICES
        for m in actor.operational_memberships()
    )
    context: dict[str, Any] = {
        "concern": concern,
        "form": form if receiving and concern.status == ConcernStatus.SENT else None,
        "receiving": receiving,
        "feedback_overdue": concern.acknowledged_at is None
        and timezone.localdate() > concern.feedback_due_on,
        "may_open_case": receiving and social_services,
        "cases": list(visible_cases(actor).filter(young_person_id=concern.young_person_id)),
    }
    return render(request, "web/concerns/detail.html", context, status=400 if form.errors else 200)
