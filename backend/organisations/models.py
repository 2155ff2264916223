"""Municipalities, organisations (agencies), units and memberships with roles.

The agency and unit vocabulary is the one of ../shared/scenarios/README.md, so that a unit maps
directly onto the confidentiality engine's ``{agency, operator, unit}``. Two agencies exist only
inside Samverka: ``municipal_administration`` (kommunledning: the SSP coordinator, auditors,
IT), which is neither a school, social services nor police.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Agency(models.TextChoices):
    SCHOOL = "school", _("Skola")
    SOCIAL_SERVICES = "social_services", _("Socialtjänst")
    POLICE = "police", _("Polis")
    MUNICIPAL_ADMINISTRATION = "municipal_administration", _("Kommunledning")


class Operator(models.TextChoices):
    MUNICIPAL = "municipal", _("Kommunal huvudman")
    INDEPENDENT = "independent", _("Enskild huvudman (friskola)")


class UnitKind(models.TextChoices):
    TEACHING = "teaching", _("Undervisning (lärare, mentorer)")
    PRINCIPAL = "principal", _("Rektor")
    STUDENT_HEALTH_PSYCHOSOCIAL = (
        "student_health_psychosocial",
        _("Elevhälsa, psykosocial (kurator, psykolog, specialpedagog)"),
    )
    STUDENT_HEALTH_MEDICAL = (
        "student_health_medical",
        _("Elevhälsa, medicinsk (skolsköterska, skolläkare)"),
    )
    CHILD_AND_YOUTH = "child_and_youth", _("Barn och unga")
    ADULT = "adult", _("Vuxen")
    OUTREACH = "outreach", _("Fältverksamhet")
    FAMILY_COUNSELLING = "family_counselling", _("Familjerådgivning")
    LOCAL_POLICE = "local_police", _("Lokalpolis (kommunpolis)")
    INVESTIGATION = "investigation", _("Utredning (förundersökning)")
    INTELLIGENCE = "intelligence", _("Underrättelse")
    SSP_COORDINATION = "ssp_coordination", _("SSP-samordning")
    AUDIT = "audit", _("Granskning och dataskydd")
    IT = "it", _("IT och systemförvaltning")


UNIT_KINDS_BY_AGENCY: dict[str, frozenset[str]] = {
    Agency.SCHOOL: frozenset(
        {
            UnitKind.TEACHING,
            UnitKind.PRINCIPAL,
            UnitKind.STUDENT_HEALTH_PSYCHOSOCIAL,
            UnitKind.STUDENT_HEALTH_MEDICAL,
        }
    ),
    Agency.SOCIAL_SERVICES: frozenset(
        {
            UnitKind.CHILD_AND_YOUTH,
            UnitKind.ADULT,
            UnitKind.OUTREACH,
            UnitKind.FAMILY_COUNSELLING,
        }
    ),
    Agency.POLICE: frozenset(
        {UnitKind.LOCAL_POLICE, UnitKind.INVESTIGATION, UnitKind.INTELLIGENCE}
    ),
    Agency.MUNICIPAL_ADMINISTRATION: frozenset(
        {UnitKind.SSP_COORDINATION, UnitKind.AUDIT, UnitKind.IT}
    ),
}


class Role(models.TextChoices):
    STAFF = "staff", _("Handläggare/personal")
    DECISION_MAKER = "decision_maker", _("Beslutsfattare")
    COORDINATOR = "coordinator", _("Samordnare")
    AUDITOR = "auditor", _("Granskare")
    ADMINISTRATOR = "administrator", _("Systemadministratör")


# Roles that work with young people and cases. Auditors see audit metadata only and
# administrators manage the directory only: neither ever reads case content.
OPERATIONAL_ROLES: frozenset[str] = frozenset({Role.STAFF, Role.DECISION_MAKER, Role.COORDINATOR})


class Municipality(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("namn"), max_length=100, unique=True)
    code = models.CharField(_("kommunkod"), max_length=4, unique=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(_("namn"), max_length=200)
    agency = models.CharField(_("verksamhet"), max_length=32, choices=Agency.choices)
    operator = models.CharField(
        _("huvudman"), max_length=16, choices=Operator.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="org_unique_name"),
            # Operator applies to schools only, and every school has one.
            models.CheckConstraint(
                condition=(Q(agency="school") & ~Q(operator=""))
                | (~Q(agency="school") & Q(operator="")),
                name="org_operator_only_for_schools",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.agency == Agency.SCHOOL and not self.operator:
            raise ValidationError({"operator": _("En skola måste ha en huvudman.")})
        if self.agency != Agency.SCHOOL and self.operator:
            raise ValidationError({"operator": _("Endast skolor har huvudman.")})


class Unit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av enhet"), max_length=40, choices=UnitKind.choices)
    email = models.EmailField(_("funktionsbrevlåda"), blank=True)

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.name}"

    def clean(self) -> None:
        if self.organisation_id and self.kind not in UNIT_KINDS_BY_AGENCY[self.organisation.agency]:
            raise ValidationError(
                {"kind": _("Enhetstypen passar inte organisationens verksamhet.")}
            )

    @property
    def agency(self) -> str:
        return self.organisation.agency

    @property
    def operator(self) -> str:
        return self.organisation.operator

    @property
    def municipality_id(self) -> uuid.UUID:
        return self.organisation.municipality_id


class Membership(models.Model):
    """A user works in a unit in a role. A user may belong to several units (one municipality)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    title = models.CharField(_("titel"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["unit__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"

    @property
    def is_operational(self) -> bool:
        return self.role in OPERATIONAL_ROLES

    def clean(self) -> None:
        # A user works for one municipality: chains, directories and access are per municipality.
        if not (self.user_id and self.unit_id):
            return
        municipality_id = self.unit.organisation.municipality_id
        others = Membership.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
        if others.exclude(unit__organisation__municipality_id=municipality_id).exists():
            raise ValidationError(
                {"unit": _("En användare kan bara arbeta i en kommun i Samverka.")}
            )
