from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_me_returns_memberships(personas):
    response = personas.client("socsek").get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "socsek"
    assert body["municipality"]["name"] == "Exempelby"
    assert body["memberships"][0]["unit"]["agency"] == "social_services"
