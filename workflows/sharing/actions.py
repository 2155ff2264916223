"""Concerns, sharing requests, disclosures: every state change of the sharing workflow.

The engine runs at submission, again at decision and again at disclosure (a consent may have
been withdrawn meanwhile); only a decision-maker of the holding unit decides; nothing is
released beyond what the engine allows; every release is a row in the disclosure ledger.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from audit.models import Outcome as AuditOutcome
from backend.cases.models import Case, CaseMember, CaseParticipant, CaseStatus
from backend.core.actor import Actor
from backend.core.exceptions import AuditNote, Conflict, Forbidden, InvalidInput
from backend.core.state import ensure_transition
from backend.core.workdays import add_working_days
from backend.organisations.models import Agency, Role, Unit, UnitKind
from backend.people.models import YoungPerson, YoungPersonUnit
from consent.labels import language
from consent.models import ConsentRecord
from workflows.engine import types as engine
from workflows.engine.scenarios import facts_errors, result_to_json
from workflows.sharing.decisions import Release, plan_release, releasable_categories
from workflows.sharing.engine_input import evaluate_between, evaluate_request
from workflows.sharing.models import (
    PENDING_STATUSES,
    TRANSITIONS,
    UNDECIDED_STATUSES,
    Concern,
    ConcernCategory,
    ConcernStatus,
    Decision,
    Disclosure,
    DisclosureKind,
    RequestStatus,
    SharingRequest,
    Urgency,
)
from workflows.sharing.reminders import (
    cancel_concern_reminders,
    cancel_request_reminders,
    notify_recipients_of_withdrawal,
    schedule_concern_feedback,
    schedule_request_deadline,
)

S = RequestStatus
DEADLINE_WORKING_DAYS = {Urgency.NORMAL: 10, Urgency.URGENT: 2, Urgency.ACUTE: 1}
FEEDBACK_DAYS = 7  # SoL 19 kap. 6 §: within one week
# What a concern is about, as the information categories it discloses.
CONCERN_INFORMATION = {
    ConcernCategory.ABSENCE: engine.Category.ATTENDANCE,
    ConcernCategory.AGGRESSION: engine.Category.BEHAVIOUR,
    ConcernCategory.SUBSTANCE_USE: engine.Category.BEHAVIOUR,
    ConcernCategory.CRIMINAL_PEERS: engine.Category.BEHAVIOUR,
    ConcernCategory.VIOLENCE: engine.Category.BEHAVIOUR,
    ConcernCategory.OTHER: engine.Category.BEHAVIOUR,
}


# --- shared helpers --------------------------------------------------------------------------


def _membership_unit(
    actor: Actor, unit_id: uuid.UUID, *, field: str, roles: frozenset[str]
) -> Unit:
    for membership in actor.memberships:
        if membership.unit_id == unit_id and membership.role in roles:
            return membership.unit
    raise InvalidInput(errors={field: [_("Du arbetar inte i den angivna enheten.")]})


OPERATIONAL = frozenset({Role.STAFF, Role.DECISION_MAKER, Role.COORDINATOR})


def _link_unit(young_person: YoungPerson, unit: Unit, reason: str) -> None:
    YoungPersonUnit.objects.get_or_create(
        young_person=young_person, unit=unit, defaults={"reason": reason}
    )


def _check_json(result: engine.Result) -> dict[str, Any]:
    return result_to_json(result, lang=language())


def _vocabulary_errors(categories: list[str], purpose: str | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not categories:
        errors["categories"] = [_("Ange minst en uppgiftskategori.")]
    for index, category in enumerate(categories):
        if category not in engine.Category._value2member_map_:
            errors[f"categories.{index}"] = [
                _("Okänd uppgiftskategori %(value)s; tillåtna: %(allowed)s.")
                % {"value": category, "allowed": ", ".join(engine.Category._value2member_map_)}
            ]
    if purpose is not None and purpose not in engine.Purpose._value2member_map_:
        errors["purpose"] = [
            _("Okänt ändamål %(value)s; tillåtna: %(allowed)s.")
            % {"value": purpose, "allowed": ", ".join(engine.Purpose._value2member_map_)}
        ]
    return errors


def _request_note(request: SharingRequest, action: str, **payload: Any) -> AuditNote:
    return AuditNote(
        action=action,
        object_type="sharing_request",
        object_id=request.pk,
        young_person_id=request.young_person_id,
        case_id=request.case_id,
        payload={"status": request.status, **payload},
    )


def _record_disclosure(
    *,
    actor: Actor,
    kind: str,
    young_person: YoungPerson,
    from_unit: Unit,
    to_unit: Unit,
    categories: list[str],
    content: str,
    purpose: str,
    release: Release,
    assessment: str,
    facts: dict[str, Any],
    result: engine.Result,
    decided_by: Any,
    case: Case | None = None,
    request: SharingRequest | None = None,
    concern: Concern | None = None,
) -> Disclosure:
    """Write the ledger row, tell the recipient unit it now knows the young person, audit."""
    assert actor.user is not None
    disclosure = Disclosure.objects.create(
        municipality_id=young_person.municipality_id,
        kind=kind,
        young_person=young_person,
        case=case,
        request=request,
        concern=concern,
        from_unit=from_unit,
        to_unit=to_unit,
        categories=categories,
        content=content,
        purpose=purpose,
        ground=release.ground.id,
        provision=release.ground.provision,
        ground_outcome=release.ground.outcome.value,
        consent_ids=list(release.consent_ids),
        assessment=assessment,
        facts=facts,
        engine_check=_check_json(result),
        decided_by=decided_by,
        disclosed_by=actor.user,
    )
    _link_unit(young_person, to_unit, YoungPersonUnit.Reason.DISCLOSURE)
    audit.record(
        actor=actor,
        action="disclosure.made",
        object_type="disclosure",
        object_id=disclosure.pk,
        young_person_id=young_person.pk,
        case_id=case.pk if case else None,
        unit_id=from_unit.pk,
        purpose=purpose,
        legal_ground=release.ground.id,
        payload={
            "kind": kind,
            "to_unit": str(to_unit.pk),
            "categories": categories,
            "provision": release.ground.provision,
            "ground_outcome": release.ground.outcome.value,
            "consent_ids": list(release.consent_ids),
            "assessment_recorded": bool(assessment),
            "request": str(request.pk) if request else None,
            "age": young_person.age_on(timezone.localdate()),
        },
    )
    return disclosure


# --- concerns --------------------------------------------------------------------------------


def _social_services_inbox(municipality_id: uuid.UUID) -> Unit:
    unit = (
        Unit.objects.select_related("organisation")
        .filter(
            organisation__municipality_id=municipality_id,
            organisation__agency=Agency.SOCIAL_SERVICES,
            kind=UnitKind.CHILD_AND_YOUTH,
        )
        .order_by("name")
        .first()
    )
    if unit is None:
        raise Conflict(
            detail=_("Kommunen har ingen socialtjänstenhet för barn och unga i Samverka."),
            code="no-social-services",
        )
    return unit


def concern_raise(
    *,
    actor: Actor,
    young_person: YoungPerson,
    from_unit_id: uuid.UUID,
    observations: str,
    categories: list[str],
    urgency: str,
    child_at_risk: bool,
    observed_on: datetime.date | None = None,
) -> Concern:
    """Raise a concern about a pupil to social services.

    With ``child_at_risk`` it is a concern report (orosanmälan, SoL 19 kap. 1 §): a duty, no
    consent, sent at once. Without it, what may cross is what the engine allows on its own
    (e.g. a municipal school's attendance); otherwise nothing is sent and the answer says why
    and what would make it lawful."""
    from_unit = _membership_unit(actor, from_unit_id, field="from_unit", roles=OPERATIONAL)
    errors: dict[str, list[str]] = {}
    if not observations.strip():
        errors["observations"] = [_("Beskriv vad du har sett eller hört.")]
    if not categories:
        errors["categories"] = [_("Ange minst ett område.")]
    for index, category in enumerate(categories):
        if category not in ConcernCategory.values:
            errors[f"categories.{index}"] = [
                _("Okänt område; tillåtna: %(allowed)s.")
                % {"allowed": ", ".join(ConcernCategory.values)}
            ]
    if urgency not in Urgency.values:
        errors["urgency"] = [_("Brådska är normal, urgent eller acute.")]
    today = timezone.localdate()
    if observed_on is not None and observed_on > today:
        errors["observed_on"] = [_("Datumet kan inte ligga i framtiden.")]
    if errors:
        raise InvalidInput(errors=errors)
    to_unit = _social_services_inbox(young_person.municipality_id)
    information = list(
        dict.fromkeys(CONCERN_INFORMATION[ConcernCategory(c)].value for c in categories)
    )
    if from_unit.kind == UnitKind.STUDENT_HEALTH_MEDICAL:
        information = [engine.Category.HEALTH.value]
    elif from_unit.kind == UnitKind.STUDENT_HEALTH_PSYCHOSOCIAL:
        information = [engine.Category.PSYCHOSOCIAL.value]
    facts = {"child_at_risk": True} if child_at_risk else {}
    purpose = engine.Purpose.CHILD_WELFARE_CONCERN.value
    result = evaluate_between(
        young_person=young_person,
        from_unit=from_unit,
        to_unit=to_unit,
        categories=information,
        purpose=purpose,
        facts=facts,
        on=today,
    )
    # A concern needs no human assessment to be sent: a duty or a ground that simply allows it.
    sendable = {engine.Outcome.MANDATORY_REPORT, engine.Outcome.ALLOW}
    release = plan_release(result, categories=information, ground_id=None)
    if result.outcome not in sendable or not isinstance(release, Release):
        check = _check_json(result)
        raise InvalidInput(
            detail=_(
                "Oron kan inte skickas till socialtjänsten utan grund. Om du misstänker att "
                "barnet far illa är det en orosanmälan: markera det. Annars behövs samtycke."
            ),
            errors={
                "child_at_risk": [s["text"] for s in check["suggestions"]]
                or [_("Ingen grund för utlämnande.")]
            },
            extra={"check": check},
            audit=AuditNote(
                action="concern.refused",
                object_type="concern",
                young_person_id=young_person.pk,
                payload={
                    "outcome": result.outcome.value,
                    "grounds": sorted(result.applicable_ground_ids),
                },
            ),
        )
    content = observations.strip()
    with transaction.atomic(durable=True):
        concern = Concern.objects.create(
            municipality_id=young_person.municipality_id,
            young_person=young_person,
            from_unit=from_unit,
            to_unit=to_unit,
            raised_by=actor.require_user(),
            observations=content,
            observed_on=observed_on,
            categories=list(dict.fromkeys(categories)),
            urgency=urgency,
            child_at_risk=child_at_risk,
            status=ConcernStatus.SENT,
            feedback_due_on=today + datetime.timedelta(days=FEEDBACK_DAYS),
        )
        _link_unit(young_person, from_unit, YoungPersonUnit.Reason.CONCERN)
        schedule_concern_feedback(concern)
        audit.record(
            actor=actor,
            action="concern.raised",
            object_type="concern",
            object_id=concern.pk,
            young_person_id=young_person.pk,
            unit_id=from_unit.pk,
            purpose=purpose,
            legal_ground=release.ground.id,
            payload={
                "child_at_risk": child_at_risk,
                "urgency": urgency,
                "categories": concern.categories,
                "to_unit": str(to_unit.pk),
            },
        )
        _record_disclosure(
            actor=actor,
            kind=DisclosureKind.CONCERN,
            young_person=young_person,
            from_unit=from_unit,
            to_unit=to_unit,
            categories=information,
            content=content,
            purpose=purpose,
            release=release,
            assessment="",
            facts=facts,
            result=result,
            decided_by=None,
            concern=concern,
        )
    return concern


def concern_acknowledge(*, actor: Actor, concern: Concern, feedback: str) -> Concern:
    """Social services confirms receipt and gives the reporter feedback (SoL 19 kap. 6 §)."""
    if concern.to_unit_id not in actor.operational_unit_ids():
        raise Forbidden(
            detail=_("Endast den mottagande enheten bekräftar en orosanmälan."),
            code="not_receiving_unit",
        )
    if not feedback.strip():
        raise InvalidInput(errors={"feedback": [_("Skriv en återkoppling till anmälaren.")]})
    with transaction.atomic(durable=True):
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.status != ConcernStatus.SENT:
            raise Conflict(detail=_("Oron är redan bekräftad."), code="already-acknowledged")
        locked.status = ConcernStatus.ACKNOWLEDGED
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor.user
        locked.feedback = feedback.strip()
        locked.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "feedback"])
        cancel_concern_reminders(locked)
        audit.record(
            actor=actor,
            action="concern.acknowledged",
            object_type="concern",
            object_id=locked.pk,
            young_person_id=locked.young_person_id,
            unit_id=locked.to_unit_id,
            payload={"feedback_overdue": timezone.localdate() > locked.feedback_due_on},
        )
    return locked


# --- sharing requests ------------------------------------------------------------------------


def sharing_request_create(
    *,
    actor: Actor,
    case: Case,
    young_person: YoungPerson,
    from_unit_id: uuid.UUID,
    to_unit_id: uuid.UUID,
    categories: list[str],
    purpose: str,
    reason: str,
    urgency: str,
    facts: dict[str, Any],
    deadline: datetime.date | None,
) -> tuple[SharingRequest, dict[str, Any]]:
    """A draft request from one of the actor's units (a case member's) to a unit that
    participates in the case. Returns the request and the engine's first answer."""
    errors: dict[str, list[str]] = {}
    errors.update(_vocabulary_errors(categories, purpose))
    errors.update(facts_errors(facts))
    if not reason.strip():
        errors["reason"] = [_("Ange varför uppgifterna behövs.")]
    if urgency not in Urgency.values:
        errors["urgency"] = [_("Brådska är normal, urgent eller acute.")]
    today = timezone.localdate()
    if deadline is not None and deadline < today:
        errors["deadline"] = [_("Sista svarsdag kan inte ligga i det förflutna.")]
    if case.young_person_id != young_person.pk:
        errors["young_person"] = [_("Den unge är inte den som ärendet gäller.")]
    if case.status == CaseStatus.CLOSED:
        raise Conflict(detail=_("Ärendet är avslutat."), code="case-closed")
    if errors:
        raise InvalidInput(errors=errors)
    from_unit = _membership_unit(actor, from_unit_id, field="from_unit", roles=OPERATIONAL)
    if not CaseMember.objects.filter(case=case, user=actor.user, unit=from_unit).exists():
        raise InvalidInput(errors={"from_unit": [_("Du är inte med i ärendet för den enheten.")]})
    to_unit = (
        Unit.objects.select_related("organisation")
        .filter(pk=to_unit_id, case_participations__case=case)
        .first()
    )
    if to_unit is None:
        raise InvalidInput(errors={"to_unit": [_("Enheten deltar inte i ärendet.")]})
    if to_unit.pk == from_unit.pk:
        raise InvalidInput(errors={"to_unit": [_("Begär uppgifter från en annan enhet.")]})
    with transaction.atomic(durable=True):
        request = SharingRequest(
            municipality_id=case.municipality_id,
            case=case,
            young_person=young_person,
            from_unit=from_unit,
            to_unit=to_unit,
            requested_by=actor.user,
            categories=list(dict.fromkeys(categories)),
            purpose=purpose,
            reason=reason.strip(),
            urgency=urgency,
            facts=facts,
            deadline=deadline or add_working_days(today, DEADLINE_WORKING_DAYS[Urgency(urgency)]),
            status=S.DRAFT,
        )
        check = _check_json(evaluate_request(request, today))
        request.check_at_submit = check
        request.save()
        audit.record(
            actor=actor,
            action="sharing_request.created",
            object_type="sharing_request",
            object_id=request.pk,
            young_person_id=young_person.pk,
            case_id=case.pk,
            unit_id=from_unit.pk,
            purpose=purpose,
            payload={
                "to_unit": str(to_unit.pk),
                "categories": request.categories,
                "outcome": check["outcome"],
            },
        )
    return request, check


