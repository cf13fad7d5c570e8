"""Benchmark: read an 837P of 10,000 claims back into encounters with ``parse_837p``.

Run by hand: ``python benchmarks/bench_read_837p.py [COUNT]``. The input is
built once, untimed, by ``build_837p`` from the seeded random encounters of
``bench_build_837p.py`` (1-6 lines each, dependents, drugs, replacements), so
it is a valid 837P of ``COUNT`` claims (default 10,000). Then, in the same run
and over the same text, it times (median of 5, wall and CPU):

- the floor: a bare ``split`` into segments and elements (what any reader must do);
- ``read_segments``: medclaims' X12 layer alone, segments consumed and dropped;
- ``parse_837p``: the whole reader (envelopes, HL walk, model records, issues);
- ``iter_837p``: the same walk, each encounter dropped as it comes.

It prints claims per second and the ratios to the floor, and checks that the
encounters read back equal the ones built (so the figure is for a correct read).

``--stream-mb N`` also writes one 837P transaction of about N MB (the claims
above repeated, HL01s renumbered, trailers counted) to a temporary folder and
runs ``iter_837p`` over it through a binary file object in a child process,
printing that process's peak resident memory (goal: under 100 MB for 1,000 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import peak_rss_mb
from bench_build_837p import random_encounters

from medclaims.professional import Receiver, Submitter, build_837p
from medclaims.professional.reader import iter_837p, parse_837p
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


def _input(count: int) -> tuple[list, str]:  # type: ignore[type-arg]
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
    return encounters, text


def write_big(path: str, size_mb: float) -> int:
    """One transaction of about ``size_mb`` MB: 2,000 claims repeated; the claims written."""
    _, text = _input(2000)
    segs = text.split("~")[:-1]
    first_hl = next(i for i, s in enumerate(segs) if s.startswith("HL*"))
    se = next(i for i, s in enumerate(segs) if s.startswith("SE*"))
    head, body, tail = segs[:first_hl], segs[first_hl:se], segs[se + 1 :]
    hls = sum(s.startswith("HL*") for s in body)
    hl = re.compile(r"^HL\*(\d+)\*(\d*)\*")
    written = claims = reps = 0
    with open(path, "w", encoding="ascii") as fh:
        fh.write("~".join(head) + "~")
        while written < size_mb * 1e6:
            shift = reps * hls

            def renumber(m: re.Match[str], shift: int = shift) -> str:
                parent = str(int(m[2]) + shift) if m[2] else ""
                return f"HL*{int(m[1]) + shift}*{parent}*"

            piece = "~".join(hl.sub(renumber, s) for s in body) + "~"
            fh.write(piece)
            written += len(piece)
            claims += 2000
            reps += 1
        count = len(head) - 2 + reps * len(body) + 1  # ST..SE (head holds ISA and GS)
        fh.write(f"SE*{count}*0001~" + "~".join(tail) + "~")
    return claims


def stream_child(path: str) -> None:
    """Run iter_837p over ``path``; print encounters, seconds and peak RSS in MB."""
    start = time.perf_counter()
    n = 0
    issues: list[object] = []
    with open(path, "rb") as fh:
        for _ in iter_837p(fh, issues=issues):  # type: ignore[arg-type]
            n += 1
    print(n, f"{time.perf_counter() - start:.1f}", f"{peak_rss_mb():.1f}", len(issues))


def stream_check(size_mb: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.837")
        claims = write_big(path, size_mb)
        size = os.path.getsize(path) / 1e6
        out = subprocess.run(
            [sys.executable, __file__, "--stream-child", path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    if int(out[0]) != claims:
        raise SystemExit(f"iter_837p read {out[0]} of {claims} claims")
    print(
        f"iter_837p over {size:,.0f} MB ({claims:,} claims, one transaction): {out[1]} s, "
        f"peak RSS {out[2]} MB, {out[3]} issues"
    )


def main() -> None:
    """Build the input, time the readers and print claims per second."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int, nargs="?", default=10_000, help="claims (default 10,000)")
    ap.add_argument("--stream-mb", type=float, default=0.0, help="iter_837p memory check")
    ap.add_argument("--stream-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stream_child:
        stream_child(args.stream_child)
        return
    if args.stream_mb:
        stream_check(args.stream_mb)
    count = args.count
    encounters, text = _input(count)
    read = parse_837p(text)
    by_id = {e.claim_id: e for e in encounters}  # claim ids are unique here
    if len(read) != count or any(by_id[e.claim_id] != e for e in read):
        raise SystemExit("parse_837p did not give the built encounters back")

    floor, floor_cpu = _timed(lambda: _floor(text))
    segments, _ = _timed(lambda: deque(read_segments(text), maxlen=0))
    reader, reader_cpu = _timed(lambda: parse_837p(text))
    _, stream_cpu = _timed(lambda: deque(iter_837p(text), maxlen=0))
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
    print(
        f"  iter_837p (each encounter dropped): CPU {stream_cpu:.3f} s = "
        f"{stream_cpu / floor_cpu:.1f}x the floor's CPU"
    )


if __name__ == "__main__":
    main()
