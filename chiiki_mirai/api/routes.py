"""The typed REST API (OpenAPI at /api/docs): the same services and permissions as the web pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal, cast

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic_core import ErrorDetails

from chiiki_mirai.analytics.bulk_lookup import MAX_NUMBERS, bulk_lookup
from chiiki_mirai.analytics.reference import CorePlan, lookup, reference_access
from chiiki_mirai.analytics.ripple.estimate import Assumptions, estimate
from chiiki_mirai.analytics.ripple.report import notes
from chiiki_mirai.analytics.views import may_look_up
from chiiki_mirai.formulation import services as formulation
from chiiki_mirai.i18n import Text
from chiiki_mirai.monitoring import requests as report_requests
from chiiki_mirai.monitoring import services as progress
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.organisations.models import Person, author_names
from chiiki_mirai.organisations.tokens import person_for_token
from chiiki_mirai.plans.errors import DocumentError, detail_problems
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.portal.caching import cached_for
from chiiki_mirai.rules.findings import Finding
from chiiki_mirai.web.language import current_lang, in_reader_language
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.access import actions_for, can_view, visible_plans
from chiiki_mirai.workflow.documents import (
    findings_of,
    problem_messages,
    read_plan_text,
    revision_findings,
)
from chiiki_mirai.workflow.downloads import plan_download
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import Action, PlanState


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        return person_for_token(token)


class Anonymous:
    """Reads are open to the public (published plans only); a token widens what is visible."""

    def __call__(self, request: HttpRequest) -> bool:
        return True


#: Statuses every operation of a kind may answer besides what its decorator declares, said in the OpenAPI so a
#: client knows them all: the request limits (web/limits.py: 400 for a NUL, 413 over 6 MB) and the located 422 of
#: any input; 401 where a token is required; 404 for a plan (or other object) the caller may not know exists.
_COMMON_STATUSES = {
    400: "NUL 文字を含むリクエスト / a request containing a NUL character",
    413: "6MB を超えるリクエスト / a request over 6 MB",
    422: "入力の誤り（項目の位置つき） / invalid input, located",
}
_AUTH_STATUS = {401: "トークンがない、又は無効 / no or an invalid token"}
_NOT_FOUND = {404: "存在しない、又は閲覧できない / not found, or not visible to the caller"}


class DocumentedAPI(NinjaAPI):
    """The API whose OpenAPI names every status an operation returns (issue 19 §14)."""

    def _open_operations(self) -> set[str]:
        """Operation ids that anonymous callers may use (``auth=READ``): a token is optional there."""
        return {
            self.get_openapi_operation_id(operation)
            for _, router in self._routers
            for path_view in router.path_operations.values()
            for operation in path_view.operations
            if any(isinstance(callback, Anonymous) for callback in operation.auth_callbacks)
        }

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        problems = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problems"}}}}
        open_operations = self._open_operations()
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                statuses = dict(_COMMON_STATUSES)
                if operation.get("operationId") in open_operations:
                    operation["security"] = [*operation.get("security", []), {}]  # {}: no token needed
                else:
                    statuses |= _AUTH_STATUS
                if "{" in path:
                    statuses |= _NOT_FOUND
                responses = operation.setdefault("responses", {})
                for status, description in statuses.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": description, **problems}
        return schema


api = DocumentedAPI(
    title="chiiki-mirai API",
    version="1",
    description="地域未来戦略の計画（plan@1）の取得・作成・事前確認・手続。認証は `Authorization: Bearer <token>`。",
    urls_namespace="api",
)
READ = [BearerToken(), Anonymous()]
WRITE = [BearerToken()]


_INVALID_REQUEST = Text("リクエストの値が不正です。", "The request has invalid values.")
_UNREADABLE_PLAN = Text("計画として読めません。", "The text cannot be read as a plan.")


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A malformed request (query, path or body) gets located messages in the reader's language."""
    lang = current_lang()
    details = [cast("ErrorDetails", {**d, "input": _sent_value(request, d["loc"])}) for d in error.errors]
    findings = problem_messages(DocumentError(detail_problems(details)), lang)
    body = Problems(detail=_INVALID_REQUEST.get(lang), findings=[FindingOut.of(f) for f in findings])
    return api.create_response(request, body.dict(), status=422)


