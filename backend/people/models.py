"""Young people and their guardians.

A young person belongs to one municipality's records. Which units know of them is recorded per
unit (``YoungPersonUnit``): each agency's knowledge stays with that agency (product principle 1).
Personnummer is stored normalised (YYYYMMDDNNNN), searched by exact match and never shown in
lists or logs in clear.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.organisations.models import Municipality, Unit
from backend.people.identity import IdentityKind, age_on


class Custody(models.TextChoices):
    JOINT = "joint", _("Gemensam vårdnad")
    SOLE = "sole", _("Ensam vårdnad")


class YoungPerson(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="young_people"
    )
    personnummer = models.CharField(_("personnummer"), max_length=12)
    identity_kind = models.CharField(
        max_length=20, choices=[(k.value, k.value) for k in IdentityKind]
    )
    given_name = models.CharField(_("förnamn"), max_length=100)
    family_name = models.CharField(_("efternamn"), max_length=100)
    birth_date = models.DateField(_("födelsedatum"))
    protected_identity = models.BooleanField(_("skyddade personuppgifter"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ung person")
        verbose_name_plural = _("unga personer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "personnummer"], name="young_person_unique_pnr"
            ),
        ]

    def __str__(self) -> str:
        # Never the personnummer: __str__ ends up in logs and admin messages.
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def masked_personnummer(self) -> str:
        return f"{self.personnummer[:8]}-****"

    @property
    def display_personnummer(self) -> str:
        return f"{self.personnummer[:8]}-{self.personnummer[8:]}"


class Guardian(models.Model):
    """A custodial guardian (vårdnadshavare) of one young person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="guardians"
    )
    personnummer = models.CharField(_("personnummer"), max_length=12, blank=True)
    given_name = models.CharField(_("förnamn"), max_length=100)
    family_name = models.CharField(_("efternamn"), max_length=100)
    custody = models.CharField(_("vårdnad"), max_length=8, choices=Custody.choices)
    # Custody that ended is kept, not deleted: consents name the guardian who gave them.
    ended_on = models.DateField(_("vårdnaden upphörde"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vårdnadshavare")
        verbose_name_plural = _("vårdnadshavare")
        ordering = ["created_at", "family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class YoungPersonUnit(models.Model):
    """A unit knows this young person (registered them, raised a concern, or was told by a
    disclosure). Only members of such units, and members of a case about the young person,
    may see the record."""

    class Reason(models.TextChoices):
        REGISTERED = "registered", _("Registrerad av enheten")
        CONCERN = "concern", _("Oro anmäld eller mottagen")
        DISCLOSURE = "disclosure", _("Uppgifter mottagna genom utlämnande")

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="unit_links"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="young_person_links")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["young_person", "unit"], name="ypu_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.young_person} @ {self.unit}"
