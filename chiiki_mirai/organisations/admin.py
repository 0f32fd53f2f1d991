"""Administrators manage organisations, people and their roles here (plans are not edited through the admin)."""

from __future__ import annotations

from django.contrib import admin

from chiiki_mirai.organisations.models import ApiToken, Organisation, Person, SignInFailure


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


@admin.register(SignInFailure)
class SignInFailureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # subscriptable only for the type checker
    """Deleting an account's or an address's failures lifts its block at once (web/login.py)."""

    list_display = ("username", "address", "at")
    search_fields = ("username", "address")
    readonly_fields = ("username", "address", "at")

    def has_add_permission(self, request: object) -> bool:
        return False
