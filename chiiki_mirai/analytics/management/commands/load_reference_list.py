"""manage.py load_reference_list DIR: load the output of `chiiki-mirai network degrees` as a new edition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chiiki_mirai.analytics.reference import load_edition


class Command(BaseCommand):
    help = "「chiiki-mirai network degrees」の出力フォルダ（Parquet）を、参考リストの新しい版として読み込みます。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("result", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        result: Path = options["result"]
        needed = ["rule.json", "firm_degrees.parquet", "reference_list.parquet"]
        missing = [name for name in needed if not (result / name).exists()]
        if missing:
            raise CommandError(
                f"{result}: {', '.join(missing)} がありません"
                "（chiiki-mirai network degrees … --out の出力フォルダを、--format parquet で指定してください）。"
            )
        edition = load_edition(result)
        self.stdout.write(
            f"{edition}: 企業 {edition.firms:,} 社、うち掲載 {edition.listed:,} 社を読み込みました。"
        )
