"""``medclaims parse-835 FILE...``: 835 remittances as CSV, JSON Lines, JSON or a table.

Every file is read on its own and parsed leniently (``--strict`` stops a file
at its first error); a file that cannot be read gets one error line naming it
and the others are still processed. Parsing issues go to stderr, capped by
``--max-issues`` (they never hold patient data); ``--fail-on`` sets which make
the exit status 1. ``csv`` and ``jsonl`` stream through ``iter_835`` in
constant memory; ``json`` and ``table`` hold one file's records. With ``--out``
the output goes to files in that folder (each named on stderr), otherwise to
stdout. The demo step prints a payment and denial summary of the samples.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, TextIO, cast

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from medclaims._support.csv import CsvWriter
from medclaims.cli._amounts import format_amount
from medclaims.cli._demo import DemoContext
from medclaims.cli._input import STDIN, explain, label, open_input, read_input
from medclaims.cli._issues import EXIT_STATUS_HELP, IssueReport, add_issue_arguments
from medclaims.cli._output import open_output, write_output
from medclaims.cli._progress import Progress, position
from medclaims.errors import MedclaimsError
from medclaims.export import (
    COLUMNS,
    DENIAL_COLUMNS,
    TABLE_NAMES,
    Row,
    Tables,
    denial_rows,
    format_value,
    to_rows,
)
from medclaims.export._jsonstream import (
    claim_line,
    iter_remittances_json,
    remittance_line,
    row_line,
)
from medclaims.export._stream import stream_835, stream_rows
from medclaims.remittance.denials import Denial, denials
from medclaims.remittance.parser import parse_835
from medclaims.remittance.records import Remittance, RemittanceClaim

DEMO_ORDER = 30

CHOICES = (*TABLE_NAMES, "denials")
"""What ``--table`` accepts: the five flat tables, or the denials."""

TABLE_VIEW: dict[str, tuple[str, ...]] = {
    "payments": (
        "interchange_control_number",
        "trace_number",
        "payment_date",
        "payment_method",
        "payment_amount",
        "payer_name",
        "payer_id",
        "claim_count",
    ),
    "claims": (
        "trace_number",
        "claim_index",
        "patient_control_number",
        "status_code",
        "charge_amount",
        "paid_amount",
        "patient_responsibility",
        "payer_claim_control_number",
        "line_count",
    ),
    "service_lines": (
        "trace_number",
        "claim_index",
        "line_index",
        "line_control_number",
        "procedure_code",
        "modifiers",
        "service_date",
        "charge_amount",
        "paid_amount",
        "allowed_amount",
        "remark_codes",
    ),
    "adjustments": (
        "trace_number",
        "claim_index",
        "line_index",
        "level",
        "group_code",
        "reason_code",
        "amount",
        "category",
    ),
    "provider_adjustments": (
        "trace_number",
        "provider_id",
        "reason_code",
        "reference_id",
        "amount",
    ),
    "denials": (
        "trace_number",
        "patient_control_number",
        "line_control_number",
        "level",
        "category",
        "primary_carc",
        "procedure_code",
        "charge_amount",
        "denied_amount",
        "carc_codes",
        "rarc_codes",
    ),
}
"""Columns shown by ``--format table`` (the CSV and JSON outputs hold every column)."""


def register(sub: Any) -> None:
    """Add the ``parse-835`` subcommand."""
    p = sub.add_parser(
        "parse-835",
        help="parse 835 remittances into CSV, JSON Lines, JSON or a table",
        description="Parse 835 remittances. Each file is read on its own: one that cannot be "
        "read gets an error line naming it and the others are still processed. csv and "
        "jsonl stream in constant memory whatever the file's size; json and table hold "
        "a whole file's records.",
        epilog=EXIT_STATUS_HELP,
    )
    p.add_argument("files", nargs="+", help="835 files ('-' for standard input)")
    p.add_argument(
        "--format",
        choices=("table", "csv", "jsonl", "json"),
        default="table",
        help="table: a terminal table; csv: one table as CSV (streamed); jsonl: one JSON "
        "record per line (streamed: a record per claim, then one per payment with its "
        "header and provider adjustments); json: one array of whole remittances "
        "(reads each file whole). Default: table",
    )
    p.add_argument(
        "--table",
        choices=CHOICES,
        default=None,
        help="which flat table to output (default: claims; with --out, csv writes every "
        "table and json/jsonl write full records)",
    )
    p.add_argument(
        "--out", type=Path, default=None, help="write files into this folder instead of printing"
    )
    p.add_argument(
        "--source-segments",
        action="store_true",
        help="json: also write each transaction's segments as read (off by default)",
    )
    p.add_argument(
        "--strict", action="store_true", help="stop a file at its first error instead of reporting"
    )
    add_issue_arguments(p)
    p.set_defaults(handler=run)


def read_files(paths: Sequence[Path], *, strict: bool, err: TextIO) -> list[Remittance]:
    """Parse every file in order; print each parsing issue to ``err`` with its file name."""
    remittances: list[Remittance] = []
    for path in paths:
        with path.open("rb") as fh:
            parsed = parse_835(fh, strict=strict)
        for remittance in parsed:
            for issue in remittance.issues:
                print(f"{path.name}: {issue}", file=err)
        remittances.extend(parsed)
    return remittances


def render_table(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """A terminal table (``rich``): numbers right-aligned, money as ``1,234.50``, empty as ``-``."""
    numeric = [
        any(isinstance(row.get(name), int | Decimal) for row in rows)
        and not any(isinstance(row.get(name), str) for row in rows)
        for name in columns
    ]
    table = Table(box=_ASCII_HEAD, show_edge=False, pad_edge=False, highlight=False)
    for name, num in zip(columns, numeric, strict=True):
        table.add_column(name, justify="right" if num else "left", overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(name)) for name in columns))
    buffer = io.StringIO()
    console = Console(file=buffer, width=_WIDTH, no_color=True, highlight=False, emoji=False)
    console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


_ASCII_HEAD = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)
"""Columns apart by spaces, a line of ``-`` under the header: plain ASCII, like the CSV."""

_WIDTH = 400
"""Widest a table is laid out; long cells wrap inside their column."""


def _cell(value: object) -> str:
    if isinstance(value, Decimal) and not isinstance(value, bool):
        return format_amount(value)
    text = format_value(value)  # type: ignore[arg-type]
    return escape(text) if text else "-"


class _Outputs:
    """Where the rows go: one stream (stdout) or one file per table in ``--out``."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.files: dict[str, IO[bytes]] = {}
        self.csv: dict[str, tuple[IO[str], CsvWriter]] = {}
        self.counts: Counter[str] = Counter()
        self.paths: dict[str, Path] = {}

    def binary(self, name: str) -> IO[bytes]:
        if self.args.out is None:
            sys.stdout.flush()
            return sys.stdout.buffer
        if name not in self.files:
            self.args.out.mkdir(parents=True, exist_ok=True)
            self.paths[name] = self.args.out / name
            self.files[name] = self.paths[name].open("wb")
        return self.files[name]

    def csv_writer(self, table: str) -> CsvWriter:
        if table not in self.csv:
            columns = DENIAL_COLUMNS if table == "denials" else COLUMNS[table]
            if self.args.out is None:
                fh: TextIO = sys.stdout
            else:
                self.args.out.mkdir(parents=True, exist_ok=True)
                self.paths[table] = self.args.out / f"{table}.csv"
                fh = open_output(self.paths[table])
            writer = CsvWriter(fh)
            writer.writeheader(columns)
            self.csv[table] = (fh, writer)
        return self.csv[table][1]

    def close(self, err: TextIO) -> None:
        for fh in self.files.values():
            fh.close()
        for text, _ in self.csv.values():
            if text is not sys.stdout:
                text.close()
        for key, path in self.paths.items():
            n = self.counts[key]
            print(f"wrote {path} ({n:,} record(s))", file=err)


