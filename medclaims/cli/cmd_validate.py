"""``medclaims validate FILE``: pyx12 implementation-guide validation, exit 1 on errors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from medclaims.errors import Severity
from medclaims.pyx12_validation import validate_report


def register(sub: Any) -> None:
    """Add the ``validate`` subcommand."""
    p = sub.add_parser("validate", help="validate an X12 file against the 5010 guide (pyx12)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the issues as JSON")
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
    report = validate_report(args.file.read_bytes(), want_999=args.ack is not None)
    if args.ack is not None:
        args.ack.write_text(report.ack_999 or "", encoding="ascii", newline="")
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
            for i in report.issues
        ]
        json.dump(
            {"file": str(args.file), "valid": report.valid, "issues": rows}, sys.stdout, indent=2
        )
        sys.stdout.write("\n")
    else:
        for issue in report.issues:
            print(f"{args.file.name}: {issue}")
        errors = sum(1 for i in report.issues if i.severity is Severity.ERROR)
        print(f"{args.file.name}: {'valid' if report.valid else f'{errors} error(s)'}")
    return 0 if report.valid else 1
