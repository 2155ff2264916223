"""Information-sharing requests: the form with the live "may I share this?" answer, the inbox
and outbox, one request, the decision page and the disclosure."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

import audit
from backend.cases.access import access_case
from backend.cases.models import Case, CaseMember
from backend.core.actor import Actor
from backend.core.api.views import record_list_read
from backend.core.exceptions import Conflict, Forbidden, InvalidInput
from backend.organisations.models import Role
from backend.web.forms import BOOLEAN_FACTS, DecideForm, DiscloseForm, ReasonForm, RequestForm
from backend.web.pages import actor_of, form_invalid, page
from backend.web.presenters import (
    OUTCOME_LABELS,
    GuardianNames,
    categories_text,
    check_view,
    purpose_text,
)
from backend.web.views.cases import case_context
from backend.web.views.common import (
    capfirst,
    category_choices,
    fact_choices,
    parse_uuid,
    purpose_choices,
    unit_label,
)
from consent.labels import language
from workflows.engine.messages import render as render_message
from workflows.engine.scenarios import result_to_json
from workflows.sharing.access import access_request
from workflows.sharing.actions import (
    sharing_request_close,
    sharing_request_create,
    sharing_request_decide,
    sharing_request_disclose,
    sharing_request_start_review,
    sharing_request_submit,
    sharing_request_withdraw,
)
from workflows.sharing.checks import check_planned_request
from workflows.sharing.decisions import RELEASABLE, releasable_categories
from workflows.sharing.engine_input import evaluate_request
from workflows.sharing.models import (
    PENDING_STATUSES,
    UNDECIDED_STATUSES,
    Decision,
    RequestStatus,
    SharingRequest,
)
from workflows.sharing.queries import visible_requests

S = RequestStatus


def _request_form(actor: Actor, case: Case, data: Any = None) -> RequestForm:
    mine = {
        m.unit_id: m.unit
        for m in CaseMember.objects.filter(case=case, user=actor.require_user()).select_related(
            "unit__organisation"
        )
        if m.unit_id in actor.operational_unit_ids()
    }
    participants = [
        p.unit
        for p in case.participants.select_related("unit__organisation").order_by("joined_at")
        if p.unit_id not in mine
    ]
    return RequestForm(
        data,
        from_units=[(str(pk), unit_label(u)) for pk, u in mine.items()],
        to_units=[(str(u.pk), unit_label(u)) for u in participants],
        categories=category_choices(),
        purposes=purpose_choices(),
        facts=fact_choices(),
    )


def _facts(values: list[str]) -> dict[str, Any]:
    return {name: True for name in values if name in BOOLEAN_FACTS}


def _preview(request: HttpRequest, actor: Actor, case: Case) -> dict[str, Any]:
    """The engine's answer to the request as it stands in the form (audited as a check)."""
    data = request.POST
    try:
        result = check_planned_request(
            actor=actor,
            case=case,
            from_unit_id=parse_uuid(data.get("from_unit")),
            to_unit_id=parse_uuid(data.get("to_unit")),
            categories=data.getlist("categories"),
            purpose=data.get("purpose", ""),
            facts=_facts(data.getlist("facts")),
            on=timezone.localdate(),
        )
    except InvalidInput:
        return {"incomplete": True}
    names = GuardianNames.for_actor(actor, case.young_person)
    return {"check": check_view(result_to_json(result, lang=language()), names)}


@page
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    case = access_case(actor, case_id)
    if not actor.is_operational:
        raise Forbidden(code="not_operational")
    form = _request_form(actor, case, request.POST or None)
    preview: dict[str, Any] = {}
    if request.method == "POST":
        preview = _preview(request, actor, case)
        if "check" not in request.POST and form.is_valid():
            created = _create(request, actor, case, form)
            if created is not None:
                return redirect("web:request", request_id=created.pk)
    audit.record(
        actor=actor,
        action="case.viewed",
        object_type="case",
        object_id=case.pk,
        case_id=case.pk,
        young_person_id=case.young_person_id,
        payload={"page": "request_new"},
    )
    return render(
        request,
        "web/requests/form.html",
        {**case_context(actor, case, "requests"), "form": form, **preview},
        status=400 if form.errors else 200,
    )


def _create(
    request: HttpRequest, actor: Actor, case: Case, form: RequestForm
) -> SharingRequest | None:
    data = form.cleaned_data
    try:
        sharing_request, _check = sharing_request_create(
            actor=actor,
            case=case,
            young_person=case.young_person,
            from_unit_id=uuid.UUID(data["from_unit"]),
            to_unit_id=uuid.UUID(data["to_unit"]),
            categories=data["categories"],
            purpose=data["purpose"],
            reason=data["reason"],
            urgency=data["urgency"],
            facts=_facts(data["facts"]),
            deadline=data["deadline"],
        )
    except InvalidInput as exc:
        form_invalid(request, form, exc)
        return None
    if "draft" in request.POST:
        messages.success(request, _("Begäran är sparad som utkast."))
        return sharing_request
    # Sending is its own step of the workflow; the draft stays if it is refused.
    sharing_request_submit(actor=actor, request=sharing_request)
    messages.success(request, _("Begäran är skickad."))
    return sharing_request


