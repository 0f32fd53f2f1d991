"""Stored plans: the plan, its revisions (every save), the audit trail, reviewers' judgements and comments.

The plan text itself is a plan@1 document (``chiiki_mirai.plans``) kept as JSON in each revision; the columns of
:class:`Plan` are copies of what lists and searches need, refreshed from the current revision on each save.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Organisation
from chiiki_mirai.plans.choices import ProgrammeKind
from chiiki_mirai.workflow.states import Action, PlanState


class Plan(models.Model):
    public_id = models.CharField("計画ID", max_length=40, unique=True)
    plan_type = models.CharField("類型", max_length=1, choices=[("A", "A"), ("B", "B"), ("C", "C")])
    title = models.CharField("計画名", max_length=300)
    state = models.CharField(
        "状態", max_length=24, choices=[(s.value, s.label.ja) for s in PlanState], default=PlanState.DRAFT
    )
    authors = models.ManyToManyField(Organisation, related_name="plans", verbose_name="策定主体")
    prefecture_code = models.PositiveSmallIntegerField("都道府県コード", db_index=True)
    strategic_field = models.CharField("戦略分野", max_length=100, blank=True)
    industry = models.CharField("産業", max_length=200, blank=True)
    #: Text the portal searches (title, area, industry, entities, policy), flattened on each save.
    search_text = models.TextField(blank=True)
    #: Optimistic locking: each save must name the version it started from.
    version = models.PositiveIntegerField(default=0)
    precheck_requested_at = models.DateTimeField(null=True, blank=True)
    batch = models.PositiveSmallIntegerField("公表の弾", null=True, blank=True)
    early_case = models.BooleanField("先行事例候補", default=False)
    review_due = models.DateField("確認期限", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    #: The rulebook edition the plan is checked against: the newest until its pre-check is confirmed, then the
    #: one its reviewers judged it under (a new edition does not reopen a confirmed pre-check).
    rulebook = models.CharField("ルールブックの版", max_length=20, default="2026-05")
    #: The batch calendar edition that placed the plan in its batch.
    batch_calendar = models.CharField("弾の日程の版", max_length=40, blank=True)
    #: The revision whose pre-check the reviewers confirmed, and when (the announcement may not precede it).
    prechecked_revision = models.PositiveIntegerField("事前確認済の版", null=True, blank=True)
    prechecked_at = models.DateTimeField("事前確認の完了", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["prefecture_code", "public_id"]
        indexes: ClassVar = [
            models.Index(fields=["state", "plan_type"]),
            # The published set's version, read by every public page (portal/caching.py): counted and its newest
            # change found in this index alone, not in the table's rows (0.8 → 0.2 ms at 1,765 plans, PostgreSQL).
            models.Index(fields=["state", "updated_at"], name="plan_state_updated"),
        ]
        verbose_name = "計画"
        verbose_name_plural = "計画"

    def __str__(self) -> str:
        return f"{self.public_id} {self.title}"

    @property
    def state_enum(self) -> PlanState:
        return PlanState(self.state)

    @property
    def state_text(self) -> Text:
        """The state in the reader's words (pages say it with ``|said``: 事前確認中 / in pre-check)."""
        return self.state_enum.label

    def current_revision(self) -> Revision:
        return self.revisions.order_by("-number")[0]


class Revision(models.Model):
    """One saved text of a plan. Never changed after it is written."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document: models.JSONField[Any] = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField("変更の説明", max_length=500, blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    reviews = models.PositiveIntegerField(default=0)
    #: The rulebook edition whose findings the counts above are.
    rulebook = models.CharField("ルールブックの版", max_length=20, default="2026-05")

    class Meta:
        ordering: ClassVar = ["plan", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan.public_id} 第{self.number}版"


class AppendOnly(models.Model):
    """Rows that record what happened: written once, never updated or deleted through the application."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("記録は追記のみです（変更できません）。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("記録は追記のみです（削除できません）。")


class AuditEvent(AppendOnly):
    """Who did what to which plan, when, from which state to which, with their comment."""

    class Kind(models.TextChoices):
        CREATE = "create", "作成"
        EDIT = "edit", "編集"
        TRANSITION = "transition", "手続"
        JUDGEMENT = "judgement", "審査判断"
        COMMENT = "comment", "コメント"
        COORDINATION = "coordination", "各種調整"
        INVITATION = "invitation", "府省庁の招へい"
        EVIDENCE = "evidence", "証憑"
        AUTHORS = "authors", "策定主体"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="audit")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150)  # kept as written: the trail outlives accounts
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    action = models.CharField(max_length=32, blank=True, choices=[(a.value, a.label.ja) for a in Action])
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    revision = models.PositiveIntegerField(null=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["plan", "at", "id"]


class Judgement(AppendOnly):
    """A reviewer's judgement of one `review` finding of one revision (the latest per rule and path counts)."""

    class Verdict(models.TextChoices):
        MET = "met", "満たす"
        NOT_MET = "not_met", "満たさない"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="judgements")
    revision = models.PositiveIntegerField()
    rule = models.CharField(max_length=40)
    path = models.CharField(max_length=200)
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    comment = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    #: Set when the platform carried this judgement over to a new revision whose judged text did not change:
    #: the revision where a reviewer actually made it.
    carried_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["plan", "at", "id"]