def _streamed(
    args: argparse.Namespace,
    fh: IO[bytes],
    report: IssueReport,
    out: _Outputs,
    first_index: int,
    progress: Progress,
) -> int:
    """Stream one file into the csv or jsonl outputs; returns the next remittance index."""
    tables = (args.table,) if args.table else (CHOICES if args.out else ("claims",))
    next_index = first_index
    if args.format == "jsonl" and args.table is None:
        target = out.binary("remittances.jsonl")
        for index, item, count in stream_835(
            fh, strict=args.strict, on_issue=report.add, first_index=first_index
        ):
            if isinstance(item, RemittanceClaim):
                target.write(claim_line(index, item.header, item.index, item.claim))
                out.counts["remittances.jsonl"] += 1
                progress.advance(1, position(fh))
            else:
                target.write(remittance_line(index, item, count))
                out.counts["remittances.jsonl"] += 1
                next_index = index + 1
        return next_index
    wanted = set(tables)
    for table, row in stream_rows(
        fh, strict=args.strict, on_issue=report.add, first_index=first_index
    ):
        if table == "claims":
            progress.advance(1, position(fh))
        elif table == "payments":
            next_index = cast(int, row["remittance_index"]) + 1
        if table not in wanted:
            continue
        if args.format == "csv":
            out.csv_writer(table).writerow([format_value(row.get(c)) for c in _columns(table)])
            out.counts[table] += 1
        else:
            name = f"{table}.jsonl"
            out.binary(name).write(row_line(row, _columns(table)))
            out.counts[name] += 1
    return next_index


def _columns(table: str) -> tuple[str, ...]:
    return DENIAL_COLUMNS if table == "denials" else COLUMNS[table]


