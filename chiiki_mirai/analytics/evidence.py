"""証憑 for core entities not on the reference list (002 1(1)⑨): submitted, forwarded, confirmed or rejected.

002 1(1)⑨「国が作成する「参考リスト」に記載がない企業において…実態として都道府県内で相対的に高いコネクター度・
ハブ度を有していることが確認できた企業については、対象となります。都道府県等から、当該要件に係る証憑を経済産業省
に提出いただき、経済産業省において内容を確認します。」So: the plan's authors write the evidence (text and files),
the prefecture forwards it (a prefecture's own plan: the prefecture's author or compiler), and a reviewer of
経済産業省 — not another body — confirms or rejects it with reasons. Each step is one function, audited.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from chiiki_mirai.analytics.models import Evidence, EvidenceFile
from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.errors import DocumentError
from chiiki_mirai.plans.workbook import check_zip
from chiiki_mirai.workflow.access import relation_of
from chiiki_mirai.workflow.models import AuditEvent, Plan
from chiiki_mirai.workflow.services import Refused, record_audit
from chiiki_mirai.workflow.states import PlanState, Relation, Role

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 5
CONFIRMING_BODY = "N-METI"  # 「経済産業省において内容を確認します」


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def file_kind(upload: Upload) -> str | None:
    """The content type the bytes really are (PDF, xlsx, PNG, JPEG), or None: the name's ending is not trusted."""
    data = upload.data
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


#: The name's ending each detected kind may carry (a PDF named .xlsx is refused: a reader opening it by its name
#: would hand it to the wrong program).
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}


