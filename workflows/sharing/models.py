"""Concerns, information-sharing requests and the disclosure ledger (product.md C3, C7).

Nothing crosses between agencies except through a ``Disclosure``: a recorded event that names
what was released, from whom, to whom, on which ground or consent version, decided by whom.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.cases.models import Case
from backend.organisations.models import Municipality, Unit
from backend.people.models import YoungPerson


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Brådskande")
    ACUTE = "acute", _("Akut")


class ConcernCategory(models.TextChoices):
    ABSENCE = "absence", _("Frånvaro")
    AGGRESSION = "aggression", _("Aggressivitet")
    SUBSTANCE_USE = "substance_use", _("Alkohol eller droger")
    CRIMINAL_PEERS = "criminal_peers", _("Kriminella kamrater")
    VIOLENCE = "violence", _("Våld")
    OTHER = "other", _("Annat")


class ConcernStatus(models.TextChoices):
    SENT = "sent", _("Skickad till socialtjänsten")
    ACKNOWLEDGED = "acknowledged", _("Mottagen, återkoppling lämnad")


class Concern(models.Model):
    """Oro för ett barn: with ``child_at_risk`` a concern report (orosanmälan, SoL 19 kap. 1 §)
    that goes to social services at once and needs no consent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    observations = models.TextField()
    observed_on = models.DateField(null=True, blank=True)
    categories = models.JSONField()
    urgency = models.CharField(max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    child_at_risk = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=ConcernStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # SoL 19 kap. 6 §: feedback to the reporter within one week.
    feedback_due_on = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_unit", "status", "-created_at"]),
            models.Index(fields=["raised_by", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Oro {str(self.id)[:8]}"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Skickad")
    IN_REVIEW = "in_review", _("Under prövning")
    APPROVED = "approved", _("Beviljad")
    PARTLY_APPROVED = "partly_approved", _("Delvis beviljad")
    REFUSED = "refused", _("Avslagen")
    DISCLOSED = "disclosed", _("Utlämnad")
    CLOSED = "closed", _("Avslutad")
    WITHDRAWN = "withdrawn", _("Återtagen")
    EXPIRED = "expired", _("Förfallen")
    CANCELLED = "cancelled", _("Avbruten (samtycke återkallat)")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Bevilja")
    PARTLY_APPROVE = "partly_approve", _("Bevilja delvis")
    REFUSE = "refuse", _("Avslå")


S = RequestStatus
# The sharing request workflow (api.md statuses). Anything not listed here is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN, S.CANCELLED}),
    S.SUBMITTED: frozenset(
        {S.IN_REVIEW, S.APPROVED, S.PARTLY_APPROVED, S.REFUSED, S.WITHDRAWN, S.EXPIRED, S.CANCELLED}
    ),
    S.IN_REVIEW: frozenset(
        {S.APPROVED, S.PARTLY_APPROVED, S.REFUSED, S.WITHDRAWN, S.EXPIRED, S.CANCELLED}
    ),
    S.APPROVED: frozenset({S.DISCLOSED, S.CANCELLED}),
    S.PARTLY_APPROVED: frozenset({S.DISCLOSED, S.CANCELLED}),
    S.REFUSED: frozenset({S.CLOSED}),
    S.DISCLOSED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.EXPIRED: frozenset(),
    S.CANCELLED: frozenset(),
}
PENDING_STATUSES = frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.APPROVED, S.PARTLY_APPROVED})
UNDECIDED_STATUSES = frozenset({S.SUBMITTED, S.IN_REVIEW})


class SharingRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="sharing_requests")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # asks
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # holds
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField()
    purpose = models.CharField(max_length=32)
    reason = models.TextField()
    urgency = models.CharField(max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    facts = models.JSONField(default=dict, blank=True)
    deadline = models.DateField()
    status = models.CharField(max_length=16, choices=RequestStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The engine's answer each time it ran (api.md: at submit, at decision, at disclosure).
    check_at_submit = models.JSONField(null=True, blank=True)
    check_at_decision = models.JSONField(null=True, blank=True)
    # The decision of the holding unit's decision-maker.
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    released_categories = models.JSONField(default=list, blank=True)
    ground = models.CharField(max_length=4, blank=True)
    consent_ids = models.JSONField(default=list, blank=True)
    assessment = models.TextField(blank=True)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)  # cancelled, expired, withdrawn
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_unit", "status", "-created_at"]),
            models.Index(fields=["from_unit", "status", "-created_at"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"Begäran {str(self.id)[:8]}"


class DisclosureKind(models.TextChoices):
    REQUEST = "request", _("På begäran")
    CONCERN = "concern", _("Orosanmälan")
    OWN_INITIATIVE = "own_initiative", _("På eget initiativ")


class Disclosure(models.Model):
    """One release of information from one unit to another: the ledger. Never edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=DisclosureKind.choices)
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures"
    )
    request = models.OneToOneField(
        SharingRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure",
    )
    concern = models.OneToOneField(
        Concern, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosure"
    )
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField()
    content = models.TextField()
    purpose = models.CharField(max_length=32)
    ground = models.CharField(max_length=4)
    provision = models.CharField(max_length=200)
    ground_outcome = models.CharField(max_length=24)
    consent_ids = models.JSONField(default=list, blank=True)  # the exact consent versions
    assessment = models.TextField(blank=True)
    facts = models.JSONField(default=dict, blank=True)
    engine_check = models.JSONField()  # the engine's answer at the moment of disclosure
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disclosed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_at"]
        indexes = [
            models.Index(fields=["to_unit", "-disclosed_at"]),
            models.Index(fields=["from_unit", "-disclosed_at"]),
            models.Index(fields=["young_person", "-disclosed_at"]),
        ]

    def __str__(self) -> str:
        return f"Utlämnande {str(self.id)[:8]}"
