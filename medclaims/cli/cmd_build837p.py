"""``medclaims build-837p ENCOUNTERS.json -o CLAIMS.837``: encounters to an 837P file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from medclaims.cli._demo import DemoContext
from medclaims.professional import Receiver, Submitter, build_837p, load_encounters

DEMO_ORDER = 20

SAMPLE_CONTROL_NUMBER = 1
"""ISA13/GS06 of ``samples/claims.837``."""
SAMPLE_CREATED_AT = dt.datetime(2024, 3, 11, 9, 30)
"""Timestamp of ``samples/claims.837`` (ISA09/ISA10, GS04/GS05, BHT04/BHT05)."""
SAMPLE_SUBMITTER = Submitter(
    name="Riverbend Billing Services", id="RBBILL01", contact_name="EDI Desk", phone="2175550199"
)
"""Submitter used for the samples and as the CLI default."""
SAMPLE_RECEIVER = Receiver(name="Prairie Clearinghouse", id="PRAIRIECH")
"""Receiver used for the samples and as the CLI default."""


def register(sub: Any) -> None:
    """Add the ``build-837p`` subcommand."""
    p = sub.add_parser("build-837p", help="build an X12 837P claim file from encounters JSON")
    p.add_argument("encounters", type=Path, help="JSON array of encounters")
    p.add_argument("-o", "--output", type=Path, help="where to write the 837P (default: stdout)")
    p.add_argument(
        "--sender",
        default=SAMPLE_SUBMITTER.id,
        help="submitter id / ETIN (ISA06, GS02, 1000A NM109)",
    )
    p.add_argument("--sender-name", default=SAMPLE_SUBMITTER.name, help="submitter name")
    p.add_argument(
        "--contact",
        default=SAMPLE_SUBMITTER.contact_name,
        help="submitter contact name (1000A PER02)",
    )
    p.add_argument("--phone", default=SAMPLE_SUBMITTER.phone, help="submitter contact phone")
    p.add_argument(
        "--receiver", default=SAMPLE_RECEIVER.id, help="receiver id (ISA08, GS03, 1000B NM109)"
    )
    p.add_argument("--receiver-name", default=SAMPLE_RECEIVER.name, help="receiver name")
    p.add_argument("--test", action="store_true", help="mark the interchange as test (ISA15=T)")
    p.add_argument(
        "--control-number",
        type=int,
        default=SAMPLE_CONTROL_NUMBER,
        help="interchange and group control number (ISA13, GS06)",
    )
    p.add_argument(
        "--created-at",
        type=dt.datetime.fromisoformat,
        default=None,
        help="timestamp to write, ISO format (default: now); fix it for reproducible output",
    )
    p.add_argument("--line-breaks", action="store_true", help="newline after each segment")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Build the file; exit 1 (with every problem listed) when an encounter is invalid."""
    with args.encounters.open("rb") as fh:
        encounters = load_encounters(fh)
    text = build_837p(
        encounters,
        submitter=Submitter(
            name=args.sender_name, id=args.sender, contact_name=args.contact, phone=args.phone
        ),
        receiver=Receiver(name=args.receiver_name, id=args.receiver),
        control_number=args.control_number,
        created_at=args.created_at or dt.datetime.now().replace(second=0, microsecond=0),
        usage="T" if args.test else "P",
        line_breaks=args.line_breaks,
    )
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="ascii", newline="")
        total = sum((e.total_charge for e in encounters), Decimal(0))
        print(
            f"wrote {len(encounters)} claim(s), total charges {total}, to {args.output}",
            file=sys.stderr,
        )
    return 0


def build_sample(samples: Path) -> str:
    """``samples/claims.837`` as built from ``samples/encounters.json``."""
    with (samples / "encounters.json").open("rb") as fh:
        encounters = load_encounters(fh)
    return build_837p(
        encounters,
        submitter=SAMPLE_SUBMITTER,
        receiver=SAMPLE_RECEIVER,
        control_number=SAMPLE_CONTROL_NUMBER,
        created_at=SAMPLE_CREATED_AT,
        line_breaks=True,
    )


def demo(ctx: DemoContext) -> None:
    """Demo step: build the sample encounters and validate the result with pyx12."""
    from medclaims.pyx12_validation import validate

    print("== Building an 837P from samples/encounters.json", file=ctx.out)
    with (ctx.samples / "encounters.json").open("rb") as fh:
        encounters = load_encounters(fh)
    text = build_sample(ctx.samples)
    total = sum((e.total_charge for e in encounters), Decimal(0))
    lines = sum(len(e.service_lines) for e in encounters)
    print(
        f"claims: {len(encounters)}, service lines: {lines}, total charges: {total}, "
        f"segments: {text.count('~')}",
        file=ctx.out,
    )
    issues = validate(text)
    errors = [i for i in issues if i.severity.value == "error"]
    print(
        f"pyx12 5010 validation: {'passed, 0 errors' if not errors else f'{len(errors)} errors'}",
        file=ctx.out,
    )
    ctx.results["claims_837"] = text
