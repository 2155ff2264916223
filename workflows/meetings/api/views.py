"""Meetings, action items, iCalendar, calendar feeds, the case plan and the intervention
catalogue (api.md: Meetings, plans, reminders). Views parse input and call actions; every read
of case content is audited here."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

import audit
from backend.cases.access import access_case
from backend.core.actor import Actor
from backend.core.api.pagination import CursorPagination
from backend.core.api.views import SamverkaAPIView, actor_of, record_list_read
from backend.core.exceptions import Forbidden, InvalidInput, NotFound
from backend.core.middleware import client_address
from backend.people.queries import may_see_guardians
from workflows.meetings import actions
from workflows.meetings.access import access_action_item, access_meeting
from workflows.meetings.actions.calendar import hash_token
from workflows.meetings.api.serializers import (
    ActionItemCreateSerializer,
    ActionItemSerializer,
    ActionItemUpdateSerializer,
    CalendarFeedSerializer,
    CasePlanInputSerializer,
    CasePlanSerializer,
    InterventionCatalogueSerializer,
    MeetingCreateSerializer,
    MeetingSerializer,
    MeetingUpdateSerializer,
)
from workflows.meetings.ical import feed_window_start, render_calendar
from workflows.meetings.interventions import CATALOGUE
from workflows.meetings.models import (
    ActionItem,
    CalendarFeedToken,
    CasePlan,
    Goal,
    Meeting,
    MeetingParticipant,
    ParticipantKind,
    PlannedIntervention,
    RiskAssessment,
)
from workflows.meetings.queries import may_keep_plan, visible_meetings


class ICalendarRenderer(renderers.BaseRenderer):
    """Lets clients ask for ``text/calendar``; the body is made by the view. Errors on these
    endpoints still come as problem details (JSON)."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, context: Any = None) -> bytes:
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


def _meeting_queryset(actor: Actor) -> QuerySet[Meeting]:
    return (
        visible_meetings(actor)
        .select_related("case__young_person", "next_meeting")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=MeetingParticipant.objects.select_related(
                    "user", "guardian", "young_person"
                ),
            ),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
        )
    )


def _meeting_data(actor: Actor, meeting_id: uuid.UUID) -> Any:
    meeting = _meeting_queryset(actor).get(pk=meeting_id)
    context = {"may_see_guardians": may_see_guardians(actor, meeting.case.young_person)}
    return MeetingSerializer(meeting, context=context).data


def _participants(data: list[dict[str, Any]]) -> list[actions.ParticipantInput]:
    return [actions.ParticipantInput(**item) for item in data]


def _audit_read(actor: Actor, action: str, object_type: str, obj: Any, case: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        case_id=case.pk,
        young_person_id=case.young_person_id,
    )


