"""manage.py load_demo: the sample plans and one account per role; prints the passwords the first time."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from chiiki_mirai.organisations.models import Organisation
from chiiki_mirai.web.demo import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = "記載例の計画と、役割ごとのデモ用アカウントを読み込みます（初回のみ。パスワードを表示します）。"

    def handle(self, *args: Any, **options: Any) -> None:
        passwords = load_demo()
        saved = settings.VAR_DIR / "demo-accounts.txt"
        if passwords is None:
            self.stdout.write(f"デモ用データは読み込み済みです。アカウントとパスワード: {saved}")
            return
        lines = [
            f"{a.username:<10} {passwords[a.username]:<20} {a.role.label.ja}（{Organisation.objects.get(code=a.organisation)}）"
            for a in DEMO_ACCOUNTS
        ]
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text("\n".join(lines) + "\n", encoding="utf-8")
        saved.chmod(0o600)
        self.stdout.write("デモ用アカウント（ユーザー名・パスワード・役割）:")
        for line in lines:
            self.stdout.write("  " + line)
        self.stdout.write(f"（{saved} にも保存しました）")
