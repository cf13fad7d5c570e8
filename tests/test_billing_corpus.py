"""Secondary claims from every corpus 835 claim payment, for the claim it answers.

No corpus 837P claim is answered by a corpus 835 (no CLP01 matches a CLM01), so
each 835 claim payment is paired with the encounter it answers, made from the
payment itself: one billed line per service payment (the submitted procedure,
SVC06 else SVC01; the charge SVC02; REF*6R; the service date), or one line of
CLP03 for a claim paid at claim level only, on a valid example encounter. The
secondary claim must then be built pyx12-clean and carry the 835's amounts, or
be refused with one of the documented reasons. Skipped without the corpus.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from _shared import corpus_files, file_id
from strategies_837p import example_encounter

from medclaims.billing import secondary_claim
from medclaims.errors import MedclaimsError, SecondaryClaimRefused
from medclaims.professional import (
    Encounter,
    Payer,
    Receiver,
    ServiceLine,
    Submitter,
    build_837p,
    check_encounter,
)
from medclaims.pyx12_validation import validate
from medclaims.remittance import RemittanceClaim, iter_835

pytestmark = pytest.mark.corpus

FILES = corpus_files("835")
REASONS = {
    "crossed_over",
    "denied",
    "nothing_live",
    "unbalanced",
    "unmatched_line",
    "unsupported_procedure",
    "no_adjudication_date",
}
BUILT: list[int] = []


def _encounter(claims: list[RemittanceClaim]) -> Encounter | None:
    live = next((rc for rc in claims if not rc.claim.is_reversal), None)
    if live is None or live.claim.charge_amount is None:
        return None
    base = example_encounter()
    day = live.claim.statement_period_start or dt.date(2024, 3, 1)
    lines = []
    for svc in live.claim.service_lines:
        submitted = svc.original_procedure or svc.procedure
        if svc.charge_amount is None:
            return None
        lines.append(
            ServiceLine(
                procedure_code=submitted.code,
                modifiers=submitted.modifiers,
                charge=svc.charge_amount,
                service_date=svc.service_date or day,
                line_control_number=svc.line_control_number,
            )
        )
    if not lines:
        lines = [
            ServiceLine(procedure_code="99213", charge=live.claim.charge_amount, service_date=day)
        ]
    e = attrs.evolve(
        base,
        claim_id=live.claim.patient_control_number,
        service_lines=tuple(lines),
        payer=Payer(name="FIRST PLAN", payer_id="FIRST1"),
    )
    if [i for i in check_encounter(e) if i.severity == "error"]:
        return None  # a code or id our rules refuse: not what this test is about
    return e


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_secondary_claims_from_corpus_835s(path) -> None:  # type: ignore[no-untyped-def]
    try:
        payments = list(iter_835(path.read_bytes()))
    except MedclaimsError:
        pytest.skip("not read")
    by_claim: dict[str, list[RemittanceClaim]] = {}
    for rc in payments:
        by_claim.setdefault(rc.claim.patient_control_number, []).append(rc)
    built = []
    for claims in by_claim.values():
        e = _encounter(claims)
        if e is None:
            continue
        try:
            secondary = secondary_claim(e, claims, payer=Payer(name="NEXT", payer_id="NEXT1"))
        except SecondaryClaimRefused as exc:
            assert exc.reason in REASONS, exc.reason
            continue
        live = [rc for rc in claims if not rc.claim.is_reversal]
        rev = [rc for rc in claims if rc.claim.is_reversal]
        paid = sum((rc.claim.paid_amount or Decimal(0) for rc in live), Decimal(0))
        paid += sum((rc.claim.paid_amount or Decimal(0) for rc in rev), Decimal(0))
        assert secondary.other_payers[0].paid_amount == paid
        built.append(secondary)
    if not built:
        pytest.skip("no claim payment here makes a buildable encounter")
    BUILT.append(len(built))
    x12 = build_837p(
        built,
        submitter=Submitter(name="S", id="SUB01", contact_name="X", phone="5555550100"),
        receiver=Receiver(name="R", id="REC01"),
        control_number=1,
        created_at=dt.datetime(2024, 1, 2, 3, 4),
    )
    assert [str(i) for i in validate(x12) if i.severity == "error"] == []
