"""Collaboration cases. A case is about one young person; units participate and users are
members. Membership is an object permission (django-guardian, direct foreign-key models): the
``CaseMember`` row says who added whom for which unit, the permission row is what access checks
read, and both are written together by the case actions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from backend.organisations.models import Municipality, Unit
from backend.people.models import YoungPerson


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Öppet")
    PAUSED = "paused", _("Vilande")
    CLOSED = "closed", _("Avslutat")


# open <-> paused; either -> closed, which is final (a new case is opened if needed).
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.PAUSED, CaseStatus.CLOSED}),
    CaseStatus.PAUSED: frozenset({CaseStatus.OPEN, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="cases")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="cases")
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="led_cases")
    status = models.CharField(max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("samverkansärende")
        verbose_name_plural = _("samverkansärenden")
        ordering = ["-created_at"]
        permissions = [("manage_case_members", "Can add and remove case members")]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"Ärende {str(self.id)[:8]}"


class CaseParticipant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="case_participations")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "unit"], name="case_participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.unit}"


class CaseMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.user}"


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