def _sent_value(request: HttpRequest, loc: Sequence[str | int]) -> Any:
    """What the caller sent at ``loc`` (django-ninja leaves the input out of its error details)."""
    where, *path = loc
    if where == "query" and path:
        return request.GET.get(str(path[0]))
    if where == "path" and path and request.resolver_match:
        return request.resolver_match.kwargs.get(str(path[0]))
    return None


def _person(request: HttpRequest) -> Person | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, Person) else None


def _writer(request: HttpRequest) -> Person:
    person = _person(request)
    if person is None:
        raise HttpError(401, "認証が必要です。")
    return person


class FindingOut(Schema):
    rule: str
    severity: str
    path: str
    message: str
    source: str
    evidence: str | None = None

    @staticmethod
    def of(finding: Finding) -> FindingOut:
        return FindingOut(**{k: v for k, v in finding.as_json().items() if k != "line"})


class PlanSummary(Schema):
    id: str
    plan_type: str
    title: str
    state: str
    state_label: str
    authors: list[str]
    prefecture_code: int
    version: int
    updated_at: dt.datetime

    @staticmethod
    def of(plan: Plan) -> PlanSummary:
        return PlanSummary(
            id=plan.public_id,
            plan_type=plan.plan_type,
            title=plan.title,
            state=plan.state,
            state_label=in_reader_language(plan.state_enum.label),
            authors=[a.code for a in plan.authors.all()],
            prefecture_code=plan.prefecture_code,
            version=plan.version,
            updated_at=plan.updated_at,
        )


class PlanDetail(PlanSummary):
    revision: int
    document: dict[str, Any]
    findings: list[FindingOut]
    actions: list[str]


class PlanText(Schema):
    text: str
    note: str = ""


class PlanEdit(PlanText):
    base_version: int


class TransitionIn(Schema):
    action: Action
    comment: str = ""
    announced_by: str | None = None
    announced_on: dt.date | None = None
    #: B: the head's policy on the support system, announced with the plan (002 1(2)②⑥※)
    announced_support_policy: str = ""
    #: C: the consultation desk, announced with the plan (002 2(2)②⑤※)
    announced_consultation_desk: str = ""


class Problems(Schema):
    detail: str
    findings: list[FindingOut] = Field(default_factory=list)


def _visible(request: HttpRequest, public_id: str) -> Plan:
    plan = Plan.objects.filter(public_id=public_id).first()
    if plan is None or not can_view(_person(request), plan):
        raise Http404
    return plan


def _detail(request: HttpRequest, plan: Plan) -> PlanDetail:
    revision = plan.current_revision()
    person = _person(request)
    actions = [a.value for a in actions_for(person, plan)] if person else []
    return PlanDetail(
        **PlanSummary.of(plan).dict(),
        revision=revision.number,
        document=revision.document,
        findings=[
            FindingOut.of(f)
            for f in revision_findings(revision, current_lang(), access=reference_access(person))
        ],
        actions=actions,
    )


def _unreadable(error: DocumentError) -> Status[Problems]:
    return Status(
        422,
        Problems(
            detail=in_reader_language(_UNREADABLE_PLAN),
            findings=[FindingOut.of(f) for f in problem_messages(error, current_lang())],
        ),
    )


@api.get("/plans", response=list[PlanSummary], auth=READ, tags=["plans"])
def list_plans(
    request: HttpRequest,
    plan_type: Literal["A", "B", "C"] | None = None,
    state: PlanState | None = None,  # an enumeration: anything else is refused, never sent to the database
    limit: Annotated[int, Field(ge=1, le=500)] = 100,
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0,
) -> list[PlanSummary]:
    """Plans visible to the caller (the public: published plans)."""
    person = _person(request)
    plans = visible_plans(person).order_by("public_id")
    if plan_type:
        plans = plans.filter(plan_type=plan_type)
    if state:
        plans = plans.filter(state=state)
    return cached_for(request, lambda: _summaries(plans, offset, limit), shared=person is None)


def _summaries(plans: QuerySet[Plan], start: int, limit: int) -> list[PlanSummary]:
    fields = ("pk", "public_id", "plan_type", "title", "state", "prefecture_code", "version", "updated_at")
    rows = list(plans.values(*fields)[start : start + limit])
    authors = author_names([row["pk"] for row in rows])
    return [
        PlanSummary(
            id=row["public_id"],
            plan_type=row["plan_type"],
            title=row["title"],
            state=row["state"],
            state_label=in_reader_language(PlanState(row["state"]).label),
            authors=[code for code, _ in authors.get(row["pk"], [])],
            prefecture_code=row["prefecture_code"],
            version=row["version"],
            updated_at=row["updated_at"],
        )
        for row in rows
    ]


