"""benchmarks/bench_cli_memory.py stays runnable (a tiny input; figures come from runs by hand)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_cli_memory.py"


def test_memory_benchmark_prints_its_figures() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--size-mb", "0.3", "--json-mb", "0.1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for needed in ("parse-835 --format csv", "parse-835 --format jsonl", "peak RSS", "x faster"):
        assert needed in done.stdout
    assert "exit 0" in done.stdout
