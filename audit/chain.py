"""Writing events into a municipality's hash chain.

Each event's ``hash`` is SHA-256 over ``prev_hash`` and a canonical JSON encoding of the event.
Writers serialise on the chain head row (``SELECT ... FOR UPDATE``) inside the caller's
transaction: the event commits or rolls back with the action it records, and two writers can
never take the same sequence number (no fork) or leave one unused (no gap).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from audit.events import is_registered
from audit.models import GLOBAL_CHAIN, AuditChain, AuditEvent, Outcome

if TYPE_CHECKING:
    from backend.core.actor import Actor

MAX_PAYLOAD_BYTES = 16_384

# The fields covered by the hash, in the order they are encoded. Changing this list changes
# every hash: it is part of the log format (bump FORMAT_VERSION and verify old chains with it).
HASHED_FIELDS = (
    "chain",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_unit_id",
    "actor_unit_name",
    "actor_agency",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "young_person_id",
    "case_id",
    "purpose",
    "legal_ground",
    "outcome",
    "request_id",
    "client_address",
    "payload",
)
FORMAT_VERSION = 1


class AuditError(ValueError):
    pass


def _scalar(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    data = {name: _scalar(fields[name]) for name in HASHED_FIELDS}
    data["v"] = FORMAT_VERSION
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_bytes(fields))
    return digest.hexdigest()


def _check_payload(payload: dict[str, Any]) -> None:
    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise AuditError("payload keys must be strings")
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif not (value is None or isinstance(value, str | int | bool)):
            # Floats do not survive a JSON round trip byte-for-byte; they would break the hash.
            raise AuditError(f"payload values must be str, int, bool or null, not {type(value)}")

    walk(payload)
    if len(json.dumps(payload)) > MAX_PAYLOAD_BYTES:
        raise AuditError("payload too large for an audit event")


def chain_key(municipality_id: uuid.UUID | str | None) -> str:
    return str(municipality_id) if municipality_id else GLOBAL_CHAIN


def _lock_head(key: str) -> AuditChain:
    # Insert-if-missing first (no lock needed: the unique key settles races), then lock.
    AuditChain.objects.bulk_create([AuditChain(key=key)], ignore_conflicts=True)
    return AuditChain.objects.select_for_update().get(key=key)


def record(
    *,
    actor: Actor | None,
    action: str,
    outcome: str = Outcome.ALLOWED,
    object_type: str = "",
    object_id: Any = None,
    young_person_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    purpose: str = "",
    legal_ground: str = "",
    payload: dict[str, Any] | None = None,
    municipality_id: uuid.UUID | None = None,
    username: str = "",
    request_id: str | None = None,
    client_address: str | None = None,
) -> AuditEvent:
    """Append one event. Joins the caller's transaction (or makes its own)."""
    if not is_registered(action):
        raise AuditError(f"unknown audit event code {action!r}; add it to audit/events.py")
    if outcome not in Outcome.values:
        raise AuditError(f"unknown outcome {outcome!r}")
    payload = dict(payload or {})
    _check_payload(payload)

    membership = actor.membership_for_unit(unit_id) if actor is not None else None
    if municipality_id is None and actor is not None:
        municipality_id = actor.municipality_id
    fields: dict[str, Any] = {
        "actor_id": actor.user_id if actor is not None else None,
        "actor_username": (actor.user.get_username() if actor and actor.user else username),
        "actor_unit_id": membership.unit_id if membership else None,
        "actor_unit_name": membership.unit.name if membership else "",
        "actor_agency": membership.unit.organisation.agency if membership else "",
        "actor_role": membership.role if membership else "",
        "action": action,
        "object_type": object_type,
        "object_id": "" if object_id is None else str(object_id),
        "young_person_id": young_person_id,
        "case_id": case_id,
        "purpose": purpose,
        "legal_ground": legal_ground,
        "outcome": outcome,
        "request_id": (actor.request_id if actor and actor.request_id else request_id) or "",
        "client_address": (actor.client_address if actor else None) or client_address,
        "payload": payload,
    }
    key = chain_key(municipality_id)
    with transaction.atomic():
        head = _lock_head(key)
        fields["chain"] = key
        fields["seq"] = head.last_seq + 1
        # Microsecond precision is what both databases keep; the hash covers what is stored.
        fields["occurred_at"] = timezone.now()
        event_hash = compute_hash(head.last_hash, fields)
        event = AuditEvent.objects.create(prev_hash=head.last_hash, hash=event_hash, **fields)
        AuditChain.objects.filter(key=key).update(last_seq=fields["seq"], last_hash=event_hash)
    return event
