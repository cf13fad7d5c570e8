"""Write the acknowledgement samples for ``samples/claims.837`` (run from the repo root).

    python samples/acks/make_acks.py

The story, for ``medclaims acks`` and the correlation tests:

- ``claims.999``: the clearinghouse's 999 for ``samples/claims.837`` (built by
  ``acknowledge_837p``): the transaction set is accepted.
- ``claims.277ca``: the payer's 277CA three days later: PCN-2024-0001 accepted
  into adjudication (A2), PCN-2024-0002 rejected (A7/562/85: the billing
  provider's NPI), PCN-2024-0003 not listed (never acknowledged).
- ``corrected.837``: PCN-2024-0002 corrected and sent again (control number 2).
- ``corrected.999`` and ``corrected.277ca``: that resubmission accepted (A2).

The people and numbers are made up. The test suite checks that running this
script again gives the same files byte for byte.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from medclaims.acks import acknowledge_837p, write_277  # noqa: E402
from medclaims.acks.records import (  # noqa: E402
    ClaimAcknowledgement,
    ClaimStatus,
    DateRef,
    Party,
    Quantity,
    Reference,
    StatusCode,
    StatusInfo,
    StatusLevel,
)
from medclaims.professional import build_837p, load_encounters  # noqa: E402
from medclaims.x12 import GroupHeader, InterchangeHeader  # noqa: E402

SAMPLES = HERE.parent
PAYER = Party("PR", "2", "Prairie Health Plan", id_qualifier="PI", identifier="PHP01")
SUBMITTER = Party("41", "2", "Riverbend Billing Services", id_qualifier="46", identifier="RBBILL01")
PROVIDER = Party("85", "2", "Riverbend Family Medicine", id_qualifier="XX", identifier="1234567893")


def _patient(last: str, first: str, member: str) -> Party:
    return Party("QC", "1", last, first, id_qualifier="MI", identifier=member)


def _claim(
    pcn: str, code: StatusCode, action: str, charge: str, when: dt.date, icn: str = ""
) -> ClaimStatus:
    return ClaimStatus(
        patient_control_number=pcn,
        statuses=(StatusInfo((code,), when, action, Decimal(charge)),),
        references=(Reference("1K", icn),) if icn else (),
        dates=(DateRef("472", dt.date(2024, 3, 4)),),
    )


def claim_ack(
    control: int, when: dt.date, claims: list[tuple[Party, ClaimStatus]]
) -> ClaimAcknowledgement:
    """A 277CA from the payer to the submitter, with its totals computed."""
    accepted = [c for _, c in claims if not c.rejected]
    rejected = [c for _, c in claims if c.rejected]

    def total(items: list[ClaimStatus]) -> Decimal:
        return sum((c.charge_amount or Decimal(0) for c in items), Decimal(0))

    def totals(q_ok: str, q_bad: str) -> dict[str, tuple[Quantity, ...]]:
        return {
            "quantities": (
                Quantity(q_ok, Decimal(len(accepted))),
                Quantity(q_bad, Decimal(len(rejected))),
            ),
            "amounts": (Quantity("YU", total(accepted)), Quantity("YY", total(rejected))),
        }

    patients = tuple(StatusLevel("PT", party=patient, claims=(claim,)) for patient, claim in claims)
    provider = StatusLevel(
        "19",
        party=PROVIDER,
        trace_type="1",
        trace_number="0",
        statuses=(
            StatusInfo(
                (StatusCode("A1", "19", "PR"),), None, "WQ", total(accepted) + total(rejected)
            ),
        ),
        children=patients,
        **totals("QA", "QC"),  # type: ignore[arg-type]
    )
    receiver = StatusLevel(
        "21",
        party=SUBMITTER,
        trace_type="2",
        trace_number=f"RB{control:04d}",
        statuses=(
            StatusInfo(
                (StatusCode("A1", "19", "PR"),), when, "WQ", total(accepted) + total(rejected)
            ),
        ),
        children=(provider,),
        **totals("90", "AA"),  # type: ignore[arg-type]
    )
    source = StatusLevel(
        "20",
        party=PAYER,
        trace_type="1",
        trace_number=f"PHP{control:06d}",
        dates=(DateRef("050", when), DateRef("009", when)),
        children=(receiver,),
    )
    stamp = dt.datetime.combine(when, dt.time(6, 0))
    return ClaimAcknowledgement(
        control_number=f"{control:04d}",
        implementation_reference="005010X214",
        structure_code="0085",
        purpose_code="08",
        reference=f"PHP-{control}",
        created_date=when,
        created_time="0600",
        transaction_type="TH",
        sources=(source,),
        interchange=InterchangeHeader.create(
            sender=("ZZ", "PHP01"),
            receiver=("ZZ", "RBBILL01"),
            control_number=control,
            created_at=stamp,
        ),
        group=GroupHeader(
            "HN", "PHP01", "RBBILL01", when.strftime("%Y%m%d"), "0600", str(control), "005010X214"
        ),
    )


def main() -> dict[str, str]:
    """The sample files by name."""
    claims = (SAMPLES / "claims.837").read_text(encoding="ascii")
    dana = _patient("Sample", "Dana", "XKP100234501")
    theo = _patient("Sample", "Theo", "XKP100234501")
    first = claim_ack(
        901,
        dt.date(2024, 3, 14),
        [
            (
                dana,
                _claim(
                    "PCN-2024-0001",
                    StatusCode("A2", "20"),
                    "WQ",
                    "292.5",
                    dt.date(2024, 3, 14),
                    "PHP24074000101",
                ),
            ),
            (
                theo,
                _claim(
                    "PCN-2024-0002", StatusCode("A7", "562", "85"), "U", "182", dt.date(2024, 3, 14)
                ),
            ),
        ],
    )
    with (SAMPLES / "encounters.json").open("rb") as fh:
        encounters = [e for e in load_encounters(fh) if e.claim_id == "PCN-2024-0002"]
    from medclaims.cli._identity import parties
    from medclaims.cli.cmd_build837p import sample_identities

    submitter, receiver = parties(sample_identities(SAMPLES))

    corrected = build_837p(
        encounters,
        submitter=submitter,
        receiver=receiver,
        control_number=2,
        created_at=dt.datetime(2024, 3, 18, 9, 0),
        line_breaks=True,
    )
    second = claim_ack(
        902,
        dt.date(2024, 3, 20),
        [
            (
                theo,
                _claim(
                    "PCN-2024-0002",
                    StatusCode("A2", "20"),
                    "WQ",
                    "182",
                    dt.date(2024, 3, 20),
                    "PHP24080000217",
                ),
            )
        ],
    )

    def ack999(text: str, control: int, when: dt.datetime) -> str:
        return acknowledge_837p(
            text,
            submitter_id="PRAIRIECH",
            receiver_id="RBBILL01",
            control_number=control,
            created_at=when,
        )

    return {
        "claims.999": ack999(claims, 801, dt.datetime(2024, 3, 11, 9, 45)),
        "claims.277ca": write_277([first]),
        "corrected.837": corrected,
        "corrected.999": ack999(corrected, 802, dt.datetime(2024, 3, 18, 9, 15)),
        "corrected.277ca": write_277([second]),
    }


if __name__ == "__main__":
    for name, text in main().items():
        if not text.endswith("\n"):
            text = text.replace("~", "~\n")
        (HERE / name).write_text(text, encoding="ascii", newline="")
        print(f"wrote {name}")
