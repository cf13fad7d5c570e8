"""``medclaims parse-835 FILE...``: 835 remittances as JSON, CSV or a terminal table.

Every file is parsed leniently (``--strict`` stops at the first error);
parsing issues go to stderr (they never hold patient data). With ``--out``
the output goes to files in that folder, otherwise to stdout. The demo step
prints a payment and denial summary of the bundled ``samples/*.835``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from medclaims._support.json import dumps
from medclaims.cli._demo import DemoContext
from medclaims.cli._output import open_output, write_output
from medclaims.export import (
    COLUMNS,
    DENIAL_COLUMNS,
    TABLE_NAMES,
    Row,
    Tables,
    denial_rows,
    denials_to_json,
    format_value,
    remittances_to_json,
    table_to_csv,
    to_csv,
    to_rows,
)
from medclaims.remittance.denials import Denial, denials
from medclaims.remittance.parser import parse_835
from medclaims.remittance.records import Remittance

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

MAX_WIDTH = 28
"""Widest a terminal-table column gets; longer cells are cut and end with ``~``."""


def register(sub: Any) -> None:
    """Add the ``parse-835`` subcommand."""
    p = sub.add_parser("parse-835", help="parse 835 remittances into JSON, CSV or a table")
    p.add_argument("files", nargs="+", type=Path, help="835 files")
    p.add_argument(
        "--format",
        choices=("json", "csv", "table"),
        default="table",
        help="output format (default: table)",
    )
    p.add_argument(
        "--table",
        choices=CHOICES,
        default=None,
        help="which table to show (default: claims; with --out, csv writes all "
        "and json writes full records)",
    )
    p.add_argument(
        "--out", type=Path, default=None, help="write files into this folder instead of printing"
    )
    p.add_argument(
        "--strict", action="store_true", help="stop at the first error instead of reporting issues"
    )
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
    """Fixed-width text table: numbers right-aligned, empty cells as ``-``."""

    def cell(value: object) -> str:
        text = format_value(value) or "-"  # type: ignore[arg-type]
        return text if len(text) <= MAX_WIDTH else text[: MAX_WIDTH - 1] + "~"

    grid = [[cell(row.get(name)) for name in columns] for row in rows]
    widths = [max([len(name), *(len(r[i]) for r in grid)]) for i, name in enumerate(columns)]
    numeric = [
        any(isinstance(row.get(name), int | Decimal) for row in rows)
        and not any(isinstance(row.get(name), str) for row in rows)
        for name in columns
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    out = [line(list(columns)), line(["-" * w for w in widths])]
    out.extend(line(r) for r in grid)
    return "\n".join(out) + "\n"


def _rows_of(name: str, tables: Tables, found: list[Denial]) -> tuple[list[Row], tuple[str, ...]]:
    if name == "denials":
        return denial_rows(found), DENIAL_COLUMNS
    return list(tables.table(name)), COLUMNS[name]


def _write(out_dir: Path, filename: str, text: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_output(out_dir / filename, text)


def run(args: argparse.Namespace) -> int:
    """Parse the files and print or write the requested output."""
    remittances = read_files(args.files, strict=args.strict, err=sys.stderr)
    found = list(denials(remittances))
    name = args.table or "claims"
    if args.format == "json":
        if args.table == "denials":
            text = denials_to_json(found, indent=2)
        elif args.table is not None:
            text = _json_rows(*_rows_of(name, to_rows(remittances), found))
        else:
            text = remittances_to_json(remittances, indent=2)
        if args.out is None:
            sys.stdout.write(text + "\n")
        else:
            _write(args.out, f"{args.table or 'remittances'}.json", text + "\n")
        return 0
    tables = to_rows(remittances)
    if args.format == "csv":
        if args.out is None:
            rows, columns = _rows_of(name, tables, found)
            to_csv(rows, sys.stdout, columns=columns)
            return 0
        args.out.mkdir(parents=True, exist_ok=True)
        for table in (args.table,) if args.table else CHOICES:
            with open_output(args.out / f"{table}.csv") as fh:
                if table == "denials":
                    to_csv(denial_rows(found), fh, columns=DENIAL_COLUMNS)
                else:
                    table_to_csv(tables, table, fh)
        return 0
    rows, _ = _rows_of(name, tables, found)
    text = render_table(rows, TABLE_VIEW[name])
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write(args.out, f"{name}.txt", text)
    return 0


def _json_rows(rows: list[Row], columns: tuple[str, ...]) -> str:
    """One flat table as a JSON array of objects (money and dates as strings)."""
    return dumps(
        [
            {c: (None if row.get(c) is None else _json_cell(row.get(c))) for c in columns}
            for row in rows
        ],
        indent=2,
    )


def _json_cell(value: object) -> object:
    if isinstance(value, bool | int):
        return value
    return format_value(value)  # type: ignore[arg-type]


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
