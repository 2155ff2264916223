"""The case plan (Socialstyrelsen's knowledge support): risk and need assessments, goals as
active behaviours, interventions from the catalogue with their recommendation for the young
person's age, and follow-ups. Social services' record: only its members of the case see it.

Each form adds one part; the page hands the whole plan, with the addition, to
``case_plan_replace`` together with the version it showed, so that two people editing at
once get a conflict instead of a lost update."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import audit
from backend.cases.access import access_case
from backend.cases.models import Case
from backend.core.actor import Actor
from backend.core.exceptions import InvalidInput
from backend.web.forms import AssessmentForm, FollowUpForm, GoalForm, InterventionForm
from backend.web.pages import actor_of, form_invalid, page
from backend.web.views.cases import case_context
from workflows.meetings import actions
from workflows.meetings.interventions import BY_CODE, CATALOGUE
from workflows.meetings.models import (
    Attainment,
    CasePlan,
    Goal,
    GoalActor,
    PlannedIntervention,
    Recommendation,
    RiskArea,
    RiskAssessment,
    RiskLevel,
)
from workflows.meetings.queries import may_keep_plan

PARTS = ("assessment", "goal", "intervention", "follow_up")


def _plan(case: Case) -> CasePlan | None:
    return (
        CasePlan.objects.filter(case=case)
        .prefetch_related(
            Prefetch("assessments", queryset=RiskAssessment.objects.prefetch_related("areas")),
            Prefetch("goals", queryset=Goal.objects.prefetch_related("sub_goals")),
            Prefetch(
                "interventions", queryset=PlannedIntervention.objects.prefetch_related("goals")
            ),
            "follow_ups",
        )
        .first()
    )


def _inputs(plan: CasePlan | None) -> dict[str, list[Any]]:
    """The stored plan in the shape ``case_plan_replace`` takes (ids kept, so the goals,
    links and confirmations survive the replacement)."""
    if plan is None:
        return {"assessments": [], "goals": [], "interventions": [], "follow_ups": []}

    def goal(row: Goal) -> actions.GoalInput:
        return actions.GoalInput(
            id=row.pk,
            who=row.who,
            behaviour=row.behaviour,
            risk_area=row.risk_area,
            target_date=row.target_date,
            sub_goals=[goal(sub) for sub in row.sub_goals.all()],
        )

    return {
        "assessments": [
            actions.AssessmentInput(
                instrument=a.instrument,
                assessed_on=a.assessed_on,
                level=a.level,
                summary=a.summary,
                areas=[
                    actions.RiskAreaInput(area=f.area, level=f.level, note=f.note)
                    for f in a.areas.all()
                ],
            )
            for a in plan.assessments.all()
        ],
        "goals": [goal(g) for g in plan.goals.all() if g.parent_id is None],
        "interventions": [
            actions.InterventionInput(
                id=i.pk,
                code=i.code,
                method=i.method,
                starts_on=i.starts_on,
                ends_on=i.ends_on,
                note=i.note,
                goals=[g.pk for g in i.goals.all()],
                confirm_not_recommended=i.flagged,  # confirmed when it was chosen
            )
            for i in plan.interventions.all()
        ],
        "follow_ups": [
            actions.FollowUpInput(
                goal=f.goal_id,
                followed_up_on=f.followed_up_on,
                attainment=f.attainment,
                note=f.note,
            )
            for f in plan.follow_ups.all()
        ],
    }


def _goal_choices(plan: CasePlan | None) -> list[tuple[str, str]]:
    if plan is None:
        return []
    return [(str(g.pk), g.behaviour[:80]) for g in plan.goals.all()]


def _forms(
    request: HttpRequest, case: Case, plan: CasePlan | None, posted: str | None
) -> dict[str, Any]:
    age = case.young_person.age_on(timezone.localdate())
    data = request.POST if request.method == "POST" else None
    codes = []
    for item in CATALOGUE:
        recommendation = Recommendation(item.recommendation_for(age))
        codes.append((item.code, f"{item.name} – {recommendation.label}"))
    goals = _goal_choices(plan)
    top_goals = [
        (str(g.pk), g.behaviour[:80])
        for g in (plan.goals.all() if plan else [])
        if g.parent_id is None
    ]
    return {
        "assessment": AssessmentForm(
            data if posted == "assessment" else None,
            initial={"assessed_on": timezone.localdate()},
            levels=list(RiskLevel.choices),
            areas=list(RiskArea.choices),
        ),
        "goal": GoalForm(
            data if posted == "goal" else None,
            actors=list(GoalActor.choices),
            areas=list(RiskArea.choices),
            parents=top_goals,
        ),
        "intervention": InterventionForm(
            data if posted == "intervention" else None, codes=codes, goals=goals
        ),
        "follow_up": FollowUpForm(
            data if posted == "follow_up" else None,
            initial={"followed_up_on": timezone.localdate()},
            goals=goals,
            attainments=list(Attainment.choices),
        ),
    }


def _add(part: str, form: Any, current: dict[str, list[Any]]) -> tuple[dict[str, list[Any]], str]:
    """The plan with the new part; and the prefix its errors will carry."""
    data = form.cleaned_data
    plan = {key: list(value) for key, value in current.items()}
    if part == "assessment":
        plan["assessments"].append(
            actions.AssessmentInput(
                instrument=data["instrument"],
                assessed_on=data["assessed_on"],
                level=data["level"],
                summary=data["summary"],
                areas=[
                    actions.RiskAreaInput(area=name.removeprefix("area_"), level=data[name])
                    for name in form.area_fields
                    if data.get(name)
                ],
            )
        )
        return plan, f"assessments.{len(plan['assessments']) - 1}."
    if part == "goal":
        new = actions.GoalInput(
            who=data["who"],
            behaviour=data["behaviour"],
            risk_area=data["risk_area"],
            target_date=data["target_date"],
        )
        if data["parent"]:
            for index, goal in enumerate(plan["goals"]):
                if str(goal.id) == data["parent"]:
                    plan["goals"][index] = actions.GoalInput(
                        **{**goal.__dict__, "sub_goals": [*goal.sub_goals, new]}
                    )
                    return plan, f"goals.{index}.sub_goals.{len(goal.sub_goals)}."
        plan["goals"].append(new)
        return plan, f"goals.{len(plan['goals']) - 1}."
    if part == "intervention":
        plan["interventions"].append(
            actions.InterventionInput(
                code=data["code"],
                method=data["method"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
                goals=[uuid.UUID(g) for g in data["goals"]],
                confirm_not_recommended=data["confirm_not_recommended"],
            )
        )
        return plan, f"interventions.{len(plan['interventions']) - 1}."
    plan["follow_ups"].append(
        actions.FollowUpInput(
            goal=uuid.UUID(data["goal"]),
            followed_up_on=data["followed_up_on"],
            attainment=data["attainment"],
            note=data["note"],
        )
    )
    return plan, f"follow_ups.{len(plan['follow_ups']) - 1}."


@page
@require_http_methods(["GET", "POST"])
def case_plan(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    case = access_case(actor, case_id)
    if not may_keep_plan(actor, case):
        raise actions.plan_forbidden(case.pk, case.young_person_id)
    plan = _plan(case)
    posted = request.POST.get("part") if request.method == "POST" else None
    forms = _forms(request, case, plan, posted if posted in PARTS else None)
    if posted in PARTS and forms[posted].is_valid():
        new_plan, prefix = _add(posted, forms[posted], _inputs(plan))
        version = request.POST.get("version", "")
        try:
            actions.case_plan_replace(
                actor=actor,
                case_id=case.pk,
                version=int(version) if version.isdigit() else None,
                **new_plan,
            )
        except InvalidInput as exc:
            # The new part's errors on its own fields; anything else on the form itself.
            exc.errors = {
                (key.removeprefix(prefix) if key.startswith(prefix) else key): value
                for key, value in exc.errors.items()
            }
            form_invalid(request, forms[posted], exc)
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect(f"{request.path}#{posted}")
    _record_view(actor, case)
    return render(
        request,
        "web/plan/plan.html",
        {
            **case_context(actor, case, "plan"),
            "plan": plan,
            "forms": forms,
            "catalogue": [
                {
                    "item": item,
                    "recommendation": Recommendation(
                        item.recommendation_for(case.young_person.age_on(timezone.localdate()))
                    ),
                }
                for item in CATALOGUE
            ],
            "names": {code: item.name for code, item in BY_CODE.items()},
            "errors": any(f.errors for f in forms.values()),
        },
        status=400 if any(f.errors for f in forms.values()) else 200,
    )


def _record_view(actor: Actor, case: Case) -> None:
    audit.record(
        actor=actor,
        action="case_plan.viewed",
        object_type="case_plan",
        object_id=case.pk,
        case_id=case.pk,
        young_person_id=case.young_person_id,
    )
