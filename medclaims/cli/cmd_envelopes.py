"""``medclaims envelopes FILE...``: the interchange / group / transaction outline."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from medclaims.cli._demo import DemoContext
from medclaims.errors import Issue
from medclaims.x12 import iter_transactions

DEMO_ORDER = 10


def register(sub: Any) -> None:
    """Add the ``envelopes`` subcommand."""
    p = sub.add_parser("envelopes", help="summarize the envelopes of X12 files")
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(handler=run)


def summarize(path: Path, out: TextIO) -> int:
    """Print one line per transaction set of ``path``; returns the number of envelope issues."""
    issues: list[Issue] = []
    with path.open("rb") as fh:
        for tx in iter_transactions(fh, issues):
            g = tx.group
            print(
                f"{path.name}: ISA13 {tx.interchange.control_number} "
                f"GS06 {g.control_number if g else '-'} {g.version if g else ''} "
                f"ST {tx.header.transaction_set_id}*{tx.header.control_number} "
                f"({len(tx.segments)} segments)",
                file=out,
            )
    for issue in issues:
        print(f"{path.name}: {issue}", file=out)
    return len(issues)


def run(args: argparse.Namespace) -> int:
    """Summarize each file."""
    import sys

    problems = sum(summarize(path, sys.stdout) for path in args.files)
    return 1 if problems else 0


def demo(ctx: DemoContext) -> None:
    """Demo step: the envelopes of every sample X12 file."""
    print("== Envelopes of the sample files", file=ctx.out)
    for path in sorted(ctx.samples.iterdir()):
        if path.suffix in {".837", ".835", ".x12", ".edi"}:
            summarize(path, ctx.out)
