from __future__ import annotations

from django.urls import path

from backend.people.api.views import YoungPersonCollectionView, YoungPersonDetailView

urlpatterns = [
    path("young-people/", YoungPersonCollectionView.as_view(), name="young-person-list"),
    path(
        "young-people/<uuid:young_person_id>/",
        YoungPersonDetailView.as_view(),
        name="young-person-detail",
    ),
]