def _lock(request: SharingRequest) -> SharingRequest:
    return (
        SharingRequest.objects.select_for_update(of=("self",))
        .select_related("young_person", "from_unit__organisation", "to_unit__organisation")
        .get(pk=request.pk)
    )


def _set_status(request: SharingRequest, target: str, *, fields: list[str] | None = None) -> None:
    ensure_transition(TRANSITIONS, request.status, target, what=_("Begäran"))
    previous = request.status
    request.status = target
    request.save(update_fields=["status", "updated_at", *(fields or [])])
    # Deadline reminders go out only while the request waits for a decision.
    if target in UNDECIDED_STATUSES and previous not in UNDECIDED_STATUSES:
        schedule_request_deadline(request)
    elif previous in UNDECIDED_STATUSES and target not in UNDECIDED_STATUSES:
        cancel_request_reminders(request, reason=target)


def sharing_request_submit(*, actor: Actor, request: SharingRequest) -> SharingRequest:
    if request.from_unit_id not in actor.operational_unit_ids():
        raise Forbidden(
            detail=_("Endast den begärande enheten skickar begäran."), code="not_requesting_unit"
        )
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        locked = _lock(request)
        if locked.deadline < today:
            raise InvalidInput(errors={"deadline": [_("Sista svarsdag har redan passerat.")]})
        check = _check_json(evaluate_request(locked, today))
        locked.check_at_submit = check
        locked.submitted_at = timezone.now()
        _set_status(locked, S.SUBMITTED, fields=["check_at_submit", "submitted_at"])
        audit.record(
            actor=actor,
            action="sharing_request.submitted",
            object_type="sharing_request",
            object_id=locked.pk,
            young_person_id=locked.young_person_id,
            case_id=locked.case_id,
            unit_id=locked.from_unit_id,
            purpose=locked.purpose,
            legal_ground=",".join(g["id"] for g in check["grounds"])[:64],
            payload={"outcome": check["outcome"], "deadline": locked.deadline.isoformat()},
        )
    return locked


