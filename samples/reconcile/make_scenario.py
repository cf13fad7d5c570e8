"""Write the reconciliation scenario's encounters.json and claims.837 (run from the repo root).

    python samples/reconcile/make_scenario.py

The encounters are made up (fictional people, valid check digits). The 835s
beside them (``remit-*.835``) are written by hand to answer these claims; see
README.md in this folder for what each claim and file exercises. The test
suite checks that loading encounters.json and building it again gives
claims.837 byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from medclaims.professional import (  # noqa: E402
    BillingProvider,
    ClaimAddress,
    ClaimPayer,
    Encounter,
    Receiver,
    ServiceLine,
    Submitter,
    Subscriber,
    load_encounters,
    unstructure_encounters,
)
from medclaims.professional.builder import build_837p  # noqa: E402

SUBMITTER = Submitter(
    name="SUNNY VALLEY CLINIC", id="SVC000001", contact_name="BILLING OFFICE", phone="5555550199"
)
"""Who sends the 837 (1000A)."""
RECEIVER = Receiver(name="ACME HEALTH PLAN", id="ACME01")
"""Who receives it (1000B)."""
CONTROL_NUMBER = 4242
"""ISA13 / GS06 of claims.837."""
CREATED_AT = dt.datetime(2026, 1, 20, 9, 30)
"""When claims.837 was built."""

_CLINIC = BillingProvider(
    npi="1234567893",
    tax_id="123456789",
    organization_name="SUNNY VALLEY CLINIC",
    address=ClaimAddress(
        line1="1 CLINIC WAY", city="SPRINGFIELD", state="IL", postal_code="627010001"
    ),
    taxonomy_code="207Q00000X",
)
_ACME = ClaimPayer(name="ACME HEALTH PLAN", payer_id="ACME01")


def _subscriber(n: int) -> Subscriber:
    return Subscriber(
        member_id=f"MBR{n:06d}",
        last_name="FICTIONAL",
        first_name=f"PATIENT{n}",
        birth_date=dt.date(1970, 1, n),
        sex="F" if n % 2 else "M",
        address=ClaimAddress(
            line1=f"{n} ELM STREET", city="SPRINGFIELD", state="IL", postal_code="62701"
        ),
    )


def _line(
    code: str,
    charge: str,
    day: int,
    *,
    units: str = "1",
    control: str | None = None,
    modifiers: tuple[str, ...] = (),
) -> ServiceLine:
    return ServiceLine(
        procedure_code=code,
        charge=Decimal(charge),
        service_date=dt.date(2026, 1, day),
        units=Decimal(units),
        line_control_number=control,
        modifiers=modifiers,
    )


def _encounter(n: int, claim_id: str, *lines: ServiceLine) -> Encounter:
    return Encounter(
        claim_id=claim_id,
        place_of_service="11",
        billing_provider=_CLINIC,
        subscriber=_subscriber(n),
        payer=_ACME,
        diagnosis_codes=("J069",),
        service_lines=lines,
    )


ENCOUNTERS = (
    _encounter(1, "PIF-001", _line("99213", "150.00", 5, control="1-1")),
    _encounter(2, "PART-002", _line("99214", "200.00", 6), _line("36415", "25.00", 6)),
    _encounter(3, "DENY-003", _line("99215", "300.00", 7)),
    _encounter(4, "REV-004", _line("99213", "150.00", 8)),
    _encounter(5, "RECOUP-005", _line("99212", "100.00", 9)),
    _encounter(6, "PEND-006", _line("99213", "150.00", 12)),
    _encounter(
        7,
        "SPLIT-007",
        _line("99214", "200.00", 13, control="7-1"),
        _line("97110", "160.00", 13, units="4"),
        _line("80053", "50.00", 13),
    ),
    _encounter(8, "ENC2026010800000042", _line("99212", "90.00", 14)),
    _encounter(9, "Abc0009x", _line("99211", "75.00", 15)),
    _encounter(10, "WOREPAY-010", _line("99213", "150.00", 16)),
    _encounter(11, "COB-011", _line("99214", "200.00", 19)),
    _encounter(12, "SPLITCLM-013", _line("99213", "150.00", 10), _line("99213", "150.00", 17)),
    _encounter(13, "DEDUCT-014", _line("99213", "150.00", 20)),
    _encounter(14, "AGREED-015", _line("99213", "150.00", 21)),
    _encounter(15, "CHAIN-016", _line("99214", "200.00", 22)),
    _encounter(16, "CUT-017", _line("99213", "150.00", 23)),
    _encounter(17, "PDENY-018", _line("99213", "150.00", 24), _line("36415", "25.00", 24)),
)
"""The billed claims, in the order of encounters.json."""


def build(encounters: tuple[Encounter, ...]) -> str:
    """claims.837 for the encounters, exactly as committed."""
    return build_837p(
        encounters,
        submitter=SUBMITTER,
        receiver=RECEIVER,
        control_number=CONTROL_NUMBER,
        created_at=CREATED_AT,
        line_breaks=True,
    )


def main() -> None:
    """Write encounters.json, then claims.837 built from what was written."""
    text = json.dumps(unstructure_encounters(ENCOUNTERS), indent=2) + "\n"
    (HERE / "encounters.json").write_text(text, encoding="utf-8")
    loaded = load_encounters(text)
    (HERE / "claims.837").write_text(build(loaded), encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
