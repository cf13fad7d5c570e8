"""``medclaims ack-837p CLAIMS.837 -o ack.999``: the 999 a receiver answers an 837P with.

The 999 is built by :func:`medclaims.acks.acknowledge_837p` from pyx12's and
medclaims' own checks of the file. Sender and receiver of the 999 default to
the 837P's receiver (ISA08) and sender (ISA06); the control number to 1; the
date and time to now. A one-line verdict goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from medclaims.acks import acknowledge_837p, parse_999, parse_ta1
from medclaims.cli._output import write_output
from medclaims.x12 import read_segments


def register(sub: Any) -> None:
    """Add the ``ack-837p`` subcommand."""
    p = sub.add_parser(
        "ack-837p",
        help="write the 999 acknowledging an 837P file",
        description="Validate a received 837P (medclaims' reader and pyx12) and write the 999 "
        "implementation acknowledgement (005010X231A1) that answers it.",
    )
    p.add_argument("file", type=Path, metavar="CLAIMS.837", help="the 837P file received")
    p.add_argument("-o", "--output", type=Path, help="write the 999 here (default: stdout)")
    p.add_argument("--sender", help="ISA06/GS02 of the 999 (default: the 837P's ISA08)")
    p.add_argument("--receiver", help="ISA08/GS03 of the 999 (default: the 837P's ISA06)")
    p.add_argument("--control-number", type=int, default=1, help="ISA13/GS06 (default 1)")
    p.add_argument("--ta1", action="store_true", help="add a TA1 for each interchange")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the 999; exit 0 when every transaction set is accepted, 1 otherwise."""
    data = args.file.read_bytes()
    isa = next(iter(read_segments(data)), None)
    sender = args.sender or (isa.get(8).strip() if isa is not None else "") or "RECEIVER"
    receiver = args.receiver or (isa.get(6).strip() if isa is not None else "") or "SENDER"
    text = acknowledge_837p(
        data,
        submitter_id=sender,
        receiver_id=receiver,
        control_number=args.control_number,
        created_at=dt.datetime.now().replace(second=0, microsecond=0),
        ta1=args.ta1,
    )
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(args.output, text)
    acks = parse_999(text)
    sets = [t for a in acks for t in a.transaction_sets]
    rejected = [t for t in sets if not t.accepted]
    ta1s = [t for t in parse_ta1(text) if t.rejected]
    print(
        f"{args.file.name}: {len(sets)} transaction set(s), {len(sets) - len(rejected)} "
        f"accepted, {len(rejected)} rejected" + (", interchange rejected" if ta1s else ""),
        file=sys.stderr,
    )
    return 1 if rejected or ta1s or not sets else 0
