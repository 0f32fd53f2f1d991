"""One local Spark session for every analytics test that runs the Spark engine (a JVM start costs seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    from chiiki_mirai.analytics.network.spark import start_spark

    session = start_spark("local[2]", shuffle_partitions=4)
    yield session
    session.stop()
