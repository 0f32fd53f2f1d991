"""``manage.py backup [--out DIR]``: one consistent archive of the database while the service runs (web/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chiiki_mirai.web.backup import BackupError, backup


class Command(BaseCommand):
    help = "データベースのバックアップ（1つの tar: データベースと manifest.json）を作る"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--out", type=Path, default=Path(settings.VAR_DIR) / "backups", help="書き出すフォルダ"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = backup(options["out"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(archive))
