"""The secretariat's list of national support programmes that plans name (one function per write, audited by
the record itself: programmes are added and retired, never deleted or renamed)."""

from __future__ import annotations

from django.db import transaction

from chiiki_mirai.i18n import Text
from chiiki_mirai.organisations.models import Person
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
def do_add_programme(person: Person, name: str, ministry: str, description: str = "") -> SupportProgramme:
    _require_secretariat(person)
    name = " ".join(name.split())
    if not name or not ministry.strip():
        raise Refused(Text("支援策の名称と所管府省庁を入力してください。", "give the name and the ministry."))
    if SupportProgramme.objects.filter(name=name).exists():
        raise Refused(Text(f"「{name}」は一覧にあります。", f"'{name}' is already listed."))
    return SupportProgramme.objects.create(
        name=name[:200], ministry=ministry.strip()[:100], description=description.strip()[:300]
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
