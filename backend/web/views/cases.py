"""The case workspace: overview (young person, participants, members), chronology,
consents and requests, each its own page with its own audit event, like the API's endpoints."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import audit
from backend.cases.access import access_case
from backend.cases.actions import (
    case_create,
    case_member_add,
    case_member_remove,
    case_set_status,
)
from backend.cases.models import CASE_TRANSITIONS, Case, CaseMember, CaseParticipant, CaseStatus
from backend.cases.queries import may_manage_members, visible_cases
from backend.core.actor import Actor
from backend.core.api.views import record_list_read
from backend.core.exceptions import Forbidden, InvalidInput, NotFound
from backend.organisations.models import OPERATIONAL_ROLES, Membership
from backend.people.access import access_young_person
from backend.people.queries import may_see_guardians
from backend.web.forms import CaseForm, CaseStatusForm, ConsentWithdrawForm, MemberForm
from backend.web.pages import actor_of, form_invalid, page
from backend.web.presenters import RECORD_STATUS_LABELS, RECORD_STATUS_TONES, categories_text
from backend.web.views.common import directory_units, operational_unit_choices, unit_label
from consent.access import access_consent
from consent.actions import consent_withdraw
from consent.labels import purpose_label, recipient_labels
from consent.models import ConsentRecord
from consent.queries import consent_status_on, visible_consents
from workflows.meetings.queries import may_keep_plan
from workflows.sharing.queries import case_chronology, visible_requests


def _require_operational(actor: Actor) -> None:
    if not actor.is_operational:
        raise Forbidden(detail=_("Din roll arbetar inte med ärenden."), code="not_operational")


def case_context(actor: Actor, case: Case, tab: str) -> dict[str, Any]:
    young_person = case.young_person
    return {
        "case": case,
        "young_person": young_person,
        "age": young_person.age_on(timezone.localdate()),
        "tab": tab,
        "is_lead_member": case.lead_unit_id in actor.operational_unit_ids(),
        "guardians_visible": may_see_guardians(actor, young_person),
        "may_keep_plan": may_keep_plan(actor, case),
    }


def _case_event(actor: Actor, case: Case, action: str, **payload: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="case",
        object_id=case.pk,
        case_id=case.pk,
        young_person_id=case.young_person_id,
        payload=payload,
    )


@page
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _require_operational(actor)
    cases = list(visible_cases(actor).select_related("young_person", "lead_unit")[:100])
    record_list_read(
        actor=actor,
        action="case.listed",
        ids=[c.pk for c in cases],
        young_person_ids=[c.young_person_id for c in cases],
        payload={"page": "cases"},
    )
    return render(request, "web/cases/list.html", {"cases": cases})


@page
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _require_operational(actor)
    young_person = access_young_person(actor, request.GET.get("young_person", ""))
    own = operational_unit_choices(actor)
    form = CaseForm(
        request.POST or None,
        lead_units=own,
        units=[
            (str(u.pk), unit_label(u))
            for u in directory_units(actor)
            if str(u.pk) not in {pk for pk, _label in own}
        ],
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = case_create(
                actor=actor,
                young_person=young_person,
                lead_unit_id=uuid.UUID(form.cleaned_data["lead_unit"]),
                participating_unit_ids=[
                    uuid.UUID(u) for u in form.cleaned_data["participating_units"]
                ],
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc)
        else:
            messages.success(request, _("Ärendet är öppnat. Lägg till medlemmar nedan."))
            return redirect("web:case", case_id=case.pk)
    audit.record(
        actor=actor,
        action="young_person.viewed",
        object_type="young_person",
        object_id=young_person.pk,
        young_person_id=young_person.pk,
        payload={"page": "case_new"},
    )
    return render(
        request,
        "web/cases/form.html",
        {"form": form, "young_person": young_person},
        status=400 if form.errors else 200,
    )


def _member_candidates(case: Case) -> list[tuple[str, str]]:
    """Staff of the participating units who are not members yet (directory data)."""
    members = set(case.members.values_list("user_id", flat=True))
    memberships = (
        Membership.objects.filter(unit__case_participations__case=case, role__in=OPERATIONAL_ROLES)
        .exclude(user_id__in=members)
        .select_related("user", "unit")
        .order_by("unit__name", "user__full_name")
    )
    seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
    choices = []
    for m in memberships:
        if (m.user_id, m.unit_id) in seen:
            continue
        seen.add((m.user_id, m.unit_id))
        title = f", {m.title}" if m.title else ""
        choices.append(
            (f"{m.user_id}:{m.unit_id}", f"{m.user.get_full_name()}{title} – {m.unit.name}")
        )
    return choices


@page
@require_http_methods(["GET", "POST"])
def case_overview(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case: participants and members (lead unit's members add them) and its status."""
    actor = actor_of(request)
    case = access_case(actor, case_id)
    manage = may_manage_members(actor, case)
    posted = request.POST.get("form") if request.method == "POST" else None
    member_form = MemberForm(
        request.POST if posted == "member" else None,
        candidates=_member_candidates(case) if manage else [],
    )
    status_form = CaseStatusForm(
        request.POST if posted == "status" else None,
        statuses=[(s, CaseStatus(s).label) for s in sorted(CASE_TRANSITIONS[case.status])],
    )
    if posted == "member" and member_form.is_valid():
        user_id, _sep, unit_id = member_form.cleaned_data["member"].partition(":")
        try:
            case_member_add(
                actor=actor, case=case, user_id=uuid.UUID(user_id), unit_id=uuid.UUID(unit_id)
            )
        except InvalidInput as exc:
            form_invalid(request, member_form, exc, field_map={"user": "member", "unit": "member"})
        else:
            messages.success(request, _("Medlemmen är tillagd."))
            return redirect("web:case", case_id=case.pk)
    if posted == "status" and status_form.is_valid():
        try:
            case_set_status(
                actor=actor,
                case=case,
                status=status_form.cleaned_data["status"],
                reason=status_form.cleaned_data["reason"],
            )
        except InvalidInput as exc:
            form_invalid(request, status_form, exc)
        else:
            messages.success(request, _("Ärendets status är ändrad."))
            return redirect("web:case", case_id=case.pk)
    detail = (
        Case.objects.filter(pk=case.pk)
        .select_related("young_person", "lead_unit__organisation")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CaseParticipant.objects.select_related("unit__organisation").order_by(
                    "joined_at"
                ),
            ),
            Prefetch(
                "members",
                queryset=CaseMember.objects.select_related("user", "unit").order_by("added_at"),
            ),
        )
        .get()
    )
    _case_event(actor, case, "case.viewed", page="case")
    errors = bool(member_form.errors or status_form.errors)
    return render(
        request,
        "web/cases/overview.html",
        {
            **case_context(actor, detail, "overview"),
            "member_form": member_form if manage and case.status != CaseStatus.CLOSED else None,
            "status_form": status_form if manage and CASE_TRANSITIONS[case.status] else None,
            "may_manage": manage,
        },
        status=400 if errors else 200,
    )


