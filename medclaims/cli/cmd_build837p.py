"""``medclaims build-837p ENCOUNTERS.json -o CLAIMS.837``: encounters to an 837P file.

The submitter, receiver and control number are never defaulted: see
:mod:`medclaims.cli._identity`. The samples' identities live in
``samples/medclaims.toml``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from medclaims.cli._amounts import format_amount
from medclaims.cli._demo import DemoContext
from medclaims.cli._identity import (
    CONFIG_NAME,
    IdentityError,
    Resolved,
    add_identity_arguments,
    check_control_number,
    control_number,
    parties,
    resolve,
)
from medclaims.cli._input import InputError, explain, label, read_input, sniff
from medclaims.cli._progress import Progress
from medclaims.errors import EncounterValidationError, MedclaimsError
from medclaims.professional import (
    Encounter,
    build_837p,
    load_encounters,
)

DEMO_ORDER = 20

SAMPLE_CONTROL_NUMBER = 1
"""ISA13/GS06 of ``samples/claims.837``."""
SAMPLE_CREATED_AT = dt.datetime(2024, 3, 11, 9, 30)
"""Timestamp of ``samples/claims.837`` (ISA09/ISA10, GS04/GS05, BHT04/BHT05)."""


EPILOG = f"""\
Identities are never guessed: each comes from its flag, else its environment
variable (MEDCLAIMS_SENDER, MEDCLAIMS_SENDER_NAME, MEDCLAIMS_CONTACT,
MEDCLAIMS_PHONE, MEDCLAIMS_RECEIVER, MEDCLAIMS_RECEIVER_NAME,
MEDCLAIMS_COUNTER_FILE), else the config file ({CONFIG_NAME}: --config PATH,
else MEDCLAIMS_CONFIG, else ./{CONFIG_NAME}). A missing one stops the command
before anything is written. A config file looks like:

  [submitter]
  id = "RBBILL01"
  name = "Riverbend Billing Services"
  contact_name = "EDI Desk"
  phone = "2175550199"
  [receiver]
  id = "PRAIRIECH"
  name = "Prairie Clearinghouse"
  [control_number]
  counter_file = "medclaims.counter"

The control number is --control-number N, else the next number of the counter
file (taken under a lock, never handed out twice). samples/medclaims.toml holds
the samples' identities.
"""


def register(sub: Any) -> None:
    """Add the ``build-837p`` subcommand."""
    p = sub.add_parser(
        "build-837p",
        help="build an X12 837P claim file from encounters JSON",
        description="Build an X12 5010 837P claim file from a JSON array of encounters.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("encounters", help="JSON array of encounters ('-' for standard input)")
    p.add_argument("-o", "--output", type=Path, help="where to write the 837P (default: stdout)")
    add_identity_arguments(p)
    p.add_argument("--test", action="store_true", help="mark the interchange as test (ISA15=T)")
    p.add_argument(
        "--created-at",
        type=dt.datetime.fromisoformat,
        default=None,
        help="timestamp to write, ISO format (default: now); fix it for reproducible output",
    )
    p.add_argument("--line-breaks", action="store_true", help="newline after each segment")
    p.set_defaults(handler=run)


def _load(path: str) -> tuple[Encounter, ...]:
    data = read_input(path)
    problem = sniff(data, "JSON")
    if problem:
        raise InputError(f"{label(path)}: {problem}")
    try:
        text = data.decode("utf-8-sig")
        return load_encounters(text)
    except EncounterValidationError as exc:
        if len(exc.issues) == 1:  # one problem, one line
            issue = exc.issues[0]
            raise InputError(f"{label(path)}: {issue.path or 'input'}: {issue.message}") from None
        raise InputError(f"{label(path)}: {exc}") from None  # every invalid field, by path
    except (RecursionError, UnicodeDecodeError, MedclaimsError) as exc:
        raise explain(path, exc) from None


def run(args: argparse.Namespace) -> int:
    """Build the file; exit 1 (with every problem listed) when an encounter is invalid.

    Identities and the control number are resolved first: when one is missing,
    nothing is read or written (exit 2).
    """
    try:
        resolved = resolve(args)
        check_control_number(args, resolved)
    except IdentityError as exc:
        print(f"medclaims build-837p: {exc}", file=sys.stderr)
        return 2
    with Progress() as progress:
        progress.stage(f"build-837p: reading {label(args.encounters)}")
        encounters = _load(args.encounters)
        progress.stage(f"build-837p: building {len(encounters):,} claim(s)")
        text, number, number_source = _build(args, resolved, encounters)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="ascii", newline="")
    total = sum((e.total_charge for e in encounters), Decimal(0))
    where = "standard output" if args.output is None else str(args.output)
    print(
        f"wrote {len(encounters)} claim(s), total charges {format_amount(total)}, to {where}; "
        f"control number {number} ({number_source}); {resolved.describe()}",
        file=sys.stderr,
    )
    return 0


def _build(
    args: argparse.Namespace, resolved: Resolved, encounters: tuple[Encounter, ...]
) -> tuple[str, int, str]:
    submitter, receiver = parties(resolved)
    number, number_source = control_number(args, resolved)
    text = build_837p(
        encounters,
        submitter=submitter,
        receiver=receiver,
        control_number=number,
        created_at=args.created_at or dt.datetime.now().replace(second=0, microsecond=0),
        usage="T" if args.test else "P",
        line_breaks=args.line_breaks,
    )
    return text, number, number_source


def sample_identities(samples: Path) -> Resolved:
    """The samples' fixed identities, from ``samples/medclaims.toml``."""
    return resolve(argparse.Namespace(config=samples / "medclaims.toml"), environ={})


def build_sample(samples: Path) -> str:
    """``samples/claims.837`` as built from ``samples/encounters.json``."""
    with (samples / "encounters.json").open("rb") as fh:
        encounters = load_encounters(fh)
    submitter, receiver = parties(sample_identities(samples))
    return build_837p(
        encounters,
        submitter=submitter,
        receiver=receiver,
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
        f"claims: {len(encounters)}, service lines: {lines}, "
        f"total charges: {format_amount(total)}, "
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