def run(args: argparse.Namespace) -> int:
    """Parse each file on its own and print or write the requested output."""
    report = IssueReport(sys.stderr, fail_on=args.fail_on, max_issues=args.max_issues)
    if args.format in ("csv", "jsonl"):
        out = _Outputs(args)
        if args.out is not None:  # every table's file exists, an empty one too
            for table in (args.table,) if args.table else CHOICES:
                if args.format == "csv":
                    out.csv_writer(table)
                elif args.table is not None:
                    out.binary(f"{table}.jsonl")
            if args.format == "jsonl" and args.table is None:
                out.binary("remittances.jsonl")
        index = 0
        with Progress() as progress:
            for path in args.files:
                report.start(label(path))
                try:
                    with open_input(path) as fh:
                        progress.step(f"parse-835 {label(path)}", _size(path))
                        index = _streamed(args, fh, report, out, index, progress)
                except (MedclaimsError, OSError, RecursionError) as exc:
                    report.failed(str(explain(path, exc)))
        out.close(sys.stderr)
        return report.exit_status
    remittances: list[Remittance] = []
    for path in args.files:
        report.start(label(path))
        try:
            with Progress() as progress:
                progress.stage(f"parse-835: reading {label(path)} whole")
                data = read_input(path)
                parsed = parse_835(data, strict=args.strict)
        except (MedclaimsError, OSError, RecursionError) as exc:
            report.failed(str(explain(path, exc)))
            continue
        for remittance in parsed:
            for issue in remittance.issues:
                report.add(issue)
        remittances.extend(parsed)
    if args.format == "json":
        _write_json(args, remittances)
    else:
        found = list(denials(remittances))
        name = args.table or "claims"
        rows, _ = _rows_of(name, to_rows(remittances), found)
        text = render_table(rows, TABLE_VIEW[name])
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            write_output(args.out / f"{name}.txt", text)
            print(f"wrote {args.out / f'{name}.txt'} ({len(rows):,} row(s))", file=sys.stderr)
    return report.exit_status


def _size(path: str) -> int | None:
    try:
        return None if path == STDIN else Path(path).stat().st_size
    except OSError:
        return None


def _rows_of(name: str, tables: Tables, found: list[Denial]) -> tuple[list[Row], tuple[str, ...]]:
    if name == "denials":
        return denial_rows(found), DENIAL_COLUMNS
    return list(tables.table(name)), COLUMNS[name]


def _write_json(args: argparse.Namespace, remittances: list[Remittance]) -> None:
    out = _Outputs(args)
    if args.table is None:
        target = out.binary("remittances.json")
        for piece in iter_remittances_json(remittances, source_segments=args.source_segments):
            target.write(piece)
        out.counts["remittances.json"] = len(remittances)
    else:
        name = f"{args.table}.json"
        target = out.binary(name)
        rows, columns = _rows_of(args.table, to_rows(remittances), list(denials(remittances)))
        target.write(b"[")
        for i, row in enumerate(rows):
            target.write((b",\n" if i else b"\n") + row_line(row, columns).rstrip(b"\n"))
        target.write(b"\n]\n")
        out.counts[name] = len(rows)
    out.close(sys.stderr)


def summarize(remittances: Sequence[Remittance]) -> dict[str, Any]:
    """Payment and denial figures of parsed remittances (for the demo and scripts)."""
    found = list(denials(remittances))
    claims = [c for r in remittances for c in r.claims]
    return {
        "payments": len(remittances),
        "claims": len(claims),
        "payment_total": sum(
            (
                r.payment.amount
                for r in remittances
                if r.payment is not None and r.payment.amount is not None
            ),
            Decimal(0),
        ),
        "claims_paid_total": sum(
            (c.paid_amount for c in claims if c.paid_amount is not None), Decimal(0)
        ),
        "denials": len(found),
        "denied_amount": sum((d.denied_amount for d in found), Decimal(0)),
        "by_category": Counter(d.category.value for d in found),
    }


def demo(ctx: DemoContext) -> None:
    """Demo step: parse every ``samples/*.835`` and print a payment and denial summary."""
    print("== 835 remittances: payments and denials", file=ctx.out)
    paths = sorted(ctx.samples.glob("*.835"))
    if not paths:
        print(f"(no .835 files in {ctx.samples})", file=ctx.out)
        return
    rows: list[Row] = []
    everything: list[Remittance] = []
    for path in paths:
        remittances = read_files([path], strict=False, err=ctx.out)
        everything.extend(remittances)
        s = summarize(remittances)
        rows.append(
            {
                "file": path.name,
                "payments": s["payments"],
                "claims": s["claims"],
                "payment_total": s["payment_total"],
                "claims_paid_total": s["claims_paid_total"],
                "denials": s["denials"],
                "denied_amount": s["denied_amount"],
            }
        )
    total = summarize(everything)
    rows.append({"file": "total", **{k: v for k, v in total.items() if k != "by_category"}})
    print(
        render_table(
            rows,
            (
                "file",
                "payments",
                "claims",
                "payment_total",
                "claims_paid_total",
                "denials",
                "denied_amount",
            ),
        ),
        end="",
        file=ctx.out,
    )
    by_category = total["by_category"]
    summary = ", ".join(f"{cat} {n}" for cat, n in sorted(by_category.items())) or "none"
    print(f"Denials by category: {summary}", file=ctx.out)
    ctx.results["remittances"] = everything
