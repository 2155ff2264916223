"""Issue 3, must-show 1: the log is append-only in the database, and every change an attacker
with database access makes (triggers bypassed as a superuser) is found by ``audit_verify``,
with a non-zero exit and the right sequence number."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

import audit
from audit.actions import audit_checkpoints_write
from audit.canonical import CANONICAL_COLUMNS, GENESIS_HASH, canonical_line, event_hash
from audit.models import AuditChain, AuditCheckpoint, AuditEvent
from audit.verify import FaultKind, verify_chain
from backend.core.actor import Actor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkpoint_dir(settings: Any, tmp_path: Path) -> Path:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


def _write_events(personas: Any, count: int) -> str:
    actor = personas.actor("socsek")
    chain = ""
    for number in range(count):
        chain = audit.record(
            actor=actor,
            action="case.viewed",
            object_type="case",
            object_id=uuid.uuid4(),
            payload={"n": number},
        ).chain
    return chain


@contextmanager
def _as_attacker() -> Iterator[Any]:
    """A superuser with database access: triggers do not fire under replication role."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            cursor.execute("RESET session_replication_role")


def _values(event: AuditEvent, **changes: Any) -> list[Any]:
    return [changes.get(name, getattr(event, name)) for name in CANONICAL_COLUMNS]


def _rehash(chain: str, first: int, *, update_head: bool = True) -> None:
    """Recompute every hash from ``first`` on, as an attacker who knows the format would."""
    previous = (
        AuditEvent.objects.get(chain=chain, seq=first - 1).hash if first > 1 else GENESIS_HASH
    )
    with _as_attacker() as cursor:
        for event in AuditEvent.objects.filter(chain=chain, seq__gte=first).order_by("seq"):
            new = event_hash(canonical_line(previous, _values(event)))
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [previous, new, event.pk],
            )
            previous = new
    if update_head:
        last = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
        assert last is not None
        AuditChain.objects.filter(key=chain).update(last_seq=last.seq, last_hash=last.hash)


def _verify_fails(chain: str, kind: FaultKind, seq: int) -> None:
    """Both the command (exit status 1, naming seq and kind) and the API's verifier agree."""
    result = verify_chain(chain)
    assert not result.ok
    assert result.fault is not None
    assert (result.fault.kind, result.fault.seq) == (kind, seq), result.fault
    stderr = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", "--municipality", "9901", stderr=stderr, stdout=io.StringIO())
    assert failure.value.returncode == 1
    assert f"FAILED at seq {seq}: {kind.value}" in stderr.getvalue()
    assert f"first bad seq {seq} ({kind.value})" in str(failure.value)


# --- The database refuses changes -------------------------------------------------------------


@pytest.mark.django_db
def test_application_role_cannot_update_delete_or_truncate_the_log(personas, checkpoint_dir):
    chain = _write_events(personas, 3)
    audit_checkpoints_write(actor=Actor.system())  # row triggers fire only where rows exist
    role = f"samverka_app_{uuid.uuid4().hex[:10]}"
    refused = {
        "UPDATE audit_auditevent SET actor_username = 'x'": "append-only: UPDATE",
        "DELETE FROM audit_auditevent": "append-only: DELETE",
        "TRUNCATE audit_auditevent": "append-only: TRUNCATE",
        "UPDATE audit_auditcheckpoint SET last_hash = 'x'": "append-only: UPDATE",
        "DELETE FROM audit_auditcheckpoint": "append-only: DELETE",
        # ...and it cannot switch the triggers off.
        "ALTER TABLE audit_auditevent DISABLE TRIGGER USER": "must be owner",
        "SET session_replication_role = replica": "permission denied",
    }
    with connection.cursor() as cursor:
        # A login role like production's: not a superuser, not the owner, but granted every
        # privilege on the table, so that only the triggers stand in the way.
        cursor.execute(f"CREATE ROLE {role} NOSUPERUSER NOCREATEDB NOCREATEROLE")
        cursor.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE "
            f"ON audit_auditevent, audit_auditcheckpoint TO {role}"
        )
        cursor.execute(f"SET ROLE {role}")
        try:
            cursor.execute("SELECT count(*) FROM audit_auditevent")  # it can read...
            assert cursor.fetchone()[0] >= 3
            for statement, message in refused.items():
                with pytest.raises(DatabaseError, match=message), transaction.atomic():
                    cursor.execute(statement)
        finally:
            cursor.execute("RESET ROLE")
    assert verify_chain(chain).ok