class CaseMeetingCollectionView(SamverkaAPIView):
    pagination_class = CursorPagination

    @extend_schema(
        tags=["meetings"], summary="Ärendets möten", responses=MeetingSerializer(many=True)
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        case = access_case(actor, case_id)
        paginator = self.pagination_class()
        queryset = _meeting_queryset(actor).filter(case=case)
        page: list[Meeting] = paginator.paginate_queryset(queryset, request, view=self) or []
        record_list_read(
            actor=actor,
            action="meeting.listed",
            ids=[m.pk for m in page],
            young_person_ids=[case.young_person_id],
            payload={"case": str(case.pk)},
        )
        context = {"may_see_guardians": may_see_guardians(actor, case.young_person)}
        return paginator.get_paginated_response(
            MeetingSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        tags=["meetings"],
        summary="Planera ett möte i ärendet",
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer},
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        access_case(actor, case_id)  # 404 before validating input of a case one may not see
        serializer = MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = actions.meeting_create(
            actor=actor,
            case_id=case_id,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            agenda=data["agenda"],
            participants=_participants(data["participants"]),
            follow_up_of=data["follow_up_of"],
        )
        return Response(_meeting_data(actor, meeting.pk), status=status.HTTP_201_CREATED)


class MeetingDetailView(SamverkaAPIView):
    @extend_schema(tags=["meetings"], summary="Ett möte", responses=MeetingSerializer)
    def get(self, request: Request, meeting_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        meeting = access_meeting(actor, meeting_id)
        _audit_read(actor, "meeting.viewed", "meeting", meeting, meeting.case)
        return Response(_meeting_data(actor, meeting.pk))

    @extend_schema(
        tags=["meetings"],
        summary="Flytta eller ändra ett möte; påminnelserna följer med",
        request=MeetingUpdateSerializer,
        responses=MeetingSerializer,
    )
    def patch(self, request: Request, meeting_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        access_meeting(actor, meeting_id)
        serializer = MeetingUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "participants" in data:
            data["participants"] = _participants(data["participants"])
        meeting = actions.meeting_update(actor=actor, meeting_id=meeting_id, **data)
        return Response(_meeting_data(actor, meeting.pk))


class MeetingICSView(SamverkaAPIView):
    renderer_classes = [renderers.JSONRenderer, ICalendarRenderer]

    @extend_schema(
        tags=["meetings"],
        summary="Mötet som iCalendar (tid, plats och en länk; inga personuppgifter)",
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, meeting_id: uuid.UUID) -> HttpResponse:
        actor = actor_of(request)
        meeting = access_meeting(actor, meeting_id)
        _audit_read(actor, "meeting.exported", "meeting", meeting, meeting.case)
        response = HttpResponse(
            render_calendar([meeting], include_location=True),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="samverka-mote-{meeting.pk}.ics"'
        return response


class MeetingActionItemCollectionView(SamverkaAPIView):
    @extend_schema(
        tags=["meetings"],
        summary="Lägg till en åtgärdspunkt",
        request=ActionItemCreateSerializer,
        responses={201: ActionItemSerializer},
    )
    def post(self, request: Request, meeting_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        access_meeting(actor, meeting_id)
        serializer = ActionItemCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = actions.action_item_create(
            actor=actor,
            meeting_id=meeting_id,
            title=data["title"],
            owner_id=data["owner"],
            due_on=data["due_on"],
        )
        item = ActionItem.objects.select_related("owner").get(pk=item.pk)
        return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemDetailView(SamverkaAPIView):
    @extend_schema(tags=["meetings"], summary="En åtgärdspunkt", responses=ActionItemSerializer)
    def get(self, request: Request, item_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        item = access_action_item(actor, item_id)
        _audit_read(actor, "action_item.viewed", "action_item", item, item.case)
        item = ActionItem.objects.select_related("owner").get(pk=item.pk)
        return Response(ActionItemSerializer(item).data)

    @extend_schema(
        tags=["meetings"],
        summary="Ändra en åtgärdspunkt eller dess status",
        request=ActionItemUpdateSerializer,
        responses=ActionItemSerializer,
    )
    def patch(self, request: Request, item_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        access_action_item(actor, item_id)
        serializer = ActionItemUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "owner" in data:
            data["owner_id"] = data.pop("owner")
        item = actions.action_item_update(actor=actor, item_id=item_id, **data)
        item = ActionItem.objects.select_related("owner").get(pk=item.pk)
        return Response(ActionItemSerializer(item).data)


def _plan_data(case: Any) -> Any:
    plan = (
        CasePlan.objects.filter(case=case)
        .prefetch_related(
            Prefetch("assessments", queryset=RiskAssessment.objects.prefetch_related("areas")),
            Prefetch("goals", queryset=Goal.objects.prefetch_related("sub_goals")),
            Prefetch(
                "interventions", queryset=PlannedIntervention.objects.prefetch_related("goals")
            ),
            "follow_ups",
        )
        .first()
    )
    if plan is None:  # no plan yet: an empty one, version 0
        return {
            "case": str(case.pk),
            "version": 0,
            "updated_at": None,
            "updated_by": None,
            "assessments": [],
            "goals": [],
            "interventions": [],
            "follow_ups": [],
            "warnings": [],
        }
    return CasePlanSerializer(plan).data


class CasePlanView(SamverkaAPIView):
    @extend_schema(
        tags=["plans"],
        summary="Ärendets plan (socialtjänstens medlemmar i ärendet)",
        responses=CasePlanSerializer,
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        case = access_case(actor, case_id)
        if not may_keep_plan(actor, case):
            raise actions.plan_forbidden(case.pk, case.young_person_id)
        audit.record(
            actor=actor,
            action="case_plan.viewed",
            object_type="case_plan",
            object_id=case.pk,
            case_id=case.pk,
            young_person_id=case.young_person_id,
        )
        return Response(_plan_data(case))

    @extend_schema(
        tags=["plans"],
        summary="Ersätt ärendets plan",
        request=CasePlanInputSerializer,
        responses=CasePlanSerializer,
    )
    def put(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        case = access_case(actor, case_id)
        if not may_keep_plan(actor, case):
            raise actions.plan_forbidden(case.pk, case.young_person_id)
        serializer = CasePlanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actions.case_plan_replace(
            actor=actor,
            case_id=case.pk,
            version=data["version"],
            assessments=[
                actions.AssessmentInput(
                    instrument=a["instrument"],
                    assessed_on=a["assessed_on"],
                    level=a["level"],
                    summary=a["summary"],
                    areas=[actions.RiskAreaInput(**area) for area in a["areas"]],
                )
                for a in data["assessments"]
            ],
            goals=[_goal(g) for g in data["goals"]],
            interventions=[actions.InterventionInput(**i) for i in data["interventions"]],
            follow_ups=[actions.FollowUpInput(**f) for f in data["follow_ups"]],
        )
        return Response(_plan_data(case))


def _goal(data: dict[str, Any]) -> actions.GoalInput:
    return actions.GoalInput(
        id=data.get("id"),
        who=data["who"],
        behaviour=data["behaviour"],
        risk_area=data.get("risk_area", ""),
        target_date=data.get("target_date"),
        sub_goals=[_goal(sub) for sub in data.get("sub_goals", [])],
    )


class InterventionCatalogueView(SamverkaAPIView):
    @extend_schema(
        tags=["plans"],
        summary="Insatskatalogen, med Socialstyrelsens rekommendation för åldern",
        parameters=[OpenApiParameter("age", int, description=_("Den ungas ålder i år"))],
        responses=InterventionCatalogueSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        age: int | None = None
        raw = request.query_params.get("age")
        if raw not in (None, ""):
            try:
                age = int(str(raw))
            except ValueError:
                age = -1
            if not 0 <= age <= 30:
                raise InvalidInput(errors={"age": [_("Ange en ålder i hela år (0–30).")]})
        data = InterventionCatalogueSerializer(CATALOGUE, many=True, context={"age": age}).data
        return Response({"results": data, "next": None})


class CalendarFeedTokenView(SamverkaAPIView):
    """The caller's own calendar subscription: create (a new secret URL), show, revoke."""

    @extend_schema(
        tags=["meetings"], summary="Din kalenderprenumeration", responses=CalendarFeedSerializer
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        row = CalendarFeedToken.objects.filter(user=actor.user, revoked_at__isnull=True).first()
        return Response(
            {"active": row is not None, "created_at": row.created_at if row else None, "url": None}
        )

    @extend_schema(
        tags=["meetings"],
        summary="Skapa en ny hemlig adress till din mötes­kalender (den gamla slutar gälla)",
        request=None,
        responses={201: CalendarFeedSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        row, token = actions.calendar_feed_token_create(actor=actor)
        url = request.build_absolute_uri(f"/api/v1/calendar-feed/{token}.ics")
        return Response(
            {"active": True, "created_at": row.created_at, "url": url},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        tags=["meetings"], summary="Återkalla din kalenderprenumeration", responses={204: None}
    )
    def delete(self, request: Request) -> Response:
        actor = actor_of(request)
        actions.calendar_feed_token_revoke(actor=actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarFeedView(SamverkaAPIView):
    """The feed itself: no sign-in (calendar apps cannot), the secret token in the URL is the
    credential. Only the token owner's meetings, in cases they may still see."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    renderer_classes = [renderers.JSONRenderer, ICalendarRenderer]

    @extend_schema(
        tags=["meetings"],
        summary="Kalenderflöde (hemlig adress)",
        auth=[],
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, token: str) -> HttpResponse:
        row = (
            CalendarFeedToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            raise NotFound(object_type="calendar_feed", reason="unknown_token")
        actor = Actor.for_user(
            row.user,
            request_id=getattr(request, "request_id", None),
            client_address=client_address(request),
        )
        if not actor.is_operational:
            raise Forbidden(detail=_("Din roll deltar inte i möten."), code="not_operational")
        meetings = list(
            visible_meetings(actor)
            .filter(
                participants__user=row.user,
                participants__kind=ParticipantKind.STAFF,
                starts_at__gte=feed_window_start(),
            )
            .select_related("case")
            .order_by("starts_at")
        )
        CalendarFeedToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        record_list_read(
            actor=actor,
            action="calendar_feed.read",
            ids=[m.pk for m in meetings],
            young_person_ids=[m.case.young_person_id for m in meetings],
        )
        body = render_calendar(meetings, include_location=False, name="Samverka")
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")
