from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.meetings.interventions import SOURCE, Intervention
from workflows.meetings.models import (
    ActionItem,
    ActionItemStatus,
    Attainment,
    CasePlan,
    GoalActor,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    ParticipantKind,
    Recommendation,
    RiskArea,
    RiskLevel,
)

# --- Input --------------------------------------------------------------------------------------


class ParticipantInputSerializer(serializers.Serializer[dict[str, Any]]):
    user = serializers.UUIDField(required=False)
    guardian = serializers.UUIDField(required=False)
    young_person = serializers.UUIDField(required=False)


class MeetingCreateSerializer(serializers.Serializer[dict[str, Any]]):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    agenda = serializers.CharField(max_length=10_000, allow_blank=True, required=False, default="")
    participants = serializers.ListField(
        child=ParticipantInputSerializer(), allow_empty=True, required=False, default=list
    )
    follow_up_of = serializers.UUIDField(required=False, allow_null=True, default=None)


class MeetingUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    location = serializers.CharField(max_length=200, allow_blank=True, required=False)
    agenda = serializers.CharField(max_length=10_000, allow_blank=True, required=False)
    minutes = serializers.CharField(max_length=50_000, allow_blank=True, required=False)
    decisions = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    status = serializers.ChoiceField(choices=MeetingStatus.choices, required=False)
    participants = serializers.ListField(
        child=ParticipantInputSerializer(), allow_empty=True, required=False
    )


class ActionItemCreateSerializer(serializers.Serializer[dict[str, Any]]):
    title = serializers.CharField(max_length=300)
    owner = serializers.UUIDField()
    due_on = serializers.DateField()


class ActionItemUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    title = serializers.CharField(max_length=300, required=False)
    owner = serializers.UUIDField(required=False)
    due_on = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=ActionItemStatus.choices, required=False)


class RiskAreaSerializer(serializers.Serializer[dict[str, Any]]):
    area = serializers.ChoiceField(choices=RiskArea.choices)
    level = serializers.ChoiceField(choices=RiskLevel.choices)
    note = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class AssessmentSerializer(serializers.Serializer[dict[str, Any]]):
    instrument = serializers.CharField(
        max_length=100, help_text=_("T.ex. ESTER, SAVRY eller YLS/CMI.")
    )
    assessed_on = serializers.DateField()
    level = serializers.ChoiceField(choices=RiskLevel.choices)
    summary = serializers.CharField(max_length=10_000, allow_blank=True, required=False, default="")
    areas = serializers.ListField(child=RiskAreaSerializer(), required=False, default=list)


class SubGoalSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.UUIDField(required=False, allow_null=True, default=None)
    who = serializers.ChoiceField(choices=GoalActor.choices)
    behaviour = serializers.CharField(
        max_length=2000,
        help_text=_("Vad personen ska göra, som en aktiv handling (inte vad den ska låta bli)."),
    )
    risk_area = serializers.ChoiceField(
        choices=RiskArea.choices, allow_blank=True, required=False, default=""
    )
    target_date = serializers.DateField(required=False, allow_null=True, default=None)
    # Two levels only: goals and their sub-goals.
    sub_goals = serializers.ListField(
        child=serializers.DictField(), required=False, default=list, max_length=0
    )


class GoalSerializer(SubGoalSerializer):
    sub_goals = serializers.ListField(child=SubGoalSerializer(), required=False, default=list)


class PlannedInterventionInputSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.UUIDField(required=False, allow_null=True, default=None)
    code = serializers.CharField(max_length=40)
    method = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(help_text=_("Ungefärligt slutdatum."))
    note = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")
    goals = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    confirm_not_recommended = serializers.BooleanField(required=False, default=False)


class FollowUpSerializer(serializers.Serializer[dict[str, Any]]):
    goal = serializers.UUIDField()
    followed_up_on = serializers.DateField()
    attainment = serializers.ChoiceField(choices=Attainment.choices)
    note = serializers.CharField(max_length=10_000, allow_blank=True, required=False, default="")


class CasePlanInputSerializer(serializers.Serializer[dict[str, Any]]):
    version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    assessments = serializers.ListField(child=AssessmentSerializer(), required=False, default=list)
    goals = serializers.ListField(child=GoalSerializer(), required=False, default=list)
    interventions = serializers.ListField(
        child=PlannedInterventionInputSerializer(), required=False, default=list
    )
    follow_ups = serializers.ListField(child=FollowUpSerializer(), required=False, default=list)


# --- Output -------------------------------------------------------------------------------------


class PersonRefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    full_name = serializers.CharField(source="get_full_name")