@pytest.mark.django_db
def test_even_the_applications_own_code_cannot_change_an_event(personas):
    chain = _write_events(personas, 2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(chain=chain).update(actor_username="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(chain=chain).delete()
    assert AuditEvent.objects.filter(chain=chain, actor_username="socsek").count() == 2


# --- An attacker who bypasses the triggers is found out ---------------------------------------


@pytest.mark.django_db
def test_intact_chain_verifies(personas, checkpoint_dir):
    chain = _write_events(personas, 5)
    audit_checkpoints_write(actor=Actor.system())
    result = verify_chain(chain)
    assert result.ok
    assert result.events_checked == 5
    assert result.last_checkpoint is not None
    assert result.last_checkpoint.sources == frozenset({"database", "file"})
    stdout = io.StringIO()
    call_command("audit_verify", stdout=stdout)
    assert "ok: " in stdout.getvalue()
    assert "events verified" in stdout.getvalue()


@pytest.mark.django_db
def test_altered_event_is_found(personas):
    chain = _write_events(personas, 8)
    with _as_attacker() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_username = 'someone_else' "
            "WHERE chain = %s AND seq = 5",
            [chain],
        )
    _verify_fails(chain, FaultKind.ALTERED, 5)


@pytest.mark.django_db
def test_altered_event_with_its_own_hash_recomputed_is_found(personas):
    chain = _write_events(personas, 8)
    event = AuditEvent.objects.get(chain=chain, seq=5)
    forged = event_hash(canonical_line(event.prev_hash, _values(event, purpose="forged")))
    with _as_attacker() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET purpose = 'forged', hash = %s WHERE id = %s",
            [forged, event.pk],
        )
    _verify_fails(chain, FaultKind.ALTERED, 5)


@pytest.mark.django_db
def test_deleted_event_is_found(personas):
    chain = _write_events(personas, 8)
    with _as_attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE chain = %s AND seq = 5", [chain])
    _verify_fails(chain, FaultKind.REMOVED, 5)


@pytest.mark.django_db
def test_deleted_event_with_the_rest_renumbered_is_found(personas):
    chain = _write_events(personas, 8)
    with _as_attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE chain = %s AND seq = 5", [chain])
        for seq in range(6, 9):
            cursor.execute(
                "UPDATE audit_auditevent SET seq = seq - 1 WHERE chain = %s AND seq = %s",
                [chain, seq],
            )
    AuditChain.objects.filter(key=chain).update(last_seq=7)
    _verify_fails(chain, FaultKind.REMOVED, 5)


@pytest.mark.django_db
def test_inserted_event_is_found(personas):
    chain = _write_events(personas, 8)
    template = AuditEvent.objects.get(chain=chain, seq=5)
    previous = AuditEvent.objects.get(chain=chain, seq=4).hash
    with _as_attacker() as cursor:
        for seq in range(8, 4, -1):  # make room at 5, from the top (the key is unique)
            cursor.execute(
                "UPDATE audit_auditevent SET seq = seq + 1 WHERE chain = %s AND seq = %s",
                [chain, seq],
            )
    # The forged event itself is perfect: right number, builds on event 4, valid hash.
    values = _values(template, seq=5, actor_username="alibi")
    forged = AuditEvent.objects.create(
        **dict(zip(CANONICAL_COLUMNS, values, strict=True)),
        prev_hash=previous,
        hash=event_hash(canonical_line(previous, values)),
    )
    assert forged.seq == 5
    AuditChain.objects.filter(key=chain).update(last_seq=9)
    _verify_fails(chain, FaultKind.INSERTED, 5)


@pytest.mark.django_db
def test_event_inserted_under_a_taken_number_is_found(personas):
    chain = _write_events(personas, 8)
    template = AuditEvent.objects.get(chain=chain, seq=5)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DROP CONSTRAINT audit_chain_seq_unique")
    values = _values(template, actor_username="alibi")
    AuditEvent.objects.create(
        **dict(zip(CANONICAL_COLUMNS, values, strict=True)),
        prev_hash=template.prev_hash,
        hash=event_hash(canonical_line(template.prev_hash, values)),
    )
    _verify_fails(chain, FaultKind.INSERTED, 5)


