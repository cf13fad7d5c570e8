"""reconcile() edge cases: matching rules, netting, interest, ledger links, cash, duplicates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from strategies_payer import DAY, billed, clp, line, plb, remit, svc

from medclaims.errors import Severity
from medclaims.reconcile import (
    ClaimState,
    LineMatchMethod,
    LineState,
    MatchMethod,
    PaymentRole,
    PlbLink,
    reconcile,
)
from medclaims.reconcile._engine.matching import MIN_PREFIX

JAN = dt.date(2026, 2, 1)
FEB = dt.date(2026, 3, 1)


def _codes(result: object) -> list[str]:
    return [i.code for i in result.issues]  # type: ignore[attr-defined]


def test_empty_inputs() -> None:
    result = reconcile([], [])
    assert result.claims == () and result.cash == () and result.issues == ()
    assert result.as_of is None and result.balanced


def test_pending_claims_without_any_remittance_are_aged_at_as_of() -> None:
    result = reconcile([billed("A")], [], as_of=dt.date(2026, 1, 15))
    (claim,) = result.claims
    assert claim.state is ClaimState.PENDING and claim.age_days == 10
    assert claim.lines[0].state is LineState.PENDING


def test_nested_lists_and_generators_of_remittances() -> None:
    first = remit("T1", JAN, clp("A", "100", "100", svc()))
    second = remit(
        "T2",
        FEB,
        clp("B", "100", "0", svc(paid="0", adjustments=(("CO", "16", "100"),)), status="4"),
    )
    result = reconcile(iter([billed("A"), billed("B")]), [[first], iter([second])])
    assert [c.state for c in result.claims] == [ClaimState.PAID, ClaimState.DENIED]


def test_interest_from_amt_i_when_no_l6_names_the_claim() -> None:
    result = reconcile(
        [billed("A")],
        [
            remit(
                "T1",
                JAN,
                clp(
                    "A",
                    "100",
                    "103",
                    svc(paid="100"),
                    interest="3",
                    adjustments=(("OA", "225", "-3"),),
                ),
            )
        ],
    )
    (claim,) = result.claims
    assert claim.amounts.interest == D(3)
    assert claim.amounts.paid == D(103)  # CLP04 as reported
    assert claim.payments[0].interest == D(3)


def test_l6_wins_over_amt_i_never_both() -> None:
    result = reconcile(
        [billed("A")],
        [
            remit(
                "T1",
                JAN,
                clp("A", "100", "100", svc(), interest="3", icn="ICN1"),
                adjustments=(plb("L6", "ICN1", "-3"),),
            )
        ],
    )
    (claim,) = result.claims
    assert claim.amounts.interest == D(3) and claim.amounts.paid == D(100)
    assert result.cash[0].payment_amount == D(103) and result.balanced


def test_reversal_without_original_leaves_the_claim_reversed() -> None:
    result = reconcile(
        [billed("A")],
        [remit("T1", JAN, clp("A", "-100", "-100", svc(charge="-100", paid="-100"), status="22"))],
    )
    (claim,) = result.claims
    assert claim.state is ClaimState.REVERSED and claim.amounts.paid == D(-100)
    assert claim.lines[0].state is LineState.REVERSED


def test_reversal_then_nothing_is_reversed_and_lines_net_to_zero() -> None:
    result = reconcile(
        [billed("A")],
        [
            remit("T1", JAN, clp("A", "100", "100", svc(), icn="X1")),
            remit(
                "T2",
                FEB,
                clp("A", "-100", "-100", svc(charge="-100", paid="-100"), status="22", icn="X1"),
            ),
        ],
    )
    (claim,) = result.claims
    assert claim.state is ClaimState.REVERSED
    assert [p.role for p in claim.payments] == [PaymentRole.REVERSED, PaymentRole.REVERSAL]
    assert (claim.amounts.paid, claim.lines[0].amounts.paid, claim.lines[0].paid_units) == (
        D(0),
        D(0),
        D(0),
    )


def test_reversal_cancels_the_payment_it_mirrors() -> None:
    # Split claim: two payments; the reversal names the second one's CLP07.
    split = billed("A", line(charge="100"), line(charge="100", day=DAY.replace(day=6)))
    result = reconcile(
        [split],
        [
            remit(
                "T1",
                JAN,
                clp("A", "100", "80", svc(paid="80"), icn="P1"),
                clp("A", "100", "60", svc(paid="60", day=DAY.replace(day=6)), icn="P2"),
            ),
            remit(
                "T2",
                FEB,
                clp(
                    "A",
                    "-100",
                    "-60",
                    svc(charge="-100", paid="-60", day=DAY.replace(day=6)),
                    status="22",
                    icn="P2",
                ),
            ),
        ],
    )
    (claim,) = result.claims
    assert [p.role for p in claim.payments] == [
        PaymentRole.PAYMENT,
        PaymentRole.REVERSED,
        PaymentRole.REVERSAL,
    ]
    assert claim.state is ClaimState.ADJUSTED and claim.amounts.paid == D(80)
    assert [ln.state for ln in claim.lines] == [LineState.PAID, LineState.DENIED]


def test_partial_recoupment_adjusts_and_a_repayment_restores() -> None:
    claims = [billed("A")]
    paid = remit("T1", JAN, clp("A", "100", "100", svc(), icn="ICN9"))
    recoup = remit(
        "T2", FEB, adjustments=(plb("WO", "ICN9 HIC123", "40"),), amount="0", credit_debit="C"
    )
    result = reconcile(claims, [paid, recoup])
    (claim,) = result.claims
    assert claim.state is ClaimState.ADJUSTED
    assert (claim.amounts.paid, claim.amounts.recouped) == (D(60), D(40))
    assert result.provider_ledger[0].link is PlbLink.PAYER_CLAIM_CONTROL_NUMBER
    repay = remit("T3", dt.date(2026, 4, 1), adjustments=(plb("WO", "ICN9 HIC123", "-40"),))
    again = reconcile(claims, [repay, paid, recoup])
    assert again.claims[0].state is ClaimState.PAID
    assert again.claims[0].amounts.recouped == 0
    assert [e.offsets for e in again.provider_ledger] == [None, 0]


def test_plb_reference_naming_the_patient_control_number() -> None:
    result = reconcile(
        [billed("A-1"), billed("B-2")],
        [
            remit(
                "T1",
                JAN,
                clp("A-1", "100", "100", svc()),
                clp("B-2", "100", "100", svc()),
                adjustments=(
                    plb("72", "b-2", "100"),
                    plb("WO", "UNKNOWN", "5"),
                    plb("CS", "", "1"),
                ),
            ),
        ],
    )
    entries = result.provider_ledger
    assert [(e.link, e.claim_position, e.kind.value) for e in entries] == [
        (PlbLink.PATIENT_CONTROL_NUMBER, 1, "refund"),
        (PlbLink.NONE, None, "recoupment"),
        (PlbLink.NONE, None, "other"),
    ]
    assert result.claims[1].state is ClaimState.REVERSED
    assert _codes(result).count("reconcile.unlinked_adjustment") == 1


def test_debit_payment_counts_negative() -> None:
    result = reconcile(
        [billed("A")],
        [
            remit(
                "T1",
                JAN,
                clp("A", "-100", "-100", svc(charge="-100", paid="-100"), status="22"),
                amount="100",
                credit_debit="D",
            )
        ],
    )
    assert result.cash[0].payment_amount == D(-100) and result.balanced


def test_unbalanced_payment_is_an_error_issue() -> None:
    result = reconcile(
        [billed("A")], [remit("T1", JAN, clp("A", "100", "100", svc()), amount="90")]
    )
    assert not result.balanced and result.cash[0].difference == D(-10)
    (issue,) = [i for i in result.issues if i.code == "reconcile.unbalanced_payment"]
    assert issue.severity is Severity.ERROR and "T1" in issue.message


def test_duplicates_identical_and_conflicting() -> None:
    first = remit("T1", JAN, clp("A", "100", "100", svc()))
    conflicting = remit("T1", JAN, clp("A", "100", "90", svc(paid="90")))
    other_payer = remit("T1", JAN, clp("A", "100", "100", svc()), payer_id="OTHER")
    result = reconcile([billed("A")], [first, first, conflicting, other_payer])
    assert [(d.duplicate_index, d.identical) for d in result.duplicates] == [(1, True), (2, False)]
    assert _codes(result).count("reconcile.conflicting_duplicate") == 1
    assert [c.times_received for c in result.cash] == [3, 1]
    assert result.claims[0].amounts.paid == D(200)  # the other payer's T1 is another payment


def test_missing_trace_number_is_never_a_duplicate() -> None:
    first = remit("", JAN, clp("A", "100", "50", svc(paid="50")))
    result = reconcile([billed("A")], [first, first])
    assert result.duplicates == () and result.claims[0].amounts.paid == D(100)
    assert _codes(result).count("reconcile.missing_trace") == 2


def test_truncated_match_needs_a_unique_candidate_and_a_minimum_length() -> None:
    claims = [billed("ABCDEFGH1234"), billed("ABCDEFGH5678"), billed("XYZ123456789")]
    result = reconcile(
        claims,
        [
            remit(
                "T1",
                JAN,
                clp("ABCDEFGH", "100", "100", svc()),
                clp("xyz1234", "100", "100", svc()),
                clp("XYZ12"[: MIN_PREFIX - 1], "100", "100", svc()),
            )
        ],
    )
    assert [c.state for c in result.claims] == [
        ClaimState.PENDING,
        ClaimState.PENDING,
        ClaimState.PAID,
    ]
    assert result.claims[2].match is not None
    assert result.claims[2].match.method is MatchMethod.TRUNCATED
    assert len(result.unmatched_payments) == 2
    assert _codes(result).count("reconcile.ambiguous_match") == 1


def test_same_claim_id_billed_to_two_payers_matches_within_payer() -> None:
    claims = [billed("A", payer_id="P1"), billed("A", payer_id="P2")]
    result = reconcile(
        claims, [remit("T1", JAN, clp("A", "100", "70", svc(paid="70")), payer_id="P2")]
    )
    assert [c.state for c in result.claims] == [ClaimState.PENDING, ClaimState.PAID]
    assert result.claims[1].match is not None and not result.claims[1].match.cross_payer
    assert "reconcile.ambiguous_match" not in _codes(result)


def test_cross_payer_between_two_candidates_is_flagged_ambiguous() -> None:
    claims = [billed("A", payer_id="P1"), billed("A", payer_id="P2")]
    result = reconcile(
        claims, [remit("T1", JAN, clp("A", "100", "70", svc(paid="70")), payer_id="P3")]
    )
    assert result.claims[0].state is ClaimState.PAID
    assert {"reconcile.ambiguous_match", "reconcile.cross_payer_match"} <= set(_codes(result))


def test_claim_level_denial_without_lines_is_not_itemized() -> None:
    result = reconcile(
        [billed("A", line(), line("36415", "20"))],
        [remit("T1", JAN, clp("A", "120", "0", status="4", adjustments=(("CO", "29", "120"),)))],
    )
    (claim,) = result.claims
    assert claim.state is ClaimState.DENIED
    assert claim.denial_category is not None and claim.denial_category.value == "timely_filing"
    assert claim.amounts.denied == D(120) and claim.amounts.other_adjustments == 0
    assert [ln.state for ln in claim.lines] == [LineState.NOT_ITEMIZED] * 2


def test_dropped_line_and_modifier_order() -> None:
    result = reconcile(
        [billed("A", line(modifiers=("25", "59")), line("36415", "20"))],
        [
            remit(
                "T1",
                JAN,
                clp(
                    "A",
                    "120",
                    "100",
                    svc(modifiers=("59", "25")),
                    adjustments=(("CO", "97", "20"),),
                ),
            )
        ],
    )
    (claim,) = result.claims
    assert [ln.match for ln in claim.lines] == [
        LineMatchMethod.PROCEDURE,
        LineMatchMethod.UNMATCHED,
    ]
    assert [ln.state for ln in claim.lines] == [LineState.PAID, LineState.DROPPED]
    assert claim.denial_category is not None and claim.denial_category.value == "bundling"


def test_identical_lines_are_paid_reversed_and_corrected_one_for_one() -> None:
    two = billed("A", line(charge="100"), line(charge="100"))
    result = reconcile(
        [two],
        [
            remit(
                "T1",
                JAN,
                clp(
                    "A",
                    "200",
                    "150",
                    svc(paid="100"),
                    svc(paid="50", adjustments=(("CO", "45", "50"),)),
                    icn="I1",
                ),
            ),
            remit(
                "T2",
                FEB,
                clp(
                    "A",
                    "-200",
                    "-150",
                    svc(charge="-100", paid="-100"),
                    svc(charge="-100", paid="-50", adjustments=(("CO", "45", "-50"),)),
                    status="22",
                    icn="I1",
                ),
                clp(
                    "A",
                    "200",
                    "170",
                    svc(paid="90", adjustments=(("CO", "45", "10"),)),
                    svc(paid="80", adjustments=(("CO", "45", "20"),)),
                    icn="I2",
                ),
            ),
        ],
    )
    (claim,) = result.claims
    assert [ln.amounts.paid for ln in claim.lines] == [D(90), D(80)]
    assert [ln.amounts.contractual for ln in claim.lines] == [D(10), D(20)]
    assert claim.state is ClaimState.ADJUSTED and claim.amounts.paid == D(170)


def test_units_pick_among_lines_with_the_same_key_and_loose_matching() -> None:
    claim = billed(
        "A",
        line(charge="50", units="1"),
        line(charge="150", units="3"),
        line("97110", "40", day=DAY.replace(day=9)),
    )
    result = reconcile(
        [claim],
        [
            remit(
                "T1",
                JAN,
                clp(
                    "A",
                    "240",
                    "240",
                    svc(charge="150", paid="150", units="3"),
                    svc(charge="50", paid="50", units="1"),
                    svc("97110", "40", "40", day=None, modifiers=("GP",)),
                ),
            )
        ],
    )
    lines = result.claims[0].lines
    assert [ln.amounts.paid for ln in lines] == [D(50), D(150), D(40)]
    assert lines[2].match is LineMatchMethod.PROCEDURE_LOOSE


def test_remark_codes_and_allowed_from_amt_b6() -> None:
    result = reconcile(
        [billed("A")],
        [
            remit(
                "T1",
                JAN,
                clp(
                    "A",
                    "100",
                    "60",
                    svc(
                        paid="60",
                        allowed="80",
                        remarks=("N130", "M15"),
                        adjustments=(("CO", "45", "20"), ("PR", "3", "20")),
                    ),
                    patient="20",
                ),
            )
        ],
    )
    (claim,) = result.claims
    assert claim.remark_codes == ("N130", "M15") and claim.lines[0].remark_codes == ("N130", "M15")
    assert (claim.amounts.allowed, claim.lines[0].amounts.allowed) == (D(80), D(80))
    assert claim.amounts.patient_responsibility == D(20)


def test_claims_carry_the_billed_payer_name_unmatched_payments_the_remittances() -> None:
    result = reconcile(
        [billed("A", payer_name="BILLED NAME A"), billed("B", payer_id="P2", payer_name="NAME B")],
        [remit("T1", JAN, clp("A", "100", "100", svc()), clp("ZZZ", "100", "100", svc()))],
    )
    assert [c.payer_name for c in result.claims] == ["BILLED NAME A", "NAME B"]
    assert [c.state for c in result.claims] == [ClaimState.PAID, ClaimState.PENDING]
    (orphan,) = result.unmatched_payments
    assert orphan.payer_name == "PAYER" and orphan.payer_id == "PAYER1"
    assert "BILLED NAME" not in repr(result.claims[0])  # masked like the encounter's


def test_common_and_general_paths_agree_on_one_claim() -> None:
    """A one-payment claim takes the lean path; the same payment with a PLB entry that
    does not change the money (an FB of 0 naming the claim) takes the general path."""
    lines = (line("99213", "100", control="L1"), line("36415", "40"))
    payment = clp(
        "A",
        "140",
        "95",
        svc("99213", "100", "80", control="L1", adjustments=(("CO", "45", "15"), ("PR", "2", "5"))),
        svc(
            "36415",
            "40",
            "15",
            adjustments=(("CO", "45", "20"), ("PR", "1", "5")),
            remarks=("N130",),
        ),
        icn="ICN1",
        patient="10",
    )
    lean = reconcile([billed("A", *lines)], [remit("T1", JAN, payment)]).claims[0]
    general = reconcile(
        [billed("A", *lines)], [remit("T1", JAN, payment, adjustments=(plb("FB", "ICN1", "0"),))]
    ).claims[0]
    assert lean == general
    assert lean.state is ClaimState.PAID
    assert [ln.state for ln in lean.lines] == [LineState.PAID] * 2
    assert lean.amounts.paid == D(95) and lean.amounts.contractual == D(35)
    assert lean.amounts.patient_responsibility == D(10) and lean.amounts.allowed == D(105)
    assert lean.remark_codes == ("N130",)


def test_a_remittance_without_a_transaction_is_no_payment() -> None:
    from test_remittance_strays import TEXT

    from medclaims.remittance import parse_835

    [holder] = parse_835(TEXT[: TEXT.index("ST*")])
    paid = remit("T1", JAN, clp("A", "100", "100", svc()))
    result = reconcile([billed("A")], [holder, paid])
    assert [c.trace_number for c in result.cash] == ["T1"]
    # Its read issues (the envelope trailers it lacks) reach the result, named by input.
    assert [(i.code, i.severity, i.path) for i in result.issues] == [
        *((i.code, i.severity, "remittances[0]") for i in holder.issues),
        ("reconcile.no_transaction", Severity.INFO, "remittances[0]"),
    ]
    assert holder.issues
    assert result.claims[0].state is ClaimState.PAID