def _simple_transition(
    *,
    actor: Actor,
    request: SharingRequest,
    target: str,
    action: str,
    side: str,
    refusal: str,
    ended_reason: str | None = None,
) -> SharingRequest:
    """A transition that only one side of the request may make and that changes nothing but
    the status (and, for the endings, why it ended)."""
    unit_id = request.to_unit_id if side == "holder" else request.from_unit_id
    if unit_id not in actor.operational_unit_ids():
        raise Forbidden(
            detail=refusal,
            code="not_holding_unit" if side == "holder" else "not_requesting_unit",
        )
    with transaction.atomic(durable=True):
        locked = _lock(request)
        fields = []
        if ended_reason is not None:
            locked.ended_reason = ended_reason.strip()
            fields.append("ended_reason")
        _set_status(locked, target, fields=fields)
        audit.record(
            actor=actor,
            action=action,
            object_type="sharing_request",
            object_id=locked.pk,
            young_person_id=locked.young_person_id,
            case_id=locked.case_id,
            unit_id=unit_id,
        )
    return locked


def sharing_request_start_review(*, actor: Actor, request: SharingRequest) -> SharingRequest:
    """The holding unit takes the request into review (it knows someone is on it)."""
    return _simple_transition(
        actor=actor,
        request=request,
        target=S.IN_REVIEW,
        action="sharing_request.review_started",
        side="holder",
        refusal=_("Endast den tillfrågade enheten prövar begäran."),
    )


