"""Signed checkpoints of the audit chains, in the database and in files outside it.

A checkpoint says "chain C had reached sequence N with hash H at time T", signed with Ed25519.
Since every event's hash covers all events before it, a checkpoint pins the whole chain up to N:
an attacker who rewrites events and recomputes every hash after them still disagrees with it,
unless they also hold the signing key. The files (``AUDIT_CHECKPOINT_DIR/<chain>/<seq>.json``)
survive a rewrite of the database, checkpoint table included.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from audit import signing
from audit.models import AuditCheckpoint

MESSAGE_VERSION = 1


@dataclass(frozen=True)
class Checkpoint:
    chain: str
    last_seq: int
    last_hash: str
    created_at: datetime.datetime
    key_id: str
    signature: str
    sources: frozenset[str] = field(default=frozenset())  # "database", "file"

    def message(self) -> bytes:
        return signed_message(
            chain=self.chain,
            last_seq=self.last_seq,
            last_hash=self.last_hash,
            created_at=self.created_at,
            key_id=self.key_id,
        )

    @property
    def signature_ok(self) -> bool:
        return signing.verify(self.message(), key=self.key_id, signature=self.signature)

    def as_dict(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
            "created_at": _timestamp(self.created_at),
            "key_id": self.key_id,
            "signature": self.signature,
            "v": MESSAGE_VERSION,
        }

    @classmethod
    def from_model(cls, row: AuditCheckpoint) -> Checkpoint:
        return cls(
            chain=row.chain,
            last_seq=row.last_seq,
            last_hash=row.last_hash,
            created_at=row.created_at,
            key_id=row.key_id,
            signature=row.signature,
            sources=frozenset({"database"}),
        )


def _timestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def signed_message(
    *, chain: str, last_seq: int, last_hash: str, created_at: datetime.datetime, key_id: str
) -> bytes:
    body = {
        "chain": chain,
        "created_at": _timestamp(created_at),
        "key_id": key_id,
        "last_hash": last_hash,
        "last_seq": last_seq,
        "v": MESSAGE_VERSION,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def chain_directory(chain: str) -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / chain


def write_file(checkpoint: Checkpoint) -> Path:
    """Write atomically (temporary file, fsync, rename): a reader never sees half a file."""
    directory = chain_directory(checkpoint.chain)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{checkpoint.last_seq:012d}.json"
    data = json.dumps(checkpoint.as_dict(), indent=2, sort_keys=True).encode() + b"\n"
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".checkpoint-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory_handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(directory_handle)  # the rename itself survives a crash
    finally:
        os.close(directory_handle)
    return target


@dataclass(frozen=True)
class UnreadableCheckpoint:
    path: Path
    reason: str


def read_files(chain: str) -> tuple[list[Checkpoint], list[UnreadableCheckpoint]]:
    directory = chain_directory(chain)
    found: list[Checkpoint] = []
    unreadable: list[UnreadableCheckpoint] = []
    if not directory.is_dir():
        return found, unreadable
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                Checkpoint(
                    chain=str(data["chain"]),
                    last_seq=int(data["last_seq"]),
                    last_hash=str(data["last_hash"]),
                    created_at=datetime.datetime.fromisoformat(data["created_at"]),
                    key_id=str(data["key_id"]),
                    signature=str(data["signature"]),
                    sources=frozenset({"file"}),
                )
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            unreadable.append(UnreadableCheckpoint(path=path, reason=str(exc)))
    return found, unreadable


def load(chain: str) -> tuple[list[Checkpoint], list[UnreadableCheckpoint]]:
    """Every checkpoint of a chain, from the database and the files, in sequence order. The same
    checkpoint in both places is one entry with both sources; different statements about one
    sequence number stay separate entries (the verifier then compares each with the chain)."""
    rows = [Checkpoint.from_model(row) for row in AuditCheckpoint.objects.filter(chain=chain)]
    files, unreadable = read_files(chain)
    merged: dict[tuple[int, str, str], Checkpoint] = {}
    for checkpoint in [*rows, *files]:
        key = (checkpoint.last_seq, checkpoint.last_hash, checkpoint.signature)
        if key in merged:
            previous = merged[key]
            checkpoint = Checkpoint(
                **{**previous.__dict__, "sources": previous.sources | checkpoint.sources}
            )
        merged[key] = checkpoint
    return sorted(merged.values(), key=lambda c: (c.last_seq, c.created_at)), unreadable
