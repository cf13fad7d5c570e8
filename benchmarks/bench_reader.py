"""Reader benchmark: ``read_segments`` against a bare ``str.split`` floor, and its memory.

Run from a checkout: ``python benchmarks/bench_reader.py`` (options: ``--size-mb``,
``--big-mb``, ``--repeat``, ``--no-memory``). It generates a realistic 835 of
``--size-mb`` MiB in memory and times, in the same run:

- the floor: ``text.split(terminator)`` then ``piece.split(element_separator)``
  for every piece, results dropped as they come (what any X12 reader must do);
- ``read_segments`` over the same text as ``str``, ``bytes`` and a binary file
  object, segments consumed and dropped the same way, and over the text with a
  line break after every terminator (``~\\n``, as many real files are laid out),
  and over small interchanges whose element separator alternates;
- both again keeping every segment in a list (allocation and GC included).

Then it writes a ``--big-mb`` MiB file (several appended interchanges) to a
temporary folder and reads it through a binary file object in a fresh
subprocess, reporting that process's peak resident memory.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from collections import deque
from pathlib import Path

from _common import MB, median_time, peak_rss_mb, reader_build, synthetic_835

from medclaims.x12 import read_segments

GOAL_RATIO = 1.5
GOAL_PEAK_MB = 100


def _drain(iterable: object) -> None:
    deque(iterable, maxlen=0)  # type: ignore[call-overload]


def floor_stream(text: str) -> None:
    """The floor: split on the terminator, then each piece on the element separator."""
    split = str.split
    for piece in text.split("~"):
        split(piece, "*")


def floor_list(text: str) -> list[list[str]]:
    """The floor, keeping every segment."""
    return [piece.split("*") for piece in text.split("~")]


def _alternating(size: int) -> str:
    """Small interchanges (one claim each) whose element separator alternates."""
    parts: list[str] = []
    total = control = 0
    while total < size:
        control += 1
        part = synthetic_835(400, claims_per_transaction=1, control=control)
        parts.append(part.replace("*", "|") if control % 2 else part)
        total += len(part)
    return "".join(parts)


def speed(size_mb: float, repeat: int) -> None:
    text = synthetic_835(int(size_mb * MB))
    data = text.encode()
    lines = text.replace("~", "~\n")
    n = sum(1 for _ in read_segments(text))
    print(f"input: {len(data) / MB:.1f} MiB, {n:,} segments, {text.count('CLP*'):,} claims")
    runs = {
        "floor: split + split (streamed)": lambda: floor_stream(text),
        "read_segments(str)": lambda: _drain(read_segments(text)),
        "read_segments(bytes)": lambda: _drain(read_segments(data)),
        "read_segments(binary file)": lambda: _drain(read_segments(io.BytesIO(data))),
        "read_segments(str, ~ + line break)": lambda: _drain(read_segments(lines)),
        "floor: split + split (kept in a list)": lambda: floor_list(text),
        "list(read_segments(str))": lambda: list(read_segments(text)),
    }
    times = {name: median_time(fn, repeat) for name, fn in runs.items()}
    base = times["floor: split + split (streamed)"]
    base_list = times["floor: split + split (kept in a list)"]
    print(f"{'run':<42}{'median s':>10}{'MB/s':>9}{'x floor':>9}")
    for name, t in times.items():
        ref = base_list if "list" in name else base
        print(f"{name:<42}{t:>10.3f}{len(data) / MB / t:>9.1f}{t / ref:>9.2f}")
    alternating = _alternating(2 * MB)
    t = median_time(lambda: _drain(read_segments(alternating)), repeat)
    print(
        f"read_segments(str), {len(alternating) / MB:.1f} MiB of small interchanges "
        f"alternating '*' and '|' separators: {t:.3f} s, {len(alternating) / MB / t:.1f} MB/s"
    )
    ratio = times["read_segments(str)"] / base
    print(
        f"goal: read_segments(str) <= {GOAL_RATIO}x the streamed floor -> {ratio:.2f}x "
        f"({'met' if ratio <= GOAL_RATIO else 'NOT met'})"
    )


_CHILD = """
import sys
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from _common import peak_rss_mb
before = peak_rss_mb()
from medclaims.x12 import read_segments
with open({path!r}, "rb") as fh:
    n = sum(1 for _ in read_segments(fh))
print(n, before, peak_rss_mb())
"""


def memory(big_mb: float) -> None:
    here = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.835")
        written = 0
        with open(path, "w", encoding="ascii", newline="") as fh:
            control = 0
            while written < big_mb * MB:
                control += 1
                part = synthetic_835(int(min(10 * MB, big_mb * MB - written)), control=control)
                fh.write(part)
                written += len(part)
        code = _CHILD.format(root=str(here.parent), bench=str(here), path=path)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    n, before, peak = int(out[0]), float(out[1]), float(out[2])
    print(
        f"memory: {written / MB:.0f} MiB file ({n:,} segments) through a binary file object: "
        f"peak RSS {peak:.1f} MiB (interpreter alone {before:.1f} MiB) -> goal < "
        f"{GOAL_PEAK_MB} MiB {'met' if peak < GOAL_PEAK_MB else 'NOT met'}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=float, default=10.0)
    parser.add_argument("--big-mb", type=float, default=200.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args(argv)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpu(s); "
        f"this process peak so far {peak_rss_mb():.0f} MiB; reader split: {reader_build()}"
    )
    speed(args.size_mb, args.repeat)
    if not args.no_memory:
        memory(args.big_mb)


if __name__ == "__main__":
    main()
