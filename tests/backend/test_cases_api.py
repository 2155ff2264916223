"""Collaboration cases: opening, members as object permissions, and the audit events."""

from __future__ import annotations

import pytest
from guardian.shortcuts import get_perms

from backend.cases.models import Case, CaseMember, CaseUserObjectPermission

pytestmark = pytest.mark.django_db


def test_open_case_makes_the_creator_a_managing_member(personas, audit_log, young_person_factory):
    young_person = young_person_factory("socsek")
    audit_log.mark()
    response = personas.client("socsek").post(
        "/api/v1/cases/",
        {
            "young_person": str(young_person.pk),
            "lead_unit": str(personas.unit("IFO Barn och unga").pk),
            "participating_units": [str(personas.unit("Kommunpolis Exempelby").pk)],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "open"
    assert [m["user"] for m in body["members"]] == [str(personas["socsek"].pk)]
    assert {u["kind"] for u in body["participating_units"]} == {"child_and_youth", "local_police"}
    case = Case.objects.get(pk=body["id"])
    # Membership is a django-guardian object permission in the direct foreign-key table.
    assert set(get_perms(personas["socsek"], case)) == {"view_case", "manage_case_members"}
    assert CaseUserObjectPermission.objects.filter(content_object=case).count() == 2
    [event] = audit_log.new()
    assert (event.action, event.case_id, event.young_person_id) == (
        "case.created",
        case.pk,
        young_person.pk,
    )


def test_unit_of_another_municipality_is_unknown(personas, young_person_factory):
    young_person = young_person_factory("socsek")
    response = personas.client("socsek").post(
        "/api/v1/cases/",
        {
            "young_person": str(young_person.pk),
            "lead_unit": str(personas.unit("IFO Barn och unga").pk),
            "participating_units": [str(personas.unit("Grannby barn och unga").pk)],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "participating_units" in response.json()["errors"]
    assert Case.objects.count() == 0


def test_unknown_young_person_is_bad_input_and_an_audited_denial(
    personas, audit_log, young_person_factory
):
    hidden = young_person_factory("socsek")
    audit_log.mark()
    response = personas.client("larare").post(
        "/api/v1/cases/",
        {
            "young_person": str(hidden.pk),
            "lead_unit": str(personas.unit("Exempelskolan undervisning").pk),
            "participating_units": [],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["young_person"] == ["Okänd ung person."]
    [event] = audit_log.new()
    assert (event.action, event.outcome, event.young_person_id) == (
        "access.denied",
        "denied",
        hidden.pk,
    )


def test_added_member_sees_the_case_and_removed_member_loses_it_at_once(
    personas, audit_log, case_factory
):
    case = case_factory(members=())
    url = f"/api/v1/cases/{case.pk}/"
    kommunpolis = personas.client("kommunpolis")
    assert kommunpolis.get(url).status_code == 404
    audit_log.mark()
    added = personas.client("socsek").post(
        f"{url}members/",
        {
            "user": str(personas["kommunpolis"].pk),
            "unit": str(personas.unit("Kommunpolis Exempelby").pk),
        },
        format="json",
    )
    assert added.status_code == 201
    assert kommunpolis.get(url).status_code == 200
    removed = personas.client("socsek").delete(f"{url}members/{personas['kommunpolis'].pk}/")
    assert removed.status_code == 204
    assert kommunpolis.get(url).status_code == 404
    assert get_perms(personas["kommunpolis"], case) == []
    assert [a for a, _o in audit_log.actions()] == [
        "case.member_added",
        "case.viewed",
        "case.member_removed",
        "access.denied",
    ]


def test_member_must_work_in_a_participating_unit(personas, case_factory):
    case = case_factory(members=())
    response = personas.client("socsek").post(
        f"/api/v1/cases/{case.pk}/members/",
        {
            "user": str(personas["larare"].pk),
            "unit": str(personas.unit("Kommunpolis Exempelby").pk),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "user" in response.json()["errors"]
    assert not CaseMember.objects.filter(case=case, user=personas["larare"]).exists()


def test_adding_a_member_twice_is_a_conflict(personas, case_factory):
    case = case_factory(members=("rektor",))
    response = personas.client("socsek").post(
        f"/api/v1/cases/{case.pk}/members/",
        {"user": str(personas["rektor"].pk), "unit": str(personas.unit("Exempelskolan rektor").pk)},
        format="json",
    )
    assert response.status_code == 409


def test_the_last_lead_unit_member_cannot_be_removed(personas, case_factory):
    case = case_factory(members=("rektor",))
    response = personas.client("socsek").delete(
        f"/api/v1/cases/{case.pk}/members/{personas['socsek'].pk}/"
    )
    assert response.status_code == 409
    assert CaseMember.objects.filter(case=case, user=personas["socsek"]).exists()


def test_leaving_the_unit_ends_access_to_its_cases(personas, case_factory):
    from backend.organisations.models import Membership

    case = case_factory(members=("kommunpolis",))
    Membership.objects.filter(user=personas["kommunpolis"]).delete()
    assert personas.client("kommunpolis").get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_case_list_audits_ids_and_has_bounded_queries(
    personas, audit_log, case_factory, django_assert_max_num_queries
):
    cases = [case_factory(members=("rektor",)) for _ in range(3)]
    client = personas.client("rektor")
    client.get("/api/v1/cases/")
    audit_log.mark()
    with django_assert_max_num_queries(14):
        response = client.get("/api/v1/cases/")
    assert {c["id"] for c in response.json()["results"]} == {str(c.pk) for c in cases}
    [event] = audit_log.new()
    assert event.action == "case.listed"
    assert set(event.payload["ids"]) == {str(c.pk) for c in cases}


def test_administrator_cannot_read_cases_even_with_a_membership_row(personas, case_factory):
    """Deny by default: object permissions alone do not open a case to a non-operational role."""
    from guardian.shortcuts import assign_perm

    case = case_factory()
    assign_perm("cases.view_case", personas["admin"], case)
    assert personas.client("admin").get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_case_is_paused_reopened_and_closed_with_a_reason(personas, audit_log, case_factory):
    case = case_factory()
    url = f"/api/v1/cases/{case.pk}/status/"
    socsek = personas.client("socsek")
    assert socsek.post(url, {"status": "paused"}, format="json").json()["status"] == "paused"
    assert socsek.post(url, {"status": "open"}, format="json").json()["status"] == "open"
    no_reason = socsek.post(url, {"status": "closed"}, format="json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["errors"]
    closed = socsek.post(url, {"status": "closed", "reason": "Målen uppnådda."}, format="json")
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_reason"] == "Målen uppnådda."
    assert socsek.post(url, {"status": "open"}, format="json").status_code == 409
    assert (
        personas.client("rektor").post(url, {"status": "paused"}, format="json").status_code == 403
    )
    assert [a for a, _o in audit_log.actions()].count("case.status_changed") == 3
