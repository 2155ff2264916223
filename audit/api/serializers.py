"""Input filters and output shapes of the auditor API. Auditors see metadata, never content."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from audit.events import EVENTS
from audit.models import AuditEvent, Outcome
from audit.queries import EventFilter
from backend.organisations.models import Agency

DATE_OR_TIME = ["iso-8601", "%Y-%m-%d"]

# The columns of an event as the API, the CSV and the JSON export show them (one order).
EVENT_FIELDS = [
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_unit_id",
    "actor_unit_name",
    "actor_agency",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "young_person_id",
    "case_id",
    "purpose",
    "legal_ground",
    "outcome",
    "request_id",
    "client_address",
    "payload",
    "prev_hash",
    "hash",
]


class EventFilterSerializer(serializers.Serializer[dict[str, Any]]):
    actor = serializers.UUIDField(required=False, help_text="user id")
    young_person = serializers.UUIDField(
        required=False, help_text="events about them, and list pages that showed them"
    )
    case = serializers.UUIDField(required=False)
    unit = serializers.UUIDField(required=False, help_text="the unit the actor acted for")
    agency = serializers.ChoiceField(choices=Agency.choices, required=False)
    action = serializers.CharField(
        required=False, max_length=64, help_text='an event code, or a prefix: "case.*"'
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    since = serializers.DateTimeField(required=False, input_formats=DATE_OR_TIME)
    until = serializers.DateTimeField(required=False, input_formats=DATE_OR_TIME)

    def validate_action(self, value: str) -> str:
        prefix = value[:-1] if value.endswith(".*") else None
        if value in EVENTS or (prefix and any(code.startswith(prefix) for code in EVENTS)):
            return value
        raise serializers.ValidationError(
            _("Okänd händelsekod. Ange en kod ur registret, eller ett prefix som ”case.*”.")
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since is not None and until is not None and since >= until:
            raise serializers.ValidationError({"until": [_("Måste vara senare än since.")]})
        return attrs

    def to_filter(self) -> EventFilter:
        data = self.validated_data
        return EventFilter(
            actor=data.get("actor"),
            young_person=data.get("young_person"),
            case=data.get("case"),
            unit=data.get("unit"),
            agency=data.get("agency", ""),
            action=data.get("action", ""),
            outcome=data.get("outcome", ""),
            since=data.get("since"),
            until=data.get("until"),
        )


MAX_ANOMALY_DAYS = 92


class AnomalyFilterSerializer(serializers.Serializer[dict[str, Any]]):
    since = serializers.DateTimeField(
        required=False, input_formats=DATE_OR_TIME, help_text="default: 7 days ago"
    )
    until = serializers.DateTimeField(
        required=False, input_formats=DATE_OR_TIME, help_text="default: now"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        until = attrs.get("until") or timezone.now()
        since = attrs.get("since") or until - datetime.timedelta(days=7)
        if since >= until:
            raise serializers.ValidationError({"until": [_("Måste vara senare än since.")]})
        if until - since > datetime.timedelta(days=MAX_ANOMALY_DAYS):
            raise serializers.ValidationError(
                {"since": [_("Högst %(days)s dagar åt gången.") % {"days": MAX_ANOMALY_DAYS}]}
            )
        return {"since": since, "until": until}


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    action_label = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [*EVENT_FIELDS[:9], "action_label", *EVENT_FIELDS[9:]]
        read_only_fields = fields

    def get_action_label(self, event: AuditEvent) -> str:
        return str(EVENTS.get(event.action, event.action))


class AuditEventPageSerializer(serializers.Serializer[dict[str, Any]]):
    results = AuditEventSerializer(many=True)
    next = serializers.URLField(allow_null=True)


class AccessReportEventSerializer(AuditEventSerializer):
    via = serializers.SerializerMethodField(help_text="direct, or a list page that showed them")

    class Meta(AuditEventSerializer.Meta):
        fields = [*AuditEventSerializer.Meta.fields, "via"]
        read_only_fields = fields

    def get_via(self, event: AuditEvent) -> str:
        return "direct" if str(event.young_person_id) == self.context["young_person"] else "list"


class AccessSummarySerializer(serializers.Serializer[Any]):
    actor_id = serializers.UUIDField(allow_null=True)
    actor_username = serializers.CharField()
    actor_unit_id = serializers.UUIDField(allow_null=True)
    actor_unit_name = serializers.CharField()
    actor_agency = serializers.CharField()
    actor_role = serializers.CharField()
    events = serializers.IntegerField()
    denied = serializers.IntegerField()
    first_at = serializers.DateTimeField()
    last_at = serializers.DateTimeField()


class AccessReportSerializer(serializers.Serializer[dict[str, Any]]):
    young_person = serializers.UUIDField()
    summary = AccessSummarySerializer(many=True)
    results = AccessReportEventSerializer(many=True)
    next = serializers.URLField(allow_null=True)


class FaultSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(
        choices=["altered", "removed", "inserted", "reordered", "checkpoint"]
    )
    kind_label = serializers.CharField()
    seq = serializers.IntegerField()
    detail = serializers.CharField()
    checkpoint_seq = serializers.IntegerField(allow_null=True)


class CheckpointSerializer(serializers.Serializer[dict[str, Any]]):
    seq = serializers.IntegerField()
    hash = serializers.CharField()
    created_at = serializers.DateTimeField()
    key_id = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())


class VerifySerializer(serializers.Serializer[dict[str, Any]]):
    ok = serializers.BooleanField()
    events_checked = serializers.IntegerField()
    first_bad_seq = serializers.IntegerField(allow_null=True)
    last_checkpoint = CheckpointSerializer(allow_null=True)
    fault = FaultSerializer(allow_null=True)
    checkpoints_checked = serializers.IntegerField()
    chain = serializers.CharField()


class AnomalySerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(
        choices=[
            "denial_burst",
            "outside_working_hours",
            "many_young_people",
            "not_case_member",
            "emergency_access",
        ]
    )
    kind_label = serializers.CharField()
    actor_id = serializers.UUIDField(allow_null=True)
    actor_username = serializers.CharField()
    first_at = serializers.DateTimeField()
    last_at = serializers.DateTimeField()
    first_seq = serializers.IntegerField()
    last_seq = serializers.IntegerField()
    count = serializers.IntegerField()
    detail = serializers.CharField()
    case_id = serializers.UUIDField(allow_null=True)
    young_person_id = serializers.UUIDField(allow_null=True)
    seqs = serializers.ListField(child=serializers.IntegerField())


class AnomalyReportSerializer(serializers.Serializer[dict[str, Any]]):
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()
    results = AnomalySerializer(many=True)
    next = serializers.URLField(allow_null=True)