@api.get("/plans/{public_id}", response=PlanDetail, auth=READ, tags=["plans"])
def get_plan(request: HttpRequest, public_id: str) -> PlanDetail:
    return _detail(request, _visible(request, public_id))


@api.get("/plans/{public_id}/download", auth=READ, tags=["plans"])
def download_plan(
    request: HttpRequest, public_id: str, format: Literal["yaml", "json", "xlsx"] = "yaml"
) -> HttpResponse:
    plan = _visible(request, public_id)
    return plan_download(plan.current_revision().document, plan.public_id, format)


@api.post("/check", response={200: list[FindingOut], 422: Problems}, auth=READ, tags=["checks"])
def check(request: HttpRequest, body: PlanText) -> Any:
    """The automatic pre-check of a plan text (YAML or JSON); nothing is stored."""
    try:
        return [
            FindingOut.of(f)
            for f in findings_of(
                read_plan_text("plan", body.text), current_lang(), access=reference_access(_person(request))
            )
        ]
    except DocumentError as error:
        return _unreadable(error)


class EstimateIn(Schema):
    text: str = Field(description="計画（YAML 又は JSON）")
    retention: float = Field(1.0, ge=0, le=1, description="域内歩留まり率（1.0: 全国表の国内自給率のまま）")
    construction_share: float = Field(0.3, ge=0, le=1, description="設備投資のうち建設に向かう割合")
    propensity: float = Field(0.7, ge=0, le=1, description="平均消費性向")


@api.post("/estimate", response={200: dict[str, Any], 422: Problems}, auth=READ, tags=["checks"])
def estimate_plan(request: HttpRequest, body: EstimateIn) -> Any:
    """The input-output estimate of a plan's ripple effects (百万円), the same numbers as
    ``chiiki-mirai estimate --format json``; nothing is stored."""
    try:
        document = read_plan_text("plan", body.text)
    except DocumentError as error:
        return _unreadable(error)
    result = estimate(document, Assumptions(body.retention, body.construction_share, body.propensity))
    return {**result.as_json(), "notes": [in_reader_language(note) for note in notes(result)]}


@api.post("/plans", response={201: PlanDetail, 403: Problems, 422: Problems}, auth=WRITE, tags=["plans"])
def create_plan(request: HttpRequest, body: PlanText) -> Any:
    person = _writer(request)
    try:
        plan = services.do_create_plan(person, read_plan_text("plan", body.text), body.note)
    except DocumentError as error:
        return _unreadable(error)
    except services.Refused as refused:
        return Status(403, Problems(detail=in_reader_language(refused.text)))
    return Status(201, _detail(request, plan))


@api.put(
    "/plans/{public_id}",
    response={200: PlanDetail, 403: Problems, 409: Problems, 422: Problems},
    auth=WRITE,
    tags=["plans"],
)
def save_plan(request: HttpRequest, public_id: str, body: PlanEdit) -> Any:
    """A new revision; refused with 409 if ``base_version`` is not the latest (someone else saved first)."""
    person = _writer(request)
    plan = _visible(request, public_id)
    try:
        services.do_save_revision(
            person, plan, read_plan_text("plan", body.text), body.base_version, body.note
        )
    except DocumentError as error:
        return _unreadable(error)
    except services.StaleEdit as stale:
        return Status(409, Problems(detail=in_reader_language(stale.text)))
    except services.Refused as refused:
        return Status(403, Problems(detail=in_reader_language(refused.text)))
    plan.refresh_from_db()
    return Status(200, _detail(request, plan))


@api.post(
    "/plans/{public_id}/transitions", response={200: PlanDetail, 409: Problems}, auth=WRITE, tags=["workflow"]
)
def transition(request: HttpRequest, public_id: str, body: TransitionIn) -> Any:
    person = _writer(request)
    plan = _visible(request, public_id)
    announcement = (
        services.Announcement(
            body.announced_by,
            body.announced_on,
            support_policy=body.announced_support_policy,
            consultation_desk=body.announced_consultation_desk,
        )
        if body.announced_by and body.announced_on
        else None
    )
    try:
        plan = services.do_transition(person, plan, body.action, body.comment, announcement)
    except services.Refused as refused:
        return Status(409, Problems(detail=in_reader_language(refused.text)))
    return Status(200, _detail(request, plan))