@page
@require_POST
def request_check(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The live answer (htmx): the engine runs as the user edits the request form."""
    actor = actor_of(request)
    case = access_case(actor, case_id)
    if not actor.is_operational:
        raise Forbidden(code="not_operational")
    return render(request, "web/requests/_check.html", _preview(request, actor, case))


@page
def request_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not actor.is_operational:
        raise Forbidden(
            detail=_("Din roll arbetar inte med enskilda unga."), code="not_operational"
        )
    units = actor.operational_unit_ids()
    box = request.GET.get("box", "inbox")
    if box not in {"inbox", "outbox"}:
        box = "inbox"
    queryset = visible_requests(actor).select_related("young_person", "from_unit", "to_unit")
    queryset = (
        queryset.filter(to_unit_id__in=units)
        if box == "inbox"
        else queryset.filter(from_unit_id__in=units)
    )
    wanted = request.GET.get("status", "")
    if wanted in S.values:
        queryset = queryset.filter(status=wanted)
    rows = list(queryset[:100])
    record_list_read(
        actor=actor,
        action="sharing_request.listed",
        ids=[r.pk for r in rows],
        young_person_ids=[r.young_person_id for r in rows],
        payload={"page": "requests", "box": box, "status": wanted},
    )
    return render(
        request,
        "web/requests/list.html",
        {"requests": rows, "box": box, "status": wanted, "statuses": S.choices},
    )


def _request_event(actor: Actor, sharing_request: SharingRequest, page_name: str) -> None:
    audit.record(
        actor=actor,
        action="sharing_request.viewed",
        object_type="sharing_request",
        object_id=sharing_request.pk,
        young_person_id=sharing_request.young_person_id,
        case_id=sharing_request.case_id,
        payload={"page": page_name},
    )


def _request_context(actor: Actor, sharing_request: SharingRequest) -> dict[str, Any]:
    units = actor.operational_unit_ids()
    holder = sharing_request.to_unit_id in units
    requester = sharing_request.from_unit_id in units
    status = sharing_request.status
    decision_maker = actor.has_role(Role.DECISION_MAKER, unit_id=sharing_request.to_unit_id)
    return {
        "sr": sharing_request,
        "holder": holder,
        "requester": requester,
        "categories": categories_text(sharing_request.categories),
        "released": categories_text(sharing_request.released_categories),
        "refused": categories_text(
            [c for c in sharing_request.categories if c not in sharing_request.released_categories]
        ),
        "purpose": purpose_text(sharing_request.purpose),
        "facts": [
            capfirst(render_message(f"fact.{name}", {}, language()))
            for name, value in (sharing_request.facts or {}).items()
            if value is True
        ],
        "may_submit": requester and status == S.DRAFT,
        "may_withdraw": requester and status in PENDING_STATUSES - {S.APPROVED, S.PARTLY_APPROVED},
        "may_review": holder and status == S.SUBMITTED,
        "may_decide": decision_maker and status in UNDECIDED_STATUSES,
        "may_disclose": holder and status in {S.APPROVED, S.PARTLY_APPROVED},
        "may_close": requester and status in {S.DISCLOSED, S.REFUSED},
        "disclosure": getattr(sharing_request, "disclosure", None),
        "today": timezone.localdate(),
    }


@page
def request_detail(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    sharing_request = access_request(actor, request_id)
    _request_event(actor, sharing_request, "request")
    names = GuardianNames.for_actor(actor, sharing_request.young_person)
    check = sharing_request.check_at_decision or sharing_request.check_at_submit
    return render(
        request,
        "web/requests/detail.html",
        {
            **_request_context(actor, sharing_request),
            "check": check_view(check, names),
            "reason_form": ReasonForm(),
        },
    )


STEPS = {
    "submit": (sharing_request_submit, gettext_lazy("Begäran är skickad.")),
    "review": (sharing_request_start_review, gettext_lazy("Begäran är tagen under prövning.")),
    "close": (sharing_request_close, gettext_lazy("Begäran är avslutad.")),
}


@page
@require_POST
def request_transition(request: HttpRequest, request_id: uuid.UUID, step: str) -> HttpResponse:
    actor = actor_of(request)
    sharing_request = access_request(actor, request_id)
    if step == "withdraw":
        form = ReasonForm(request.POST)
        form.is_valid()
        sharing_request_withdraw(
            actor=actor, request=sharing_request, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(request, _("Begäran är återtagen."))
    elif step in STEPS:
        action, done = STEPS[step]
        action(actor=actor, request=sharing_request)
        messages.success(request, str(done))
    else:
        raise Conflict(detail=_("Okänt steg."), code="unknown-step")
    return redirect("web:request", request_id=sharing_request.pk)


def _decision_context(
    actor: Actor, sharing_request: SharingRequest
) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
    """The engine's answer now (it runs again at decision) arranged for the decision-maker:
    per category what may be released and on which grounds, and the assessment each ground
    still needs."""
    result = evaluate_request(sharing_request, timezone.localdate())
    check = result_to_json(result, lang=language())
    releasable = releasable_categories(result)
    usable = [g for g in check["grounds"] if g["outcome"] in {o.value for o in RELEASABLE}]
    ground_choices = [
        (
            g["id"],
            f"{g['id']} – {g['title']} ({g['provision']}): "
            f"{OUTCOME_LABELS.get(g['outcome'], g['outcome'])}; "
            f"{categories_text([c for c in g['categories'] if c in releasable])}",
        )
        for g in usable
    ]
    names = GuardianNames.for_actor(actor, sharing_request.young_person)
    view = check_view(check, names) or {}
    return view, releasable, ground_choices


@page
@require_http_methods(["GET", "POST"])
def request_decide(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    sharing_request = access_request(actor, request_id)
    if not actor.has_role(Role.DECISION_MAKER, unit_id=sharing_request.to_unit_id):
        raise Forbidden(
            detail=_("Endast en beslutsfattare i den tillfrågade enheten beslutar."),
            code="not_decision_maker",
            object_type="sharing_request",
            object_id=sharing_request.pk,
            young_person_id=sharing_request.young_person_id,
            case_id=sharing_request.case_id,
        )
    if sharing_request.status not in UNDECIDED_STATUSES:
        messages.info(request, _("Begäran är redan beslutad eller avslutad."))
        return redirect("web:request", request_id=sharing_request.pk)
    view, releasable, ground_choices = _decision_context(actor, sharing_request)
    requested = list(sharing_request.categories)
    initial_decision = (
        Decision.APPROVE
        if releasable and set(releasable) == set(requested)
        else Decision.PARTLY_APPROVE
        if releasable
        else Decision.REFUSE
    )
    form = DecideForm(
        request.POST or None,
        initial={"decision": initial_decision, "categories": releasable},
        decisions=Decision.choices,
        categories=category_choices(requested),
        grounds=ground_choices,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sharing_request_decide(
                actor=actor,
                request=sharing_request,
                decision=data["decision"],
                categories=data["categories"],
                ground=data["ground"] or None,
                assessment=data["assessment"],
                note=data["note"],
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc)
        else:
            messages.success(request, _("Beslutet är registrerat."))
            return redirect("web:request", request_id=sharing_request.pk)
    _request_event(actor, sharing_request, "decide")
    chosen = set(form["categories"].value() or [])
    return render(
        request,
        "web/requests/decide.html",
        {
            **_request_context(actor, sharing_request),
            "check": view,
            "form": form,
            "category_rows": [
                {
                    **row,
                    "releasable": row["category"] in releasable,
                    "checked": row["category"] in chosen,
                }
                for row in view.get("rows", [])
            ],
            "assessment_owed": [
                g for g in view.get("grounds", []) if g["outcome"] == "ALLOW_AFTER_ASSESSMENT"
            ],
        },
        status=400 if form.errors else 200,
    )


@page
@require_http_methods(["GET", "POST"])
def request_disclose(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    sharing_request = access_request(actor, request_id)
    if sharing_request.to_unit_id not in actor.operational_unit_ids():
        raise Forbidden(
            detail=_("Endast den tillfrågade enheten lämnar ut."),
            code="not_holding_unit",
            object_type="sharing_request",
            object_id=sharing_request.pk,
            young_person_id=sharing_request.young_person_id,
            case_id=sharing_request.case_id,
        )
    if sharing_request.status not in {S.APPROVED, S.PARTLY_APPROVED}:
        messages.info(request, _("Det finns inget beviljat att lämna ut."))
        return redirect("web:request", request_id=sharing_request.pk)
    released = list(sharing_request.released_categories)
    form = DiscloseForm(
        request.POST or None,
        initial={"categories": released},
        categories=category_choices(released),
    )
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = sharing_request_disclose(
                actor=actor,
                request=sharing_request,
                content=form.cleaned_data["content"],
                categories=form.cleaned_data["categories"] or None,
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc)
        else:
            messages.success(request, _("Uppgifterna är utlämnade och registrerade."))
            return redirect("web:disclosure", disclosure_id=disclosure.pk)
    _request_event(actor, sharing_request, "disclose")
    return render(
        request,
        "web/requests/disclose.html",
        {**_request_context(actor, sharing_request), "form": form},
        status=400 if form.errors else 200,
    )
