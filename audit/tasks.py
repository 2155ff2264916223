"""Celery tasks of the audit app (scheduled by beat: CELERY_BEAT_SCHEDULE in settings)."""

from __future__ import annotations

from celery import shared_task

from audit.actions import audit_checkpoints_write
from backend.core.actor import Actor


@shared_task(name="audit.write_checkpoints")
def write_checkpoints() -> int:
    """Every AUDIT_CHECKPOINT_INTERVAL_SECONDS: sign and publish the heads that moved."""
    return len(audit_checkpoints_write(actor=Actor.system()))
