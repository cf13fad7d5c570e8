"""``medclaims validate FILE``: pyx12 implementation-guide validation, exit 1 on errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from medclaims.cli._input import InputError, explain, label, read_input, sniff
from medclaims.cli._progress import Progress
from medclaims.errors import MedclaimsError, Severity
from medclaims.pyx12_validation import validate_report


def register(sub: Any) -> None:
    """Add the ``validate`` subcommand."""
    p = sub.add_parser(
        "validate",
        help="validate an X12 file against the 5010 guide (pyx12)",
        description="Validate an X12 file against its 5010 implementation guide with pyx12. "
        "Prints at most --max-issues issues, then a count of the rest per code.",
        epilog="exit status: 0 valid; 1 when pyx12 reports errors or the file cannot be read; "
        "2 for a usage error",
    )
    p.add_argument("file", help="the X12 file ('-' for standard input)")
    p.add_argument("--json", action="store_true", help="print the issues as JSON")
    p.add_argument(
        "--max-issues",
        type=int,
        default=100,
        metavar="N",
        help="print at most N issues, then a count of the rest per code (default: 100)",
    )
    p.add_argument(
        "--999",
        dest="ack",
        type=Path,
        metavar="OUT",
        help="also write the 999 acknowledgment pyx12 produces to OUT",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate one file; exit 0 when valid, 1 when pyx12 reports errors."""
    name = label(args.file)
    try:
        data = read_input(args.file)
        problem = sniff(data, "an X12 file")
        if problem:
            raise InputError(f"{name}: {problem}")
    except (MedclaimsError, OSError) as exc:
        print(f"medclaims: {explain(args.file, exc)}", file=sys.stderr)
        return 1
    with Progress() as progress:
        progress.stage(f"validate: pyx12 checking {name} ({len(data):,} bytes)")
        report = validate_report(data, want_999=args.ack is not None)
    if args.ack is not None:
        args.ack.write_text(report.ack_999 or "", encoding="ascii", newline="")
        print(f"wrote {args.ack} (999 acknowledgment)", file=sys.stderr)
    cap = max(0, args.max_issues)
    shown, rest = (
        report.issues[:cap],
        Counter(f"{i.severity.value} {i.code}" for i in report.issues[cap:]),
    )
    if args.json:
        rows = [
            {
                "severity": i.severity.value,
                "code": i.code,
                "message": i.message,
                "segment": i.location.segment_id if i.location else None,
                "segment_index": i.location.segment_index if i.location else None,
                "element": i.location.element if i.location else None,
                "component": i.location.component if i.location else None,
            }
            for i in shown
        ]
        json.dump(
            {"file": name, "valid": report.valid, "issues": rows, "not_shown": dict(rest)},
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        for issue in shown:
            print(f"{name}: {issue}")
        for key, n in sorted(rest.items()):
            print(f"{name}: {n} more {key} issue(s) not printed")
        errors = sum(1 for i in report.issues if i.severity is Severity.ERROR)
        print(f"{name}: {'valid' if report.valid else f'{errors} error(s)'}")
    return 0 if report.valid else 1
