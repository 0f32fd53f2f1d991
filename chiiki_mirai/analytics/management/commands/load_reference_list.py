"""manage.py load_reference_list DIR: load the output of `chiiki-mirai network degrees` as a new edition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chiiki_mirai.analytics.network.layout import NetworkInputError
from chiiki_mirai.analytics.network.results import check_result_folder
from chiiki_mirai.analytics.reference import load_edition


class Command(BaseCommand):
    help = "「chiiki-mirai network degrees」の出力フォルダ（Parquet）を、参考リストの新しい版として読み込みます。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("result", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        result: Path = options["result"]
        try:
            # Checked whole before anything is written: a bad folder leaves the edition in force as it was.
            check_result_folder(result)
        except NetworkInputError as exc:
            raise CommandError(exc.message("ja")) from None
        edition = load_edition(result)
        self.stdout.write(
            f"{edition}: 企業 {edition.firms:,} 社、うち掲載 {edition.listed:,} 社を読み込みました。"
        )
