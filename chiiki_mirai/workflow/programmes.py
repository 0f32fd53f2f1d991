"""The secretariat's list of national support programmes that plans name (one function per write, audited by
the record itself: programmes are added and retired, never deleted or renamed)."""

from __future__ import annotations

from django.db import transaction

from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.choices import PlanType, ProgrammeKind
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.workflow.models import SupportProgramme
from chiiki_mirai.workflow.services import Refused


def _require_secretariat(person: Person) -> None:
    if not person.is_secretariat:
        raise Refused(
            Text(
                "支援策の一覧は内閣官房・経済産業省の担当者が管理します。",
                "only the secretariat keeps the list.",
            )
        )


@transaction.atomic
def do_add_programme(
    person: Person,
    name: str,
    ministry: str,
    description: str = "",
    kind: str = ProgrammeKind.OTHER.value,
    plan_types: str = "ABC",
) -> SupportProgramme:
    """Add a programme with what it gives and the plan types it serves (000 ③ 表)."""
    _require_secretariat(person)
    name = " ".join(name.split())
    if not name or not ministry.strip():
        raise Refused(Text("支援策の名称と所管府省庁を入力してください。", "give the name and the ministry."))
    if kind not in {k.value for k in ProgrammeKind}:
        raise Refused(
            Text(f"支援策の種類「{kind[:20]}」は選択肢にありません。", f"unknown kind '{kind[:20]}'.")
        )
    types = "".join(t.value for t in PlanType if t.value in plan_types.upper())
    if not types:
        raise Refused(
            Text(
                "対象の類型（A・B・C）を一つ以上選んでください。", "choose at least one plan type (A, B, C)."
            )
        )
    if SupportProgramme.objects.filter(name=name).exists():
        raise Refused(Text(f"「{name}」は一覧にあります。", f"'{name}' is already listed."))
    return SupportProgramme.objects.create(
        name=name[:200],
        ministry=ministry.strip()[:100],
        description=description.strip()[:300],
        kind=kind,
        plan_types=types,
    )


@transaction.atomic
def do_set_programme_active(person: Person, programme: SupportProgramme, active: bool) -> SupportProgramme:
    """Retire a programme (no longer offered for new requests) or take it back; plans keep what they named."""
    _require_secretariat(person)
    programme.active = active
    programme.save(update_fields=["active"])
    return programme


def listed_programmes() -> set[str]:
    return set(SupportProgramme.objects.values_list("name", flat=True))


def with_programmes(document: PlanDocument) -> PlanDocument:
    """The plan with each support request marked with its programme's kind and types from the secretariat's list
    (what SUPPORT-TYPE judges); a request naming no listed programme is left as the authors wrote it."""
    names = {
        r.programme for m in (document.policy.measures if document.policy else []) for r in m.support_programs
    }
    if not names:
        return document
    listed = {
        p.name: p for p in SupportProgramme.objects.filter(name__in=names).only("name", "kind", "plan_types")
    }
    if not listed:
        return document
    assert document.policy is not None
    measures = [
        measure.model_copy(
            update={
                "support_programs": [
                    request.model_copy(
                        update={
                            "kind": ProgrammeKind(p.kind),
                            "plan_types": [PlanType(t) for t in p.plan_types],
                        }
                    )
                    if (p := listed.get(request.programme)) is not None
                    else request
                    for request in measure.support_programs
                ]
            }
        )
        for measure in document.policy.measures
    ]
    return document.model_copy(update={"policy": document.policy.model_copy(update={"measures": measures})})
