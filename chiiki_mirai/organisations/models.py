"""Organisations (local governments from the master, national bodies) and the people who act for them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from chiiki_mirai.workflow.states import DECIDING_BODIES, Relation, Role


class OrganisationKind(models.TextChoices):
    PREFECTURE = "prefecture", "都道府県"
    DESIGNATED_CITY = "designated_city", "政令指定都市"
    CITY = "city", "市"
    SPECIAL_WARD = "special_ward", "特別区"
    TOWN = "town", "町"
    VILLAGE = "village", "村"
    NATIONAL = "national", "国の機関"


def display_name(kind: str, name: str, prefecture_name: str) -> str:
    """福島県, 内閣官房 …, but 福島県福島市: a municipality is named with its prefecture."""
    if kind in (OrganisationKind.PREFECTURE, OrganisationKind.NATIONAL):
        return name
    return f"{prefecture_name}{name}"


def author_names(plan_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each plan's authors as (code, display name), in one query and without building model objects."""
    from chiiki_mirai.workflow.models import Plan

    names: dict[int, list[tuple[str, str]]] = {}
    rows = Plan.authors.through.objects.filter(plan_id__in=plan_ids).order_by("id")
    for plan_id, code, kind, name, prefecture in rows.values_list(
        "plan_id",
        "organisation__code",
        "organisation__kind",
        "organisation__name",
        "organisation__prefecture_name",
    ):
        names.setdefault(plan_id, []).append((code, display_name(kind, name, prefecture)))
    return names


class Organisation(models.Model):
    #: 6-digit 全国地方公共団体コード for local governments; "N-..." for national bodies.
    code = models.CharField("コード", max_length=16, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("種別", max_length=20, choices=OrganisationKind.choices)
    prefecture_code = models.PositiveSmallIntegerField("都道府県コード", null=True, blank=True)
    prefecture_name = models.CharField("都道府県", max_length=10, blank=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = "組織"
        verbose_name_plural = "組織"

    def __str__(self) -> str:
        return display_name(self.kind, self.name, self.prefecture_name)

    @property
    def is_national(self) -> bool:
        return self.kind == OrganisationKind.NATIONAL

    @property
    def is_prefecture(self) -> bool:
        return self.kind == OrganisationKind.PREFECTURE


class Person(models.Model):
    """A user's organisation and role (one each: an official acts for one body in one capacity)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    role = models.CharField("役割", max_length=20, choices=[(r.value, r.label.ja) for r in Role])
    #: Whether the steps of the process tell this person by mail when it is their turn (issue 22 §3); each turns it
    #: off for themself on「通知の設定」.
    mail_notifications = models.BooleanField("手続の通知メール", default=True)

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.organisation}・{Role(self.role).label.ja}）"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_secretariat(self) -> bool:
        """A reviewer of 内閣官房 or 経済産業省: the bodies that decide (002 ⑤) and formulate type A (001 A(4)②)."""
        return self.role_enum is Role.REVIEWER and self.organisation.code in DECIDING_BODIES

    def relation_to(self, author_codes: set[str], author_prefectures: set[int]) -> Relation:
        """How this person's organisation stands to a plan written by ``author_codes``."""
        organisation = self.organisation
        if organisation.code in author_codes:
            return Relation.AUTHOR_ORGANISATION
        if organisation.is_national:
            return Relation.NATIONAL
        if organisation.is_prefecture and organisation.prefecture_code in author_prefectures:
            return Relation.PREFECTURE_OF_AUTHOR
        return Relation.OTHER


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored (the token is shown once, when made)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    name = models.CharField("用途", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "APIトークン"
        verbose_name_plural = "APIトークン"

    def __str__(self) -> str:
        return f"{self.person} {self.name}"


class SignInFailure(models.Model):
    """A failed sign-in, kept in the database so that every worker and host — and a restart — counts the same
    failures (``web/login.py`` reads them; an administrator lifts a block by deleting them in the admin)."""

    username = models.CharField(max_length=150, db_index=True)  # case-folded as typed (may name no account)
    address = models.CharField(max_length=45, db_index=True)  # IPv4 or IPv6
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["-at"]
        verbose_name = "ログインの失敗"
        verbose_name_plural = "ログインの失敗"

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}（{self.at:%Y-%m-%d %H:%M}）"
