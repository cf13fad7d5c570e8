"""Peak memory of ``medclaims parse-835`` on a large 835, and the JSON writer's speed.

Usage::

    python benchmarks/bench_cli_memory.py [--size-mb 200] [--json-mb 20]

Writes a balanced synthetic 835 of ``--size-mb`` (one transaction, every segment
on one line: the whole file is one line) to a temporary folder, then runs the
command in a fresh process for each streamed format and prints its peak
resident memory (VmHWM) next to the goal (150 MiB at 200 MB), with the floor
of a process that only imports medclaims. Then times ``--format json`` on a
``--json-mb`` file against what the command wrote before (the whole document
built by ``remittances_to_json(indent=2)`` with every source segment), per MB
of input. Nothing is asserted: these are figures to read.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import MB

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_parse_835 import generate_835

ROOT = Path(__file__).resolve().parents[1]
GOAL_MB = 150

_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from medclaims.cli import main
started = time.perf_counter()
code = main({argv!r}) if {argv!r} else 0
elapsed = time.perf_counter() - started
with open("/proc/self/status") as fh:
    peak = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) / 1024
print(f"{{peak:.1f}} {{elapsed:.2f}} {{code}}", file=sys.stderr)
"""


def child(argv: list[str], out: Path) -> tuple[float, float, int]:
    """Run the command in a fresh process; (peak RSS MiB, seconds, exit code)."""
    with out.open("wb") as fh:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD.format(root=str(ROOT), argv=argv)],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=False,
            check=False,
        )
    last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1]
    peak, seconds, code = last.split()
    return float(peak), float(seconds), int(code)


def write_835(path: Path, size_mb: float) -> None:
    with path.open("w", encoding="ascii") as fh:
        for piece in generate_835(int(size_mb * MB)):
            fh.write(piece)


def old_json(path: Path) -> float:
    """Seconds for what ``--format json`` did before: the whole document, indented."""
    sys.path.insert(0, str(ROOT))
    from medclaims.export import remittances_to_json
    from medclaims.remittance import parse_835

    started = time.perf_counter()
    text = remittances_to_json(parse_835(path.read_bytes()), indent=2)
    Path("/dev/null").write_text(text)
    return time.perf_counter() - started


def new_json(path: Path) -> float:
    sys.path.insert(0, str(ROOT))
    from medclaims.export._jsonstream import iter_remittances_json
    from medclaims.remittance import parse_835

    started = time.perf_counter()
    with open("/dev/null", "wb") as sink:
        for piece in iter_remittances_json(parse_835(path.read_bytes())):
            sink.write(piece)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=200)
    parser.add_argument("--json-mb", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="medclaims-bench-") as tmp:
        folder = Path(tmp)
        big = folder / "big.835"
        write_835(big, args.size_mb)
        size = big.stat().st_size / MB
        floor, _, _ = child([], folder / "floor.out")
        print(f"input: {size:.1f} MiB 835, one line; goal: peak RSS < {GOAL_MB} MiB")
        print(f"floor: python + import medclaims.cli          peak RSS {floor:7.1f} MiB")
        for fmt, table in (("csv", "claims"), ("jsonl", None)):
            argv = ["parse-835", str(big), "--format", fmt, "--fail-on", "never"]
            if table:
                argv += ["--table", table]
            peak, seconds, code = child(argv, folder / f"out.{fmt}")
            written = (folder / f"out.{fmt}").stat().st_size / MB
            verdict = "under the goal" if peak < GOAL_MB else "OVER the goal"
            print(
                f"parse-835 --format {fmt:5}  peak RSS {peak:7.1f} MiB ({verdict}), "
                f"{seconds:6.1f} s, {size / seconds:5.1f} MiB/s, wrote {written:.0f} MiB, "
                f"exit {code}"
            )
        small = folder / "small.835"
        write_835(small, args.json_mb)
        small_mb = small.stat().st_size / MB
        before, after = old_json(small), new_json(small)
        print(
            f"json on {small_mb:.1f} MiB: before {before:.2f} s ({before / small_mb:.3f} s/MiB), "
            f"now {after:.2f} s ({after / small_mb:.3f} s/MiB): {before / after:.1f}x faster "
            "(goal: 3x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