def sharing_request_decide(
    *,
    actor: Actor,
    request: SharingRequest,
    decision: str,
    categories: list[str] | None,
    ground: str | None,
    assessment: str,
    note: str,
) -> SharingRequest:
    """The decision-maker of the holding unit approves, partly approves or refuses.

    The engine runs again now; released categories must be allowed by it, on a ground that
    applies to all of them; a ground that needs an assessment needs a written one."""
    if not actor.has_role(Role.DECISION_MAKER, unit_id=request.to_unit_id):
        raise Forbidden(
            detail=_("Endast en beslutsfattare i den tillfrågade enheten beslutar."),
            code="not_decision_maker",
            audit=_request_note(
                request, "sharing_request.decision_refused", reason="not_decision_maker"
            ),
        )
    if decision not in Decision.values:
        raise InvalidInput(
            errors={"decision": [_("Beslutet är approve, partly_approve eller refuse.")]}
        )
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        locked = _lock(request)
        if locked.status not in UNDECIDED_STATUSES:
            # The other decision-maker was first, or the request ended meanwhile.
            raise Conflict(
                detail=_("Begäran kan inte beslutas i status %(status)s.")
                % {"status": locked.get_status_display()},
                code="not-decidable",
                audit=_request_note(locked, "sharing_request.decision_refused", reason="status"),
            )
        result = evaluate_request(locked, today)
        check = _check_json(result)
        release: Release | None = None
        if decision == Decision.REFUSE:
            if not note.strip():
                raise InvalidInput(errors={"note": [_("Ange skälet till avslaget.")]})
            target = S.REFUSED
            released: list[str] = []
        else:
            requested = list(locked.categories)
            released = requested if decision == Decision.APPROVE else list(categories or [])
            errors: dict[str, list[str]] = {}
            outside = [c for c in released if c not in requested]
            if not released:
                errors["categories"] = [_("Ange vilka kategorier som lämnas ut.")]
            elif outside:
                errors["categories"] = [
                    _("Kategorier som inte begärdes: %(c)s.") % {"c": ", ".join(outside)}
                ]
            elif decision == Decision.PARTLY_APPROVE and set(released) == set(requested):
                errors["decision"] = [_("Alla kategorier beviljas: välj approve.")]
            plan = (
                None
                if errors
                else plan_release(result, categories=released, ground_id=ground or None)
            )
            if isinstance(plan, dict):
                errors.update(plan)
            if isinstance(plan, Release):
                release = plan
                if release.needs_assessment and not assessment.strip():
                    errors["assessment"] = [
                        _("Grunden %(ground)s kräver en dokumenterad bedömning: %(test)s.")
                        % {"ground": release.ground.id, "test": release.ground.assessment or ""}
                    ]
            if errors:
                raise InvalidInput(
                    errors=errors,
                    extra={"check": check, "releasable": releasable_categories(result)},
                    audit=_request_note(
                        locked,
                        "sharing_request.decision_refused",
                        reason="engine",
                        errors=sorted(errors),
                        outcome=result.outcome.value,
                    ),
                )
            target = S.APPROVED if decision == Decision.APPROVE else S.PARTLY_APPROVED
        locked.decision = decision
        locked.released_categories = released
        locked.ground = release.ground.id if release else ""
        locked.consent_ids = list(release.consent_ids) if release else []
        locked.assessment = assessment.strip()
        locked.decision_note = note.strip()
        locked.decided_by = actor.user
        locked.decided_at = timezone.now()
        locked.check_at_decision = check
        _set_status(
            locked,
            target,
            fields=[
                "decision",
                "released_categories",
                "ground",
                "consent_ids",
                "assessment",
                "decision_note",
                "decided_by",
                "decided_at",
                "check_at_decision",
            ],
        )
        audit.record(
            actor=actor,
            action="sharing_request.decided",
            object_type="sharing_request",
            object_id=locked.pk,
            young_person_id=locked.young_person_id,
            case_id=locked.case_id,
            unit_id=locked.to_unit_id,
            purpose=locked.purpose,
            legal_ground=locked.ground,
            payload={
                "decision": decision,
                "released": released,
                "refused": [c for c in locked.categories if c not in released],
                "provision": release.ground.provision if release else None,
                "engine_outcome": result.outcome.value,
                "consent_ids": locked.consent_ids,
                "assessment_recorded": bool(locked.assessment),
            },
        )
    return locked