class ParticipantSerializer(serializers.Serializer[MeetingParticipant]):
    kind = serializers.ChoiceField(choices=ParticipantKind.choices)
    id = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()

    def get_id(self, participant: MeetingParticipant) -> str:
        value = participant.user_id or participant.guardian_id or participant.young_person_id
        return str(value)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_name(self, participant: MeetingParticipant) -> str | None:
        if participant.user is not None:
            return participant.user.get_full_name()
        if participant.guardian is not None:
            # Guardians' names can lead to a protected address (people.queries).
            if not self.context.get("may_see_guardians", False):
                return None
            return f"{participant.guardian.given_name} {participant.guardian.family_name}"
        if participant.young_person is not None:
            return f"{participant.young_person.given_name} {participant.young_person.family_name}"
        return None


class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    owner = PersonRefSerializer()
    meeting = serializers.UUIDField(source="meeting_id")
    case = serializers.UUIDField(source="case_id")

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "case",
            "title",
            "owner",
            "due_on",
            "status",
            "completed_at",
            "created_at",
            "updated_at",
        ]


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    case = serializers.UUIDField(source="case_id")
    participants = ParticipantSerializer(many=True)
    action_items = ActionItemSerializer(many=True)
    follow_up_of = serializers.UUIDField(source="follow_up_of_id", allow_null=True)
    next_meeting = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "case",
            "starts_at",
            "ends_at",
            "location",
            "status",
            "agenda",
            "minutes",
            "decisions",
            "participants",
            "action_items",
            "follow_up_of",
            "next_meeting",
            "ics_url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_next_meeting(self, meeting: Meeting) -> str | None:
        following = getattr(meeting, "next_meeting", None)
        return str(following.pk) if following is not None else None

    def get_ics_url(self, meeting: Meeting) -> str:
        return f"/api/v1/meetings/{meeting.pk}/ics/"


class RiskAreaOutSerializer(serializers.Serializer[Any]):
    area = serializers.CharField()
    level = serializers.CharField()
    note = serializers.CharField()


class AssessmentOutSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    instrument = serializers.CharField()
    assessed_on = serializers.DateField()
    level = serializers.CharField()
    summary = serializers.CharField()
    areas = RiskAreaOutSerializer(many=True, source="areas.all")


class SubGoalOutSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    who = serializers.CharField()
    behaviour = serializers.CharField()
    risk_area = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)


class GoalOutSerializer(SubGoalOutSerializer):
    sub_goals = SubGoalOutSerializer(many=True, source="sub_goals.all")


class InterventionOutSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    code = serializers.CharField()
    method = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField()
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    flagged = serializers.BooleanField()
    confirm_not_recommended = serializers.BooleanField(source="flagged")
    confirmed_by = serializers.UUIDField(source="confirmed_by_id", allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()
    goals = serializers.SerializerMethodField()

    def get_goals(self, intervention: Any) -> list[str]:
        return [str(goal.pk) for goal in intervention.goals.all()]


class FollowUpOutSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    goal = serializers.UUIDField(source="goal_id")
    followed_up_on = serializers.DateField()
    attainment = serializers.CharField()
    note = serializers.CharField()


class CasePlanSerializer(serializers.Serializer[CasePlan]):
    case = serializers.UUIDField(source="case_id")
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.UUIDField(source="updated_by_id", allow_null=True)
    assessments = AssessmentOutSerializer(many=True, source="assessments.all")
    goals = serializers.SerializerMethodField()
    interventions = InterventionOutSerializer(many=True, source="interventions.all")
    follow_ups = FollowUpOutSerializer(many=True, source="follow_ups.all")
    warnings = serializers.SerializerMethodField()

    @extend_schema_field(GoalOutSerializer(many=True))
    def get_goals(self, plan: CasePlan) -> list[Any]:
        top = [goal for goal in plan.goals.all() if goal.parent_id is None]
        return list(GoalOutSerializer(top, many=True).data)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, plan: CasePlan) -> list[str]:
        return [
            str(
                _(
                    "%(code)s: Socialstyrelsen avråder från insatsen "
                    "(valet är bekräftat och flaggat)."
                )
                % {"code": item.code}
            )
            for item in plan.interventions.all()
            if item.flagged
        ]


class InterventionCatalogueSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    examples = serializers.ListField(child=serializers.CharField())
    recommended_ages = serializers.SerializerMethodField()
    recommendation = serializers.SerializerMethodField()
    knowledge_source = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_recommended_ages(self, item: Intervention) -> list[int] | None:
        return list(item.recommended_ages) if item.recommended_ages else None

    @extend_schema_field(serializers.ChoiceField(choices=Recommendation.choices, allow_null=True))
    def get_recommendation(self, item: Intervention) -> str | None:
        age = self.context.get("age")
        return None if age is None else str(item.recommendation_for(age))

    def get_knowledge_source(self, item: Intervention) -> str:
        return SOURCE


class CalendarFeedSerializer(serializers.Serializer[Any]):
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(
        allow_null=True, help_text=_("Visas bara när adressen skapas; den sparas inte.")
    )
