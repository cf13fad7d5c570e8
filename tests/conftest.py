"""pytest configuration shared by every test module."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


# ---------------------------------------------------------------- Spark (tests/test_spark_*.py)
@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session (``local[2]``) for every Spark test; skips without pyspark or Java.

    The settings a reliable local session needs, as docs/spark.md tells users:
    the executors' Python is this interpreter, Arrow on, few shuffle partitions,
    UTC session time zone, small memory, no UI.
    """
    pyspark_sql = pytest.importorskip("pyspark.sql")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java (17): no java on PATH and no JAVA_HOME")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    root = str(Path(__file__).resolve().parents[1])
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH", "")) if p
    )
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("medclaims-tests")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .config("spark.executor.memory", "1g")
        .config("spark.ui.enabled", "false")
        .config("spark.python.worker.reuse", "true")
        # Lists of ~100 corpus paths are listed on the driver, not by a 100-task job.
        .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "1024")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
