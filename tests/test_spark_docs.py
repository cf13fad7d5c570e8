"""docs/spark.md's local example runs as printed (on the shared test session)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[1]


def test_docs_example_runs(spark: Any, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "docs" / "spark.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) == 1
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(blocks[0], "docs/spark.md", "exec"), {"__name__": "docs"})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert re.search(r"\|\s*paid\s*\|", out) and "PCN1001" in out and "Abc0009x" in out
