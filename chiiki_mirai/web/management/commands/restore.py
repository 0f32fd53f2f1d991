"""``manage.py restore ARCHIVE [--force]``: rebuild the configured database from a backup (web/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chiiki_mirai.web.backup import BackupError, restore


class Command(BaseCommand):
    help = "バックアップからデータベースを戻す（空でないデータベースには --force が必要）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="データのあるデータベースを上書きする")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        counts = "、".join(f"{k} {v}" for k, v in manifest["counts"].items())
        self.stdout.write(f"{manifest['created_at']} のバックアップを戻しました（{counts}）。")
