"""Writing events into a municipality's hash chain.

Every event's ``hash`` is SHA-256 over its canonical encoding (``audit.canonical``), which starts
with the previous event's hash. Writers serialise on the chain head row inside the caller's
transaction: the event commits or rolls back with the action it records, and two writers can
never take the same sequence number (no fork) or leave one unused (no gap).

On PostgreSQL one statement does it all: it updates the head (taking its row lock, so that a
concurrent writer waits and then re-reads the new head), computes the hash from the head's
previous hash, and inserts the event. One round trip, and no transaction of its own: it joins the
caller's transaction, or is its own when the caller has none (a read in autocommit mode).
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import re
import uuid
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from audit.canonical import (
    FORMAT_VERSION,
    canonical_line,
    copy_escape,
    event_hash,
    text_form,
)
from audit.events import is_registered
from audit.models import GLOBAL_CHAIN, AuditChain, AuditEvent, Outcome

if TYPE_CHECKING:
    from backend.core.actor import Actor

MAX_PAYLOAD_BYTES = 16_384

# Limits of the columns, so that an over-long value is cut rather than failing the action.
_LIMITS = {
    "actor_username": 150,
    "actor_unit_name": 200,
    "object_type": 64,
    "object_id": 64,
    "purpose": 64,
    "legal_ground": 64,
    "request_id": 64,
}

# A personnummer or samordningsnummer (10 or 12 digits, optional separator) standing on its own:
# not part of a longer run of digits, letters or hyphens (the last group of a UUID is 12 hex
# digits that may all be decimal).
_IDENTITY_NUMBER = re.compile(r"(?<![\w-])(?:\d{2})?(\d{6})[-+]?(\d{4})(?![\w-])")


class AuditError(ValueError):
    pass


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def mask_identity_numbers(text: str) -> str:
    """The audit log never holds a personnummer in clear (product.md C2): whatever a caller
    passes (a failed login with the number as username, a search term), keep the birth date
    only, as ``young_person.searched`` does."""

    def mask(match: re.Match[str]) -> str:
        if not _luhn_ok(match.group(1) + match.group(2)):
            return match.group(0)
        return match.group(0)[: -len(match.group(2))].rstrip("-+") + "-****"

    return _IDENTITY_NUMBER.sub(mask, text)


def _looks_like_uuid(text: str) -> bool:
    return len(text) == 36 and text[8] == text[13] == text[18] == text[23] == "-"


def _clean_text(value: str, limit: int | None = None) -> str:
    # PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded: both come only
    # from hostile input (a login name), and must not make the audit write fail.
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    if not value.isascii():
        value = value.encode("utf-8", "replace").decode("utf-8")
    # List events carry hundreds of ids: skip the pattern where it cannot match (cheap checks).
    if len(value) >= 10 and not _looks_like_uuid(value):
        value = mask_identity_numbers(value)
    return value[:limit] if limit is not None else value


def _clean_payload(value: Any) -> Any:
    if isinstance(value, dict):
        cleaned: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditError("payload keys must be strings")
            cleaned[_clean_text(key)] = _clean_payload(item)
        return cleaned
    if isinstance(value, list | tuple):
        return [_clean_payload(item) for item in value]
    if isinstance(value, str):
        return _clean_text(value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    # Floats do not survive a JSON round trip byte-for-byte; they would break the hash.
    raise AuditError(f"payload values must be str, int, bool or null, not {type(value)}")


def _clean_address(value: str | None) -> str | None:
    """The text form PostgreSQL's inet prints for a host address (the hash covers it)."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def chain_key(municipality_id: uuid.UUID | str | None) -> str:
    return str(municipality_id) if municipality_id else GLOBAL_CHAIN


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# The columns the writer fills, in CANONICAL_COLUMNS order after chain and seq.
_VALUE_COLUMNS = (
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
_SQL_CASTS = {
    "occurred_at": "timestamptz",
    "actor_id": "uuid",
    "actor_unit_id": "uuid",
    "young_person_id": "uuid",
    "case_id": "uuid",
    "client_address": "inet",
    "payload": "jsonb",
}

# The hash is computed by PostgreSQL from the head's previous hash and sequence number (known
# only under the row lock) and the rest of the line (computed here). The payload's text is the
# one jsonb prints, so that it is exactly what the verifier will read back.
_PG_RECORD = """
WITH head AS (
    UPDATE audit_auditchain
       SET last_seq = last_seq + 1,
           prev_hash = last_hash,
           last_hash = encode(sha256(convert_to(
               last_hash || %(before_seq)s || (last_seq + 1)::text || %(after_seq)s
               || replace(%(payload)s::jsonb::text, chr(92), chr(92) || chr(92)),
               'UTF8')), 'hex')
     WHERE key = %(chain)s
 RETURNING last_seq, prev_hash, last_hash
)
INSERT INTO audit_auditevent (chain, seq, {columns}, prev_hash, hash)
SELECT %(chain)s, last_seq, {values}, prev_hash, last_hash FROM head
RETURNING id, seq, prev_hash, hash
""".format(  # noqa: S608  # column names from constants; every value is a bound parameter
    columns=", ".join(_VALUE_COLUMNS),
    values=", ".join(
        f"%({name})s::{_SQL_CASTS[name]}" if name in _SQL_CASTS else f"%({name})s"
        for name in _VALUE_COLUMNS
    ),
)


def _insert_postgresql(key: str, fields: dict[str, Any]) -> tuple[int, int, str, str]:
    middle = [text_form(fields[name]) for name in _VALUE_COLUMNS[:-1]]
    params = {
        **{name: fields[name] for name in _VALUE_COLUMNS},
        "chain": key,
        "actor_id": _str_or_none(fields["actor_id"]),
        "actor_unit_id": _str_or_none(fields["actor_unit_id"]),
        "young_person_id": _str_or_none(fields["young_person_id"]),
        "case_id": _str_or_none(fields["case_id"]),
        "payload": json.dumps(fields["payload"], ensure_ascii=False),
        "before_seq": f"\t{FORMAT_VERSION}\t{copy_escape(key)}\t",
        "after_seq": "\t" + "\t".join(middle) + "\t",
    }
    with connection.cursor() as cursor:
        for _attempt in range(2):
            cursor.execute(_PG_RECORD, params)
            row = cursor.fetchone()
            if row is not None:
                return row[0], row[1], row[2], row[3]
            # No head yet (a new municipality): create it and try again. The unique key
            # settles a race between two first writers.
            cursor.execute(
                "INSERT INTO audit_auditchain (key, last_seq, last_hash, prev_hash) "
                "VALUES (%s, 0, %s, %s) ON CONFLICT (key) DO NOTHING",
                [key, "0" * 64, "0" * 64],
            )
    raise AuditError(f"cannot create the head of audit chain {key!r}")


def _insert_sqlite(key: str, fields: dict[str, Any]) -> tuple[int, int, str, str]:
    # SQLite has one writer at a time (transactions begin IMMEDIATE): no row lock needed.
    with transaction.atomic(savepoint=False):
        AuditChain.objects.get_or_create(key=key)
        head = AuditChain.objects.get(key=key)
        seq = head.last_seq + 1
        values = [key, seq, *(fields[name] for name in _VALUE_COLUMNS)]
        new_hash = event_hash(canonical_line(head.last_hash, values))
        event = AuditEvent.objects.create(
            chain=key, seq=seq, prev_hash=head.last_hash, hash=new_hash, **fields
        )
        AuditChain.objects.filter(key=key).update(
            last_seq=seq, prev_hash=head.last_hash, last_hash=new_hash
        )
    return event.pk, seq, head.last_hash, new_hash


def _str_or_none(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


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
    """Append one event to the chain of the actor's municipality (or ``municipality_id``, or
    the global chain). Joins the caller's transaction; in autocommit mode it is its own."""
    if not is_registered(action):
        raise AuditError(f"unknown audit event code {action!r}; add it to audit/events.py")
    if outcome not in Outcome.values:
        raise AuditError(f"unknown outcome {outcome!r}")
    cleaned_payload = _clean_payload(dict(payload or {}))
    if len(json.dumps(cleaned_payload)) > MAX_PAYLOAD_BYTES:
        raise AuditError("payload too large for an audit event")

    membership = actor.membership_for_unit(unit_id) if actor is not None else None
    if municipality_id is None and actor is not None:
        municipality_id = actor.municipality_id
    user = actor.user if actor is not None else None
    fields: dict[str, Any] = {
        # Microsecond precision is what both databases keep; the hash covers what is stored.
        "occurred_at": timezone.now(),
        "actor_id": user.pk if user is not None else None,
        "actor_username": user.get_username() if user is not None else username,
        "actor_unit_id": membership.unit_id if membership else None,
        "actor_unit_name": membership.unit.name if membership else "",
        "actor_agency": membership.unit.organisation.agency if membership else "",
        "actor_role": membership.role if membership else "",
        "action": action,
        "object_type": object_type,
        "object_id": "" if object_id is None else str(object_id),
        "young_person_id": _uuid_or_none(young_person_id),
        "case_id": _uuid_or_none(case_id),
        "purpose": purpose,
        "legal_ground": legal_ground,
        "outcome": outcome,
        "request_id": (actor.request_id if actor and actor.request_id else request_id) or "",
        "client_address": _clean_address(
            (actor.client_address if actor else None) or client_address
        ),
        "payload": cleaned_payload,
    }
    for name, limit in _LIMITS.items():
        fields[name] = _clean_text(str(fields[name]), limit)
    fields["occurred_at"] = fields["occurred_at"].astimezone(datetime.UTC)

    key = chain_key(municipality_id)
    if connection.vendor == "postgresql":
        pk, seq, prev_hash, new_hash = _insert_postgresql(key, fields)
    else:
        pk, seq, prev_hash, new_hash = _insert_sqlite(key, fields)
    return AuditEvent(id=pk, chain=key, seq=seq, prev_hash=prev_hash, hash=new_hash, **fields)
