"""The canonical encoding (audit/canonical.py) is what PostgreSQL's COPY prints: the writer lets
PostgreSQL hash it, the verifier hashes COPY lines, SQLite and the diagnosis use the Python
encoding. All of them must agree byte for byte, also for hostile text."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection

import audit
from audit.canonical import CANONICAL_COLUMNS, canonical_line, event_hash, format_timestamp
from audit.models import AuditEvent
from audit.verify import event_lines, verify_chain
from backend.people.identity import synthetic_number

pytestmark = pytest.mark.django_db

HOSTILE = [
    "plain",
    "tab\there, newline\nthere, return\r, backslash \\ and quote \"'",
    "control \x01\x02\x07\x0b\x0c\x1f and DEL \x7f",
    "åäö ÅÄÖ é ü ß 漢字 emoji 🧒🏽 line sep \u2028",
    "NUL\x00byte",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_written_event_hashes_to_its_copy_line_and_to_the_python_encoding(personas, text):
    event = audit.record(
        actor=personas.actor("socsek"),
        action="case.viewed",
        object_type=text[:64],
        object_id=text,
        purpose=text[:64],
        client_address="2001:0db8:0000:0000:0001:0000:0000:0001",
        payload={
            text: [text, 1, -2, 10**20, True, False, None, {}, []],
            "b": {"zz": 1, "a": {"é": 2, "ab": 3}},
            "ids": [str(uuid.uuid4())],
        },
    )
    [line] = list(event_lines(event.chain, (event.seq, event.seq)))
    stored_hash, _tab, body = line[:-1].partition(b"\t")
    assert stored_hash.decode() == event.hash
    assert event_hash(body) == event.hash
    values = AuditEvent.objects.filter(pk=event.pk).values_list(*CANONICAL_COLUMNS).get()
    assert canonical_line(event.prev_hash, values) == body


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        datetime.datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=datetime.UTC),
        datetime.datetime(2026, 6, 30, 23, 59, 59, 120000, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 29, 2, 30, 0, 999999, tzinfo=datetime.UTC),
    ],
)
def test_timestamps_print_as_postgresql_prints_them(moment):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
        cursor.execute("SELECT %s::timestamptz::text", [moment])
        assert cursor.fetchone()[0] == format_timestamp(moment)


def test_personnummer_in_any_text_is_masked(personas):
    number = synthetic_number(datetime.date(2011, 3, 2), 123)  # 12 digits, valid checksum
    event = audit.record(
        actor=None,
        action="auth.login_failed",
        outcome="denied",
        username=number,
        object_id=f"{number[:8]}-{number[8:]}",
        payload={"typed": f"mitt nummer är {number[2:8]}-{number[8:]}, ok?", "id": f"x-{number}"},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_username == "20110302-****"
    assert stored.object_id == "20110302-****"
    assert stored.payload["typed"] == "mitt nummer är 110302-****, ok?"
    assert stored.payload["id"] == f"x-{number}"  # part of a longer token: not a personnummer
    assert verify_chain(event.chain).ok
