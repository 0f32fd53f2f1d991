"""What the workflow tells other domains without depending on them (monitoring keeps its figures by it)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the writing transaction after a plan's state or text changed; argument: ``plan``.
plan_changed = Signal()
