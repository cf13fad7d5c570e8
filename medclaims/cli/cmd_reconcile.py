"""``medclaims reconcile``: billed claims + 835 files → CSV, JSON and HTML reports.

Reads the claims (an 837P file, or encounters JSON), every 835 named or found
in the ``--remits`` folders, an optional fee schedule; reconciles them; writes
the reports into ``--out`` and prints the summary by payer. A progress bar
goes to stderr while reading many files (or any number on a terminal).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from medclaims.acks.parser import read_acks
from medclaims.cli._demo import DemoContext
from medclaims.cli._output import open_output, write_output
from medclaims.errors import Issue, MedclaimsError, Severity
from medclaims.professional import Encounter, load_encounters
from medclaims.professional.reader import read_837p
from medclaims.reconcile import (
    ClaimState,
    FeeSchedule,
    Reconciliation,
    build_report,
    load_fee_schedule,
    reconcile,
)
from medclaims.reconcile.reports import (
    ActionItem,
    AgingRow,
    CarcSummary,
    CashRow,
    ClaimRow,
    DenialCategorySummary,
    DuplicateRow,
    LedgerRow,
    LineRow,
    PayerSummary,
    ReconciliationReport,
    claim_rows,
    column_names,
    line_rows,
    render_report_html,
    render_table,
    report_to_csv,
    to_json,
)
from medclaims.remittance import Remittance, parse_835

DEMO_ORDER = 40

REMIT_SUFFIXES = frozenset({".835", ".era", ".edi", ".x12"})
"""File suffixes taken from a ``--remits`` folder (files named one by one are always read)."""

MANY_FILES = 20
"""From this many remittance files on, progress is shown even when stderr is not a terminal."""

MAX_ISSUES_PRINTED = 10
"""Issues printed under the summary; report.json and report.html hold them all."""

SUMMARY_COLUMNS = (
    "payer_name",
    "payer_id",
    "claims",
    "adjudicated",
    "denied",
    "pending",
    "billed",
    "paid",
    "patient_responsibility",
    "underpayment",
    "open_balance",
    "denial_rate_percent",
    "unmatched_payments",
)
SUMMARY_HEADERS = {
    "payer_name": "payer",
    "payer_id": "payer id",
    "adjudicated": "adjud.",
    "patient_responsibility": "pt resp",
    "underpayment": "underpaid",
    "open_balance": "open bal",
    "denial_rate_percent": "denial %",
    "unmatched_payments": "unmatched",
}


class CliInputError(MedclaimsError):
    """A command-line input cannot be used (e.g. a ``--remits`` folder with no 835 in it)."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a date as YYYY-MM-DD") from None


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError("expected an amount such as 0.50") from None
    if not value.is_finite() or value < 0 or "e" in text.lower():
        raise argparse.ArgumentTypeError("expected an amount such as 0.50")
    return value


def register(sub: Any) -> None:
    """Add the ``reconcile`` subcommand."""
    p = sub.add_parser(
        "reconcile",
        help="reconcile billed claims with 835 remittances and write reports",
        description="Match 835 claim payments to billed claims, net reversals and "
        "recoupments, and write CSV, JSON and HTML reports into --out.",
    )
    p.add_argument(
        "--claims",
        required=True,
        nargs="+",
        type=Path,
        metavar="FILE",
        help="billed claims: an 837P file, or encounters as JSON (*.json)",
    )
    p.add_argument(
        "--remits",
        required=True,
        nargs="+",
        type=Path,
        metavar="DIR_OR_FILE",
        help="835 files, or folders whose *.835/*.era/*.edi/*.x12 files are read",
    )
    p.add_argument(
        "--fee-schedule",
        type=Path,
        metavar="CSV",
        help="expected allowed amounts: procedure_code,modifier,expected_allowed",
    )
    p.add_argument(
        "--tolerance",
        type=_amount,
        default=Decimal("0.00"),
        metavar="AMOUNT",
        help="underpayments up to this amount are not flagged (default 0.00)",
    )
    p.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="age claims at this date (default: the latest payment date)",
    )
    p.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="folder for the reports (created if missing)",
    )
    p.add_argument(
        "--acks",
        nargs="+",
        type=Path,
        metavar="DIR_OR_FILE",
        help="acknowledgements (TA1, 999, 277CA), or folders whose "
        + "/".join(sorted(ACK_SUFFIXES))
        + " files are read: claims with no payment become rejected, accepted or "
        "not_acknowledged (837P --claims files give the envelopes TA1s and 999s match)",
    )
    p.add_argument(
        "--follow-up-after",
        type=int,
        default=7,
        metavar="DAYS",
        help="days without a 277CA before a claim is an action item (default 7)",
    )
    p.add_argument("--title", default="Reconciliation report", help="title of report.html")
    p.add_argument(
        "--accept-read-errors",
        action="store_true",
        help="exit 0 even when an input file had error-level read issues (a truncated "
        "835, a broken 837); the issues are reported either way",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="also write reconciliation.json, the whole result (large: about 3 KB per claim)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"show a progress bar on stderr (default: on a terminal, or for {MANY_FILES}+ files)",
    )
    p.set_defaults(handler=run)


