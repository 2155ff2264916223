"""The Django admin serves the directory (organisations, units, accounts) and nothing else."""

from __future__ import annotations

import pytest
from django.test import Client

from backend.organisations.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(personas) -> Client:
    client = Client()
    client.force_login(personas["admin"])
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/organisations/organisation/",
        "/admin/organisations/unit/",
        "/admin/organisations/membership/",
        "/admin/accounts/user/",
    ],
)
def test_administrator_manages_the_directory(admin_client_, path):
    assert admin_client_.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/people/youngperson/",
        "/admin/cases/case/",
        "/admin/audit/auditevent/",
        "/admin/people/guardian/",
    ],
)
def test_no_case_content_in_the_admin(admin_client_, path):
    assert admin_client_.get(path).status_code == 404


def test_admin_changes_are_audited(admin_client_, audit_log):
    response = admin_client_.post(
        "/admin/organisations/municipality/add/", {"name": "Tredjeby", "code": "9903"}
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(code="9903")
    [event] = audit_log.new()
    assert (event.action, event.object_id, event.actor_username) == (
        "directory.changed",
        str(municipality.pk),
        "admin",
    )


def test_a_user_works_in_one_municipality(personas, admin_client_):
    from django.core.exceptions import ValidationError

    from backend.organisations.models import Membership, Role

    membership = Membership(
        user=personas["socsek"], unit=personas.unit("Grannby barn och unga"), role=Role.STAFF
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_staff_of_other_roles_cannot_enter_the_admin(personas):
    client = Client()
    client.force_login(personas["socsek"])
    assert client.get("/admin/organisations/unit/").status_code == 302  # to the login page
