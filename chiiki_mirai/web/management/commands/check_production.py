"""Refuse to serve in production with settings that would be unsafe or broken, saying which and how to mend it
(``scripts/serve`` runs this first)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def production_problems() -> list[str]:
    problems = []
    if settings.DEBUG:
        problems.append("CHIIKI_MIRAI_DEBUG=0 を設定してください（デバッグ表示のままでは公開できません）。")
    key = settings.SECRET_KEY
    if not key or len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
        problems.append(
            "CHIIKI_MIRAI_SECRET_KEY に50文字以上のランダムな値を設定してください"
            "（例: python -c 'import secrets; print(secrets.token_urlsafe(50))'）。"
        )
    hosts = [h for h in settings.ALLOWED_HOSTS if h]
    if not hosts or (
        set(hosts) <= {"127.0.0.1", "localhost", "testserver"} and not settings.ALLOW_LOCAL_ONLY
    ):
        problems.append(
            "CHIIKI_MIRAI_ALLOWED_HOSTS に公開するホスト名を設定してください（例: chiiki-mirai.example.go.jp）。"
        )
    site_host = urlsplit(settings.SITE_URL).hostname or ""
    if hosts and site_host not in hosts and not settings.ALLOW_LOCAL_ONLY:
        problems.append(
            f"CHIIKI_MIRAI_SITE_URL（メールのリンク先、いまは {settings.SITE_URL}）に、公開するアドレスを設定してください"
            f"（例: https://{hosts[0]}）。"
        )
    if not os.environ.get("CHIIKI_MIRAI_SMTP_HOST") and os.environ.get("CHIIKI_MIRAI_MAIL_CONSOLE") != "1":
        problems.append(
            "報告依頼・督促のメールを送る SMTP サーバーを CHIIKI_MIRAI_SMTP_HOST（…_PORT・…_USER・…_PASSWORD・…_TLS）で"
            "設定してください（試行で送らずログに出すだけなら CHIIKI_MIRAI_MAIL_CONSOLE=1）。"
        )
    return problems


def unapplied_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    return [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]


class Command(BaseCommand):
    help = "本番の設定を確かめる（scripts/serve が起動前に実行）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-migrations", action="store_true", help="未適用のマイグレーションがあれば止める"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = production_problems()
        if options["no_migrations"] and (pending := unapplied_migrations()):
            problems.append(
                "未適用のマイグレーションがあります（CHIIKI_MIRAI_MIGRATE=0 のため適用しません）: "
                + ", ".join(pending)
                + "。バックアップを取ってから manage.py migrate を実行してください。"
            )
        if problems:
            raise CommandError("本番として起動できません:\n- " + "\n- ".join(problems))
        self.stdout.write("本番の設定を確認しました。")
