"""``medclaims envelopes FILE...``: the interchange / group / transaction outline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from medclaims.cli._demo import DemoContext
from medclaims.cli._input import STDIN, explain, label, open_input
from medclaims.cli._issues import EXIT_STATUS_HELP, IssueReport, add_issue_arguments
from medclaims.cli._progress import Progress
from medclaims.errors import Issue, MedclaimsError
from medclaims.x12 import iter_transactions

DEMO_ORDER = 10


def register(sub: Any) -> None:
    """Add the ``envelopes`` subcommand."""
    p = sub.add_parser(
        "envelopes",
        help="summarize the envelopes of X12 files",
        description="One line per transaction set (ISA13, GS06, version, ST) of each file, "
        "then its envelope issues. Each file is read on its own.",
        epilog=EXIT_STATUS_HELP,
    )
    p.add_argument("files", nargs="+", help="X12 files of any kind ('-' for standard input)")
    add_issue_arguments(p)
    p.set_defaults(handler=run)


def summarize(path: Path | str, out: TextIO, report: IssueReport | None = None) -> int:
    """Print one line per transaction set of ``path``; returns the number of envelope issues."""
    issues: list[Issue] = []
    name = Path(path).name if str(path) != STDIN else label(path)
    with open_input(path) as fh:
        for tx in iter_transactions(fh, issues):
            g = tx.group
            print(
                f"{name}: ISA13 {tx.interchange.control_number} "
                f"GS06 {g.control_number if g else '-'} {g.version if g else ''} "
                f"ST {tx.header.transaction_set_id}*{tx.header.control_number} "
                f"({len(tx.segments)} segments)",
                file=out,
            )
    for issue in issues:
        if report is None:
            print(f"{name}: {issue}", file=out)
        else:
            report.add(issue)
    return len(issues)


def run(args: argparse.Namespace) -> int:
    """Summarize each file; exit 1 for an unreadable file or issues at ``--fail-on``."""
    report = IssueReport(sys.stdout, fail_on=args.fail_on, max_issues=args.max_issues)
    for path in args.files:
        report.start(Path(path).name if path != STDIN else label(path))
        try:
            with Progress() as progress:
                progress.stage(f"envelopes: reading {label(path)}")
                summarize(path, sys.stdout, report)
        except (MedclaimsError, OSError, RecursionError) as exc:
            report.failed(str(explain(path, exc)))
    return report.exit_status


def demo(ctx: DemoContext) -> None:
    """Demo step: the envelopes of every sample X12 file."""
    print("== Envelopes of the sample files", file=ctx.out)
    for path in sorted(ctx.samples.iterdir()):
        if path.suffix in {".837", ".835", ".x12", ".edi"}:
            summarize(path, ctx.out)