def sharing_request_disclose(
    *, actor: Actor, request: SharingRequest, content: str, categories: list[str] | None
) -> Disclosure:
    """Release what was decided. The engine runs once more: if the ground no longer holds
    (a consent withdrawn meanwhile) nothing is released and a consent-based request is
    cancelled."""
    if request.to_unit_id not in actor.operational_unit_ids():
        raise Forbidden(
            detail=_("Endast den tillfrågade enheten lämnar ut."),
            code="not_holding_unit",
            audit=_request_note(
                request, "sharing_request.disclosure_refused", reason="not_holding_unit"
            ),
        )
    if not content.strip():
        raise InvalidInput(errors={"content": [_("Skriv vad som lämnas ut.")]})
    today = timezone.localdate()
    cancelled = False
    with transaction.atomic(durable=True):
        locked = _lock(request)
        ensure_transition(TRANSITIONS, locked.status, S.DISCLOSED, what=_("Begäran"))
        released = list(categories) if categories else list(locked.released_categories)
        extra = [c for c in released if c not in locked.released_categories]
        if extra:
            raise InvalidInput(
                errors={"categories": [_("Inte beviljat: %(c)s.") % {"c": ", ".join(extra)}]}
            )
        result = evaluate_request(locked, today)
        plan = plan_release(result, categories=released, ground_id=locked.ground)
        if not isinstance(plan, Release):
            if locked.ground == "G01":
                locked.ended_reason = _("Samtycket gäller inte längre vid utlämnandet.")
                _set_status(locked, S.CANCELLED, fields=["ended_reason"])
                audit.record(
                    actor=actor,
                    action="sharing_request.cancelled",
                    object_type="sharing_request",
                    object_id=locked.pk,
                    young_person_id=locked.young_person_id,
                    case_id=locked.case_id,
                    legal_ground="G01",
                    payload={"reason": "consent_no_longer_valid"},
                )
                cancelled = True
            else:
                raise Conflict(
                    detail=_("Grunden för beslutet gäller inte längre; fatta ett nytt beslut."),
                    code="ground-no-longer-holds",
                    extra={"check": _check_json(result)},
                    audit=_request_note(
                        locked,
                        "sharing_request.disclosure_refused",
                        reason="ground_no_longer_holds",
                    ),
                )
        else:
            disclosure = _record_disclosure(
                actor=actor,
                kind=DisclosureKind.REQUEST,
                young_person=locked.young_person,
                from_unit=locked.to_unit,
                to_unit=locked.from_unit,
                categories=released,
                content=content.strip(),
                purpose=locked.purpose,
                release=plan,
                assessment=locked.assessment,
                facts=locked.facts,
                result=result,
                decided_by=locked.decided_by,
                case=locked.case,
                request=locked,
            )
            _set_status(locked, S.DISCLOSED)
    if cancelled:
        raise Conflict(
            detail=_("Samtycket gäller inte längre; begäran har avbrutits och inget lämnades ut."),
            code="consent-withdrawn",
        )
    return disclosure


