"""Benchmark: read an 837P of 10,000 claims back into encounters with ``parse_837p``.

Run by hand: ``python benchmarks/bench_read_837p.py [COUNT]``. The input is
built once, untimed, by ``build_837p`` from the seeded random encounters of
``bench_build_837p.py`` (1-6 lines each, dependents, drugs, replacements), so
it is a valid 837P of ``COUNT`` claims (default 10,000). Then, in the same run
and over the same text, it times (median of 5, wall and CPU):

- the floor: a bare ``split`` into segments and elements (what any reader must do);
- ``read_segments``: medclaims' X12 layer alone, segments consumed and dropped;
- ``parse_837p``: the whole reader (envelopes, HL walk, model records, issues).

It prints claims per second and the ratios to the floor, and checks that the
encounters read back equal the ones built (so the figure is for a correct read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build_837p import random_encounters

from medclaims.professional import Receiver, Submitter, build_837p
from medclaims.professional.reader import parse_837p
from medclaims.x12 import read_segments

REPEAT = 5


def _timed(fn: object) -> tuple[float, float]:
    """Median wall and CPU seconds of ``REPEAT`` calls of ``fn``."""
    walls, cpus = [], []
    for _ in range(REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _floor(text: str) -> None:
    for piece in text.split("~"):
        piece.split("*")


def main() -> None:
    """Build the input, time the three readers and print claims per second."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int, nargs="?", default=10_000, help="claims (default 10,000)")
    count = ap.parse_args().count
    encounters = random_encounters(count)
    text = build_837p(
        encounters,
        submitter=Submitter(
            name="Bench Billing", id="BENCH01", contact_name="Ops", phone="5555550100"
        ),
        receiver=Receiver(name="Bench Clearinghouse", id="BENCHCH"),
        control_number=1,
        created_at=dt.datetime(2024, 6, 1, 9, 30),
    )
    read = parse_837p(text)
    by_id = {e.claim_id: e for e in encounters}  # claim ids are unique here
    if len(read) != count or any(by_id[e.claim_id] != e for e in read):
        raise SystemExit("parse_837p did not give the built encounters back")

    floor, floor_cpu = _timed(lambda: _floor(text))
    segments, _ = _timed(lambda: deque(read_segments(text), maxlen=0))
    reader, reader_cpu = _timed(lambda: parse_837p(text))
    print(f"parse_837p: {count} claims, {text.count('~')} segments, {len(text) / 1e6:.1f} MB")
    print(
        f"  median {reader:.3f} s -> {count / reader:,.0f} claims/s "
        f"(CPU {reader_cpu:.3f} s -> {count / reader_cpu:,.0f} claims/s of CPU)"
    )
    print(
        f"  floor (bare split): {floor:.3f} s; parse_837p/floor = {reader / floor:.1f}x "
        f"(CPU {reader_cpu / floor_cpu:.1f}x)"
    )
    print(f"  read_segments alone: {segments:.3f} s ({segments / floor:.1f}x the floor)")


if __name__ == "__main__":
    main()
