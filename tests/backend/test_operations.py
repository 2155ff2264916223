"""Health, readiness, the OpenAPI document, settings that fail loudly, the compose file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from backend.settings import env

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_healthz():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_database_and_broker():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_readyz_is_503_naming_the_broker_when_it_is_down(monkeypatch):
    from backend.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")  # nothing listens
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "down"


def test_unknown_api_path_is_a_problem_document():
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_openapi_schema_lists_the_contract_paths():
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = set(schema["paths"])
    for path in [
        "/api/v1/auth/token/",
        "/api/v1/auth/logout/",
        "/api/v1/me/",
        "/api/v1/units/",
        "/api/v1/young-people/",
        "/api/v1/young-people/{young_person_id}/",
        "/api/v1/cases/",
        "/api/v1/cases/{case_id}/",
        "/api/v1/cases/{case_id}/members/",
        "/api/v1/cases/{case_id}/members/{user_id}/",
    ]:
        assert path in paths


def test_swagger_ui_is_served_without_a_cdn():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert b"cdn.jsdelivr" not in response.content


@pytest.mark.parametrize(
    ("name", "value", "reader"),
    [
        ("DEBUG", "maybe", lambda: env.env_bool("DEBUG", default=False)),
        ("EMAIL_PORT", "twenty-five", lambda: env.env_int("EMAIL_PORT", 25)),
        ("EMAIL_PORT", "0", lambda: env.env_int("EMAIL_PORT", 25, minimum=1)),
        ("ALLOWED_HOSTS", "a,,b", lambda: env.env_list("ALLOWED_HOSTS", [])),
    ],
)
def test_malformed_settings_fail_loudly(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


def test_secret_from_file_and_not_both(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env.env_str("SECRET_KEY") == "from-a-file"
    monkeypatch.setenv("SECRET_KEY", "direct")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env.env_str("SECRET_KEY")


def _manage(*args: str, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "backend.settings.production",
    "SECRET_KEY": "k" * 20 + "an-entirely-random-looking-secret-key-for-tests-1234567890",
    "ALLOWED_HOSTS": "samverka.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/samverka",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "AUDIT_CHECKPOINT_KEY": "c2FtdmVya2EtdGVzdC1jaGVja3BvaW50LWtleS0zMmI=",
}


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", extra_env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    settings_env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", extra_env=settings_env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_malformed_database_url_fails_loudly():
    result = _manage("check", extra_env={**PRODUCTION, "DATABASE_URL": "mysql://x@y/z"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_compose_file_runs_the_production_stack_with_our_settings():
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"migrate", "web", "worker", "beat", "postgres", "redis"}
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert "gunicorn backend.wsgi:application" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "backend", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "backend", "beat"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "backend.settings.production"
        # Every variable production requires is provided.
        for required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
            assert environment.get(required), (name, required)
        # The application's role, not the owner: it cannot bypass the audit triggers.
        assert environment["DATABASE_URL"].startswith("postgres://samverka_app:")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:6379")
    assert services["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["migrate"]["environment"]["DATABASE_URL"].startswith("postgres://samverka:")
    init = (ROOT / "docker" / "postgres" / "10-app-role.sh").read_text()
    assert "CREATE ROLE samverka_app LOGIN NOSUPERUSER" in init
    assert "./postgres:/docker-entrypoint-initdb.d:ro" in services["postgres"]["volumes"]
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert "uv sync --locked --no-dev" in dockerfile
    assert "USER samverka" in dockerfile


def test_seed_demo_is_idempotent(monkeypatch):
    from django.core.management import call_command

    from audit.models import AuditEvent
    from backend.cases.models import Case
    from backend.people.models import YoungPerson

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", stdout=io.StringIO())
    counts = (YoungPerson.objects.count(), Case.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (YoungPerson.objects.count(), Case.objects.count(), AuditEvent.objects.count()) == counts
    assert counts[0] == 4
    from django.contrib.auth import authenticate

    assert authenticate(username="kommunpolis", password="demo-password-for-tests") is not None


def test_openapi_schema_generates_without_warnings(tmp_path):
    result = _manage(
        "spectacular",
        "--fail-on-warn",
        "--validate",
        "--file",
        str(tmp_path / "schema.yaml"),
        extra_env={"DJANGO_SETTINGS_MODULE": "backend.settings.test"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
