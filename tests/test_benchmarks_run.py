"""The benchmark scripts stay runnable: each runs here on a tiny input.

Nothing is timed or compared here (figures come from full-size runs by hand,
see benchmarks/README.md); these tests fail when a script crashes, stops
printing the figures it promises, or its correctness checks trip.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def run(script: str, *args: str) -> str:
    """Run ``benchmarks/script`` with ``args``; its standard output."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_reader_benchmark_prints_the_ratios_and_the_memory_figure() -> None:
    out = run("bench_reader.py", "--size-mb", "0.2", "--repeat", "1", "--big-mb", "1")
    assert "floor: split + split (streamed)" in out
    for kind in ("str", "bytes", "binary file"):
        assert f"read_segments({kind})" in out
    assert "goal: read_segments(str) <= 1.5x" in out
    assert "memory: 1 MiB file" in out and "peak RSS" in out


# The peers the 835 benchmark times (test extras): (printed name, module it imports).
PEERS = [
    ("edi-835-parser", "edi_835_parser"),
    ("x12sdk", "x12sdk.io"),
    ("pyx12 context reader", "pyx12.x12context"),
]


@pytest.mark.parametrize("peers", [False, True])
def test_parse_835_benchmark_prints_floor_parse_stream_and_peers(peers: bool) -> None:
    if peers:  # a peer that is not installed is a skip, never a pass on "failed"
        for _, module in PEERS:
            pytest.importorskip(module)
    args = ["--size-mb", "0.1", "--repeat", "1", "--stream-mb", "1"]
    out = run("bench_parse_835.py", *args, *(["--peers"] if peers else []))
    assert "iter_835 over 1 MB" in out and "peak RSS" in out
    assert "floor (split segments + elements)" in out
    assert "parse_835 + walk" in out and "x floor" in out
    assert "iter_835 + walk" in out
    if peers:  # each installed peer parses the input and gives its ratio line
        for name, _ in PEERS:
            lines = [line for line in out.splitlines() if line.startswith(f"{name}:")]
            assert len(lines) == 1, f"no result line for {name}"
            assert "failed" not in lines[0], lines[0]
            assert "parse_835" in lines[0], lines[0]


def test_reconcile_benchmark_prints_floor_and_both_runs() -> None:
    out = run("bench_reconcile.py", "--claims", "300", "--repeat", "1")
    assert "balanced: True" in out
    assert "floor (dict join of CLP04)" in out
    assert "reconcile:" in out and "reconcile with fee schedule:" in out


def test_837p_benchmarks_build_and_read_back() -> None:
    built = run("bench_build_837p.py", "40")
    assert "build_837p: 40 claims" in built
    # exits non-zero unless the claims read back equal (and, streamed, all of them)
    read = run("bench_read_837p.py", "40", "--stream-mb", "1")
    assert "parse_837p: 40 claims" in read
    assert "iter_837p (each encounter dropped)" in read
    assert "iter_837p over" in read and "peak RSS" in read


def test_varied_835_benchmark_prints_floor_plain_mixed_and_compiles() -> None:
    out = run("bench_varied_835.py", "--size-mb", "0.2", "--repeat", "1")
    assert "compile/exec during one parse_835 after warm-up: 0" in out
    assert "floor (split, keep nothing)" in out
    assert "parse_835, plain:" in out and "x floor" in out
    assert "parse_835, mixed:" in out and "x plain parse_835" in out


def test_acks_benchmark_prints_the_ratio() -> None:
    out = run("bench_acks.py", "--claims", "2000", "--repeat", "1")
    assert "input: 277CA of 2,000 claims" in out
    assert "parse_277ca" in out and "goal: parse_277ca <= 5x the floor" in out
