"""The case plan: replaced as a whole (PUT), versioned, following the knowledge support.

Needs are matched to goals and interventions: a risk and need assessment names the risk areas;
goals and sub-goals say what the child, the parents or other adults will *do* (an active
behaviour, not a prohibition); each intervention has an approximate end date; follow-ups record
whether each goal was attained and, if not, why. Choosing an intervention the knowledge support
advises against (Scared Straight type) needs ``confirm_not_recommended`` and stays flagged; the
choice is its own audit event.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from backend.cases.access import access_case
from backend.core.actor import Actor
from backend.core.exceptions import Conflict, Forbidden, InvalidInput
from workflows.meetings.interventions import BY_CODE
from workflows.meetings.models import (
    CasePlan,
    FollowUp,
    Goal,
    PlannedIntervention,
    Recommendation,
    RiskAreaFinding,
    RiskAssessment,
)
from workflows.meetings.queries import may_keep_plan


@dataclass(frozen=True)
class RiskAreaInput:
    area: str
    level: str
    note: str = ""


@dataclass(frozen=True)
class AssessmentInput:
    instrument: str
    assessed_on: datetime.date
    level: str
    summary: str = ""
    areas: list[RiskAreaInput] = field(default_factory=list)


@dataclass(frozen=True)
class GoalInput:
    who: str
    behaviour: str
    id: uuid.UUID | None = None
    risk_area: str = ""
    target_date: datetime.date | None = None
    sub_goals: list[GoalInput] = field(default_factory=list)


@dataclass(frozen=True)
class InterventionInput:
    code: str
    ends_on: datetime.date
    id: uuid.UUID | None = None
    method: str = ""
    starts_on: datetime.date | None = None
    note: str = ""
    goals: list[uuid.UUID] = field(default_factory=list)
    confirm_not_recommended: bool = False


@dataclass(frozen=True)
class FollowUpInput:
    goal: uuid.UUID
    followed_up_on: datetime.date
    attainment: str
    note: str = ""


def plan_forbidden(case_id: uuid.UUID, young_person_id: uuid.UUID) -> Forbidden:
    return Forbidden(
        detail=_(
            "Planen förs av socialtjänsten i ärendet. Andra verksamheter får del av den genom "
            "ett utlämnande."
        ),
        code="plan_kept_by_social_services",
        object_type="case_plan",
        object_id=case_id,
        case_id=case_id,
        young_person_id=young_person_id,
    )


def _flatten_goals(
    goals: list[GoalInput], errors: dict[str, list[Any]]
) -> list[tuple[GoalInput, uuid.UUID, uuid.UUID | None, str]]:
    """(goal, id, parent id, error prefix) for goals and their sub-goals, ids assigned."""
    flat: list[tuple[GoalInput, uuid.UUID, uuid.UUID | None, str]] = []
    for index, goal in enumerate(goals):
        goal_id = goal.id or uuid.uuid4()
        flat.append((goal, goal_id, None, f"goals.{index}"))
        for sub_index, sub in enumerate(goal.sub_goals):
            prefix = f"goals.{index}.sub_goals.{sub_index}"
            if sub.sub_goals:
                errors.setdefault(f"{prefix}.sub_goals", []).append(
                    _("Delmål kan inte ha egna delmål.")
                )
            flat.append((sub, sub.id or uuid.uuid4(), goal_id, prefix))
    for goal, _goal_id, _parent, prefix in flat:
        if len(goal.behaviour.strip()) < 5:
            errors.setdefault(f"{prefix}.behaviour", []).append(
                _("Beskriv vad barnet, föräldrarna eller andra vuxna ska göra.")
            )
    return flat


def case_plan_replace(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    assessments: list[AssessmentInput],
    goals: list[GoalInput],
    interventions: list[InterventionInput],
    follow_ups: list[FollowUpInput],
    version: int | None = None,
) -> CasePlan:
    """Replace the case plan. ``version`` (optional) is the version the client read: a plan
    changed by someone else meanwhile is a conflict (409) instead of a lost update."""
    if actor.user is None:
        raise Forbidden(detail="the system does not write plans", code="system_actor")
    with transaction.atomic(durable=True):
        case = access_case(actor, case_id, for_update=True)
        if not may_keep_plan(actor, case):
            raise plan_forbidden(case.pk, case.young_person_id)
        plan = CasePlan.objects.select_for_update().filter(case=case).first()
        current_version = plan.version if plan else 0
        if version is not None and version != current_version:
            raise Conflict(
                detail=_(
                    "Planen har ändrats av någon annan (version %(current)s); läs in den igen."
                )
                % {"current": current_version},
                code="plan-version-conflict",
            )
        errors: dict[str, list[Any]] = {}
        today = timezone.localdate()
        age = case.young_person.age_on(today)

        flat_goals = _flatten_goals(goals, errors)
        goal_ids = [goal_id for _g, goal_id, _p, _x in flat_goals]
        if len(goal_ids) != len(set(goal_ids)):
            errors.setdefault("goals", []).append(_("Samma mål-id förekommer två gånger."))
        foreign_goal = Goal.objects.filter(pk__in=goal_ids)
        if plan is not None:
            foreign_goal = foreign_goal.exclude(plan=plan)
        if foreign_goal.exists():
            errors.setdefault("goals", []).append(_("Ett mål-id hör till en annan plan."))

        previous: dict[uuid.UUID, PlannedIntervention] = {}
        if plan is not None:
            previous = {i.pk: i for i in plan.interventions.all()}
        intervention_ids = [i.id for i in interventions if i.id is not None]
        foreign_intervention = PlannedIntervention.objects.filter(pk__in=intervention_ids)
        if plan is not None:
            foreign_intervention = foreign_intervention.exclude(plan=plan)
        if foreign_intervention.exists() or len(intervention_ids) != len(set(intervention_ids)):
            errors.setdefault("interventions", []).append(
                _("Ett insats-id hör till en annan plan eller förekommer två gånger.")
            )
        recommendations: list[str] = []
        for index, item in enumerate(interventions):
            prefix = f"interventions.{index}"
            catalogue_entry = BY_CODE.get(item.code)
            if catalogue_entry is None:
                errors.setdefault(f"{prefix}.code", []).append(_("Okänd insats."))
                recommendations.append(Recommendation.NO_RECOMMENDATION)
                continue
            recommendation = catalogue_entry.recommendation_for(age)
            recommendations.append(recommendation)
            if (
                recommendation == Recommendation.NOT_RECOMMENDED
                and not item.confirm_not_recommended
            ):
                errors.setdefault(f"{prefix}.confirm_not_recommended", []).append(
                    _(
                        "Socialstyrelsen avråder från den här insatsen: barn som genomgått "
                        "sådana program begår fler brott. Bekräfta valet uttryckligen om den "
                        "ändå ska användas."
                    )
                )
            if item.code == "other" and not item.method.strip():
                errors.setdefault(f"{prefix}.method", []).append(_("Ange vilken insats."))
            if item.starts_on is not None and item.ends_on < item.starts_on:
                errors.setdefault(f"{prefix}.ends_on", []).append(
                    _("Slutdatumet ligger före startdatumet.")
                )
            for goal_index, goal_ref in enumerate(item.goals):
                if goal_ref not in goal_ids:
                    errors.setdefault(f"{prefix}.goals.{goal_index}", []).append(
                        _("Okänt mål i planen.")
                    )
        for index, follow_up in enumerate(follow_ups):
            if follow_up.goal not in goal_ids:
                errors.setdefault(f"follow_ups.{index}.goal", []).append(_("Okänt mål i planen."))
        for index, assessment in enumerate(assessments):
            areas = [a.area for a in assessment.areas]
            if len(areas) != len(set(areas)):
                errors.setdefault(f"assessments.{index}.areas", []).append(
                    _("Varje riskområde bedöms en gång per bedömning.")
                )
        if errors:
            raise InvalidInput(errors=errors)

        if plan is None:
            plan = CasePlan.objects.create(case=case, version=1, updated_by=actor.user)
        else:
            plan.version += 1
            plan.updated_by = actor.user
            plan.save(update_fields=["version", "updated_by", "updated_at"])
            # Replace the content: follow-ups and interventions first (they point at goals).
            FollowUp.objects.filter(plan=plan).delete()
            PlannedIntervention.objects.filter(plan=plan).delete()
            Goal.objects.filter(plan=plan, parent__isnull=False).delete()
            Goal.objects.filter(plan=plan).delete()
            RiskAssessment.objects.filter(plan=plan).delete()

        for position, assessment in enumerate(assessments):
            assessment_row = RiskAssessment.objects.create(
                plan=plan,
                instrument=assessment.instrument.strip(),
                assessed_on=assessment.assessed_on,
                level=assessment.level,
                summary=assessment.summary,
                position=position,
            )
            RiskAreaFinding.objects.bulk_create(
                RiskAreaFinding(assessment=assessment_row, area=a.area, level=a.level, note=a.note)
                for a in assessment.areas
            )
        for position, (goal, goal_id, parent_id, _prefix) in enumerate(flat_goals):
            Goal.objects.create(
                id=goal_id,
                plan=plan,
                parent_id=parent_id,
                who=goal.who,
                behaviour=goal.behaviour.strip(),
                risk_area=goal.risk_area,
                target_date=goal.target_date,
                position=position,
            )
        newly_flagged: list[PlannedIntervention] = []
        links: list[Any] = []
        now = timezone.now()
        for position, (item, recommendation) in enumerate(
            zip(interventions, recommendations, strict=True)
        ):
            flagged = recommendation == Recommendation.NOT_RECOMMENDED
            earlier = previous.get(item.id) if item.id else None
            keep_confirmation = flagged and earlier is not None and earlier.flagged
            row = PlannedIntervention.objects.create(
                id=item.id or uuid.uuid4(),
                plan=plan,
                code=item.code,
                method=item.method.strip(),
                starts_on=item.starts_on,
                ends_on=item.ends_on,
                recommendation=recommendation,
                flagged=flagged,
                confirmed_by_id=(
                    (earlier.confirmed_by_id if keep_confirmation and earlier else actor.user_id)
                    if flagged
                    else None
                ),
                confirmed_at=(
                    (earlier.confirmed_at if keep_confirmation and earlier else now)
                    if flagged
                    else None
                ),
                note=item.note,
                position=position,
            )
            links.extend(
                PlannedIntervention.goals.through(plannedintervention_id=row.pk, goal_id=goal_id)
                for goal_id in dict.fromkeys(item.goals)
            )
            if flagged and not keep_confirmation:
                newly_flagged.append(row)
        PlannedIntervention.goals.through.objects.bulk_create(links)
        FollowUp.objects.bulk_create(
            FollowUp(
                plan=plan,
                goal_id=f.goal,
                followed_up_on=f.followed_up_on,
                attainment=f.attainment,
                note=f.note,
                position=position,
            )
            for position, f in enumerate(follow_ups)
        )
        audit.record(
            actor=actor,
            action="case_plan.updated",
            object_type="case_plan",
            object_id=plan.pk,
            case_id=case.pk,
            young_person_id=case.young_person_id,
            payload={
                "version": plan.version,
                "assessments": len(assessments),
                "goals": len(flat_goals),
                "interventions": [i.code for i in interventions],
                "follow_ups": len(follow_ups),
            },
        )
        for row in newly_flagged:
            audit.record(
                actor=actor,
                action="case_plan.not_recommended_intervention",
                object_type="case_plan",
                object_id=plan.pk,
                case_id=case.pk,
                young_person_id=case.young_person_id,
                payload={"intervention": str(row.pk), "code": row.code, "age": age},
            )
    return plan
