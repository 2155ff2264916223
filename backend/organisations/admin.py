from __future__ import annotations

from django.contrib import admin

from backend.core.admin import AuditedModelAdmin
from backend.organisations.models import Membership, Municipality, Organisation, Unit


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["name", "kind", "email"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "agency", "operator", "municipality"]
    list_filter = ["municipality", "agency", "operator"]
    search_fields = ["name"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["organisation__municipality", "organisation__agency", "kind"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role", "unit__organisation__municipality", "unit__organisation__agency"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit__organisation"]