def sharing_request_withdraw(
    *, actor: Actor, request: SharingRequest, reason: str = ""
) -> SharingRequest:
    return _simple_transition(
        actor=actor,
        request=request,
        target=S.WITHDRAWN,
        action="sharing_request.withdrawn",
        side="requester",
        refusal=_("Endast den begärande enheten återtar begäran."),
        ended_reason=reason,
    )


def sharing_request_close(*, actor: Actor, request: SharingRequest) -> SharingRequest:
    """The requester closes a request that was answered (disclosed or refused)."""
    return _simple_transition(
        actor=actor,
        request=request,
        target=S.CLOSED,
        action="sharing_request.closed",
        side="requester",
        refusal=_("Endast den begärande enheten avslutar begäran."),
    )


def sharing_requests_expire(*, today: datetime.date | None = None) -> int:
    """Undecided requests whose deadline has passed expire (the beat task calls this)."""
    day = today or timezone.localdate()
    expired = 0
    overdue = SharingRequest.objects.filter(status__in=UNDECIDED_STATUSES, deadline__lt=day)
    for request_id in overdue.values_list("pk", flat=True):
        with transaction.atomic(durable=True):
            locked = (
                SharingRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=request_id, status__in=UNDECIDED_STATUSES, deadline__lt=day)
                .first()
            )
            if locked is None:
                continue  # decided meanwhile, or another worker has it
            locked.ended_reason = _("Sista svarsdag passerade utan beslut.")
            _set_status(locked, S.EXPIRED, fields=["ended_reason"])
            audit.record(
                actor=None,
                action="sharing_request.expired",
                object_type="sharing_request",
                object_id=locked.pk,
                young_person_id=locked.young_person_id,
                case_id=locked.case_id,
                municipality_id=locked.municipality_id,
                payload={"deadline": locked.deadline.isoformat()},
            )
            expired += 1
    return expired


