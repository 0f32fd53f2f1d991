"""Stored block drafts and project proposals: the current text (with a version for safe concurrent edits), every
saved text as a revision, and an append-only trail of who did what — as for plans."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from chiiki_mirai.organisations.models import Organisation
from chiiki_mirai.reference.national import block
from chiiki_mirai.workflow.models import AppendOnly, Plan


class BlockDraft(models.Model):
    """計画の素案 of one 地方ブロック (001 A(4)①), authored by its bureau and public once adopted."""

    class State(models.TextChoices):
        DRAFTING = "drafting", "作成中"
        PUBLISHED = "published", "公表（採択済）"

    public_id = models.CharField("素案ID", max_length=40, unique=True)
    block = models.CharField("地方ブロック", max_length=12, db_index=True)
    title = models.CharField("名称", max_length=300)
    state = models.CharField("状態", max_length=12, choices=State.choices, default=State.DRAFTING)
    version = models.PositiveIntegerField(default=0)
    document: models.JSONField[Any] = models.JSONField()
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["block", "public_id"]
        verbose_name = "計画の素案"
        verbose_name_plural = "計画の素案"

    @property
    def block_name(self) -> str:
        """The block by its name (九州), as people call it, not its code (kyushu)."""
        found = block(self.block)
        return found.name if found is not None else self.block

    def __str__(self) -> str:
        return f"{self.public_id} {self.title}"

    @property
    def published(self) -> bool:
        return self.state == self.State.PUBLISHED


class ProjectProposal(models.Model):
    """候補プロジェクト提案 of one or several prefectures for one candidate of an adopted block draft (001 A(4)②)."""

    class State(models.TextChoices):
        DRAFTING = "drafting", "作成中"
        SUBMITTED = "submitted", "提出済（審査中）"
        CHANGES_REQUESTED = "changes_requested", "修正依頼"
        ACCEPTED = "accepted", "採択"
        DECLINED = "declined", "不採択"

    public_id = models.CharField("提案ID", max_length=40, unique=True)
    block_draft = models.ForeignKey(BlockDraft, on_delete=models.PROTECT, related_name="proposals")
    candidate = models.CharField("候補", max_length=40)
    title = models.CharField("名称", max_length=300)
    state = models.CharField("状態", max_length=20, choices=State.choices, default=State.DRAFTING)
    version = models.PositiveIntegerField(default=0)
    document: models.JSONField[Any] = models.JSONField()
    prefectures = models.ManyToManyField(
        Organisation, related_name="proposals", verbose_name="提案する都道府県"
    )
    #: The type A plan formulated from it (set by the formulation; a proposal feeds one plan).
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["block_draft", "public_id"]
        verbose_name = "候補プロジェクト提案"
        verbose_name_plural = "候補プロジェクト提案"

    def __str__(self) -> str:
        return f"{self.public_id} {self.title}"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFTING, self.State.CHANGES_REQUESTED)


class FormulationRevision(AppendOnly):
    """One saved text of a block draft or a proposal (exactly one of the two is set)."""

    draft = models.ForeignKey(BlockDraft, null=True, on_delete=models.PROTECT, related_name="revisions")
    proposal = models.ForeignKey(
        ProjectProposal, null=True, on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    document: models.JSONField[Any] = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    note = models.CharField("変更の説明", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["draft", "proposal", "number"]


class FormulationEvent(AppendOnly):
    """Who did what to which block draft or proposal, when, from which state to which, and why."""

    class Kind(models.TextChoices):
        CREATE = "create", "作成"
        EDIT = "edit", "編集"
        PUBLISH = "publish", "公表"
        SUBMIT = "submit", "提出"
        ACCEPT = "accept", "採択"
        REQUEST_CHANGES = "request_changes", "修正依頼"
        DECLINE = "decline", "不採択"
        FORMULATE = "formulate", "計画の策定"

    draft = models.ForeignKey(BlockDraft, null=True, on_delete=models.PROTECT, related_name="events")
    proposal = models.ForeignKey(ProjectProposal, null=True, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    revision = models.PositiveIntegerField(null=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["at", "id"]