@page
@require_POST
def case_member_leave(request: HttpRequest, case_id: uuid.UUID, user_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    case = access_case(actor, case_id)
    case_member_remove(actor=actor, case=case, user_id=user_id)
    messages.success(request, _("Medlemmen är borttagen; åtkomsten upphörde direkt."))
    if user_id == actor.user_id:
        return redirect("web:start")
    return redirect("web:case", case_id=case.pk)


@page
def case_chronology_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    case = access_case(actor, case_id)
    entries = case_chronology(actor, case)
    _case_event(actor, case, "case.chronology_viewed", entries=len(entries), page="chronology")
    return render(
        request,
        "web/cases/chronology.html",
        {**case_context(actor, case, "chronology"), "entries": entries},
    )


def consent_rows(actor: Actor, records: list[ConsentRecord]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for record in records:
        status = consent_status_on(record, today)
        rows.append(
            {
                "record": record,
                "status": status,
                "status_label": RECORD_STATUS_LABELS[status],
                "tone": RECORD_STATUS_TONES[status],
                "categories": categories_text(record.categories),
                "purposes": ", ".join(purpose_label(p) for p in record.purposes),
                "recipients": ", ".join(r["label"] for r in recipient_labels(record.recipients)),
                "withdrawable": status in {"active", "not_yet_valid", "expired"}
                and record.decision == "granted",
            }
        )
    return rows


@page
@require_http_methods(["GET", "POST"])
def case_consents(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The young person's consents, current and past, with receipts; withdrawal here too."""
    actor = actor_of(request)
    case = access_case(actor, case_id)
    withdraw_form = None
    withdrawing = None
    if request.method == "POST":
        withdrawing = access_consent(actor, request.POST.get("consent", ""))
        if withdrawing.young_person_id != case.young_person_id:
            raise NotFound(object_type="consent", object_id=withdrawing.pk, case_id=case.pk)
        withdraw_form = ConsentWithdrawForm(request.POST, prefix=f"w-{withdrawing.pk}")
        if withdraw_form.is_valid():
            try:
                consent_withdraw(
                    actor=actor,
                    consent=withdrawing,
                    reason=withdraw_form.cleaned_data["reason"],
                    withdrawn_on=withdraw_form.cleaned_data["withdrawn_on"],
                )
            except InvalidInput as exc:
                form_invalid(request, withdraw_form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Samtycket är återkallat. Pågående begäranden som byggde på det har "
                        "avbrutits och tidigare mottagare har underrättats."
                    ),
                )
                return redirect("web:case-consents", case_id=case.pk)
    records = list(
        ConsentRecord.objects.filter(
            pk__in=visible_consents(actor).filter(young_person_id=case.young_person_id).values("pk")
        )
        .select_related("guardian", "withdrawal", "superseded_by", "recorded_by_unit")
        .order_by("-recorded_at")
    )
    record_list_read(
        actor=actor,
        action="consent.listed",
        ids=[r.pk for r in records],
        young_person_ids=[case.young_person_id],
        payload={"page": "case_consents", "case": str(case.pk)},
    )
    rows = consent_rows(actor, records)
    for row in rows:
        # One form per consent, prefixed, so that every field id on the page is unique.
        mine = withdrawing is not None and withdrawing.pk == row["record"].pk
        row["withdraw_form"] = (
            withdraw_form if mine else ConsentWithdrawForm(prefix=f"w-{row['record'].pk}")
        )
        row["withdraw_open"] = mine
    return render(
        request,
        "web/cases/consents.html",
        {
            **case_context(actor, case, "consents"),
            "rows": rows,
            "withdraw_form": withdraw_form,
        },
        status=400 if withdraw_form is not None and withdraw_form.errors else 200,
    )


@page
def case_requests(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    case = access_case(actor, case_id)
    rows = list(
        visible_requests(actor)
        .filter(case=case)
        .select_related("young_person", "from_unit", "to_unit")[:100]
    )
    record_list_read(
        actor=actor,
        action="sharing_request.listed",
        ids=[r.pk for r in rows],
        young_person_ids=[case.young_person_id],
        payload={"page": "case_requests", "case": str(case.pk)},
    )
    return render(
        request,
        "web/cases/requests.html",
        {**case_context(actor, case, "requests"), "requests": rows},
    )
