"""One SparkSession for every Spark test (start-up costs ~10 s).

Under CI=true Spark tests must run; elsewhere they skip only when no Java is installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Java: the Spark engine must be tested in CI")
        pytest.skip("Spark tests skipped: no Java on PATH")
    from pinzhi.adapters.analytics.spark_engine import spark_session

    session = spark_session("local[2]", app_name="pinzhi-tests")
    yield session
    session.stop()