def sharing_requests_cancel_for_withdrawn_consent(
    *, actor: Actor, consent: ConsentRecord, withdrawn_on: datetime.date
) -> list[uuid.UUID]:
    """Called by ``consent_withdraw`` in its transaction (legal-rules.md 3.6): pending
    requests that rely on consent and no longer hold are cancelled, and the units that
    received disclosures on this consent are told. Returns the cancelled request ids."""
    cancelled: list[uuid.UUID] = []
    pending: QuerySet[SharingRequest] = (
        SharingRequest.objects.select_for_update(of=("self",))
        .select_related("young_person", "from_unit__organisation", "to_unit__organisation")
        .filter(young_person_id=consent.young_person_id, status__in=PENDING_STATUSES)
    )
    for request in pending:
        if not _relied_on_consent(request, withdrawn_on):
            continue
        request.ended_reason = _("Samtycket återkallades %(day)s.") % {"day": withdrawn_on}
        _set_status(request, S.CANCELLED, fields=["ended_reason"])
        audit.record(
            actor=actor,
            action="sharing_request.cancelled",
            object_type="sharing_request",
            object_id=request.pk,
            young_person_id=request.young_person_id,
            case_id=request.case_id,
            legal_ground="G01",
            payload={"reason": "consent_withdrawn", "consent": str(consent.pk)},
        )
        cancelled.append(request.pk)
    # A young person has few disclosures; filtering the JSON list here works on both databases.
    informed = [
        d
        for d in Disclosure.objects.filter(young_person_id=consent.young_person_id)
        if str(consent.pk) in d.consent_ids
    ]
    if informed:
        audit.record(
            actor=actor,
            action="consent.recipients_notified",
            object_type="consent",
            object_id=consent.pk,
            young_person_id=consent.young_person_id,
            outcome=AuditOutcome.ALLOWED,
            payload={
                "disclosures": [str(d.pk) for d in informed],
                "units": sorted({str(d.to_unit_id) for d in informed}),
            },
        )
        notify_recipients_of_withdrawal(informed)
    return cancelled


