"""Migrations match the models, and every local public body of the master is an organisation."""

from __future__ import annotations

from django.core.management import call_command

from chiiki_mirai.organisations.models import Organisation
from chiiki_mirai.reference.localgov import GovernmentKind, local_governments


def test_no_model_change_lacks_a_migration(db: None) -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_organisations_come_from_the_master(db: None) -> None:
    bodies = [g for g in local_governments().by_code.values() if g.kind is not GovernmentKind.WARD]
    assert Organisation.objects.exclude(kind="national").count() == len(bodies)
    kitakyushu = Organisation.objects.get(code="401005")
    assert (kitakyushu.name, kitakyushu.kind, kitakyushu.prefecture_code) == (
        "北九州市",
        "designated_city",
        40,
    )
    assert Organisation.objects.filter(kind="national", name__contains="内閣官房").exists()
