"""Concerns, sharing requests, disclosures and the case chronology (api.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

import audit
from backend.cases.access import access_case
from backend.core.actor import Actor
from backend.core.api.pagination import CursorPagination
from backend.core.api.views import SamverkaAPIView, actor_of, record_list_read, resolve_reference
from backend.core.exceptions import Forbidden, InvalidInput
from backend.people.access import access_young_person
from backend.people.actions import young_person_register
from backend.people.models import YoungPersonUnit
from workflows.sharing.access import access_concern, access_disclosure, access_request
from workflows.sharing.actions import (
    concern_acknowledge,
    concern_raise,
    disclosure_make,
    sharing_request_close,
    sharing_request_create,
    sharing_request_decide,
    sharing_request_disclose,
    sharing_request_start_review,
    sharing_request_submit,
    sharing_request_withdraw,
)
from workflows.sharing.api.serializers import (
    ConcernAcknowledgeSerializer,
    ConcernCreateSerializer,
    ConcernSerializer,
    DecideSerializer,
    DiscloseSerializer,
    DisclosureCreateSerializer,
    DisclosureSerializer,
    ReasonSerializer,
    RequestCreateSerializer,
    SharingRequestSerializer,
)
from workflows.sharing.models import (
    Disclosure,
    RequestStatus,
    SharingRequest,
)
from workflows.sharing.queries import (
    case_chronology,
    visible_concerns,
    visible_disclosures,
    visible_requests,
)


def _require_operational(actor: Actor) -> None:
    if not actor.is_operational:
        raise Forbidden(
            detail=_("Din roll arbetar inte med enskilda unga."), code="not_operational"
        )


def _paginate(view: SamverkaAPIView, request: Request, queryset: QuerySet[Any]) -> list[Any]:
    paginator = CursorPagination()
    view._paginator = paginator  # type: ignore[attr-defined]  # kept for the response
    return list(paginator.paginate_queryset(queryset, request, view=view) or [])


def _paginated(view: SamverkaAPIView, data: Any) -> Response:
    return view._paginator.get_paginated_response(data)  # type: ignore[attr-defined]


# --- concerns --------------------------------------------------------------------------------


class ConcernCollectionView(SamverkaAPIView):
    @extend_schema(
        tags=["concerns"],
        summary="Oro du har anmält eller tagit emot",
        responses=ConcernSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        _require_operational(actor)
        queryset = visible_concerns(actor).select_related(
            "young_person", "from_unit__organisation", "to_unit__organisation", "raised_by"
        )
        page = _paginate(self, request, queryset)
        record_list_read(
            actor=actor,
            action="concern.listed",
            ids=[c.pk for c in page],
            young_person_ids=[c.young_person_id for c in page],
        )
        return _paginated(self, ConcernSerializer(page, many=True).data)

    @extend_schema(
        tags=["concerns"],
        summary="Anmäl oro (orosanmälan till socialtjänsten)",
        request=ConcernCreateSerializer,
        responses={201: ConcernSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        _require_operational(actor)
        serializer = ConcernCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("young_person"):
            young_person = resolve_reference(
                access_young_person,
                actor,
                data["young_person"],
                field="young_person",
                message=_("Okänd ung person."),
            )
        else:
            # A reporter who does not know the pupil's record: found or created, and linked to
            # the reporting unit.
            young_person, _created = young_person_register(
                actor=actor,
                personnummer=data["personnummer"],
                given_name=data["given_name"],
                family_name=data["family_name"],
                unit_id=data["from_unit"],
                reason=YoungPersonUnit.Reason.CONCERN,
            )
        concern = concern_raise(
            actor=actor,
            young_person=young_person,
            from_unit_id=data["from_unit"],
            observations=data["observations"],
            categories=data["categories"],
            urgency=data["urgency"],
            child_at_risk=data["child_at_risk"],
            observed_on=data.get("observed_on"),
        )
        return Response(
            ConcernSerializer(access_concern(actor, concern.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ConcernDetailView(SamverkaAPIView):
    @extend_schema(tags=["concerns"], summary="En oro", responses=ConcernSerializer)
    def get(self, request: Request, concern_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        concern = access_concern(actor, concern_id)
        audit.record(
            actor=actor,
            action="concern.viewed",
            object_type="concern",
            object_id=concern.pk,
            young_person_id=concern.young_person_id,
        )
        return Response(ConcernSerializer(concern).data)


class ConcernAcknowledgeView(SamverkaAPIView):
    @extend_schema(
        tags=["concerns"],
        summary="Bekräfta mottagandet och återkoppla",
        request=ConcernAcknowledgeSerializer,
        responses=ConcernSerializer,
    )
    def post(self, request: Request, concern_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        concern = access_concern(actor, concern_id)
        serializer = ConcernAcknowledgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        concern_acknowledge(
            actor=actor, concern=concern, feedback=serializer.validated_data["feedback"]
        )
        return Response(ConcernSerializer(access_concern(actor, concern.pk)).data)


# --- sharing requests ------------------------------------------------------------------------


def _request_queryset(actor: Actor) -> QuerySet[SharingRequest]:
    return visible_requests(actor).select_related(
        "young_person",
        "from_unit__organisation",
        "to_unit__organisation",
        "decided_by",
        "disclosure",
    )


def _request_response(actor: Actor, request_id: uuid.UUID, status_code: int = 200) -> Response:
    fresh = _request_queryset(actor).get(pk=request_id)
    return Response(
        SharingRequestSerializer(fresh, context={"actor": actor}).data, status=status_code
    )


class SharingRequestCollectionView(SamverkaAPIView):
    @extend_schema(
        tags=["sharing-requests"],
        summary="Begäranden till (inbox) eller från (outbox) dina enheter",
        parameters=[
            OpenApiParameter("box", str, enum=["inbox", "outbox"]),
            OpenApiParameter("status", str, enum=list(RequestStatus.values)),
        ],
        responses=SharingRequestSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        _require_operational(actor)
        queryset = _request_queryset(actor)
        units = actor.operational_unit_ids()
        box = request.query_params.get("box")
        if box == "inbox":
            queryset = queryset.filter(to_unit_id__in=units)
        elif box == "outbox":
            queryset = queryset.filter(from_unit_id__in=units)
        elif box is not None:
            raise InvalidInput(errors={"box": [_("Ange inbox eller outbox.")]})
        wanted = request.query_params.get("status")
        if wanted is not None:
            if wanted not in RequestStatus.values:
                raise InvalidInput(errors={"status": [_("Okänd status.")]})
            queryset = queryset.filter(status=wanted)
        page = _paginate(self, request, queryset)
        record_list_read(
            actor=actor,
            action="sharing_request.listed",
            ids=[r.pk for r in page],
            young_person_ids=[r.young_person_id for r in page],
            payload={"box": box or "", "status": wanted or ""},
        )
        data = SharingRequestSerializer(page, many=True, context={"actor": actor}).data
        return _paginated(self, data)

    @extend_schema(
        tags=["sharing-requests"],
        summary="Begär uppgifter (skapas som utkast)",
        request=RequestCreateSerializer,
        responses={201: SharingRequestSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        _require_operational(actor)
        serializer = RequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = resolve_reference(
            access_case, actor, data["case"], field="case", message=_("Okänt ärende.")
        )
        young_person = resolve_reference(
            access_young_person,
            actor,
            data["young_person"],
            field="young_person",
            message=_("Okänd ung person."),
        )
        if not isinstance(data["facts"], dict):
            raise InvalidInput(errors={"facts": [_("Ange omständigheterna som ett objekt.")]})
        sharing_request, _check = sharing_request_create(
            actor=actor,
            case=case,
            young_person=young_person,
            from_unit_id=data["from_unit"],
            to_unit_id=data["to_unit"],
            categories=data["categories"],
            purpose=data["purpose"],
            reason=data["reason"],
            urgency=data["urgency"],
            facts=data["facts"],
            deadline=data.get("deadline"),
        )
        return _request_response(actor, sharing_request.pk, status.HTTP_201_CREATED)


class SharingRequestDetailView(SamverkaAPIView):
    @extend_schema(
        tags=["sharing-requests"], summary="En begäran", responses=SharingRequestSerializer
    )
    def get(self, request: Request, request_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        sharing_request = access_request(actor, request_id)
        audit.record(
            actor=actor,
            action="sharing_request.viewed",
            object_type="sharing_request",
            object_id=sharing_request.pk,
            young_person_id=sharing_request.young_person_id,
            case_id=sharing_request.case_id,
        )
        return _request_response(actor, sharing_request.pk)


class _RequestTransitionView(SamverkaAPIView):
    def _load(self, request: Request, request_id: uuid.UUID) -> tuple[Actor, SharingRequest]:
        actor = actor_of(request)
        return actor, access_request(actor, request_id)


class SharingRequestSubmitView(_RequestTransitionView):
    @extend_schema(
        tags=["sharing-requests"],
        summary="Skicka begäran (utkast → skickad)",
        request=None,
        responses=SharingRequestSerializer,
    )
    def post(self, request: Request, request_id: uuid.UUID) -> Response:
        actor, sharing_request = self._load(request, request_id)
        sharing_request_submit(actor=actor, request=sharing_request)
        return _request_response(actor, sharing_request.pk)


class SharingRequestReviewView(_RequestTransitionView):
    @extend_schema(
        tags=["sharing-requests"],
        summary="Ta begäran under prövning",
        request=None,
        responses=SharingRequestSerializer,
    )
    def post(self, request: Request, request_id: uuid.UUID) -> Response:
        actor, sharing_request = self._load(request, request_id)
        sharing_request_start_review(actor=actor, request=sharing_request)
        return _request_response(actor, sharing_request.pk)


class SharingRequestDecideView(_RequestTransitionView):
    @extend_schema(
        tags=["sharing-requests"],
        summary="Besluta (beslutsfattare i den tillfrågade enheten)",
        request=DecideSerializer,
        responses=SharingRequestSerializer,
    )
    def post(self, request: Request, request_id: uuid.UUID) -> Response:
        actor, sharing_request = self._load(request, request_id)
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        sharing_request_decide(
            actor=actor,
            request=sharing_request,
            decision=data["decision"],
            categories=data.get("categories"),
            ground=data.get("ground"),
            assessment=data["assessment"],
            note=data["note"],
        )
        return _request_response(actor, sharing_request.pk)


class SharingRequestDiscloseView(_RequestTransitionView):
    @extend_schema(
        tags=["sharing-requests"],
        summary="Lämna ut det som beslutats",
        request=DiscloseSerializer,
        responses={201: DisclosureSerializer},
    )
    def post(self, request: Request, request_id: uuid.UUID) -> Response:
        actor, sharing_request = self._load(request, request_id)
        serializer = DiscloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        disclosure = sharing_request_disclose(
            actor=actor,
            request=sharing_request,
            content=serializer.validated_data["content"],
            categories=serializer.validated_data.get("categories"),
        )
        return Response(
            DisclosureSerializer(
                access_disclosure(actor, disclosure.pk), context={"actor": actor}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class SharingRequestWithdrawView(_RequestTransitionView):
    @extend_schema(
        tags=["sharing-requests"],
        summary="Återta begäran",
        request=ReasonSerializer,
        responses=SharingRequestSerializer,
    )
    def post(self, request: Request, request_id: uuid.UUID) -> Response:
        actor, sharing_request = self._load(request, request_id)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sharing_request_withdraw(
            actor=actor, request=sharing_request, reason=serializer.validated_data["reason"]
        )
        return _request_response(actor, sharing_request.pk)


class SharingRequestCloseView(_RequestTransitionView):
    @extend_schema(
        tags=["sharing-requests"],
        summary="Avsluta en besvarad begäran",
        request=None,
        responses=SharingRequestSerializer,
    )
    def post(self, request: Request, request_id: uuid.UUID) -> Response:
        actor, sharing_request = self._load(request, request_id)
        sharing_request_close(actor=actor, request=sharing_request)
        return _request_response(actor, sharing_request.pk)


# --- disclosures -----------------------------------------------------------------------------


def _disclosure_queryset(actor: Actor) -> QuerySet[Disclosure]:
    return visible_disclosures(actor).select_related(
        "young_person",
        "from_unit__organisation",
        "to_unit__organisation",
        "decided_by",
        "disclosed_by",
    )


class DisclosurePagination(CursorPagination):
    ordering = "-disclosed_at"


class DisclosureCollectionView(SamverkaAPIView):
    @extend_schema(
        tags=["disclosures"],
        summary="Utlämnanden gjorda eller mottagna av dina enheter",
        responses=DisclosureSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        _require_operational(actor)
        paginator = DisclosurePagination()
        page = list(
            paginator.paginate_queryset(_disclosure_queryset(actor), request, view=self) or []
        )
        record_list_read(
            actor=actor,
            action="disclosure.listed",
            ids=[d.pk for d in page],
            young_person_ids=[d.young_person_id for d in page],
        )
        return paginator.get_paginated_response(
            DisclosureSerializer(page, many=True, context={"actor": actor}).data
        )

    @extend_schema(
        tags=["disclosures"],
        summary="Lämna ut på eget initiativ (underrättelse, polisanmälan m.m.)",
        request=DisclosureCreateSerializer,
        responses={201: DisclosureSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        _require_operational(actor)
        serializer = DisclosureCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        young_person = resolve_reference(
            access_young_person,
            actor,
            data["young_person"],
            field="young_person",
            message=_("Okänd ung person."),
        )
        case = None
        if data.get("case"):
            case = resolve_reference(
                access_case, actor, data["case"], field="case", message=_("Okänt ärende.")
            )
        if not isinstance(data["facts"], dict):
            raise InvalidInput(errors={"facts": [_("Ange omständigheterna som ett objekt.")]})
        disclosure = disclosure_make(
            actor=actor,
            young_person=young_person,
            from_unit_id=data["from_unit"],
            to_unit_id=data["to_unit"],
            categories=data["categories"],
            purpose=data["purpose"],
            facts=data["facts"],
            content=data["content"],
            ground=data.get("ground"),
            assessment=data["assessment"],
            case=case,
        )
        return Response(
            DisclosureSerializer(
                access_disclosure(actor, disclosure.pk), context={"actor": actor}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class DisclosureDetailView(SamverkaAPIView):
    @extend_schema(
        tags=["disclosures"],
        summary="Ett utlämnande, med grund eller samtycke",
        responses=DisclosureSerializer,
    )
    def get(self, request: Request, disclosure_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        disclosure = access_disclosure(actor, disclosure_id)
        audit.record(
            actor=actor,
            action="disclosure.viewed",
            object_type="disclosure",
            object_id=disclosure.pk,
            young_person_id=disclosure.young_person_id,
            case_id=disclosure.case_id,
            legal_ground=disclosure.ground,
        )
        return Response(DisclosureSerializer(disclosure, context={"actor": actor}).data)


# --- chronology ------------------------------------------------------------------------------


class CaseChronologyView(SamverkaAPIView):
    @extend_schema(
        tags=["cases"],
        summary="Din verksamhets egna händelser i ärendet och utlämnanden den tagit emot",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        case = access_case(actor, case_id)
        entries = case_chronology(actor, case)
        audit.record(
            actor=actor,
            action="case.chronology_viewed",
            object_type="case",
            object_id=case.pk,
            case_id=case.pk,
            young_person_id=case.young_person_id,
            payload={"entries": len(entries)},
        )
        for entry in entries:
            entry["at"] = entry["at"].isoformat()
        return Response({"results": entries, "next": None})