class Progress:
    """A small progress bar: redrawn in place on a terminal, a line per 10% otherwise."""

    def __init__(self, total: int, stream: TextIO, *, enabled: bool, label: str) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 0
        self.label = label
        self.tty = stream.isatty()
        self.done = 0
        self._last_decile = -1

    def advance(self) -> None:
        """Count one more item done and redraw."""
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            filled = self.done * 30 // self.total
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
            return
        decile = self.done * 10 // self.total
        if decile != self._last_decile:
            self._last_decile = decile
            self.stream.write(f"{self.label}: {self.done}/{self.total} files\n")
            self.stream.flush()


ACK_SUFFIXES = frozenset({".999", ".277", ".277ca", ".ta1"})
"""Suffixes of the acknowledgement files read from an ``--acks`` folder."""


def load_acks(paths: Iterable[Path]) -> list[Any]:
    """Parsed acknowledgements (:class:`~medclaims.acks.AckFile`) of each file named and
    of each folder's acknowledgement files (sorted by name), in that order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ACK_SUFFIXES
            )
            if not found:
                raise CliInputError(
                    f"no acknowledgement files ({', '.join(sorted(ACK_SUFFIXES))}) "
                    f"in the folder {path}"
                )
            files.extend(found)
        else:
            files.append(path)
    out: list[Any] = []
    for file in files:
        with file.open("rb") as fh, _naming(file):
            out.append(read_acks(fh))
    return out


def remittance_files(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each file as named, and each folder's remittance files, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REMIT_SUFFIXES
            )
            if not found:
                raise CliInputError(
                    f"no 835 files ({', '.join(sorted(REMIT_SUFFIXES))}) in the folder {path}"
                )
            files.extend(found)
        else:
            files.append(path)
    return files


def load_claims(
    paths: Iterable[Path], issues: list[Issue] | None = None, sent: list[Any] | None = None
) -> list[Encounter]:
    """Encounters from JSON files (``*.json``) and 837P files (anything else); the read
    issues of each 837P, named by its file, go to ``issues``; each read 837P (its
    envelopes: what acknowledgements answer) to ``sent``."""
    encounters: list[Encounter] = []
    for path in paths:
        with path.open("rb") as fh, _naming(path):
            if path.suffix.lower() == ".json":
                encounters.extend(load_encounters(fh))
            else:
                read = read_837p(fh)
                encounters.extend(read.encounters)
                if sent is not None:
                    sent.append(read)
                if issues is not None:
                    issues.extend(
                        Issue(i.severity, i.code, i.message, i.location, path=str(path))
                        for i in read.issues
                    )
    return encounters


@contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Say which file a library error came from (library messages carry no values)."""
    try:
        yield
    except CliInputError:
        raise
    except MedclaimsError as exc:
        raise CliInputError(f"{path}: {exc}") from exc


def load_remittances(files: Sequence[Path], progress: Progress) -> list[list[Remittance]]:
    """Every 835 transaction of every file: one list per file, in file order."""
    remittances: list[list[Remittance]] = []
    for path in files:
        with path.open("rb") as fh, _naming(path):
            remittances.append(parse_835(fh))
        progress.advance()
    return remittances


def load_fees(path: Path | None, tolerance: Decimal) -> FeeSchedule | None:
    """The fee schedule CSV, or None."""
    if path is None:
        return None
    with path.open("r", encoding="utf-8", newline="") as fh, _naming(path):
        return load_fee_schedule(fh, tolerance=tolerance)


