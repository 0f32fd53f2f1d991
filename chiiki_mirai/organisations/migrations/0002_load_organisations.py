"""Every local public body of the master (wards of designated cities are areas, not bodies) and the national ones."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from chiiki_mirai.organisations.national import NATIONAL_BODIES
    from chiiki_mirai.reference.localgov import GovernmentKind, local_governments

    Organisation = apps.get_model("organisations", "Organisation")
    rows = [
        Organisation(
            code=g.code,
            name=g.name,
            kind=g.kind.value,
            prefecture_code=g.prefecture_code,
            prefecture_name=g.prefecture_name,
        )
        for g in local_governments().by_code.values()
        if g.kind is not GovernmentKind.WARD
    ]
    rows += [Organisation(code=code, name=name, kind="national") for code, name in NATIONAL_BODIES]
    Organisation.objects.bulk_create(rows, batch_size=500)


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("organisations", "Organisation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
