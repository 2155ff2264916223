from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from backend.accounts.models import User
from backend.core.admin import AuditedModelAdmin
from backend.organisations.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["unit", "role", "title"]
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("full_name", "email")}),
        ("Behörighet", {"fields": ("is_active", "is_staff", "user_permissions")}),
        ("Tider", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