class CoordinationRecord(AppendOnly):
    """One step of 各種調整 (002 ⑤): with whom the plan was coordinated, when, and what came of it."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="coordination")
    counterpart = models.CharField("調整先", max_length=200)
    held_on = models.DateField("調整日")
    outcome = models.TextField("結果")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["plan", "held_on", "id"]


class ReviewInvitation(AppendOnly):
    """A ministry invited by the secretariat (内閣官房・経済産業省) to judge and comment on one plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["plan", "at", "id"]


class AuthorInvitation(models.Model):
    """An organisation asked to become a co-author of a plan (named in its text by an author). It is not an author —
    it neither sees nor edits the plan — until a person of that organisation accepts (issue 19 §9)."""

    class State(models.TextChoices):
        PENDING = "pending", "回答待ち"
        ACCEPTED = "accepted", "承諾"
        DECLINED = "declined", "辞退"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="author_invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="author_invitations"
    )
    invited_by_name = models.CharField(max_length=150)
    invited_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    answered_by_name = models.CharField(max_length=150, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-invited_at", "-id"]


class FieldComment(AppendOnly):
    """A reviewer's comment on one field of the plan, shown to the authors beside that field."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="field_comments")
    revision = models.PositiveIntegerField()
    path = models.CharField("項目", max_length=200)
    comment = models.TextField("コメント")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["plan", "path", "at"]


class CoreEntityRecord(models.Model):
    """The core entities of a plan's current text, kept in columns so the reviewers' look-up can find them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="core_entity_records")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200, blank=True, db_index=True)
    corporate_number = models.CharField(max_length=13, blank=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.plan.public_id} {self.name}"


class BatchCalendar(models.Model):
    """An edition of the publication-batch calendar (002 ⑥ ※1–※3), adopted by the secretariat; the newest is in
    force. Editions are never changed: a change is a new edition, so each plan's batch can be traced."""

    version = models.CharField("版", max_length=40, unique=True)
    note = models.CharField("変更の説明", max_length=300, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    adopted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-adopted_at", "-id"]
        verbose_name = "公表の弾の日程"
        verbose_name_plural = "公表の弾の日程"

    def __str__(self) -> str:
        return self.version


class BatchDefinition(models.Model):
    calendar = models.ForeignKey(BatchCalendar, on_delete=models.PROTECT, related_name="batches")
    number = models.PositiveSmallIntegerField("弾")
    request_deadline = models.DateField("事前確認依頼の締切")
    early_case_deadline = models.DateField("先行事例の締切", null=True, blank=True)
    review_days = models.PositiveSmallIntegerField("確認期間（日）", default=31)
    publication_date = models.DateField("公表予定日", null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["calendar", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["calendar", "number"], name="one_batch_number_per_calendar")
        ]


class SupportProgramme(models.Model):
    """The list of national support programmes plans may name (001 第3章第1節 支援策; 003 支援策(例)), kept by the
    secretariat: programmes are added and retired, never deleted, so old plans still name what they named."""

    name = models.CharField("支援策の名称", max_length=200, unique=True)
    ministry = models.CharField("所管府省庁", max_length=100, blank=True)
    description = models.CharField("概要", max_length=300, blank=True)
    #: What it gives and the plan types it serves (000 ③ 表; ``plans.programmes``): the pre-check warns when a plan
    #: names a programme that does not serve its type (SUPPORT-TYPE).
    kind = models.CharField(
        "種類",
        max_length=20,
        choices=[(k.value, k.label) for k in ProgrammeKind],
        default=ProgrammeKind.OTHER.value,
    )
    plan_types = models.CharField("対象の類型", max_length=3, default="ABC")
    active = models.BooleanField("受付中", default=True)
    added_at = models.DateTimeField(auto_now_add=True)

    @property
    def kind_text(self) -> Text:
        return ProgrammeKind(self.kind).text

    class Meta:
        ordering: ClassVar = ["-active", "name"]
        verbose_name = "支援策"
        verbose_name_plural = "支援策"

    def __str__(self) -> str:
        return self.name


class SupportRequestRecord(models.Model):
    """The support programmes the current text of a plan requests, in columns to search and to total."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="support_requests")
    measure = models.CharField(max_length=40)
    programme = models.CharField(max_length=200, db_index=True)
    ministry = models.CharField(max_length=100, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(null=True)
    amount_million_yen = models.FloatField(null=True)

    class Meta:
        ordering: ClassVar = ["plan", "measure", "programme"]


class RuleSetting(AppendOnly):
    """A value the secretariat sets for a param an edition leaves to it (``Rule.settable``: A-SCALE's threshold,
    for which 001 A(2)④ gives no figure). Append-only: the newest row per edition, rule and param is in force, and
    the history shows who set what when."""

    edition = models.CharField("ルールブックの版", max_length=20)
    rule = models.CharField("ルール", max_length=40)
    param = models.CharField("設定項目", max_length=40)
    value = models.FloatField("値", null=True, blank=True)  # None: cleared (the rule says 「未確認」 again)
    note = models.CharField("理由", max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["edition", "rule", "param", "at", "id"]
