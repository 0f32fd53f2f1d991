"""Why an action may not happen (every write service raises these; the views and the API say them)."""

from __future__ import annotations

from chiiki_mirai.i18n import Text


class Refused(Exception):
    """An action that may not happen, with the reason in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.ja)
        self.text = text


class StaleEdit(Refused):
    """Someone else saved the plan since this editor opened it (optimistic locking)."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            Text(
                "この計画は、編集を始めた後に他の担当者が保存しています。上書きはしていません。"
                "最新版との差分を確認し、変更を反映してから保存し直してください。",
                "Someone else saved this plan after you started editing; nothing was overwritten. "
                "Compare with the latest revision, merge your changes and save again.",
            )
        )
        self.current_version = current_version
