"""State changes of the audit app: writing checkpoints."""

from __future__ import annotations

import structlog
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from audit import checkpoints, signing
from audit.models import AuditChain, AuditCheckpoint
from backend.core.actor import Actor

log = structlog.get_logger(__name__)


def audit_checkpoints_write(*, actor: Actor) -> list[AuditCheckpoint]:
    """Sign a checkpoint of every chain that has grown since its last checkpoint, store it, and
    write it to ``AUDIT_CHECKPOINT_DIR``. Safe to run twice at once (one of the two wins)."""
    written: list[AuditCheckpoint] = []
    latest = dict(
        AuditCheckpoint.objects.values("chain")
        .annotate(last=Max("last_seq"))
        .values_list("chain", "last")
        .order_by()
    )
    # The head is read without a lock: it is committed state (head and event commit together),
    # and a checkpoint of a slightly older head is as true as one of the newest.
    for head in AuditChain.objects.filter(last_seq__gt=0).order_by("key"):
        if latest.get(head.key, 0) >= head.last_seq:
            continue
        created_at = timezone.now()
        key_id, signature = signing.sign(
            checkpoints.signed_message(
                chain=head.key,
                last_seq=head.last_seq,
                last_hash=head.last_hash,
                created_at=created_at,
                key_id=signing.key_id(signing.signing_key().public_key()),
            )
        )
        try:
            with transaction.atomic(durable=True):
                row = AuditCheckpoint.objects.create(
                    chain=head.key,
                    last_seq=head.last_seq,
                    last_hash=head.last_hash,
                    created_at=created_at,
                    key_id=key_id,
                    signature=signature,
                )
                # The file is written before the row commits: if writing fails, there is no
                # checkpoint at all (and the next run tries again); if the commit fails, the file
                # alone is still a true, signed statement about the chain.
                checkpoints.write_file(checkpoints.Checkpoint.from_model(row))
        except IntegrityError:
            continue  # a concurrent run checkpointed this head first
        log.info(
            "audit_checkpoint_written",
            chain=head.key,
            last_seq=head.last_seq,
            by=actor.user.get_username() if actor.user else "system",
        )
        written.append(row)
    return written
