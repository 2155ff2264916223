from __future__ import annotations

from django.urls import path

from backend.organisations.api.views import UnitListView

urlpatterns = [path("units/", UnitListView.as_view(), name="unit-list")]