def _csv(out: Path, name: str, records: Sequence[Any], record_type: type) -> Path:
    path = out / name
    with open_output(path) as fh:
        report_to_csv(records, fh, columns=column_names(record_type))
    return path


def write_reports(
    reconciliation: Reconciliation,
    report: ReconciliationReport,
    out: Path,
    *,
    title: str,
    full_json: bool = True,
) -> list[Path]:
    """Write every report file into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    tables: list[tuple[str, Sequence[Any], type]] = [
        ("summary.csv", report.by_payer, PayerSummary),
        ("claims.csv", claim_rows(reconciliation, report.as_of), ClaimRow),
        ("lines.csv", line_rows(reconciliation), LineRow),
        ("actions.csv", report.actions, ActionItem),
        ("aging.csv", report.aging, AgingRow),
        ("aging_by_payer.csv", report.aging_by_payer, AgingRow),
        ("denials.csv", report.by_denial_category, DenialCategorySummary),
        ("carc.csv", report.by_carc, CarcSummary),
        ("cash.csv", report.cash, CashRow),
        ("provider_ledger.csv", report.provider_ledger, LedgerRow),
        ("duplicates.csv", report.duplicates, DuplicateRow),
    ]
    written = [_csv(out, name, rows, kind) for name, rows, kind in tables]
    outputs = [
        ("report.json", to_json(report)),
        ("report.html", render_report_html(report, title=title)),
    ]
    if full_json:
        # The full result can be large (~180 bytes per claim and line): written compact.
        outputs.insert(0, ("reconciliation.json", to_json(reconciliation, indent=None)))
    for name, text in outputs:
        path = out / name
        write_output(path, text)
        written.append(path)
    return written


def print_summary(
    reconciliation: Reconciliation, report: ReconciliationReport, out: TextIO
) -> None:
    """The summary by payer (with the total row), states and action counts."""
    rows = [
        {
            name: (
                "not checked"
                if name == "underpayment" and row.underpayment is None
                else getattr(row, name)
            )
            for name in SUMMARY_COLUMNS
        }
        for row in (*report.by_payer, report.total)
    ]
    print(
        render_table(
            rows,
            columns=SUMMARY_COLUMNS,
            headers=SUMMARY_HEADERS,
            title=f"Reconciliation as of {report.as_of.isoformat()}",
        ),
        file=out,
    )
    states = reconciliation.state_counts()
    print(
        "Claims by state: "
        + ", ".join(f"{state.value} {states[state]}" for state in ClaimState if states[state]),
        file=out,
    )
    kinds = Counter(item.kind.value for item in report.actions)
    print("Action items: " + (", ".join(f"{k} {n}" for k, n in kinds.items()) or "none"), file=out)
    unbalanced = sum(1 for c in report.cash if not c.balanced)
    print(
        f"Payments: {len(report.cash)} ({unbalanced} unbalanced), duplicate remittances "
        f"dropped: {len(report.duplicates)}, issues: {len(reconciliation.issues)}",
        file=out,
    )
    for issue in report.issues[:MAX_ISSUES_PRINTED]:
        print(f"  {issue}", file=out)
    if len(report.issues) > MAX_ISSUES_PRINTED:
        print(f"  ... and {len(report.issues) - MAX_ISSUES_PRINTED} more (report.json)", file=out)


def reconcile_paths(
    claims: Sequence[Path],
    remits: Sequence[Path],
    *,
    fee_schedule: Path | None = None,
    tolerance: Decimal = Decimal("0.00"),
    as_of: dt.date | None = None,
    progress: Callable[[int], Progress] | None = None,
    timings: dict[str, float] | None = None,
    acks: Sequence[Path] | None = None,
    follow_up_after: int = 7,
) -> Reconciliation:
    """Load every input from disk and reconcile (shared by the command and the demo).
    Every read issue of every input is in the result's issues, named by its file;
    ``timings`` receives the seconds each step took. ``acks``: acknowledgement files or
    folders (see :func:`load_acks`), correlated with the 837P claim files."""
    clock = timings if timings is not None else {}
    started = time.perf_counter()
    claim_issues: list[Issue] = []
    sent: list[Any] = []
    encounters = load_claims(claims, claim_issues, sent)
    acknowledgements = load_acks(acks) if acks else None
    clock["reading claims"] = time.perf_counter() - started
    started = time.perf_counter()
    files = remittance_files(remits)
    bar = (
        progress(len(files))
        if progress
        else Progress(len(files), sys.stderr, enabled=False, label="")
    )
    remittances = load_remittances(files, bar)
    fees = load_fees(fee_schedule, tolerance)
    clock["reading remittances"] = time.perf_counter() - started
    started = time.perf_counter()
    result = reconcile(
        encounters,
        remittances,
        fee_schedule=fees,
        as_of=as_of,
        remittance_names=[str(f) for f in files],
        claim_issues=claim_issues,
        acks=acknowledgements,
        sent=sent if acknowledgements is not None and len(sent) == len(list(claims)) else None,
        follow_up_after=follow_up_after,
    )
    clock["engine"] = time.perf_counter() - started
    return result


READ_ISSUE_PREFIXES = ("reconcile.",)
"""Issue codes of the engine's own findings; every other code is a read issue of an input."""


