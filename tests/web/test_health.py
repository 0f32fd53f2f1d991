"""Readiness in the process (the stopped database and worker are in test_production.py): probes do not fill the
task queue, and an answer names parts, never settings."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chiiki_mirai.web.health import heartbeat

pytestmark = pytest.mark.django_db


def test_a_balancer_probing_often_queues_one_heartbeat() -> None:
    client = Client()
    for _ in range(10):
        response = client.get("/readyz")
        assert response.status_code == 200, response.content
        # A running worker takes each heartbeat at once.
        DBTaskResult.objects.filter(status="READY").update(status="SUCCESSFUL", finished_at=timezone.now())
    assert DBTaskResult.objects.filter(task_path=heartbeat.module_path).count() == 1
    assert response.json()["checks"] == dict.fromkeys(response.json()["checks"], "ok")