class DegreeOut(Schema):
    listed: bool
    listed_by: str
    connector_degree: float
    connector_rank: int | None
    hub_degree: float
    hub_rank: int | None
    prefecture: int
    edition_year: int


class CorePlanOut(Schema):
    """A plan naming the firm among its core entities (the plans a grant decision may consider)."""

    id: str
    plan_type: str
    title: str
    authors: str
    batch: int | None
    state: str
    published: bool
    evidence: str  # the firm's 証憑 for this plan: "", submitted, forwarded, confirmed or rejected
    evidence_confirmed: bool

    @staticmethod
    def of(plan: CorePlan) -> CorePlanOut:
        return CorePlanOut(
            id=plan.public_id,
            plan_type=plan.plan_type,
            title=plan.title,
            authors=plan.authors,
            batch=plan.batch,
            state=plan.state.value,
            published=plan.published,
            evidence=plan.evidence,
            evidence_confirmed=plan.evidence_confirmed,
        )


class LookupOut(Schema):
    corporate_number: str
    name: str
    plans: list[CorePlanOut]
    reference_list: DegreeOut | None


@api.get("/companies/lookup", response={200: list[LookupOut], 403: Problems}, auth=WRITE, tags=["companies"])
def lookup_companies(request: HttpRequest, q: str) -> Any:
    """For ministries' subsidy reviewers: is the firm (法人番号 or name) a core company of a published plan, and is it
    on the reference list? National bodies only."""
    if not may_look_up(_person(request)):
        return Status(403, Problems(detail="照会は国の機関の担当者だけが行えます。"))
    return [
        LookupOut(
            corporate_number=r.corporate_number,
            name=r.name,
            plans=[CorePlanOut.of(p) for p in r.plans],
            reference_list=DegreeOut(
                listed=r.degree.listed,
                listed_by=r.degree.listed_by,
                connector_degree=r.degree.connector_degree,
                connector_rank=r.degree.connector_rank,
                hub_degree=r.degree.hub_degree,
                hub_rank=r.degree.hub_rank,
                prefecture=r.degree.prefecture,
                edition_year=r.degree.edition.year,
            )
            if r.degree
            else None,
        )
        for r in lookup(q[:100])
    ]


class BulkLookupIn(Schema):
    numbers: list[str] = Field(max_length=MAX_NUMBERS, description="法人番号（13桁。全角・ハイフンも可）")


class BulkLookupOut(Schema):
    line: int
    given: str
    corporate_number: str
    problem: str | None
    reference_list: str  # 掲載 / 非掲載 / データなし ("" for a line that is not a 法人番号)
    plans: list[CorePlanOut]


@api.post(
    "/companies/lookup",
    response={200: list[BulkLookupOut], 403: Problems, 422: Problems},
    auth=WRITE,
    tags=["companies"],
)
def bulk_lookup_companies(request: HttpRequest, body: BulkLookupIn) -> Any:
    """For grant systems: up to 10,000 法人番号 at once; for each, the plans naming the firm a core entity (id,
    type, title, authors, batch, state, published, its 証憑), and its reference-list status. A number with a wrong
    check digit is reported on its own line. National bodies only."""
    if not may_look_up(_person(request)):
        return Status(403, Problems(detail="照会は国の機関の担当者だけが行えます。"))
    rows = bulk_lookup(enumerate(body.numbers, start=1))
    return [
        BulkLookupOut(
            line=row.line,
            given=row.given,
            corporate_number=row.corporate_number,
            problem=in_reader_language(row.problem) if row.problem else None,
            reference_list=row.listing(current_lang()),
            plans=[CorePlanOut.of(p) for p in row.plans],
        )
        for row in rows
    ]


class ProgressOut(Schema):
    period: str
    submitted_at: dt.datetime
    kpis: list[dict[str, Any]]