@pytest.mark.django_db
def test_swapped_events_are_found(personas):
    chain = _write_events(personas, 8)
    with _as_attacker() as cursor:
        for old, new in ((5, -1), (6, 5), (-1, 6)):
            cursor.execute(
                "UPDATE audit_auditevent SET seq = %s WHERE chain = %s AND seq = %s",
                [new, chain, old],
            )
    _verify_fails(chain, FaultKind.REORDERED, 5)


@pytest.mark.django_db
def test_rewritten_tail_disagrees_with_the_last_checkpoint(personas, checkpoint_dir):
    chain = _write_events(personas, 5)
    audit_checkpoints_write(actor=Actor.system())  # checkpoint at 5
    _write_events(personas, 5)
    audit_checkpoints_write(actor=Actor.system())  # checkpoint at 10
    _write_events(personas, 2)
    # Rewrite event 6 and recompute every hash after it, head included: the chain is
    # consistent in itself, and only the checkpoint at 10 knows better.
    with _as_attacker() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_username = 'alibi' WHERE chain = %s AND seq = 6",
            [chain],
        )
    _rehash(chain, 6)
    _verify_fails(chain, FaultKind.CHECKPOINT, 6)
    assert verify_chain(chain).fault.checkpoint_seq == 10  # type: ignore[union-attr]

    # Deleting the checkpoint rows as well does not help: the files outside the database remain.
    with _as_attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditcheckpoint WHERE chain = %s", [chain])
    _verify_fails(chain, FaultKind.CHECKPOINT, 6)


@pytest.mark.django_db
def test_truncated_tail_is_found_through_the_checkpoint(personas, checkpoint_dir):
    chain = _write_events(personas, 10)
    audit_checkpoints_write(actor=Actor.system())
    with _as_attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE chain = %s AND seq > 7", [chain])
    AuditChain.objects.filter(key=chain).update(
        last_seq=7, last_hash=AuditEvent.objects.get(chain=chain, seq=7).hash
    )
    _verify_fails(chain, FaultKind.REMOVED, 8)


@pytest.mark.django_db
def test_checkpoint_not_signed_by_a_trusted_key_is_a_fault(personas, checkpoint_dir, settings):
    chain = _write_events(personas, 4)
    settings.AUDIT_CHECKPOINT_KEY = "A" * 43 + "="  # an attacker's key
    audit_checkpoints_write(actor=Actor.system())
    settings.AUDIT_CHECKPOINT_KEY = "B" * 43 + "="  # the deployment's key
    _verify_fails(chain, FaultKind.CHECKPOINT, 4)
    # A rotated key stays trusted when listed.
    forged_public = __import__("audit.signing", fromlist=["x"]).public_key_text(
        __import__("audit.signing", fromlist=["x"]).load_private_key("A" * 43 + "=").public_key()
    )
    settings.AUDIT_CHECKPOINT_TRUSTED_KEYS = [forged_public]
    assert verify_chain(chain).ok


@pytest.mark.django_db
def test_checkpoint_table_is_append_only_too(personas, checkpoint_dir):
    _write_events(personas, 2)
    audit_checkpoints_write(actor=Actor.system())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditCheckpoint.objects.update(last_hash="0" * 64)


# --- The real command, as an operator runs it --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_audit_verify_command_exit_status(personas, tmp_path):
    chain = _write_events(personas, 6)
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "backend.settings.test",
        "DATABASE_URL": _database_url(),
        "AUDIT_CHECKPOINT_DIR": str(tmp_path),
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", "audit_verify"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    intact = run()
    assert intact.returncode == 0, intact.stderr
    assert "ok: " in intact.stdout
    assert " events verified" in intact.stdout
    with _as_attacker() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = 'denied' WHERE chain = %s AND seq = 3",
            [chain],
        )
    broken = run()
    assert broken.returncode == 1
    assert "FAILED at seq 3: altered" in broken.stderr
    assert "ok:" not in broken.stdout


def _database_url() -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
