"""Our hand-written ``samples/*.835``, one feature each, read field by field.

Every expected value below is read off the sample file by eye (and its
arithmetic checked by hand in the comments), never copied from parser
output. Each sample is balanced; the tests also break each balancing rule on
a copy of a sample and check that exactly that rule is reported.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from _shared import SAMPLES
from peers import PEERS, PeerUnavailable, canonical_text

from medclaims.errors import MedclaimsError, Severity
from medclaims.remittance import Remittance, iter_835, parse_835


def _read(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="ascii")


def _one(name: str) -> Remittance:
    remittances = parse_835(_read(name))
    assert len(remittances) == 1
    return remittances[0]


def _errors(r: Remittance) -> list[str]:
    return [i.code for i in r.issues if i.severity is Severity.ERROR]


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.835")), ids=lambda p: p.name)
def test_every_sample_is_clean(path: Path) -> None:
    remittances = parse_835(path.read_bytes())
    assert remittances
    for r in remittances:
        assert r.issues == (), [str(i) for i in r.issues]
    parse_835(path.read_bytes(), strict=True)  # balanced: strict mode does not raise


#: Samples each peer reads (x12sdk rejects several PLB segments and this MIA claim;
#: it has no 4010 835 model).
PEER_READS = {
    "x12sdk": {
        "remit-basic.835",
        "remit-bundled.835",
        "remit-denial.835",
        "remit-reversal.835",
        "remit-zero-pay.835",
    },
    "edi-835-parser": {p.name for p in SAMPLES.glob("*.835")},
    "pyx12": {p.name for p in SAMPLES.glob("*.835")},
}


#: The module each peer needs: a peer that is not installed skips its tests (the
#: peers are optional test extras); one that is installed must read what it read before.
PEER_MODULES = {
    "x12sdk": "x12sdk.io",
    "edi-835-parser": "edi_835_parser",
    "pyx12": "pyx12.x12context",
}


def test_every_peer_names_its_module() -> None:
    assert set(PEER_MODULES) == set(PEERS) == set(PEER_READS)


@pytest.mark.parametrize("peer", sorted(PEERS))
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.835")), ids=lambda p: p.name)
def test_sample_amounts_equal_peer(path: Path, peer: str) -> None:
    """Peers read our samples with the same CLP03/04/05 (x12sdk also checks claim balance)."""
    pytest.importorskip(PEER_MODULES[peer], reason=f"{peer} is not installed")
    try:
        theirs = PEERS[peer](canonical_text(path.read_bytes()))
    except PeerUnavailable as exc:
        if path.name in PEER_READS[peer]:
            pytest.fail(f"{peer} no longer reads this sample: {exc}")
        pytest.skip(str(exc))
    ours = [c for r in parse_835(path.read_bytes()) for c in r.claims]
    assert [(c.charge_amount, c.paid_amount) for c in ours] == [(t.charge, t.paid) for t in theirs]
    if peer != "edi-835-parser":  # it has no CLP05 field
        assert [c.patient_responsibility for c in ours] == [
            t.patient_responsibility for t in theirs
        ]


def test_basic_claim_and_line_adjustments() -> None:
    r = _one("remit-basic.835")
    assert r.version == "005010X221A1"
    assert r.control_number == "0001"
    assert r.payment is not None
    payment = (r.payment.handling_code, r.payment.amount, r.payment.method)
    assert payment == ("I", D("296.40"), "ACH")
    assert r.payment.date == dt.date(2026, 1, 15)
    assert r.payment.trace_number == "EFT0000101"
    assert r.production_date == dt.date(2026, 1, 14)
    assert r.payer is not None and r.payer.name == "ACME HEALTH PLAN"
    assert r.payee is not None and r.payee.npi == "1234567893"
    assert r.payee.tax_id == "123456789"  # REF*TJ

    first, second = r.claims
    assert first.patient_control_number == "PCN1001"
    assert first.status_code == "1"
    # 300 − 3.60 (claim CO-253) − (50 + 30 + 25 + 5 + 10) (lines) = 176.40
    assert (first.charge_amount, first.paid_amount, first.patient_responsibility) == (
        D("300"),
        D("176.4"),
        D("40"),
    )
    assert [(a.group_code, a.reason_code, a.amount) for a in first.adjustments] == [
        ("CO", "253", D("3.6"))
    ]
    assert first.payer_claim_control_number == "ICN0001001"
    assert first.filing_indicator == "12"
    assert (first.facility_type_code, first.frequency_code) == ("11", "1")
    assert first.outpatient is not None and first.outpatient.remark_codes == ("MA01",)
    assert first.statement_period_start == first.statement_period_end == dt.date(2026, 1, 5)
    assert first.received_date == dt.date(2026, 1, 8)
    assert first.amounts["AU"] == D("300")
    assert first.patient is not None and first.patient.last_name == "FICTIONAL"
    assert first.patient.identifier == "MBR000001"
    assert first.rendering_provider is not None
    assert first.rendering_provider.identifier == "1234567893"

    line1, line2 = first.service_lines
    assert (line1.procedure.qualifier, line1.procedure.code) == ("HC", "99213")
    assert (line1.charge_amount, line1.paid_amount, line1.units) == (D("200"), D("120"), D("1"))
    assert line1.service_date == dt.date(2026, 1, 5)
    assert [(a.group_code, a.reason_code, a.amount) for a in line1.adjustments] == [
        ("CO", "45", D("50")),
        ("PR", "2", D("30")),
    ]
    assert line1.line_control_number == "LINE0001"
    assert line1.allowed_amount == D("150")
    assert line1.remark_codes == ("N130",)
    # One CAS segment with two triples (CO-45 25 ×1, CO-253 5), then PR-3 10.
    assert [(a.group_code, a.reason_code, a.amount, a.quantity) for a in line2.adjustments] == [
        ("CO", "45", D("25"), D("1")),
        ("CO", "253", D("5"), None),
        ("PR", "3", D("10"), None),
    ]

    assert second.service_lines[0].procedure.modifiers == ("25",)
    assert second.adjustments == ()
    assert (second.charge_amount, second.paid_amount) == (D("150"), D("120"))
    assert r.provider_adjustments == ()
    assert [h.number for h in r.header_numbers] == ["1"]
    assert r.header_numbers[0].claim_count == 2


def test_reversal_negates_every_amount_then_correction() -> None:
    r = _one("remit-reversal.835")
    reversal, correction = r.claims
    assert reversal.is_reversal and reversal.status_code == "22"
    assert not correction.is_reversal
    assert reversal.patient_control_number == correction.patient_control_number == "PCN2001"
    amounts = [reversal.charge_amount, reversal.paid_amount, reversal.patient_responsibility]
    line = reversal.service_lines[0]
    amounts += [line.charge_amount, line.paid_amount, *(a.amount for a in line.adjustments)]
    assert amounts == [D(-200), D(-100), D(-50), D(-200), D(-100), D(-50), D(-50)]
    assert all(a is not None and a < 0 for a in amounts)
    assert any(ref.qualifier == "F8" and ref.value == "ICN0002001" for ref in correction.references)
    assert correction.paid_amount == D(130)
    # BPR02 = −100 + 130 = 30
    assert r.payment is not None and r.payment.amount == D(30)


def test_denied_claim_and_denied_line() -> None:
    r = _one("remit-denial.835")
    denied, partly = r.claims
    assert denied.is_denied and denied.paid_amount == 0
    assert [(a.group_code, a.reason_code, a.amount) for a in denied.adjustments] == [
        ("CO", "16", D(250))
    ]
    assert denied.service_lines == ()
    assert denied.outpatient is not None and denied.outpatient.remark_codes == ("MA130",)
    assert not partly.is_denied
    ok_line, denied_line = partly.service_lines
    assert ok_line.paid_amount == D(100)
    assert denied_line.paid_amount == 0 and denied_line.charge_amount == D(250)
    assert [(a.group_code, a.reason_code) for a in denied_line.adjustments] == [("CO", "197")]
    assert denied_line.remark_codes == ("N54",)
    assert r.payment is not None and r.payment.method == "CHK"


def test_provider_adjustments_with_composite_references() -> None:
    r = _one("remit-plb.835")
    plb = [
        (p.provider_id, p.fiscal_period_date, p.reason_code, p.reference_id, p.amount)
        for p in r.provider_adjustments
    ]
    day = dt.date(2026, 12, 31)
    assert plb == [
        ("1234567893", day, "WO", "ICN12345", D(75)),
        ("1234567893", day, "FB", "FWD0001", D(-25)),
        ("1234567893", day, "L6", "INT2026", D("-5.5")),
        ("1234567893", day, "72", "ADV998", D(30)),
    ]
    # BPR02 = ΣCLP04 − ΣPLB = (400 + 100) − (75 − 25 − 5.5 + 30) = 425.50
    assert r.payment is not None and r.payment.amount == D("425.5")
    paid = sum((c.paid_amount or D(0) for c in r.claims), D(0))
    assert paid - sum((p.amount or D(0) for p in r.provider_adjustments), D(0)) == D("425.5")


def test_bundled_line_keeps_the_submitted_procedure() -> None:
    r = _one("remit-bundled.835")
    downcoded, bundled = r.claims[0].service_lines
    assert downcoded.procedure.code == "99213"
    assert downcoded.original_procedure is not None
    assert downcoded.original_procedure.code == "99214"
    assert downcoded.original_units == D(1)
    assert bundled.original_procedure is not None
    assert (bundled.original_procedure.qualifier, bundled.original_procedure.code) == (
        "HC",
        "36415",
    )
    assert (bundled.charge_amount, bundled.paid_amount, bundled.units) == (D(30), D(0), D(0))
    assert [(a.group_code, a.reason_code, a.amount) for a in bundled.adjustments] == [
        ("CO", "97", D(30))
    ]
    assert bundled.line_control_number == "LINE0502"


def test_inpatient_claim_with_mia_and_drg() -> None:
    r = _one("remit-inpatient.835")
    [claim] = r.claims
    assert claim.service_lines == ()
    assert (claim.drg_code, claim.drg_weight) == ("470", D("1.9"))
    assert claim.filing_indicator == "MA"
    mia = claim.inpatient
    assert mia is not None
    assert (mia.covered_days, mia.drg_amount, mia.remark_codes) == (D(3), D(8500), ("MA01",))
    assert claim.outpatient is None
    assert claim.quantities["CA"] == D(3)
    assert claim.statement_period_end == dt.date(2026, 1, 4)
    # 20000 − 10000 (CO-45) − 1500 (PR-1) = 8500
    assert sum((a.amount or D(0) for a in claim.adjustments), D(0)) == D(11500)


def test_zero_pay_notification() -> None:
    r = _one("remit-zero-pay.835")
    assert r.payment is not None
    assert (r.payment.handling_code, r.payment.amount, r.payment.method) == ("H", D(0), "NON")
    assert [c.paid_amount for c in r.claims] == [D(0), D(0)]
    assert r.claims[1].is_denied
    assert r.claims[1].adjustments[0].reason_code == "29"


def test_4010_sample() -> None:
    r = _one("remit-4010.835")
    assert r.version == "004010X091A1"
    assert r.interchange.version == "00401"
    assert r.delimiters.repetition is None
    [claim] = r.claims
    assert (claim.charge_amount, claim.paid_amount, claim.patient_responsibility) == (
        D(160),
        D(135),
        D(25),
    )


def test_streaming_gives_the_same_claims() -> None:
    text = _read("remit-basic.835")
    streamed = list(iter_835(text))
    [parsed] = parse_835(text)
    assert [s.claim for s in streamed] == list(parsed.claims)
    assert [s.index for s in streamed] == [0, 1]
    assert all(s.header == parsed.header for s in streamed)


# -- each balancing rule, broken on a copy of a sample ----------------------------------


def _codes_after(name: str, old: str, new: str) -> set[str]:
    text = _read(name)
    assert text.count(old) == 1
    [r] = parse_835(text.replace(old, new))
    return set(_errors(r))


def test_line_imbalance_is_reported_alone() -> None:
    # SVC03 120 → 119: 200 − 80 ≠ 119; the claim rule does not use SVC03.
    codes = _codes_after("remit-basic.835", "SVC*HC:99213*200*120", "SVC*HC:99213*200*119")
    assert codes == {"line-unbalanced"}


def test_claim_imbalance_is_reported_alone() -> None:
    # A claim-level CAS amount 3.6 → 3.7 breaks CLP04 only (lines and BPR02 untouched).
    codes = _codes_after("remit-basic.835", "CAS*CO*253*3.6", "CAS*CO*253*3.7")
    assert codes == {"claim-unbalanced"}


def test_transaction_imbalance_is_reported_alone() -> None:
    codes = _codes_after("remit-plb.835", "BPR*I*425.5*", "BPR*I*425.6*")
    assert codes == {"payment-unbalanced"}


def test_plb_sign_is_subtracted() -> None:
    # Adding a positive PLB amount without lowering BPR02 must break the transaction rule.
    codes = _codes_after("remit-plb.835", "72:ADV998*30", "72:ADV998*31")
    assert codes == {"payment-unbalanced"}
    # ... while raising BPR02 by a negative PLB's size keeps it balanced.
    assert _codes_after("remit-plb.835", "FB:FWD0001*-25", "FB:FWD0001*-26") == {
        "payment-unbalanced"
    }
    text = _read("remit-plb.835").replace("FB:FWD0001*-25", "FB:FWD0001*-26")
    [r] = parse_835(text.replace("BPR*I*425.5*", "BPR*I*426.5*"))
    assert _errors(r) == []


def test_imbalance_raises_in_strict_mode() -> None:
    text = _read("remit-plb.835").replace("BPR*I*425.5*", "BPR*I*425.6*")
    with pytest.raises(MedclaimsError):
        parse_835(text, strict=True)


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("SE*28*0001", "SE*29*0001", "se-count"),  # SE01 counts ST..SE inclusive: 28 here
        ("SE*28*0001", "SE*28*0002", "se-control"),
        ("GE*1*301", "GE*2*301", "ge-count"),
        ("GE*1*301", "GE*1*302", "ge-control"),
        ("IEA*1*000000301", "IEA*2*000000301", "iea-count"),
        ("IEA*1*000000301", "IEA*1*000000302", "iea-control"),
    ],
)
def test_envelope_counts_and_control_numbers(old: str, new: str, code: str) -> None:
    assert _codes_after("remit-denial.835", old, new) == {code}
