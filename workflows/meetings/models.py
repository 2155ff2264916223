"""Meetings of a collaboration case, their action items, calendar feed tokens, and the case plan
that follows Socialstyrelsen's knowledge support (product.md C8).

Everything hangs off a case and is deleted with it (gallring of a closed case); the audit log,
which references nothing by foreign key, outlives it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.cases.models import Case
from backend.people.models import Guardian, YoungPerson

# --- Meetings ---------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planerat")
    HELD = "held", _("Genomfört")
    CANCELLED = "cancelled", _("Inställt")


MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.HELD, MeetingStatus.CANCELLED}),
    MeetingStatus.HELD: frozenset(),
    MeetingStatus.CANCELLED: frozenset({MeetingStatus.PLANNED}),
}


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    location = models.CharField(_("plats"), max_length=200, blank=True)
    agenda = models.TextField(_("dagordning"), blank=True)
    minutes = models.TextField(_("minnesanteckningar"), blank=True)
    decisions = models.TextField(_("beslut"), blank=True)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # The meeting this one follows up; the earlier meeting's "next meeting" is the reverse.
    follow_up_of = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_meeting"
    )
    # iCalendar SEQUENCE: raised when the time, place or status changes, so calendars update.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["case", "starts_at"], name="meeting_case_time")]

    def __str__(self) -> str:
        return f"Möte {str(self.id)[:8]}"


class ParticipantKind(models.TextChoices):
    STAFF = "staff", _("Personal")
    YOUNG_PERSON = "young_person", _("Den unga")
    GUARDIAN = "guardian", _("Vårdnadshavare")


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=12, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="staff",
                        user__isnull=False,
                        guardian__isnull=True,
                        young_person__isnull=True,
                    )
                    | Q(
                        kind="guardian",
                        user__isnull=True,
                        guardian__isnull=False,
                        young_person__isnull=True,
                    )
                    | Q(
                        kind="young_person",
                        user__isnull=True,
                        guardian__isnull=True,
                        young_person__isnull=False,
                    )
                ),
                name="participant_one_person",
            ),
            models.UniqueConstraint(fields=["meeting", "user"], name="participant_unique_user"),
            models.UniqueConstraint(
                fields=["meeting", "guardian"], name="participant_unique_guardian"
            ),
            models.UniqueConstraint(
                fields=["meeting", "young_person"], name="participant_unique_young_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.kind}"


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Klar")
    CANCELLED = "cancelled", _("Struken")


# The action item workflow: done may be reopened; cancelled is final.
ACTION_ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionItemStatus.OPEN: frozenset(
        {ActionItemStatus.IN_PROGRESS, ActionItemStatus.DONE, ActionItemStatus.CANCELLED}
    ),
    ActionItemStatus.IN_PROGRESS: frozenset(
        {ActionItemStatus.OPEN, ActionItemStatus.DONE, ActionItemStatus.CANCELLED}
    ),
    ActionItemStatus.DONE: frozenset({ActionItemStatus.OPEN}),
    ActionItemStatus.CANCELLED: frozenset(),
}
ACTIVE_ACTION_ITEM_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)


class ActionItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    # Denormalised from the meeting: access is by case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("åtgärd"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("klart senast"))
    status = models.CharField(
        max_length=12, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("åtgärdspunkt")
        verbose_name_plural = _("åtgärdspunkter")
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="action_item_owner")]

    def __str__(self) -> str:
        return f"Åtgärd {str(self.id)[:8]}"


class CalendarFeedToken(models.Model):
    """A secret URL for a user's calendar feed. Only a SHA-256 hash of the token is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_active_feed_token"
            ),
        ]

    def __str__(self) -> str:
        return f"kalender {self.user_id}"


# --- Case plan (Socialstyrelsen 2021: Insatser för att motverka fortsatt normbrytande beteende) --


class RiskLevel(models.TextChoices):
    LOW = "low", _("Låg")
    MEDIUM = "medium", _("Måttlig")
    HIGH = "high", _("Hög")


class RiskArea(models.TextChoices):
    """The risk and need areas of the knowledge support ("Bedöma risk och behov", 2020)."""

    OTHER_RISK_BEHAVIOUR = (
        "other_risk_behaviour",
        _("Andra riskbeteenden (t.ex. aggressivitet, trotsighet, impulsivitet)"),
    )
    ATTITUDES = "attitudes", _("Attityder")
    SCHOOL = "school", _("Skola")
    LEISURE = "leisure", _("Fritid")
    PEERS = "peers", _("Umgänge")
    SUBSTANCE_USE = "substance_use", _("Missbruk")
    PARENTS_FAMILY = "parents_family", _("Föräldrar/familj")


class GoalActor(models.TextChoices):
    """Who does the behaviour a goal describes: goals are written as what someone will do."""

    CHILD = "child", _("Barnet/den unga")
    PARENTS = "parents", _("Föräldrarna")
    OTHER_ADULTS = "other_adults", _("Andra vuxna (t.ex. skolan)")


class Attainment(models.TextChoices):
    ACHIEVED = "achieved", _("Uppnått")
    PARTLY_ACHIEVED = "partly_achieved", _("Delvis uppnått")
    NOT_ACHIEVED = "not_achieved", _("Inte uppnått")


class Recommendation(models.TextChoices):
    RECOMMENDED = "recommended", _("Rekommenderas för åldern")
    NO_RECOMMENDATION = "no_recommendation", _("Ingen rekommendation för åldern")
    NOT_RECOMMENDED = "not_recommended", _("Avråds (bör inte erbjudas)")


class CasePlan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")

    def __str__(self) -> str:
        return f"Plan {str(self.case_id)[:8]} v{self.version}"


class RiskAssessment(models.Model):
    """A structured risk and need assessment (e.g. with ESTER, SAVRY or YLS/CMI)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.CharField(_("bedömningsinstrument"), max_length=100)
    assessed_on = models.DateField(_("bedömningsdatum"))
    level = models.CharField(_("risknivå"), max_length=6, choices=RiskLevel.choices)
    summary = models.TextField(_("sammanfattning"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.assessed_on}"


class RiskAreaFinding(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=24, choices=RiskArea.choices)
    level = models.CharField(max_length=6, choices=RiskLevel.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="risk_area_once"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.level}"


class Goal(models.Model):
    """A goal or sub-goal written as an active behaviour: who will do what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_goals"
    )
    who = models.CharField(max_length=12, choices=GoalActor.choices)
    behaviour = models.TextField(_("beteende"))
    risk_area = models.CharField(max_length=24, choices=RiskArea.choices, blank=True)
    target_date = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"Mål {str(self.id)[:8]}"


class PlannedIntervention(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="interventions")
    code = models.CharField(max_length=40)  # workflows.meetings.interventions.CATALOGUE
    method = models.CharField(_("metod"), max_length=100, blank=True)  # e.g. "MST", "Komet"
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(_("ungefärligt slutdatum"))
    # The recommendation for the young person's age when the intervention was chosen.
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    # A not-recommended intervention needs an explicit confirmation, and stays flagged.
    flagged = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="interventions")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [
            models.Index(fields=["flagged"], name="intervention_flagged", condition=Q(flagged=True))
        ]

    def __str__(self) -> str:
        return f"{self.code} → {self.ends_on}"


class FollowUp(models.Model):
    """A follow-up of one goal: was it attained, and if not, why (the analysis)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="follow_ups")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="follow_ups")
    followed_up_on = models.DateField(_("uppföljningsdatum"))
    attainment = models.CharField(max_length=16, choices=Attainment.choices)
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.followed_up_on}: {self.attainment}"
