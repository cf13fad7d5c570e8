"""``medclaims render-835 FILE... -o DIR_OR_FILE``: readable remittances as HTML pages.

Each payment (check or EFT) becomes a self-contained HTML page in the layout of
the CMS Standard Paper Remittance (:func:`medclaims.export.render_835`). With
``-o`` naming a folder, one file per payment; with ``-o`` naming an ``.html``
file, one document with every payment, a page each when printed. The pages
hold patient names (they are the user's own output); what the command prints
names files and counts only.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from medclaims.cli._input import explain, label, read_input, sniff
from medclaims.cli._issues import EXIT_STATUS_HELP, IssueReport, add_issue_arguments
from medclaims.cli._output import write_output
from medclaims.cli._progress import Progress
from medclaims.codes import CodeDescriptions, load_code_descriptions
from medclaims.errors import MedclaimsError
from medclaims.export import render_835
from medclaims.remittance.parser import parse_835
from medclaims.remittance.records import Remittance

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def register(sub: Any) -> None:
    """Add the ``render-835`` subcommand."""
    p = sub.add_parser(
        "render-835",
        help="render 835 remittances as readable HTML pages (paper remittance layout)",
        description="Render each payment of the 835 files as an HTML page laid out like the "
        "CMS Standard Paper Remittance: payer and payee, payment, claims with their lines, "
        "provider adjustments, totals and a glossary of the codes used. Print it to PDF "
        "from a browser for clean pages. The pages show patient names: keep them as you "
        "keep the 835s.",
        epilog=EXIT_STATUS_HELP,
    )
    p.add_argument("files", nargs="+", help="835 files ('-' for standard input)")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="DIR_OR_FILE",
        help="a folder (one page per payment) or an .html file (every payment in one file)",
    )
    p.add_argument("--claim", help="only the claim with this payer claim number or account")
    p.add_argument("--account", help="only the claims of this patient account number (CLP01)")
    p.add_argument("--payee", help="only the payments to this payee (NPI, tax id, id or name)")
    p.add_argument(
        "--code-descriptions",
        type=Path,
        metavar="FILE",
        help="CARC/RARC texts you hold a licence for (see load_code_descriptions)",
    )
    add_issue_arguments(p)
    p.set_defaults(handler=run)


def _file_name(index: int, remittance: Remittance) -> str:
    trace = remittance.payment.trace_number if remittance.payment else ""
    return f"{index + 1:04d}-{_UNSAFE.sub('_', trace)[:60] or 'payment'}.html"


def run(args: argparse.Namespace) -> int:
    """Read each file on its own, render the pages and say which files were written."""
    report = IssueReport(sys.stderr, fail_on=args.fail_on, max_issues=args.max_issues)
    descriptions: CodeDescriptions | None = None
    if args.code_descriptions is not None:
        descriptions = load_code_descriptions(args.code_descriptions)
    remittances: list[Remittance] = []
    for path in args.files:
        report.start(label(path))
        try:
            with Progress() as progress:
                progress.stage(f"render-835: reading {label(path)}")
                data = read_input(path)
                problem = sniff(data, "an 835 file")
                if problem:
                    raise MedclaimsError(problem)
                parsed = parse_835(data)
        except (MedclaimsError, OSError, RecursionError) as exc:
            report.failed(str(explain(path, exc)))
            continue
        for remittance in parsed:
            for issue in remittance.issues:
                report.add(issue)
        remittances.extend(r for r in parsed if r.has_transaction)
    filters = {"claim": args.claim, "account": args.account, "payee": args.payee}
    out: Path = args.output
    if out.suffix.lower() in (".html", ".htm"):
        out.parent.mkdir(parents=True, exist_ok=True)
        write_output(out, render_835(remittances, descriptions=descriptions, **filters))
        print(f"wrote {out} ({len(remittances)} payment(s) read)", file=sys.stderr)
        return report.exit_status
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for index, remittance in enumerate(remittances):
        page = render_835([remittance], descriptions=descriptions, **filters)
        if "No payment to show." in page:
            continue  # left out by a filter
        target = out / _file_name(index, remittance)
        write_output(target, page)
        written += 1
        print(f"wrote {target}", file=sys.stderr)
    print(f"{written} page(s) written to {out}", file=sys.stderr)
    return report.exit_status
