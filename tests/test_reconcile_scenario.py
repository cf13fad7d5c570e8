"""The reconciliation scenario in samples/reconcile/: every claim state, amount and payment.

Expected values are worked out by hand from the hand-written 835s (see the
README beside them), not taken from the engine's output.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from _shared import SAMPLES

from medclaims.codes import DenialCategory
from medclaims.professional import load_encounters
from medclaims.reconcile import (
    ClaimReconciliation,
    ClaimState,
    LedgerKind,
    LineMatchMethod,
    LineState,
    MatchMethod,
    PaymentRole,
    PlbLink,
    Reconciliation,
    load_fee_schedule,
    reconcile,
)
from medclaims.remittance.parser import parse_835

SCENARIO = SAMPLES / "reconcile"
REMITS = (
    "remit-1.835",
    "remit-2.835",
    "remit-3.835",
    "remit-4.835",
    "remit-5-resent.835",
    "remit-6.835",
    "remit-7.835",
    "remit-8-truncated.835",
)


def _remittances() -> list[list[object]]:
    return [parse_835((SCENARIO / name).read_bytes()) for name in REMITS]


@pytest.fixture(scope="module")
def result() -> Reconciliation:
    encounters = load_encounters((SCENARIO / "encounters.json").read_text(encoding="utf-8"))
    fees = load_fee_schedule((SCENARIO / "fees.csv").read_text(encoding="utf-8"))
    return reconcile(encounters, _remittances(), fee_schedule=fees)


def _claim(result: Reconciliation, claim_id: str) -> ClaimReconciliation:
    (found,) = [c for c in result.claims if c.patient_control_number == claim_id]
    return found


def test_the_835s_parse_cleanly_but_the_truncated_one() -> None:
    for name, remittances in zip(REMITS, _remittances(), strict=True):
        for remittance in remittances:
            codes = {i.code for i in remittance.issues}  # type: ignore[attr-defined]
            if name == "remit-8-truncated.835":
                assert {"missing-se", "claim-unbalanced"} <= codes
            else:
                assert codes == set()


def test_the_truncated_remittance_reaches_the_issues_named(result: Reconciliation) -> None:
    cut = [i for i in result.issues if i.code == "missing-se"]
    assert [i.path for i in cut] == ["remittances[7] ST 0001 trace EFT8008"]
    named = reconcile(
        load_encounters((SCENARIO / "encounters.json").read_text(encoding="utf-8")),
        _remittances(),
        remittance_names=REMITS,
    )
    paths = [i.path or "" for i in named.issues if i.code == "claim-unbalanced"]
    assert paths == ["remit-8-truncated.835 ST 0001 trace EFT8008 claim ***017"]


def test_claims_837_rebuilds_byte_identically() -> None:
    pytest.importorskip("medclaims.professional.builder")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_scenario", SCENARIO / "make_scenario.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    encounters = load_encounters((SCENARIO / "encounters.json").read_bytes())
    assert encounters == module.ENCOUNTERS
    assert module.build(encounters).encode() == (SCENARIO / "claims.837").read_bytes()


def test_claims_read_back_from_the_837_reconcile_the_same(result: Reconciliation) -> None:
    reader = pytest.importorskip("medclaims.professional.reader")
    encounters = reader.parse_837p((SCENARIO / "claims.837").read_bytes())
    fees = load_fee_schedule((SCENARIO / "fees.csv").read_bytes())
    again = reconcile(encounters, _remittances(), fee_schedule=fees)
    assert [(c.patient_control_number, c.state, c.amounts) for c in again.claims] == [
        (c.patient_control_number, c.state, c.amounts) for c in result.claims
    ]


# claim id: state, billed, allowed, paid, patient resp., contractual, other, interest, recouped,
#           expected, underpayment
EXPECTED = {
    "PIF-001": (ClaimState.PAID, "150", "150", "150", "0", "0", "0", "0", "0", "100", "0"),
    "PART-002": (
        ClaimState.UNDERPAID,
        "225",
        "170",
        "140",
        "30",
        "55",
        "0",
        "0",
        "0",
        "170",
        "10",
    ),
    "DENY-003": (ClaimState.DENIED, "300", "0", "0", "0", "0", "0", "0", "0", "220", None),
    "REV-004": (ClaimState.ADJUSTED, "150", "100", "100", "0", "50", "0", "0", "0", "100", "0"),
    "RECOUP-005": (ClaimState.REVERSED, "100", "100", "0", "0", "0", "0", "0", "100", "80", None),
    "PEND-006": (ClaimState.PENDING, "150", "0", "0", "0", "0", "0", "0", "0", "100", None),
    "SPLIT-007": (
        ClaimState.UNDERPAID,
        "410",
        "320",
        "320",
        "0",
        "90",
        "0",
        "0",
        "0",
        "280",
        "24",
    ),
    "ENC2026010800000042": (
        ClaimState.PAID,
        "90",
        "90",
        "90",
        "0",
        "0",
        "0",
        "2.50",
        "0",
        "80",
        "0",
    ),
    "Abc0009x": (ClaimState.PAID, "75", "75", "75", "0", "0", "0", "0", "0", "60", "0"),
    "WOREPAY-010": (
        ClaimState.PAID,
        "150",
        "150",
        "150",
        "0",
        "0",
        "0",
        "0",
        "0",
        "100",
        "0",
    ),
    "COB-011": (
        ClaimState.PAID,
        "200",
        "160",
        "160",
        "0",
        "40",
        "0",
        "0",
        "0",
        "160",
        "0",
    ),
    # Paid 0, CO-45 30 and the deductible PR-1 120: the patient's, not a denial.
    "DEDUCT-014": (
        ClaimState.PATIENT_RESPONSIBILITY,
        "150",
        "120",
        "0",
        "120",
        "30",
        "0",
        "0",
        "0",
        "100",
        None,
    ),
    # Contracted: paid 100, CO-45 30, copay PR-3 20; allowed 120 above the 100 fee.
    "AGREED-015": (ClaimState.PAID, "150", "120", "100", "20", "30", "0", "0", "0", "100", "0"),
    # Primary ACME (CLP02 19) 120, CO-45 40, PR-2 40; secondary BETA (CLP02 20) 32, OA-23
    # 160, PR-2 8: paid 152, contractual 40 (the primary's), the patient owes the
    # secondary's 8, and BETA forwarded it: a third payer is due.
    "CHAIN-016": (
        ClaimState.AWAITING_NEXT_PAYER,
        "200",
        "160",
        "152",
        "8",
        "40",
        "0",
        "0",
        "0",
        "160",
        "0",
    ),
    # Its only payment is in remit-8-truncated.835, cut inside its first CAS: held.
    "CUT-017": (
        ClaimState.NEEDS_REVIEW,
        "150",
        "100",
        "100",
        "20",
        "3",
        "0",
        "0",
        "0",
        "100",
        None,
    ),
    # Line 1 paid 100 (CO-45 30, PR-3 20); line 2 denied CO-97 25: 25 denied, open.
    # The denied 36415 (expected 10, allowed 0) is a denial, not an underpayment.
    "PDENY-018": (
        ClaimState.PARTIALLY_DENIED,
        "175",
        "120",
        "100",
        "20",
        "30",
        "0",
        "0",
        "0",
        "110",
        "0",
    ),
    "SPLITCLM-013": (
        ClaimState.PAID,
        "300",
        "200",
        "200",
        "0",
        "100",
        "0",
        "0",
        "0",
        "200",
        "0",
    ),
}


DENIED = {"DENY-003": "300", "PDENY-018": "25"}
"""Denied amounts (0 for the claims not listed): what stays open until appealed."""


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_claim_state_and_amounts(result: Reconciliation, claim_id: str) -> None:
    state, *money = EXPECTED[claim_id]
    claim = _claim(result, claim_id)
    a = claim.amounts
    assert claim.state is state
    assert [
        a.billed,
        a.allowed,
        a.paid,
        a.patient_responsibility,
        a.contractual,
        a.other_adjustments,
        a.interest,
        a.recouped,
        a.expected,
        a.underpayment,
    ] == [None if m is None else D(m) for m in money]
    assert a.denied == D(DENIED.get(claim_id, "0"))
    assert a.billed == (
        a.paid + a.contractual + a.other_adjustments + a.patient_responsibility + a.open_balance
    )
    assert 0 <= a.denied <= max(a.open_balance, D(0))


def test_every_state_is_exercised(result: Reconciliation) -> None:
    counts = result.state_counts()
    # The acknowledgement states need acknowledgements (tests/test_reconcile_acks.py).
    by_acks = {ClaimState.REJECTED, ClaimState.ACCEPTED, ClaimState.NOT_ACKNOWLEDGED}
    assert all(counts[state] > 0 for state in ClaimState if state not in by_acks)
    assert all(counts[state] == 0 for state in by_acks)
    assert counts[ClaimState.UNMATCHED_PAYMENT] == 1


def test_exact_normalized_truncated_and_cross_payer_matches(result: Reconciliation) -> None:
    assert _claim(result, "PIF-001").match.method is MatchMethod.EXACT  # type: ignore[union-attr]
    normalized = _claim(result, "Abc0009x").match
    truncated = _claim(result, "ENC2026010800000042").match
    assert normalized is not None and normalized.method is MatchMethod.NORMALIZED
    assert truncated is not None and truncated.method is MatchMethod.TRUNCATED
    assert normalized.fuzzy and truncated.fuzzy
    assert "14-character prefix" in truncated.rule
    cob = _claim(result, "COB-011")
    assert [p.match.cross_payer for p in cob.payments if p.match] == [False, True]
    assert cob.is_fuzzy and not _claim(result, "PIF-001").is_fuzzy
    assert _claim(result, "PEND-006").match is None
    codes = [i.code for i in result.issues]
    assert codes.count("reconcile.fuzzy_match") == 2
    assert codes.count("reconcile.cross_payer_match") == 2  # BETA pays COB-011 and CHAIN-016


def test_reversal_and_correction_in_date_order(result: Reconciliation) -> None:
    claim = _claim(result, "REV-004")
    assert [(p.role, p.paid, p.trace_number, p.payment_date) for p in claim.payments] == [
        (PaymentRole.REVERSED, D(150), "EFT1001", dt.date(2026, 2, 2)),
        (PaymentRole.REVERSAL, D(-150), "CHK2002", dt.date(2026, 2, 16)),
        (PaymentRole.CORRECTION, D(100), "CHK2002", dt.date(2026, 2, 16)),
    ]
    (line,) = claim.lines
    assert (line.adjudicated_lines, line.paid_units, line.amounts.paid) == (3, D(1), D(100))
    assert line.state is LineState.PAID


def test_primary_then_secondary_payer(result: Reconciliation) -> None:
    claim = _claim(result, "COB-011")
    assert [(p.payer_id, p.status_code, p.paid) for p in claim.payments] == [
        ("ACME01", "19", D(120)),
        ("BETA02", "2", D(40)),
    ]
    # Adjustment totals are every payer's CAS as reported: the secondary restates the
    # primary's CO-45 and says OA-23 for the primary's payment.
    assert [(a.group, a.reason, a.amount) for a in claim.adjustments] == [
        ("CO", "45", D(80)),
        ("PR", "2", D(40)),
        ("OA", "23", D(120)),
    ]
    a = claim.amounts
    # Netted per payer: the secondary's restated CO-45 and its OA-23 are not counted again,
    # and the patient owes what the last payer (the secondary) says: nothing.
    assert (a.paid, a.contractual, a.other_adjustments, a.patient_responsibility) == (
        D(160),
        D(40),
        D(0),
        D(0),
    )
    assert a.paid + a.patient_responsibility + a.contractual + a.other_adjustments == a.billed
    assert claim.lines[0].paid_units == 1


def test_split_claim_lines_matched_by_date(result: Reconciliation) -> None:
    claim = _claim(result, "SPLITCLM-013")
    assert [p.payer_claim_control_number for p in claim.payments] == ["2026B131", "2026B132"]
    assert [(ln.service_date, ln.amounts.paid, ln.adjudicated_lines) for ln in claim.lines] == [
        (dt.date(2026, 1, 10), D(100), 1),
        (dt.date(2026, 1, 17), D(100), 1),
    ]


def test_split_unbundled_and_added_lines(result: Reconciliation) -> None:
    lines = _claim(result, "SPLIT-007").lines
    assert [(ln.line_number, ln.procedure_code, ln.match, ln.state) for ln in lines] == [
        (1, "99214", LineMatchMethod.CONTROL_NUMBER, LineState.UNDERPAID),
        (2, "97110", LineMatchMethod.PROCEDURE, LineState.PAID),
        (3, "80053", LineMatchMethod.SUBMITTED_CODE, LineState.PAID),
        (None, "36415", LineMatchMethod.ADDED_BY_PAYER, LineState.ADDED_BY_PAYER),
    ]
    assert [(ln.amounts.billed, ln.amounts.paid, ln.amounts.contractual) for ln in lines] == [
        (D(200), D(136), D(34)),
        (D(160), D(120), D(40)),
        (D(50), D(40), D(10)),
        (D(30), D(24), D(6)),
    ]
    assert (lines[1].adjudicated_lines, lines[1].paid_units) == (2, D(4))
    assert lines[2].adjudicated_codes == ("82947", "84132")
    assert [ln.amounts.expected for ln in lines] == [D(160), D(120), None, None]
    assert [ln.amounts.underpayment for ln in lines] == [D(24), D(0), None, None]


def test_denial_details(result: Reconciliation) -> None:
    claim = _claim(result, "DENY-003")
    assert claim.denial_category is DenialCategory.MEDICAL_NECESSITY
    assert claim.remark_codes == ("N115",)
    assert [(a.group, a.reason, a.amount) for a in claim.adjustments] == [("CO", "50", D(300))]
    assert claim.lines[0].state is LineState.DENIED


def test_pending_claim_is_aged(result: Reconciliation) -> None:
    claim = _claim(result, "PEND-006")
    assert result.as_of == dt.date(2026, 3, 30)
    assert claim.payments == () and claim.lines[0].state is LineState.PENDING
    assert claim.age_days == (dt.date(2026, 3, 30) - dt.date(2026, 1, 12)).days


def test_unmatched_payment(result: Reconciliation) -> None:
    (orphan,) = result.unmatched_payments
    assert orphan.patient_control_number == "UNKNOWN-999"
    assert orphan.state is ClaimState.UNMATCHED_PAYMENT and orphan.claim_index is None
    assert (orphan.amounts.billed, orphan.amounts.paid) == (D(50), D(50))
    assert [p.trace_number for p in orphan.payments] == ["CHK2002"]


def test_duplicate_remittance_counted_once(result: Reconciliation) -> None:
    (dup,) = result.duplicates
    assert (dup.trace_number, dup.payer_id, dup.kept_index, dup.duplicate_index) == (
        "EFT1001",
        "ACME01",
        0,
        4,
    )
    assert dup.identical
    assert [p.trace_number for p in _claim(result, "PIF-001").payments] == ["EFT1001"]
    assert [c.times_received for c in result.cash] == [2, 1, 1, 1, 1, 1, 1]


def test_provider_ledger(result: Reconciliation) -> None:
    positions = {c.patient_control_number: i for i, c in enumerate(result.claims)}
    rows = [
        (e.trace_number, e.reason, e.kind, e.amount, e.link, e.claim_position, e.offsets)
        for e in result.provider_ledger
    ]
    cpcn = PlbLink.PAYER_CLAIM_CONTROL_NUMBER
    assert rows == [
        (
            "EFT1001",
            "L6",
            LedgerKind.INTEREST,
            D("-2.5"),
            cpcn,
            positions["ENC2026010800000042"],
            None,
        ),
        ("CHK2002", "WO", LedgerKind.RECOUPMENT, D(150), cpcn, positions["WOREPAY-010"], None),
        ("CHK2002", "FB", LedgerKind.FORWARDING_BALANCE, D(20), PlbLink.NONE, None, None),
        ("EFT3003", "WO", LedgerKind.RECOUPMENT, D(100), cpcn, positions["RECOUP-005"], None),
        ("EFT3003", "WO", LedgerKind.RECOUPMENT, D(-150), cpcn, positions["WOREPAY-010"], 1),
        ("EFT3003", "FB", LedgerKind.FORWARDING_BALANCE, D(-20), PlbLink.NONE, None, 2),
    ]
    assert _claim(result, "RECOUP-005").last_payment_date == dt.date(2026, 3, 2)


def test_cash_balances_for_every_payment(result: Reconciliation) -> None:
    rows = [
        (
            c.trace_number,
            c.payment_method,
            c.payment_amount,
            c.claim_payments_total,
            c.provider_adjustments_total,
            c.claim_count,
        )
        for c in result.cash
    ]
    assert rows == [
        ("EFT1001", "ACH", D("1297.5"), D(1295), D("-2.5"), 10),
        ("CHK2002", "CHK", D(30), D(200), D(170), 5),
        ("EFT3003", "ACH", D(70), D(0), D(-70), 0),
        ("CHK4004", "CHK", D(40), D(40), D(0), 1),
        ("EFT6006", "ACH", D(320), D(320), D(0), 4),
        ("CHK7007", "CHK", D(32), D(32), D(0), 1),
        ("EFT8008", "ACH", D(100), D(100), D(0), 1),
    ]
    assert result.balanced and all(c.difference == 0 for c in result.cash)
    assert not [i for i in result.issues if i.code == "reconcile.unbalanced_payment"]


def test_input_order_of_files_does_not_matter(result: Reconciliation) -> None:
    encounters = load_encounters((SCENARIO / "encounters.json").read_text(encoding="utf-8"))
    fees = load_fee_schedule((SCENARIO / "fees.csv").read_text(encoding="utf-8"))
    shuffled = reconcile(encounters, list(reversed(_remittances())), fee_schedule=fees)
    assert [(c.state, c.amounts) for c in shuffled.claims] == [
        (c.state, c.amounts) for c in result.claims
    ]
    assert [(c.trace_number, c.payment_amount) for c in shuffled.cash] == [
        (c.trace_number, c.payment_amount) for c in result.cash
    ]


def test_tolerance_silences_small_underpayments() -> None:
    encounters = load_encounters((SCENARIO / "encounters.json").read_text(encoding="utf-8"))
    fees = load_fee_schedule(
        (SCENARIO / "fees.csv").read_text(encoding="utf-8"), tolerance=D("10.00")
    )
    again = reconcile(encounters, _remittances(), fee_schedule=fees)
    assert _claim(again, "PART-002").amounts.underpayment == 0
    assert _claim(again, "SPLIT-007").amounts.underpayment == D(24)
    assert not _claim(again, "PART-002").amounts.underpaid


def test_without_fee_schedule_nothing_is_expected() -> None:
    encounters = load_encounters((SCENARIO / "encounters.json").read_text(encoding="utf-8"))
    plain = reconcile(encounters, _remittances())
    assert all(c.amounts.expected is None and c.amounts.underpayment is None for c in plain.claims)
