from __future__ import annotations

from typing import Any

from rest_framework import serializers

from workflows.reminders.delivery import absolute_url
from workflows.reminders.kinds import KINDS
from workflows.reminders.models import Language, Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    """Title and message in the reader's language (Accept-Language), and a link; no content."""

    title = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "message",
            "url",
            "target_type",
            "target_id",
            "created_at",
            "read_at",
        ]

    def get_title(self, notification: Notification) -> str:
        kind = KINDS.get(notification.kind)
        return str(kind.title) if kind else notification.kind

    def get_message(self, notification: Notification) -> str:
        kind = KINDS.get(notification.kind)
        return str(kind.message) if kind else ""

    def get_url(self, notification: Notification) -> str:
        return absolute_url(notification.path)


class NotificationPreferenceSerializer(serializers.Serializer[Any]):
    language = serializers.ChoiceField(choices=Language.choices)
