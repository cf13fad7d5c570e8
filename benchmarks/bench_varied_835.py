"""Benchmark: parse_835 on varied multi-payer content, plain and in mixed layouts.

Run: ``python benchmarks/bench_varied_835.py [--size-mb 10] [--repeat 5]``.

Rules of the measurement:

* The input is generated here (:mod:`varied_835`, seeded, no patient data): a
  batch of payers' interchanges of very different sizes, claims and lines
  carrying optional segments at random, in orders the guide allows. The
  same content is written twice: every interchange in ``*`` ``:`` ``^`` ``~``
  (plain), and each in one of six layouts a batch of many payers arrives in
  (mixed: other element, component and repetition separators, ``'`` or
  line-feed terminators, ``~`` followed by CR LF or LF).
* The floor keeps nothing: split into segments with each interchange's own
  terminator, then each segment into elements with its own separator, and
  drop them.
* Inside each timed run: ``parse_835`` and a count of the claims. The garbage
  collector stays on; a full collection runs before each run, outside the
  timer. Median CPU time of ``--repeat`` runs, and the ratios.
* Also printed: how many times Python compiled code during one parse after
  a warm-up parse (``compile``/``exec`` audit events): record construction
  must not depend on which optional fields a claim carries.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import reader_build, records_build
from varied_835 import varied_835

from medclaims.remittance import parse_835


def _interchanges(text: str) -> list[tuple[int, int]]:
    """Start and end of each interchange (the generated text names no other ``ISA``)."""
    starts = []
    at = text.find("ISA")
    while at >= 0:
        starts.append(at)
        at = text.find("ISA", at + 106)
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


def floor(text: str, spans: list[tuple[int, int]]) -> int:
    """Split each interchange into segments and elements with its own delimiters; keep nothing."""
    n = 0
    for start, end in spans:
        sep, term = text[start + 3], text[start + 105]
        for segment in text[start:end].split(term):
            segment.split(sep)
            n += 1
    return n


def ours(text: str) -> int:
    return sum(len(rem.claims) for rem in parse_835(text))


_COMPILES = [0, False]


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _COMPILES[1] and event in ("compile", "exec"):
        _COMPILES[0] += 1


def compiles_during(fn: Callable[[], object]) -> int:
    """How many ``compile``/``exec`` audit events one call of ``fn`` raises."""
    _COMPILES[0], _COMPILES[1] = 0, True
    try:
        fn()
    finally:
        _COMPILES[1] = False
    return int(_COMPILES[0])


def cpu(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of ``repeat`` runs, a full collection before each (outside the timer)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sys.addaudithook(_audit)
    size = int(args.size_mb * 1e6)
    plain = varied_835(size, layout="plain")
    mixed = varied_835(size, layout="mixed")
    plain_spans, mixed_spans = _interchanges(plain), _interchanges(mixed)
    claims = ours(plain)  # also the warm-up
    assert ours(mixed) == claims
    print(
        f"input: {len(plain) / 1e6:.1f} MB plain / {len(mixed) / 1e6:.1f} MB mixed, "
        f"{len(plain_spans)} interchanges, {claims} claims; reader split: {reader_build()}; "
        f"records: {records_build()}"
    )
    print(
        f"compile/exec during one parse_835 after warm-up: {compiles_during(lambda: ours(plain))}"
    )
    floor_cpu = cpu(lambda: floor(plain, plain_spans), args.repeat)
    floor_mixed = cpu(lambda: floor(mixed, mixed_spans), args.repeat)
    plain_cpu = cpu(lambda: ours(plain), args.repeat)
    mixed_cpu = cpu(lambda: ours(mixed), args.repeat)
    print(f"floor (split, keep nothing), plain: {floor_cpu:.3f} s CPU; mixed: {floor_mixed:.3f} s")
    print(
        f"parse_835, plain: {plain_cpu:.3f} s CPU = {plain_cpu / floor_cpu:.2f}x floor "
        f"({len(plain) / 1e6 / plain_cpu:.1f} MB/s, {claims / plain_cpu:,.0f} claims/s)"
    )
    print(
        f"parse_835, mixed: {mixed_cpu:.3f} s CPU = {mixed_cpu / floor_cpu:.2f}x plain floor, "
        f"{mixed_cpu / plain_cpu:.2f}x plain parse_835"
    )


if __name__ == "__main__":
    main()
