from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from consent.labels import category_label, purpose_label, recipient_labels
from consent.models import ConsentRecord
from consent.queries import consent_status_on


class DocumentInputSerializer(serializers.Serializer[dict[str, Any]]):
    filename = serializers.CharField(max_length=200)
    content_type = serializers.CharField(max_length=100)
    content_base64 = serializers.CharField(
        help_text="The file, base64-encoded (PDF, JPEG or PNG, at most 5 MB)."
    )


class ConsentCreateSerializer(serializers.Serializer[dict[str, Any]]):
    grantor = serializers.CharField(help_text='"child" or the id of a custodial guardian')
    decision = serializers.CharField()
    form = serializers.CharField()
    given_on = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True)
    recipients = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    categories = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    purposes = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    scope_read_back = serializers.CharField(required=False, allow_blank=True, default="")
    document = DocumentInputSerializer(required=False, allow_null=True)
    supersedes = serializers.UUIDField(required=False, allow_null=True)
    unit = serializers.UUIDField(required=False, allow_null=True)


class ConsentWithdrawSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(allow_blank=True)
    withdrawn_on = serializers.DateField(required=False, allow_null=True)


class MaturityAssessmentCreateSerializer(serializers.Serializer[dict[str, Any]]):
    finding = serializers.CharField()
    assessed_on = serializers.DateField()
    reasoning = serializers.CharField(allow_blank=True)
    categories = serializers.ListField(
        child=serializers.CharField(), required=False, allow_null=True
    )
    purposes = serializers.ListField(child=serializers.CharField(), required=False, allow_null=True)


class ConsentSerializer(serializers.ModelSerializer[ConsentRecord]):
    grantor = serializers.SerializerMethodField()
    recipients = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    purposes = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()
    withdrawal = serializers.SerializerMethodField()
    superseded_by = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="recorded_by.get_full_name")
    recorded_by_unit = serializers.CharField(source="recorded_by_unit.name")

    class Meta:
        model = ConsentRecord
        fields = [
            "id",
            "version",
            "young_person",
            "grantor",
            "decision",
            "form",
            "given_on",
            "valid_until",
            "recipients",
            "categories",
            "purposes",
            "conditions",
            "note",
            "scope_read_back",
            "document",
            "withdrawal",
            "supersedes",
            "superseded_by",
            "status",
            "recorded_at",
            "recorded_by",
            "recorded_by_unit",
        ]

    def get_grantor(self, record: ConsentRecord) -> dict[str, Any]:
        if record.guardian is None:
            return {"kind": "child", "guardian": None}
        guardian = record.guardian
        return {
            "kind": "guardian",
            "guardian": {
                "id": str(guardian.pk),
                "given_name": guardian.given_name,
                "family_name": guardian.family_name,
            },
        }

    def get_recipients(self, record: ConsentRecord) -> list[dict[str, str]]:
        return recipient_labels(record.recipients)

    def get_categories(self, record: ConsentRecord) -> list[dict[str, str]]:
        return [{"value": c, "label": category_label(c)} for c in record.categories]

    def get_purposes(self, record: ConsentRecord) -> list[dict[str, str]]:
        return [{"value": p, "label": purpose_label(p)} for p in record.purposes]

    def get_document(self, record: ConsentRecord) -> dict[str, str] | None:
        document = getattr(record, "document", None)
        if document is None:
            return None
        return {
            "filename": document.filename,
            "content_type": document.content_type,
            "sha256": document.sha256,
        }

    def get_withdrawal(self, record: ConsentRecord) -> dict[str, Any] | None:
        withdrawal = getattr(record, "withdrawal", None)
        if withdrawal is None:
            return None
        return {
            "withdrawn_on": withdrawal.withdrawn_on.isoformat(),
            "reason": withdrawal.reason,
            "recorded_at": withdrawal.recorded_at.isoformat(),
        }

    def get_superseded_by(self, record: ConsentRecord) -> str | None:
        successor = getattr(record, "superseded_by", None)
        return str(successor.pk) if successor is not None else None

    def get_status(self, record: ConsentRecord) -> str:
        return consent_status_on(record, timezone.localdate())
