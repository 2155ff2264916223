"""Bearer tokens: issue, use, expire, revoke; failed logins are audited."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _token(username: str, password: str = PASSWORD) -> tuple[int, dict]:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    return response.status_code, response.json()


def test_token_works_as_bearer_and_is_audited(personas, audit_log):
    status, body = _token("socsek")
    assert status == 200
    assert set(body) == {"token", "expires_at"}
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert client.get("/api/v1/me/").json()["username"] == "socsek"
    [event] = audit_log.new()
    assert (event.action, event.actor_username) == ("auth.login", "socsek")


def test_wrong_password_is_401_and_audited_as_failed_login(personas, audit_log):
    status, body = _token("socsek", "wrong")
    assert status == 401
    assert body["status"] == 401
    [event] = audit_log.new()
    assert (event.action, event.outcome, event.actor_username) == (
        "auth.login_failed",
        "denied",
        "socsek",
    )


def test_unknown_user_failed_login_goes_to_the_global_chain(personas, audit_log):
    status, _ = _token("nobody", "x")
    assert status == 401
    [event] = audit_log.new()
    assert event.chain == "global"
    assert event.actor_id is None


def test_missing_fields_name_them(personas):
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}


def test_token_expires(personas, settings):
    _, body = _token("socsek")
    expires_at = datetime.datetime.fromisoformat(body["expires_at"])
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    with time_machine.travel(expires_at + datetime.timedelta(seconds=1)):
        response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_logout_revokes_the_token(personas, audit_log):
    _, body = _token("socsek")
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401
    assert [a for a, _ in audit_log.actions()] == ["auth.login", "auth.logout"]


def test_garbage_token_is_401(personas):
    client = APIClient(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert client.get("/api/v1/me/").status_code == 401


def test_repeated_failed_logins_are_throttled(personas):
    statuses = [_token("socsek", "wrong")[0] for _ in range(12)]
    assert statuses[:10] == [401] * 10
    assert statuses[-1] == 429