def read_errors(reconciliation: Reconciliation) -> list[Issue]:
    """The error-level read issues of the inputs (not the engine's own findings)."""
    return [
        i
        for i in reconciliation.issues
        if i.severity is Severity.ERROR and not i.code.startswith(READ_ISSUE_PREFIXES)
    ]


def run(args: argparse.Namespace) -> int:
    """Reconcile, write the reports, print the summary."""

    def bar(total: int) -> Progress:
        enabled = (
            args.progress
            if args.progress is not None
            else (sys.stderr.isatty() or total >= MANY_FILES)
        )
        return Progress(total, sys.stderr, enabled=enabled, label="reading remittances")

    timings: dict[str, float] = {}
    reconciliation = reconcile_paths(
        args.claims,
        args.remits,
        fee_schedule=args.fee_schedule,
        tolerance=args.tolerance,
        as_of=args.as_of,
        progress=bar,
        timings=timings,
        acks=args.acks,
        follow_up_after=args.follow_up_after,
    )
    if reconciliation.as_of is None and args.as_of is None:
        raise CliInputError("no payment date to age claims at: pass --as-of")
    started = time.perf_counter()
    report = build_report(reconciliation, args.as_of)
    timings["reports"] = time.perf_counter() - started
    started = time.perf_counter()
    written = write_reports(reconciliation, report, args.out, title=args.title, full_json=args.json)
    timings["files"] = time.perf_counter() - started
    print(
        "time: " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in timings.items()),
        file=sys.stderr,
    )
    print_summary(reconciliation, report, sys.stdout)
    print(f"Wrote {len(written)} files to {args.out}", file=sys.stdout)
    errors = read_errors(reconciliation)
    if errors:
        files = sorted({i.path.split(" ST ")[0] for i in errors if i.path})
        named = ", ".join(files) or "the inputs"
        if args.accept_read_errors:
            print(
                f"Read errors in {named} ({len(errors)}): accepted (--accept-read-errors)",
                file=sys.stdout,
            )
            return 0
        print(
            f"Read errors in {named} ({len(errors)}): the reports may be incomplete; "
            "exit status 1 (pass --accept-read-errors to accept them)",
            file=sys.stdout,
        )
        return 1
    return 0


def demo(ctx: DemoContext) -> None:
    """Demo step: reconcile the scenario in samples/reconcile and print the summary."""
    folder = ctx.samples / "reconcile"
    print("== Reconciliation of the sample scenario", file=ctx.out)
    encounters = folder / "encounters.json"
    if not encounters.is_file():
        print(f"(no scenario in {folder})", file=ctx.out)
        return
    fees = folder / "fees.csv"
    reconciliation = reconcile_paths(
        [encounters], [folder], fee_schedule=fees if fees.is_file() else None
    )
    report = build_report(reconciliation)
    print_summary(reconciliation, report, ctx.out)
    print(
        render_table(
            report.actions,
            columns=(
                "kind",
                "payer_name",
                "patient_control_number",
                "category",
                "carc_codes",
                "amount",
            ),
            title="Action items",
        ),
        file=ctx.out,
    )
    ctx.results["reconciliation"] = reconciliation
