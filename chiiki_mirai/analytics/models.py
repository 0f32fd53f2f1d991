"""The reference list inside the platform: each computed edition, with every firm's degrees and ranks.

Loaded from the output of ``chiiki-mirai network degrees`` (``manage.py load_reference_list DIR``); the newest
edition is the one plans are checked against.
"""

from __future__ import annotations

from typing import Any, ClassVar

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
