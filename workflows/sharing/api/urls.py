from __future__ import annotations

from django.urls import path

from workflows.sharing.api import views
from workflows.sharing.api.checks import DisclosureCheckView

urlpatterns = [
    path("disclosure-checks/", DisclosureCheckView.as_view(), name="disclosure-check"),
    path("concerns/", views.ConcernCollectionView.as_view(), name="concern-list"),
    path("concerns/<uuid:concern_id>/", views.ConcernDetailView.as_view(), name="concern-detail"),
    path(
        "concerns/<uuid:concern_id>/acknowledge/",
        views.ConcernAcknowledgeView.as_view(),
        name="concern-acknowledge",
    ),
    path(
        "sharing-requests/",
        views.SharingRequestCollectionView.as_view(),
        name="sharing-request-list",
    ),
    path(
        "sharing-requests/<uuid:request_id>/",
        views.SharingRequestDetailView.as_view(),
        name="sharing-request-detail",
    ),
    path(
        "sharing-requests/<uuid:request_id>/submit/",
        views.SharingRequestSubmitView.as_view(),
        name="sharing-request-submit",
    ),
    path(
        "sharing-requests/<uuid:request_id>/review/",
        views.SharingRequestReviewView.as_view(),
        name="sharing-request-review",
    ),
    path(
        "sharing-requests/<uuid:request_id>/decide/",
        views.SharingRequestDecideView.as_view(),
        name="sharing-request-decide",
    ),
    path(
        "sharing-requests/<uuid:request_id>/disclose/",
        views.SharingRequestDiscloseView.as_view(),
        name="sharing-request-disclose",
    ),
    path(
        "sharing-requests/<uuid:request_id>/withdraw/",
        views.SharingRequestWithdrawView.as_view(),
        name="sharing-request-withdraw",
    ),
    path(
        "sharing-requests/<uuid:request_id>/close/",
        views.SharingRequestCloseView.as_view(),
        name="sharing-request-close",
    ),
    path("disclosures/", views.DisclosureCollectionView.as_view(), name="disclosure-list"),
    path(
        "disclosures/<uuid:disclosure_id>/",
        views.DisclosureDetailView.as_view(),
        name="disclosure-detail",
    ),
    path(
        "cases/<uuid:case_id>/chronology/",
        views.CaseChronologyView.as_view(),
        name="case-chronology",
    ),
]
