"""Administrators manage organisations, people and their roles here (plans are not edited through the admin)."""

from __future__ import annotations

from django.contrib import admin

from chiiki_mirai.organisations.models import ApiToken, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # subscriptable only for the type checker
    list_display = ("code", "name", "kind", "prefecture_name")
    list_filter = ("kind", "prefecture_name")
    search_fields = ("code", "name")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # subscriptable only for the type checker
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "organisation__name", "organisation__code")
    autocomplete_fields = ("organisation",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # subscriptable only for the type checker
    list_display = ("person", "name", "created_at")
    readonly_fields = ("digest",)
