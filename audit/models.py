"""Audit events: append-only, hash-chained, one chain per municipality.

An event never references other rows by foreign key: the log must outlive what it describes
(gallring of a closed case deletes the case, never its log), and a foreign key would either block
that deletion or cascade into the log.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("Tillåten")
    DENIED = "denied", _("Nekad")


GLOBAL_CHAIN = "global"  # events with no municipality (failed logins of unknown users, admins)


class AuditChain(models.Model):
    """The head of one chain. Writers lock this row, so a chain never forks or skips."""

    key = models.CharField(max_length=64, primary_key=True)  # municipality id or "global"
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # The hash before last_hash: the writer's one statement bumps the head and inserts the event,
    # and the event needs the previous hash that the same UPDATE just replaced.
    prev_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("loggkedja")
        verbose_name_plural = _("loggkedjor")

    def __str__(self) -> str:
        return f"{self.key}@{self.last_seq}"


class AuditEvent(models.Model):
    """One event. The database refuses UPDATE, DELETE and TRUNCATE on this table (triggers of
    migration 0003); ``hash`` covers every column but ``id`` (``audit.canonical``)."""

    id = models.BigAutoField(primary_key=True)
    chain = models.CharField(max_length=64)
    seq = models.BigIntegerField()
    occurred_at = models.DateTimeField()
    # Who: the user id and a snapshot of what they were at the time.
    actor_id = models.UUIDField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_unit_id = models.UUIDField(null=True, blank=True)
    actor_unit_name = models.CharField(max_length=200, blank=True)
    actor_agency = models.CharField(max_length=32, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    # What
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    young_person_id = models.UUIDField(null=True, blank=True)
    case_id = models.UUIDField(null=True, blank=True)
    # Why
    purpose = models.CharField(max_length=64, blank=True)
    legal_ground = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    # Where from
    request_id = models.CharField(max_length=64, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("logghändelse")
        verbose_name_plural = _("logghändelser")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique"),
        ]
        # Every index costs each request an index insert: only what the auditor's searches need.
        # List events find their young people through a GIN index on payload->'young_people'
        # (PostgreSQL only, migration 0002), as the model cannot declare an expression GIN index
        # that SQLite would accept.
        indexes = [
            models.Index(fields=["chain", "-occurred_at"], name="audit_chain_time"),
            models.Index(fields=["young_person_id", "-occurred_at"], name="audit_yp_time"),
            models.Index(fields=["actor_id", "-occurred_at"], name="audit_actor_time"),
            models.Index(fields=["case_id", "-occurred_at"], name="audit_case_time"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action}"


class AuditCheckpoint(models.Model):
    """A signed statement "chain C had reached sequence N with hash H at time T", also written
    to files outside the database (``AUDIT_CHECKPOINT_DIR``), so that rewriting the chain from
    some event onwards, hashes and all, is detected. Append-only like the events."""

    id = models.BigAutoField(primary_key=True)
    chain = models.CharField(max_length=64)
    last_seq = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    key_id = models.CharField(max_length=32)  # which signing key (fingerprint of its public key)
    signature = models.CharField(max_length=128)  # Ed25519, base64

    class Meta:
        verbose_name = _("kontrollpunkt")
        verbose_name_plural = _("kontrollpunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "last_seq"], name="audit_checkpoint_chain_seq_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chain}@{self.last_seq}"
