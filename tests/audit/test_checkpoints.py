"""Checkpoints: the beat task signs every chain head that moved and publishes it in the
database and in files; production refuses to run without a signing key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

import audit
from audit import signing
from audit.checkpoints import Checkpoint, read_files
from audit.models import AuditCheckpoint
from audit.tasks import write_checkpoints
from backend.settings.base import _audit_keys, _working_hours

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkpoint_dir(settings: Any, tmp_path: Path) -> Path:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


def test_beat_runs_the_checkpoint_task_at_the_configured_interval(settings):
    from backend.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["audit-write-checkpoints"]
    assert entry["schedule"] == settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


@pytest.mark.django_db
def test_task_signs_moved_heads_into_the_database_and_files(personas, checkpoint_dir):
    actor = personas.actor("socsek")
    audit.record(actor=actor, action="case.listed", payload={"ids": []})
    audit.record(actor=actor, action="case.listed", payload={"ids": []})
    chain = str(actor.municipality_id)

    assert write_checkpoints.delay().get() >= 1
    row = AuditCheckpoint.objects.get(chain=chain)
    assert row.last_seq == 2
    assert Checkpoint.from_model(row).signature_ok
    [on_disk], unreadable = read_files(chain)
    assert unreadable == []
    assert (on_disk.last_seq, on_disk.last_hash, on_disk.signature) == (
        row.last_seq,
        row.last_hash,
        row.signature,
    )
    assert on_disk.signature_ok
    data = json.loads((checkpoint_dir / chain / "000000000002.json").read_text())
    assert data["key_id"] == signing.key_id(signing.signing_key().public_key())

    assert write_checkpoints.delay().get() == 0  # nothing moved
    audit.record(actor=actor, action="case.listed", payload={"ids": []})
    assert write_checkpoints.delay().get() == 1
    assert list(AuditCheckpoint.objects.filter(chain=chain).values_list("last_seq", flat=True)) == [
        2,
        3,
    ]


def test_a_checkpoint_signature_covers_every_field(personas):
    from django.utils import timezone

    key_id = signing.key_id(signing.signing_key().public_key())
    checkpoint = Checkpoint(
        chain="c",
        last_seq=1,
        last_hash="a" * 64,
        created_at=timezone.now(),
        key_id=key_id,
        signature="",
    )
    _key, signature = signing.sign(checkpoint.message())
    signed = Checkpoint(**{**checkpoint.__dict__, "signature": signature})
    assert signed.signature_ok
    for change in ({"last_seq": 2}, {"last_hash": "b" * 64}, {"chain": "d"}):
        assert not Checkpoint(**{**signed.__dict__, **change}).signature_ok


@pytest.mark.parametrize(
    ("private", "trusted"),
    [("not a key", []), ("QUJD", []), ("A" * 43 + "=", ["nonsense"])],
)
def test_malformed_checkpoint_keys_fail_loudly(private, trusted):
    with pytest.raises(ImproperlyConfigured, match="Audit checkpoint keys"):
        _audit_keys(private, trusted)


def test_pem_keys_are_accepted():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    _audit_keys(pem, [public])
    assert signing.key_id(signing.load_private_key(pem).public_key()) == signing.key_id(
        signing.load_public_key(public)
    )


@pytest.mark.parametrize("value", ["7-18", "18:00-07:00", "07:00"])
def test_malformed_working_hours_fail_loudly(monkeypatch, value):
    monkeypatch.setenv("AUDIT_WORKING_HOURS", value)
    with pytest.raises(ImproperlyConfigured, match="AUDIT_WORKING_HOURS"):
        _working_hours("AUDIT_WORKING_HOURS", "07:00-18:00")


def test_production_refuses_to_start_without_a_checkpoint_key():
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AUDIT_"))}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "backend.settings.production",
            "SECRET_KEY": "k" * 20 + "an-entirely-random-looking-secret-key-for-tests-1234567890",
            "ALLOWED_HOSTS": "samverka.example",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/samverka",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "AUDIT_CHECKPOINT_KEY" in result.stderr
