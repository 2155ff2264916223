"""Consent records (samtycke, OSL 12 kap.; legal-rules.md §3).

One record per consent act and grantor (the young person, or one custodial guardian). Records
are never edited: a change is a new record that supersedes the old one, and a withdrawal is its
own row, so that a disclosure can always name the exact consent version it relied on.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.organisations.models import Municipality, Unit
from backend.people.models import Guardian, YoungPerson


class GrantorKind(models.TextChoices):
    CHILD = "child", _("Den unge")
    GUARDIAN = "guardian", _("Vårdnadshavare")


class ConsentDecision(models.TextChoices):
    GRANTED = "granted", _("Samtycker")
    REFUSED = "refused", _("Samtycker inte")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("Skriftligt")
    ORAL = "oral", _("Muntligt")


class ConsentRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.PROTECT, related_name="consent_records"
    )
    grantor_kind = models.CharField(max_length=8, choices=GrantorKind.choices)
    guardian = models.ForeignKey(
        Guardian, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    decision = models.CharField(max_length=8, choices=ConsentDecision.choices)
    form = models.CharField(max_length=8, choices=ConsentForm.choices)
    given_on = models.DateField(_("lämnat"))
    valid_until = models.DateField(_("giltigt till och med"))
    # References: "agency", "agency:unit_kind", "id:<unit id>" or "org:<organisation id>".
    recipients = models.JSONField(_("mottagare"))
    categories = models.JSONField(_("uppgiftskategorier"))
    purposes = models.JSONField(_("ändamål"))
    conditions = models.TextField(_("villkor"), blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    # Oral consent: who recorded it (the recorder) and the scope as read back to the grantor
    # (legal-rules.md 3.5: oral consent only with a recorded note).
    scope_read_back = models.TextField(_("uppläst omfattning"), blank=True)
    # Version chain: a change is a new record that supersedes the previous one.
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    version = models.PositiveIntegerField(default=1)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(grantor_kind="guardian") & Q(guardian__isnull=False))
                | (Q(grantor_kind="child") & Q(guardian__isnull=True)),
                name="consent_grantor_coherent",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
            ),
        ]
        indexes = [models.Index(fields=["young_person", "-recorded_at"])]

    def __str__(self) -> str:
        return f"Samtycke {str(self.id)[:8]} v{self.version}"

    @property
    def grantor_ref(self) -> str:
        """The grantor as the engine names it: ``child`` or the guardian's id."""
        return "child" if self.grantor_kind == GrantorKind.CHILD else str(self.guardian_id)


class ConsentDocument(models.Model):
    """The signed consent form of a written consent, stored with the record (in the same
    transaction, so a record never exists without its document)."""

    consent = models.OneToOneField(ConsentRecord, on_delete=models.PROTECT, related_name="document")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.filename


class ConsentWithdrawal(models.Model):
    """Återkallelse: stops the consent from ``withdrawn_on`` (inclusive) for new disclosures."""

    consent = models.OneToOneField(
        ConsentRecord, on_delete=models.PROTECT, related_name="withdrawal"
    )
    withdrawn_on = models.DateField()
    reason = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Återkallelse av {self.consent}"


class MaturityAssessmentRecord(models.Model):
    """A decision-maker's documented assessment of the young person's maturity, which changes
    who must consent (legal-rules.md 3.1)."""

    class Finding(models.TextChoices):
        MATURE_ALONE = "mature_alone", _("Tillräckligt mogen att ensam bestämma")
        NOT_MATURE = "not_mature", _("Vårdnadshavarna bestämmer")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.PROTECT, related_name="maturity_assessments"
    )
    finding = models.CharField(max_length=16, choices=Finding.choices)
    # Each authority decides for its own disclosures: the assessment applies when this unit's
    # organisation discloses.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField()
    categories = models.JSONField(null=True, blank=True)  # None: all categories
    purposes = models.JSONField(null=True, blank=True)  # None: all purposes
    reasoning = models.TextField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"Mognadsbedömning {self.assessed_on}"
