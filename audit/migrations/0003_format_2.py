"""Re-chain the events written before log format 2, and create the chain heads.

Format 1 (the foundation's placeholder) hashed a JSON object; format 2 hashes the COPY text line
that the streaming verifier reads (``audit.canonical``). No deployment holds format-1 events (the
integrity work lands before the first release), so the few events of a development database are
re-chained once here, before migration 0004 makes the table append-only. The encoding is frozen
in this file on purpose: a later change of ``audit.canonical`` would be a format 3.
"""

import datetime
import hashlib
import json

from django.db import migrations

_ESCAPES = str.maketrans(
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
COLUMNS = (
    "chain", "seq", "occurred_at", "actor_id", "actor_username", "actor_unit_id",
    "actor_unit_name", "actor_agency", "actor_role", "action", "object_type", "object_id",
    "young_person_id", "case_id", "purpose", "legal_ground", "outcome", "request_id",
    "client_address", "payload",
)


def _order(value):
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: (len(kv[0].encode()), kv[0].encode()))
        return {key: _order(item) for key, item in items}
    if isinstance(value, list):
        return [_order(item) for item in value]
    return value


def _text(value):
    if value is None:
        return "\\N"
    if isinstance(value, datetime.datetime):
        utc = value.astimezone(datetime.timezone.utc)
        text = utc.strftime("%Y-%m-%d %H:%M:%S")
        if utc.microsecond:
            text += f".{utc.microsecond:06d}".rstrip("0")
        return text + "+00"
    if isinstance(value, (dict, list)):
        return json.dumps(_order(value), ensure_ascii=False).translate(_ESCAPES)
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    return str(value)


def rechain(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChain = apps.get_model("audit", "AuditChain")
    Municipality = apps.get_model("organisations", "Municipality")
    heads = {}
    for event in AuditEvent.objects.order_by("chain", "seq").iterator(chunk_size=2000):
        _seq, prev_hash = heads.get(event.chain, (0, "0" * 64))
        line = "\t".join(
            [prev_hash, "2", *(_text(getattr(event, name)) for name in COLUMNS)]
        )
        event.prev_hash = prev_hash
        event.hash = hashlib.sha256(line.encode("utf-8")).hexdigest()
        event.save(update_fields=["prev_hash", "hash"])
        heads[event.chain] = (event.seq, event.hash)
    # Pre-create the heads, so that a writer finds one (it creates a missing one otherwise).
    keys = {str(pk) for pk in Municipality.objects.values_list("pk", flat=True)} | {"global"}
    for key in keys | set(heads):
        last_seq, last_hash = heads.get(key, (0, "0" * 64))
        previous = (
            AuditEvent.objects.filter(chain=key, seq=last_seq).values_list("prev_hash", flat=True).first()
            or "0" * 64
        )
        AuditChain.objects.update_or_create(
            key=key, defaults={"last_seq": last_seq, "last_hash": last_hash, "prev_hash": previous}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_integrity"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]
