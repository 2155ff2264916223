"""The canonical encoding of an audit event: what its hash covers (log format 2).

An event's canonical form is one line of PostgreSQL's ``COPY ... TO STDOUT`` text format over
these values, in this order::

    prev_hash, format version, chain, seq, occurred_at, actor_id, actor_username,
    actor_unit_id, actor_unit_name, actor_agency, actor_role, action, object_type, object_id,
    young_person_id, case_id, purpose, legal_ground, outcome, request_id, client_address,
    payload

Each value is in its PostgreSQL text form (``occurred_at`` with ``TimeZone=UTC`` and
``DateStyle=ISO``; ``payload`` as jsonb prints it: object keys shorter-first then bytewise, ``", "``
and ``": "`` separators), NULL is ``\\N``, and backslash, BS, FF, LF, CR, TAB and VT are
backslash-escaped; the values are joined by TAB. ``hash = sha256(utf8(line)).hexdigest()``.

Why this shape: the verifier streams a chain with ``COPY`` and hashes each line as PostgreSQL
sends it, without parsing or re-encoding anything in Python, which is what makes verifying
millions of events per minute possible. The same encoding is produced here in Python for SQLite
(``make run``) and for diagnosing a broken chain; ``tests/audit/test_canonical.py`` checks that
both agree byte for byte.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any

FORMAT_VERSION = 2
GENESIS_HASH = "0" * 64

# Columns of ``audit_auditevent`` after prev_hash and the format version, in canonical order.
CANONICAL_COLUMNS = (
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
# Position of seq in a canonical line split on TAB (prev_hash, version, chain, seq, ...).
SEQ_FIELD = 3

_COPY_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\v": "\\v",
    }
)
NULL = "\\N"


def copy_escape(text: str) -> str:
    return text.translate(_COPY_ESCAPES)


def format_timestamp(value: datetime.datetime) -> str:
    """``timestamptz`` as PostgreSQL prints it with TimeZone=UTC, DateStyle=ISO."""
    utc = value.astimezone(datetime.UTC)
    text = utc.strftime("%Y-%m-%d %H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "+00"


def _jsonb_order(value: Any) -> Any:
    """Rebuild dicts in jsonb's key order (shorter keys first, then bytewise)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: (len(kv[0].encode()), kv[0].encode()))
        return {key: _jsonb_order(item) for key, item in items}
    if isinstance(value, list):
        return [_jsonb_order(item) for item in value]
    return value


def jsonb_text(payload: Any) -> str:
    """The payload as PostgreSQL prints a jsonb value (payload values are str, int, bool,
    null, lists and dicts: see ``audit.chain``)."""
    return json.dumps(_jsonb_order(payload), ensure_ascii=False)


def text_form(value: Any) -> str:
    """One value in its PostgreSQL text form, COPY-escaped (NULL is ``\\N``)."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return copy_escape(value)
    if isinstance(value, bool):  # before int: bool is an int
        raise TypeError("booleans are not event columns")
    if isinstance(value, int | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        return format_timestamp(value)
    if isinstance(value, dict | list):
        return copy_escape(jsonb_text(value))
    raise TypeError(f"cannot encode {type(value).__name__} in an audit event")


def canonical_line(prev_hash: str, values: Sequence[Any]) -> bytes:
    """The canonical encoding of an event whose ``CANONICAL_COLUMNS`` values are ``values``."""
    parts = [prev_hash, str(FORMAT_VERSION)]
    parts.extend(text_form(value) for value in values)
    return "\t".join(parts).encode("utf-8")


def event_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def with_seq(line: bytes, seq: int) -> bytes:
    """The same canonical line with another sequence number (to diagnose a moved event)."""
    fields = line.split(b"\t")
    fields[SEQ_FIELD] = str(seq).encode()
    return b"\t".join(fields)


def copy_select_sql(where: str) -> str:
    """The SELECT whose COPY text lines are ``hash TAB canonical line``, in chain order."""
    columns = ", ".join(CANONICAL_COLUMNS)
    return (
        f"SELECT hash, prev_hash, {FORMAT_VERSION}, {columns} "  # noqa: S608  # constants only
        # By seq alone: (chain, seq) is unique, and were that constraint dropped to slip in a
        # duplicate, either order of the two shows the duplicate.
        f"FROM audit_auditevent WHERE {where} ORDER BY seq"
    )