@api.get("/plans/{public_id}/progress", response=list[ProgressOut], auth=READ, tags=["progress"])
def list_progress(request: HttpRequest, public_id: str) -> list[ProgressOut]:
    """The report that counts for each half-year, with each KPI's status against its trajectory. The public sees a
    half-year once its results are published (001 A(5)④: after the report to the 副大臣等会議), and a correction sent
    after that with the next publication (``monitoring.published``); officials see every report, as on the progress
    dashboard (``services.sees_unpublished_reports``)."""
    plan = _visible(request, public_id)
    records = progress.latest_reports(plan, public=not progress.sees_unpublished_reports(_person(request)))
    return [
        ProgressOut(
            period=record.period,
            submitted_at=record.submitted_at,
            kpis=[
                {
                    "id": row.kpi.id,
                    "actual": row.actual,
                    "expected": row.assessment.expected,
                    "ratio": row.assessment.ratio,
                    "status": row.assessment.status.value,
                }
                for row in progress.kpi_rows(plan, record)
            ],
        )
        for record in records
    ]


@api.post(
    "/plans/{public_id}/progress",
    response={201: ProgressOut, 403: Problems, 422: Problems},
    auth=WRITE,
    tags=["progress"],
)
def submit_progress(request: HttpRequest, public_id: str, body: PlanText) -> Any:
    """A half-year's progress@1 report; refused while a delayed measure lacks its cause and remedy (P-PROGRESS)."""
    person = _writer(request)
    plan = _visible(request, public_id)
    try:
        report = load(source_from_text("progress", body.text))
        if not isinstance(report, ProgressReport):
            return Status(422, Problems(detail="進捗報告（progress@1）ではありません。"))
        record = progress.do_submit_progress(person, plan, report)
    except DocumentError as error:
        return _unreadable(error)
    except services.Refused as refused:
        return Status(403, Problems(detail=in_reader_language(refused.text)))
    # The half-year as it now stands: this report merged with other bodies' reports for the same half-year.
    half_year = next(h for h in progress.latest_reports(plan) if h.period == record.period)
    rows = progress.kpi_rows(plan, half_year)
    return Status(
        201,
        ProgressOut(
            period=record.period,
            submitted_at=record.submitted_at,
            kpis=[{"id": r.kpi.id, "actual": r.actual, "status": r.assessment.status.value} for r in rows],
        ),
    )


# ------------------------------------------------------------------ type A's formulation and report requests


class BlockDraftOut(Schema):
    id: str
    block: str
    title: str
    state: str
    published_at: dt.datetime | None
    document: dict[str, Any]


class ProposalOut(Schema):
    id: str
    block_draft: str
    candidate: str
    title: str
    state: str
    prefectures: list[str]
    plan: str | None
    document: dict[str, Any]


class ReportRequestOut(Schema):
    plan: str
    period: str
    measures: list[str]
    due: dt.date
    reported: bool


@api.get("/block-drafts", response=list[BlockDraftOut], auth=READ, tags=["formulation"])
def list_block_drafts(request: HttpRequest) -> list[BlockDraftOut]:
    """計画の素案 (001 A(4)①): the published ones for everyone; drafts being written for their bureau and the
    secretariat."""
    return [
        BlockDraftOut(
            id=d.public_id,
            block=d.block,
            title=d.title,
            state=d.state,
            published_at=d.published_at,
            document=d.document,
        )
        for d in formulation.visible_drafts(_person(request)).order_by("block", "public_id")
    ]


@api.get("/proposals", response=list[ProposalOut], auth=WRITE, tags=["formulation"])
def list_proposals(request: HttpRequest) -> list[ProposalOut]:
    """候補プロジェクト提案 (001 A(4)②) the caller may see: its prefecture's, submitted ones for the secretariat and
    the block's bureau, accepted ones for every official."""
    proposals = formulation.visible_proposals(_person(request)).select_related("block_draft", "plan")
    return [
        ProposalOut(
            id=p.public_id,
            block_draft=p.block_draft.public_id,
            candidate=p.candidate,
            title=p.title,
            state=p.state,
            prefectures=[o.code for o in p.prefectures.all()],
            plan=p.plan.public_id if p.plan else None,
            document=p.document,
        )
        for p in proposals.prefetch_related("prefectures").order_by("public_id")
    ]


@api.get("/report-requests", response=list[ReportRequestOut], auth=WRITE, tags=["progress"])
def list_report_requests(request: HttpRequest) -> list[ReportRequestOut]:
    """The report requests addressed to the caller's body (001 A(5)①)."""
    person = _writer(request)
    return [
        ReportRequestOut(
            plan=line.request.plan.public_id,
            period=line.request.period,
            measures=line.request.measures,
            due=line.request.due,
            reported=line.done,
        )
        for line in report_requests.inbox(person)
    ]
