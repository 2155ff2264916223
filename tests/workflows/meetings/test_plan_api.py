"""The case plan (risk and need assessment, goals as active behaviours, interventions with an end
date, follow-ups) and the intervention catalogue with its recommendations by age."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from workflows.meetings.models import CasePlan, PlannedIntervention

pytestmark = pytest.mark.django_db


def _born(age: int) -> datetime.date:
    """A birth date of someone who is ``age`` today (and was so for about three months)."""
    day = timezone.localdate() - datetime.timedelta(days=92)
    return day.replace(year=day.year - age, day=min(day.day, 28))


@pytest.fixture
def plan_case(young_person_factory, case_factory):
    return case_factory(young_person_factory(birth_date=_born(14)))


def _plan(goal_id: uuid.UUID | None = None, **overrides):
    goal_id = goal_id or uuid.uuid4()
    body = {
        "assessments": [
            {
                "instrument": "ESTER-bedömning",
                "assessed_on": "2026-09-01",
                "level": "high",
                "summary": "Hög risk, främst umgänge och skola.",
                "areas": [
                    {"area": "peers", "level": "high", "note": "Äldre kamrater"},
                    {"area": "school", "level": "medium"},
                    {"area": "parents_family", "level": "medium"},
                ],
            }
        ],
        "goals": [
            {
                "id": str(goal_id),
                "who": "child",
                "behaviour": "går till skolan alla skoldagar",
                "risk_area": "school",
                "target_date": "2027-06-01",
                "sub_goals": [
                    {"who": "parents", "behaviour": "väcker och följer honom till bussen"}
                ],
            }
        ],
        "interventions": [
            {
                "code": "structured_family_treatment",
                "method": "MST",
                "starts_on": "2026-10-01",
                "ends_on": "2027-04-01",
                "goals": [str(goal_id)],
            }
        ],
        "follow_ups": [
            {
                "goal": str(goal_id),
                "followed_up_on": "2026-12-01",
                "attainment": "partly_achieved",
                "note": "Närvaron har ökat men inte alla dagar.",
            }
        ],
    }
    body.update(overrides)
    return body


def test_social_services_writes_and_reads_the_plan(personas, plan_case, audit_log):
    client = personas.client("socsek")
    url = f"/api/v1/cases/{plan_case.pk}/plan/"
    empty = client.get(url)
    assert empty.status_code == 200
    assert empty.json()["version"] == 0
    audit_log.mark()
    response = client.put(url, _plan(), format="json")
    assert response.status_code == 200, response.content
    plan = response.json()
    assert plan["version"] == 1
    assert plan["assessments"][0]["areas"][0] == {
        "area": "peers",
        "level": "high",
        "note": "Äldre kamrater",
    }
    goal = plan["goals"][0]
    assert goal["who"] == "child"
    assert goal["sub_goals"][0]["who"] == "parents"
    intervention = plan["interventions"][0]
    assert intervention["recommendation"] == "recommended"  # 12-17: family treatment
    assert intervention["flagged"] is False
    assert intervention["ends_on"] == "2027-04-01"
    assert intervention["goals"] == [goal["id"]]
    assert plan["follow_ups"][0]["attainment"] == "partly_achieved"
    assert audit_log.actions() == [("case_plan.updated", "allowed")]
    payload = audit_log.new()[0].payload
    assert "Äldre" not in str(payload)  # metadata, no content
    audit_log.mark()
    assert client.get(url).json() == plan
    assert audit_log.actions() == [("case_plan.viewed", "allowed")]


def test_a_get_put_round_trip_keeps_the_plan(personas, plan_case):
    client = personas.client("socsek")
    url = f"/api/v1/cases/{plan_case.pk}/plan/"
    first = client.put(url, _plan(), format="json").json()
    second = client.put(url, first, format="json")
    assert second.status_code == 200, second.content
    body = second.json()
    assert body["version"] == 2
    for key in ("goals", "follow_ups", "assessments"):
        assert len(body[key]) == len(first[key])
    assert body["goals"][0]["id"] == first["goals"][0]["id"]


def test_other_agencies_in_the_case_may_not_read_the_plan(personas, plan_case):
    url = f"/api/v1/cases/{plan_case.pk}/plan/"
    for username in ("rektor", "kommunpolis"):
        assert personas.client(username).get(url).status_code == 403
        assert personas.client(username).put(url, _plan(), format="json").status_code == 403
    assert not CasePlan.objects.exists()


def test_scared_straight_needs_explicit_confirmation_and_is_flagged(personas, plan_case, audit_log):
    client = personas.client("socsek")
    url = f"/api/v1/cases/{plan_case.pk}/plan/"
    scared = {"code": "scared_straight", "ends_on": "2027-01-01"}
    refused = client.put(url, _plan(interventions=[scared]), format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["interventions.0.confirm_not_recommended"]
    assert not CasePlan.objects.exists()

    audit_log.mark()
    accepted = client.put(
        url, _plan(interventions=[{**scared, "confirm_not_recommended": True}]), format="json"
    )
    assert accepted.status_code == 200, accepted.content
    chosen = accepted.json()["interventions"][0]
    assert chosen["recommendation"] == "not_recommended"
    assert chosen["flagged"] is True
    assert chosen["confirmed_by"] == str(personas["socsek"].pk)
    assert len(accepted.json()["warnings"]) == 1
    assert audit_log.actions() == [
        ("case_plan.updated", "allowed"),
        ("case_plan.not_recommended_intervention", "allowed"),
    ]
    assert audit_log.new()[1].payload["code"] == "scared_straight"

    # Saved again as it was read: the confirmation stands, and it is not audited twice.
    audit_log.mark()
    again = client.put(url, accepted.json(), format="json")
    assert again.status_code == 200
    assert again.json()["interventions"][0]["confirmed_at"] == chosen["confirmed_at"]
    assert audit_log.actions() == [("case_plan.updated", "allowed")]
    assert PlannedIntervention.objects.filter(flagged=True).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {
                "follow_ups": [
                    {
                        "goal": str(uuid.uuid4()),
                        "followed_up_on": "2026-12-01",
                        "attainment": "achieved",
                    }
                ]
            },
            "follow_ups.0.goal",
        ),
        (
            {"interventions": [{"code": "boot_camp", "ends_on": "2027-01-01"}]},
            "interventions.0.code",
        ),
        ({"interventions": [{"code": "structured_family_treatment"}]}, "interventions.0.ends_on"),
        ({"interventions": [{"code": "other", "ends_on": "2027-01-01"}]}, "interventions.0.method"),
        ({"goals": [{"who": "child", "behaviour": "x"}]}, "goals.0.behaviour"),
        ({"goals": [{"who": "dog", "behaviour": "går till skolan"}]}, "goals.0.who"),
        (
            {
                "goals": [
                    {
                        "who": "child",
                        "behaviour": "går till skolan",
                        "sub_goals": [
                            {
                                "who": "child",
                                "behaviour": "går upp i tid",
                                "sub_goals": [{"who": "child"}],
                            }
                        ],
                    }
                ]
            },
            "goals.0.sub_goals.0.sub_goals",
        ),
        (
            {
                "assessments": [
                    {"instrument": "ESTER", "assessed_on": "2026-09-01", "level": "extreme"}
                ]
            },
            "assessments.0.level",
        ),
        (
            {
                "assessments": [
                    {
                        "instrument": "ESTER",
                        "assessed_on": "2026-09-01",
                        "level": "low",
                        "areas": [
                            {"area": "school", "level": "low"},
                            {"area": "school", "level": "high"},
                        ],
                    }
                ]
            },
            "assessments.0.areas",
        ),
    ],
)
def test_bad_plan_is_400_naming_the_field_and_nothing_is_written(
    personas, plan_case, change, field
):
    body = _plan(**change)
    if "goals" in change:
        body["interventions"] = []
        body["follow_ups"] = []
    response = personas.client("socsek").put(
        f"/api/v1/cases/{plan_case.pk}/plan/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()["errors"]
    assert not CasePlan.objects.exists()


def test_stale_version_is_a_conflict(personas, plan_case):
    client = personas.client("socsek")
    url = f"/api/v1/cases/{plan_case.pk}/plan/"
    client.put(url, _plan(version=0), format="json")
    client.put(url, _plan(version=1), format="json")
    response = client.put(url, _plan(version=1), format="json")
    assert response.status_code == 409
    assert CasePlan.objects.get().version == 2


def test_goal_id_of_another_plan_is_refused(personas, plan_case, case_factory):
    other_case = case_factory()
    goal_id = uuid.uuid4()
    client = personas.client("socsek")
    assert (
        client.put(
            f"/api/v1/cases/{other_case.pk}/plan/", _plan(goal_id), format="json"
        ).status_code
        == 200
    )
    response = client.put(f"/api/v1/cases/{plan_case.pk}/plan/", _plan(goal_id), format="json")
    assert response.status_code == 400
    assert "goals" in response.json()["errors"]


@pytest.mark.parametrize(
    ("age", "recommended"),
    [
        (8, {"parenting_programme", "multimodal_skills_training"}),
        (14, {"structured_family_treatment", "tfco", "individual_cbt_skills_training"}),
        (19, set()),
    ],
)
def test_catalogue_shows_the_recommendation_for_the_age(personas, age, recommended):
    response = personas.client("larare").get(f"/api/v1/interventions/?age={age}")
    assert response.status_code == 200
    by_code = {item["code"]: item["recommendation"] for item in response.json()["results"]}
    assert {code for code, status in by_code.items() if status == "recommended"} == recommended
    assert by_code["scared_straight"] == "not_recommended"
    assert by_code["other"] == "no_recommendation"


def test_catalogue_without_age_and_with_a_bad_age(personas):
    client = personas.client("socsek")
    items = client.get("/api/v1/interventions/").json()["results"]
    assert all(item["recommendation"] is None for item in items)
    assert "MST" in next(i for i in items if i["code"] == "structured_family_treatment")["examples"]
    response = client.get("/api/v1/interventions/?age=fjorton")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["age"]


def test_catalogue_speaks_english_when_asked(personas):
    response = personas.client("socsek").get(
        "/api/v1/interventions/?age=14", HTTP_ACCEPT_LANGUAGE="en"
    )
    names = {item["code"]: item["name"] for item in response.json()["results"]}
    assert names["structured_family_treatment"] == "Structured family treatment in outpatient care"