def _workbook_problem(data: bytes) -> Text | None:
    """Why an .xlsx may not be kept: it expands past the workbook reader's limits (a zip bomb), holds macros
    (``vbaProject.bin``) or links to other files (``xl/externalLinks/``). None: it may."""
    try:
        check_zip(data)
    except DocumentError as error:
        return Text(error.problems[0].message("ja"), error.problems[0].message("en"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [name.lower() for name in archive.namelist()]
    if any(name.endswith("vbaproject.bin") for name in names):
        return Text(
            "マクロ（vbaProject.bin）を含むブックは添付できません",
            "a workbook with macros cannot be attached",
        )
    if any(name.startswith("xl/externallinks/") for name in names):
        return Text(
            "外部のファイルへのリンク（xl/externalLinks）を含むブックは添付できません",
            "a workbook linking to other files cannot be attached",
        )
    return None


def checked_files(uploads: list[Upload]) -> list[tuple[Upload, str]]:
    """Each upload with its type, or Refused naming the first file that is too large or of another kind."""
    if len(uploads) > MAX_FILES:
        raise Refused(
            Text(f"添付できるファイルは{MAX_FILES}つまでです。", f"attach at most {MAX_FILES} files.")
        )
    checked = []
    for upload in uploads:
        if len(upload.data) > MAX_FILE_BYTES:
            raise Refused(
                Text(
                    f"ファイル「{upload.name}」は{len(upload.data):,}バイトで、上限（5MB）を超えています。",
                    f"file '{upload.name}' is {len(upload.data):,} bytes, over the 5 MB limit.",
                )
            )
        kind = file_kind(upload)
        if kind is None:
            raise Refused(
                Text(
                    f"ファイル「{upload.name}」は添付できません（PDF・Excel（.xlsx）・画像（PNG・JPEG）に限ります）。",
                    f"file '{upload.name}' cannot be attached (PDF, Excel .xlsx, PNG or JPEG only).",
                )
            )
        if not upload.name.lower().endswith(EXTENSIONS[kind]):
            raise Refused(
                Text(
                    f"ファイル「{upload.name}」の名前の拡張子が内容（{EXTENSIONS[kind][0]}）と合いません。",
                    f"the name of file '{upload.name}' does not end as its content ({EXTENSIONS[kind][0]}).",
                )
            )
        if kind == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" and (
            problem := _workbook_problem(upload.data)
        ):
            raise Refused(
                Text(f"ファイル「{upload.name}」: {problem.ja}。", f"file '{upload.name}': {problem.en}.")
            )
        checked.append((upload, kind))
    return checked


def latest_evidence(plan: Plan) -> dict[str, Evidence]:
    """The evidence that stands for each firm of a plan (the latest submitted)."""
    standing: dict[str, Evidence] = {}
    for evidence in Evidence.objects.filter(plan=plan).prefetch_related("files"):
        standing.setdefault(evidence.corporate_number, evidence)  # ordered newest first
    return standing


@transaction.atomic
def do_submit_evidence(
    person: Person, plan: Plan, corporate_number: str, text: str, uploads: list[Upload]
) -> Evidence:
    """The authors attach evidence to a core entity of the current text (with the revision it belongs to)."""
    if person.role_enum is not Role.AUTHOR or relation_of(person, plan) is not Relation.AUTHOR_ORGANISATION:
        raise Refused(
            Text("証憑を提出できるのは計画の作成担当者です。", "only the plan's authors submit evidence.")
        )
    if plan.state_enum is PlanState.PUBLISHED:
        raise Refused(
            Text("公表された計画には証憑を追加できません。", "a published plan takes no new evidence.")
        )
    revision = plan.current_revision()
    entity = next(
        (
            e
            for e in revision.document.get("core_entities", [])
            if e.get("corporate_number") == corporate_number
        ),
        None,
    )
    if entity is None:
        raise Refused(
            Text(
                f"法人番号 {corporate_number} の企業は、現在の計画（第{revision.number}版）の核となる企業にありません。",
                f"{corporate_number} is not a core entity of the current text (revision {revision.number}).",
            )
        )
    if not text.strip():
        raise Refused(Text("証憑の説明を入力してください。", "describe the evidence."))
    files = checked_files(uploads)
    evidence = Evidence.objects.create(
        plan=plan,
        revision=revision.number,
        corporate_number=corporate_number,
        name=str(entity.get("name") or "")[:200],
        text=text.strip(),
        submitted_by=person.user,
    )
    EvidenceFile.objects.bulk_create(
        EvidenceFile(evidence=evidence, name=u.name[:200], content_type=kind, size=len(u.data), data=u.data)
        for u, kind in files
    )
    record_audit(
        plan,
        person,
        AuditEvent.Kind.EVIDENCE,
        revision=revision.number,
        comment=f"証憑の提出: {evidence.name}（{corporate_number}）、添付 {len(files)} 件",
    )
    return evidence


def _forwarding_body(person: Person, plan: Plan) -> bool:
    """The prefecture forwards: its compiler for a municipality's plan; for its own plan, its author or compiler."""
    relation = relation_of(person, plan)
    own_prefecture_plan = relation is Relation.AUTHOR_ORGANISATION and person.organisation.is_prefecture
    return (person.role_enum is Role.COMPILER and relation is Relation.PREFECTURE_OF_AUTHOR) or (
        own_prefecture_plan and person.role_enum in (Role.AUTHOR, Role.COMPILER)
    )


@transaction.atomic
def do_forward_evidence(person: Person, evidence: Evidence) -> Evidence:
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if not _forwarding_body(person, evidence.plan):
        raise Refused(
            Text("証憑を経済産業省に提出するのは都道府県です。", "the prefecture forwards evidence to METI.")
        )
    if evidence.status != Evidence.Status.SUBMITTED:
        raise Refused(
            Text("この証憑は提出待ちではありません。", "this evidence is not waiting to be forwarded.")
        )
    evidence.status, evidence.forwarded_at = Evidence.Status.FORWARDED, timezone.now()
    evidence.save(update_fields=["status", "forwarded_at"])
    record_audit(
        evidence.plan, person, AuditEvent.Kind.EVIDENCE, comment=f"証憑を経済産業省へ提出: {evidence.name}"
    )
    return evidence


@transaction.atomic
def do_decide_evidence(person: Person, evidence: Evidence, confirm: bool, reason: str) -> Evidence:
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if person.role_enum is not Role.REVIEWER or person.organisation.code != CONFIRMING_BODY:
        raise Refused(
            Text(
                "証憑を確認するのは経済産業省の審査担当者です（002 1(1)⑨）。",
                "only METI's reviewers confirm evidence (002 1(1)⑨).",
            )
        )
    if evidence.status != Evidence.Status.FORWARDED:
        raise Refused(
            Text(
                "都道府県から提出された証憑だけを確認できます。", "only evidence forwarded by the prefecture."
            )
        )
    if not confirm and not reason.strip():
        raise Refused(Text("採用しない理由を入力してください。", "say why it is not accepted."))
    evidence.status = Evidence.Status.CONFIRMED if confirm else Evidence.Status.REJECTED
    evidence.reason, evidence.decided_at = reason.strip(), timezone.now()
    evidence.save(update_fields=["status", "reason", "decided_at"])
    record_audit(
        evidence.plan,
        person,
        AuditEvent.Kind.EVIDENCE,
        comment=f"証憑を{'確認' if confirm else '不採用'}: {evidence.name} {evidence.reason}".strip(),
    )
    return evidence


@dataclass(frozen=True)
class EvidenceRoles:
    """Which evidence steps this person may take on this plan (the page shows only those forms)."""

    submit: bool
    forward: bool
    decide: bool


def may_see_evidence(person: Person | None, plan: Plan) -> bool:
    """The 証憑 (a firm's figures, a commissioned study) are the plan's authors', sent through their prefecture to
    経済産業省 (002 1(1)⑨): those bodies and the national reviewers who judge the plan see them, no one else."""
    if person is None:
        return False
    national_reviewer = person.role_enum is Role.REVIEWER and person.organisation.is_national
    return national_reviewer or relation_of(person, plan) in (
        Relation.AUTHOR_ORGANISATION,
        Relation.PREFECTURE_OF_AUTHOR,
    )


def evidence_roles(person: Person, plan: Plan) -> EvidenceRoles:
    author = person.role_enum is Role.AUTHOR and relation_of(person, plan) is Relation.AUTHOR_ORGANISATION
    return EvidenceRoles(
        submit=author and plan.state_enum is not PlanState.PUBLISHED,
        forward=_forwarding_body(person, plan),
        decide=person.role_enum is Role.REVIEWER and person.organisation.code == CONFIRMING_BODY,
    )
