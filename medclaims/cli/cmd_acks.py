"""``medclaims acks FILE...``: what TA1, 999/997 and 277CA/277 files say, per file.

A readable summary by default (kind, accepted and rejected counts, each
rejection with its codes and their meaning), ``--format json`` (the lossless
JSON form of :mod:`medclaims.acks.json`, one object per file) or ``--format
csv`` (one row per acknowledged interchange, transaction set or claim).
Claim ids are masked in the summary and the CSV (``***0002``: the last four
characters) unless ``--show-ids``. Issues go to stderr; they never hold patient
data. The demo step ties the sample acknowledgements to ``samples/claims.837``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from medclaims._support.csv import CsvWriter
from medclaims.acks import AckFile, read_acks
from medclaims.acks.correlation import describe_status_code
from medclaims.acks.json import CONVERTER
from medclaims.cli._demo import DemoContext
from medclaims.codes import describe_ta1_note

DEMO_ORDER = 35
CSV_COLUMNS = (
    "file",
    "kind",
    "acknowledged",
    "claim_id",
    "outcome",
    "codes",
    "meaning",
)


def register(sub: Any) -> None:
    """Add the ``acks`` subcommand."""
    p = sub.add_parser(
        "acks",
        help="summarize TA1, 999/997 and 277CA/277 acknowledgements",
        description="Read acknowledgement files (TA1, 999/997, 277CA/277) and print, per file, "
        "its kind, accepted and rejected counts and each rejection with its status codes.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="acknowledgement files")
    p.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="text summary (default), JSON or CSV rows",
    )
    p.add_argument("--show-ids", action="store_true", help="print claim ids unmasked")
    p.add_argument("--strict", action="store_true", help="stop at the first error")
    p.set_defaults(handler=run)


def mask(claim_id: str, show: bool = False) -> str:
    """A claim id as the summary shows it: ``***`` and its last four characters."""
    if show:
        return claim_id
    return "***" + claim_id[-4:] if len(claim_id) > 4 else "***"


def rows(name: str, found: AckFile, show_ids: bool = False) -> list[dict[str, str]]:
    """One row per TA1, per acknowledged transaction set and per acknowledged claim."""
    out = []
    for ta1 in found.interchange_acks:
        out.append(
            {
                "file": name,
                "kind": "TA1",
                "acknowledged": f"ISA13 {ta1.control_number}",
                "claim_id": "",
                "outcome": {"A": "accepted", "E": "accepted", "R": "rejected"}.get(
                    ta1.ack_code, "unknown"
                ),
                "codes": f"{ta1.ack_code}/{ta1.note_code}",
                "meaning": describe_ta1_note(ta1.note_code) or "",
            }
        )
    for ack in found.implementation_acks:
        for ts in ack.transaction_sets:
            errors = [f"{e.segment_id}:{e.error_code}" for e in ts.segment_errors]
            out.append(
                {
                    "file": name,
                    "kind": ack.transaction_set_id,
                    "acknowledged": f"GS06 {ack.group_control_number} ST02 {ts.control_number}",
                    "claim_id": "",
                    "outcome": "accepted"
                    if ts.accepted
                    else "rejected"
                    if ts.rejected
                    else "unknown",
                    "codes": " ".join([ts.ack_code, *ts.syntax_error_codes, *errors]),
                    "meaning": ts.status or "",
                }
            )
    for cack in found.claim_acks:
        kind = "277CA" if cack.is_277ca else "277"
        for claim in cack.claims:
            out.append(
                {
                    "file": name,
                    "kind": kind,
                    "acknowledged": f"ST02 {cack.control_number}",
                    "claim_id": mask(claim.patient_control_number, show_ids),
                    "outcome": claim.outcome,
                    "codes": " ".join(
                        "/".join(p for p in (c.category_code, c.status_code, c.entity_code) if p)
                        for c in claim.status_codes
                    ),
                    "meaning": " | ".join(describe_status_code(c) for c in claim.status_codes),
                }
            )
    return out


def summary(name: str, found: AckFile, out: TextIO, show_ids: bool = False) -> None:
    """Print the readable summary of one file."""
    for ta1 in found.interchange_acks:
        print(
            f"{name}: TA1 for interchange {ta1.control_number}: {ta1.ack_code} "
            f"{ta1.note_code} ({ta1.note or 'unknown note code'})",
            file=out,
        )
    for ack in found.implementation_acks:
        print(
            f"{name}: {ack.transaction_set_id} for group {ack.group_control_number} "
            f"({ack.functional_id}): {len(ack.transaction_sets)} transaction set(s), "
            f"{len(ack.accepted)} accepted, {len(ack.rejected)} rejected "
            f"(AK9 {ack.group_ack_code or '-'}: {ack.group_status or 'unknown'})",
            file=out,
        )
        for ts in ack.rejected:
            print(f"  rejected set {ts.control_number}: {ts.status}", file=out)
            for err in ts.segment_errors:
                print(
                    f"    {err.segment_id} at {err.position} (loop {err.loop_id or '-'}): "
                    f"{err.error or err.error_code}",
                    file=out,
                )
                for el in err.element_errors:
                    print(f"      element {el.position}: {el.error or el.error_code}", file=out)
    for cack in found.claim_acks:
        claims = cack.claims
        counts = {
            o: sum(1 for c in claims if c.outcome == o)
            for o in ("accepted", "received", "rejected", "other")
        }
        kind = "277CA" if cack.is_277ca else "277"
        print(
            f"{name}: {kind} {cack.control_number}: {len(claims)} claim(s), "
            + ", ".join(f"{n} {o}" for o, n in counts.items() if n or o != "other"),
            file=out,
        )
        for claim in claims:
            if claim.rejected:
                why = "; ".join(describe_status_code(c) for c in claim.status_codes)
                print(f"  rejected {mask(claim.patient_control_number, show_ids)}: {why}", file=out)


def run(args: argparse.Namespace) -> int:
    """Read each file and print it in the chosen format."""
    everything = []
    for path in args.files:
        found = read_acks(path.read_bytes(), strict=args.strict)
        for issue in found.all_issues:
            print(f"{path.name}: {issue}", file=sys.stderr)
        everything.append((path.name, found))
    if args.format == "json":
        from medclaims._support.json import dumps

        data = [{"file": n, "acknowledgements": CONVERTER.unstructure(f)} for n, f in everything]
        sys.stdout.write(dumps(data, indent=2) + "\n")
    elif args.format == "csv":
        writer = CsvWriter(sys.stdout)  # the one writer: formula-like cells are quoted
        writer.writeheader(CSV_COLUMNS)
        for name, found in everything:
            for row in rows(name, found, args.show_ids):
                writer.writerow(["" if row.get(c) is None else str(row[c]) for c in CSV_COLUMNS])
    else:
        for name, found in everything:
            summary(name, found, sys.stdout, args.show_ids)
    return 0


def demo(ctx: DemoContext) -> None:
    """Demo step: the sample 999 and 277CAs, tied back to samples/claims.837."""
    import datetime as dt

    from medclaims.acks import correlate
    from medclaims.professional.reader import read_837p

    folder = ctx.samples / "acks"
    print("== Acknowledgements: 999 and 277CA, claim by claim", file=ctx.out)
    if not folder.is_dir():
        print(f"(no acknowledgement samples in {folder})", file=ctx.out)
        return
    names = ["claims.999", "claims.277ca", "corrected.999", "corrected.277ca"]
    found = [read_acks((folder / n).read_bytes()) for n in names if (folder / n).is_file()]
    for name, f in zip(names, found, strict=False):
        summary(name, f, ctx.out)
    sent = [read_837p((ctx.samples / "claims.837").read_bytes())]
    if (folder / "corrected.837").is_file():
        sent.append(read_837p((folder / "corrected.837").read_bytes()))
    result = correlate(sent, found, as_of=dt.date(2024, 3, 25))
    counts = ", ".join(f"{s.value} {n}" for s, n in result.state_counts().items())
    print(f"claims sent: {len(result.claims)}: {counts}", file=ctx.out)
    for item in result.claims:
        print(
            f"  {mask(item.claim.claim_id)} (ISA13 {item.claim.interchange_control_number}): "
            f"{item.state.value}" + (f", action {item.action}" if item.action else ""),
            file=ctx.out,
        )
