"""The reference list inside the platform: each computed edition, with every firm's degrees and ranks.

Loaded from the output of ``chiiki-mirai network degrees`` (``manage.py load_reference_list DIR``); the newest
edition is the one plans are checked against.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class ReferenceEdition(models.Model):
    year = models.PositiveSmallIntegerField("取引の年度")
    rule: models.JSONField[Any] = models.JSONField("掲載の基準")
    source = models.CharField("読み込んだ結果", max_length=500)
    firms = models.PositiveIntegerField(default=0)
    listed = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-loaded_at", "-id"]
        verbose_name = "参考リストの版"
        verbose_name_plural = "参考リストの版"

    def __str__(self) -> str:
        return f"{self.year}年度の取引による参考リスト（{self.loaded_at:%Y-%m-%d}）"


class FirmDegree(models.Model):
    edition = models.ForeignKey(ReferenceEdition, on_delete=models.CASCADE, related_name="firm_degrees")
    firm_id = models.CharField("法人番号等", max_length=20)
    name = models.CharField("名称", max_length=200, blank=True)
    prefecture = models.PositiveSmallIntegerField("都道府県コード")
    employees = models.PositiveIntegerField(null=True)
    connector_degree = models.FloatField("コネクター度")
    connector_rank = models.PositiveIntegerField("コネクター度の県内順位", null=True)
    hub_degree = models.FloatField("ハブ度")
    hub_rank = models.PositiveIntegerField("ハブ度の県内順位", null=True)
    listed_by = models.CharField(
        "掲載の理由", max_length=10, blank=True
    )  # connector / hub / both; "" = not listed

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["edition", "firm_id"], name="one_firm_per_edition")
        ]
        indexes: ClassVar = [
            models.Index(fields=["edition", "name"]),
            models.Index(fields=["edition", "prefecture"]),
        ]

    def __str__(self) -> str:
        return f"{self.firm_id} {self.name}"

    @property
    def listed(self) -> bool:
        return bool(self.listed_by)


class Evidence(models.Model):
    """証憑 for a core entity not on the reference list (002 1(1)⑨): written by the plan's authors with the
    revision it belongs to, forwarded by the prefecture, confirmed or rejected by 経済産業省. The latest per
    plan and firm stands; earlier ones stay as the record."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "都道府県の確認待ち"
        FORWARDED = "forwarded", "経済産業省の確認待ち"
        CONFIRMED = "confirmed", "経済産業省が確認"
        REJECTED = "rejected", "経済産業省が不採用"

    plan = models.ForeignKey("workflow.Plan", on_delete=models.PROTECT, related_name="evidence")
    revision = models.PositiveIntegerField("提出時の版")
    corporate_number = models.CharField("法人番号", max_length=13, db_index=True)
    name = models.CharField("企業名", max_length=200)
    text = models.TextField("証憑の説明")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField("確認・不採用の理由", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["plan", "corporate_number", "-submitted_at", "-id"]
        verbose_name = "証憑"
        verbose_name_plural = "証憑"

    def __str__(self) -> str:
        return f"{self.corporate_number} {self.name}（{self.get_status_display()}）"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.FORWARDED)


class EvidenceFile(models.Model):
    """A file attached to evidence, kept in the database with it (size-limited and type-checked on upload)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering: ClassVar = ["evidence", "id"]


class ReferenceListView(models.Model):
    """Who looked at which part of the restricted reference list, when, with what search (append-only)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=16)
    prefecture = models.PositiveSmallIntegerField()
    query = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("the record of views is append-only")
        super().save(*args, **kwargs)
