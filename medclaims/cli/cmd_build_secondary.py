"""``medclaims build-secondary ENCOUNTERS.json REMIT.835 ... -o CLAIMS.837``: the next payer's
claims (COB), or corrected / voided claims, from the encounters and the 835s that paid them.

Strategy: every 835 claim payment is matched to the encounter whose claim id
(CLM01) it echoes (CLP01), in the order the files are given and, inside a
file, as read (payment order). Each encounter then goes through
:func:`medclaims.billing.secondary_claim` (or :func:`~medclaims.billing.correct_claim`
/ :func:`~medclaims.billing.void_claim` with ``--corrected`` / ``--void``); the
claims that could be built are written as one 837P, and each one that could not
is listed on standard error by its position (``encounters[3]``, never its claim
id, which is patient data) with the stable reason and message. Exit status: 0
when every encounter was built, 1 when one or more were not (or none could be).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from medclaims.billing import (
    RESPONSIBILITY_SEQUENCE,
    answers,
    correct_claim,
    payer_key,
    secondary_claim,
    void_claim,
)
from medclaims.cli._identity import (
    IdentityError,
    add_identity_arguments,
    check_control_number,
    control_number,
    parties,
    resolve,
)
from medclaims.errors import SecondaryClaimRefused
from medclaims.professional import (
    ClaimPayer,
    Encounter,
    Subscriber,
    build_837p,
    load_encounters,
)
from medclaims.remittance import RemittanceClaim, iter_835

__all__ = ["next_payer", "register", "run"]


def register(sub: Any) -> None:
    """Add the ``build-secondary`` subcommand."""
    p = sub.add_parser(
        "build-secondary",
        help="build the next payer's claims (COB), or corrected/voided claims, from 835s",
        description="Build the next payer's 837P claims (coordination of benefits) from the "
        "encounters as first billed and the earlier payers' 835s, or corrected (--corrected) "
        "or void (--void) claims from the latest 835; list why any claim was not built.",
    )
    p.add_argument("encounters", type=Path, help="JSON array of the encounters as first billed")
    p.add_argument("remittances", type=Path, nargs="+", help="835 files of the earlier payers")
    p.add_argument("-o", "--output", type=Path, help="where to write the 837P (default: stdout)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--corrected", action="store_true", help="replacement claims (CLM05-3 7)")
    kind.add_argument("--void", action="store_true", help="void claims (CLM05-3 8)")
    p.add_argument("--payer-id", help="next payer's id (2010BB NM109), unless in other_payers")
    p.add_argument("--payer-name", help="next payer's name (2010BB NM103)")
    p.add_argument("--filing-indicator", help="next payer's claim filing indicator (SBR09)")
    p.add_argument(
        "--patient-liability",
        action="store_true",
        help="send the remaining patient liability (2320/2430 AMT*EAF)",
    )
    add_identity_arguments(p)
    p.add_argument("--test", action="store_true", help="mark the interchange as test (ISA15=T)")
    p.add_argument(
        "--created-at",
        type=dt.datetime.fromisoformat,
        default=None,
        help="timestamp to write, ISO format (default: now)",
    )
    p.add_argument("--line-breaks", action="store_true", help="newline after each segment")
    p.set_defaults(handler=run)


def next_payer(
    encounter: Encounter, sequence: str, payer: ClaimPayer | None
) -> tuple[ClaimPayer, Subscriber | None] | None:
    """The payer to bill next: an unadjudicated ``other_payers`` entry with SBR01 ``sequence``
    (its insured becomes the subscriber), else ``payer`` with the encounter's subscriber."""
    for op in encounter.other_payers:
        if op.responsibility == sequence and not op.adjudicated:
            s, own = op.subscriber, encounter.subscriber
            is_patient = encounter.patient is None and op.relationship_code == "18"
            subscriber = Subscriber(
                member_id=s.member_id,
                last_name=s.last_name,
                first_name=s.first_name,
                middle_name=s.middle_name,
                group_number=s.group_number,
                address=s.address or (own.address if is_patient else None),
                birth_date=own.birth_date if is_patient else None,
                sex=own.sex if is_patient else None,
            )
            return ClaimPayer(name=op.payer_name, payer_id=op.payer_id, address=op.payer_address), (
                subscriber
            )
    return None if payer is None else (payer, None)


def _payer_count(payments: list[RemittanceClaim]) -> int:
    return len({payer_key(rc) for rc in payments})


def run(args: argparse.Namespace) -> int:
    """Build what can be built; list, per encounter, why the others were not.

    Identities and the control number are resolved first, as ``build-837p`` does:
    when one is missing, nothing is read or written (exit 2).
    """
    try:
        resolved = resolve(args)
        check_control_number(args, resolved)
    except IdentityError as exc:
        print(f"medclaims build-secondary: {exc}", file=sys.stderr)
        return 2
    with args.encounters.open("rb") as fh:
        encounters = load_encounters(fh)
    by_claim: dict[str, list[RemittanceClaim]] = {}
    for path in args.remittances:
        with path.open("rb") as fh:
            for rc in iter_835(fh):
                by_claim.setdefault(rc.claim.patient_control_number.strip().casefold(), []).append(
                    rc
                )
    default_payer = (
        ClaimPayer(name=args.payer_name or args.payer_id, payer_id=args.payer_id)
        if args.payer_id
        else None
    )
    built: list[Encounter] = []
    refused: list[str] = []
    for index, encounter in enumerate(encounters):
        where = f"encounters[{index}]"
        payments = by_claim.get(encounter.claim_id.strip().casefold(), [])
        if not payments:  # a payer that truncated CLP01 (see medclaims.billing.answers)
            payments = [rc for group in by_claim.values() for rc in group if answers(encounter, rc)]
        try:
            if not payments:
                raise SecondaryClaimRefused("no_payment", "no 835 claim payment for this claim")
            if args.corrected or args.void:
                make = correct_claim if args.corrected else void_claim
                built.append(make(encounter, payments[-1]))
                continue
            sequence = RESPONSIBILITY_SEQUENCE[min(_payer_count(payments), 10)]
            target = next_payer(encounter, sequence, default_payer)
            if target is None:
                raise SecondaryClaimRefused(
                    "no_next_payer",
                    f"no next payer: give --payer-id or an other_payers entry with "
                    f"responsibility {sequence}",
                )
            built.append(
                secondary_claim(
                    encounter,
                    payments,
                    payer=target[0],
                    subscriber=target[1],
                    claim_filing_indicator=args.filing_indicator,
                    with_patient_liability=args.patient_liability,
                )
            )
        except SecondaryClaimRefused as exc:
            refused.append(f"{where}: not built ({exc.reason}): {exc}")
    for line in refused:
        print(f"medclaims: {line}", file=sys.stderr)
    if not built:
        print("medclaims: error: no claim could be built", file=sys.stderr)
        return 1
    submitter, receiver = parties(resolved)
    number, _ = control_number(args, resolved)
    text = build_837p(
        built,
        submitter=submitter,
        receiver=receiver,
        control_number=number,
        created_at=args.created_at or dt.datetime.now().replace(second=0, microsecond=0),
        usage="T" if args.test else "P",
        line_breaks=args.line_breaks,
    )
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="ascii", newline="")
        print(
            f"wrote {len(built)} claim(s) to {args.output}; {len(refused)} not built",
            file=sys.stderr,
        )
    return 1 if refused else 0