def _relied_on_consent(request: SharingRequest, on: datetime.date) -> bool:
    """Decided on consent, or (undecided) a category the engine allowed only thanks to
    consent is no longer allowed now."""
    if request.status in {S.APPROVED, S.PARTLY_APPROVED}:
        if request.ground != "G01":
            return False
        return not isinstance(
            plan_release(
                evaluate_request(request, on),
                categories=list(request.released_categories),
                ground_id="G01",
            ),
            Release,
        )
    previous = request.check_at_decision or request.check_at_submit or {}
    grounds_before = {g["id"] for g in previous.get("grounds", [])}
    if "G01" not in grounds_before:
        return False
    allowed_before = {
        c
        for c, r in previous.get("by_category", {}).items()
        if r["outcome"]
        in {
            o.value
            for o in (
                engine.Outcome.MANDATORY_REPORT,
                engine.Outcome.ALLOW,
                engine.Outcome.ALLOW_AFTER_ASSESSMENT,
            )
        }
    }
    allowed_now = set(releasable_categories(evaluate_request(request, on)))
    return bool(allowed_before - allowed_now)


# --- own-initiative disclosures --------------------------------------------------------------


def disclosure_make(
    *,
    actor: Actor,
    young_person: YoungPerson,
    from_unit_id: uuid.UUID,
    to_unit_id: uuid.UUID,
    categories: list[str],
    purpose: str,
    facts: dict[str, Any],
    content: str,
    ground: str | None,
    assessment: str,
    case: Case | None = None,
) -> Disclosure:
    """A disclosure on the agency's own initiative: a police notification to social services
    (PolisL 6 §, LUL 6 §), a rektor's crime report (SkolL 6 a kap. 10 §), and other grounds.

    A duty (MANDATORY_REPORT) binds every employee personally, so any staff member of the
    unit may make it; any other ground needs a decision-maker of the disclosing unit."""
    errors: dict[str, list[str]] = {}
    errors.update(_vocabulary_errors(categories, purpose))
    errors.update(facts_errors(facts))
    if not content.strip():
        errors["content"] = [_("Skriv vad som lämnas ut.")]
    if errors:
        raise InvalidInput(errors=errors)
    from_unit = _membership_unit(actor, from_unit_id, field="from_unit", roles=OPERATIONAL)
    to_unit = (
        Unit.objects.select_related("organisation")
        .filter(pk=to_unit_id, organisation__municipality_id=young_person.municipality_id)
        .first()
    )
    if to_unit is None:
        raise InvalidInput(errors={"to_unit": [_("Okänd enhet.")]})
    if case is not None and not CaseParticipant.objects.filter(case=case, unit=to_unit).exists():
        raise InvalidInput(errors={"to_unit": [_("Enheten deltar inte i ärendet.")]})
    today = timezone.localdate()
    result = evaluate_between(
        young_person=young_person,
        from_unit=from_unit,
        to_unit=to_unit,
        categories=categories,
        purpose=purpose,
        facts=facts,
        on=today,
    )
    plan = plan_release(
        result, categories=list(dict.fromkeys(categories)), ground_id=ground or None
    )
    note = AuditNote(
        action="disclosure.refused",
        object_type="disclosure",
        young_person_id=young_person.pk,
        case_id=case.pk if case else None,
        payload={
            "outcome": result.outcome.value,
            "to_unit": str(to_unit.pk),
            "grounds": sorted(result.applicable_ground_ids),
        },
    )
    if isinstance(plan, dict):
        raise InvalidInput(errors=plan, extra={"check": _check_json(result)}, audit=note)
    if plan.ground.outcome is not engine.Outcome.MANDATORY_REPORT and not actor.has_role(
        Role.DECISION_MAKER, unit_id=from_unit.pk
    ):
        raise Forbidden(
            detail=_("Utlämnande på grunden %(ground)s beslutas av en beslutsfattare i enheten.")
            % {"ground": plan.ground.id},
            code="not_decision_maker",
            audit=note,
        )
    if plan.needs_assessment and not assessment.strip():
        raise InvalidInput(
            errors={
                "assessment": [
                    _("Grunden %(ground)s kräver en dokumenterad bedömning: %(test)s.")
                    % {"ground": plan.ground.id, "test": plan.ground.assessment or ""}
                ]
            },
            extra={"check": _check_json(result)},
            audit=note,
        )
    with transaction.atomic(durable=True):
        _link_unit(young_person, from_unit, YoungPersonUnit.Reason.REGISTERED)
        return _record_disclosure(
            actor=actor,
            kind=DisclosureKind.OWN_INITIATIVE,
            young_person=young_person,
            from_unit=from_unit,
            to_unit=to_unit,
            categories=list(dict.fromkeys(categories)),
            content=content.strip(),
            purpose=purpose,
            release=plan,
            assessment=assessment.strip(),
            facts=facts,
            result=result,
            decided_by=actor.user,
            case=case,
        )
