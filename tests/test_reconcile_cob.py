"""Coordination of benefits, hand-worked: each payer's stream netted on its own, payers in
sequence, patient responsibility from the last adjudicating payer, the denied amount and
the invariant billed = paid + contractual + other + patient + open, 0 <= denied <= open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from strategies_payer import billed, clp, remit, svc

from medclaims.reconcile import Amounts, ClaimReconciliation, ClaimState, reconcile
from medclaims.reconcile.reports import ActionKind, action_items, overall_summary

D = Decimal
DAY1, DAY2, DAY3 = dt.date(2026, 2, 2), dt.date(2026, 2, 16), dt.date(2026, 3, 2)


@attrs.frozen
class OtherPayer:
    """A further payer of a billed claim, as the 837P reader keeps it (2320/2330B)."""

    responsibility: str
    payer_id: str
    payer_name: str = ""


class Billed:
    """A duck-typed encounter (``EncounterLike``) with further payers."""

    def __init__(self, claim_id: str, payer_id: str, responsibility: str, *others: Any) -> None:
        self._encounter = billed(claim_id, payer_id=payer_id)
        self.payer_responsibility = responsibility
        self.other_payers = tuple(others)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._encounter, name)


def _invariant(a: Amounts) -> None:
    assert a.billed == (
        a.paid + a.contractual + a.other_adjustments + a.patient_responsibility + a.open_balance
    )
    assert 0 <= a.denied <= max(a.open_balance, D(0))


def _one(claims: list[Any], *remits: Any) -> ClaimReconciliation:
    result = reconcile(claims, list(remits))
    claim = result.claims[0]
    _invariant(claim.amounts)
    for line in claim.lines:
        _invariant(line.amounts)
    return claim


def _money(claim: ClaimReconciliation) -> tuple[Decimal, ...]:
    a = claim.amounts
    return (a.paid, a.contractual, a.other_adjustments, a.patient_responsibility, a.open_balance)


def test_secondary_denies_then_reverses_and_pays_keeps_its_contractual() -> None:
    # Billed 100 to the secondary SEC. It denies (CLP02 4, CO-50 100), then reverses the
    # denial and pays 60 with CO-45 30 and PR-2 10 (CLP02 2): contractual 30, open 0.
    claim = Billed("A", "SEC", "S")
    deny = clp("A", "100", "0", svc(paid="0", adjustments=(("CO", "50", "100"),)), status="4")
    back = clp("A", "-100", "0", svc(charge="-100", paid="0", adjustments=(("CO", "50", "-100"),)))
    back = attrs.evolve(back, status_code="22")
    pay = clp(
        "A",
        "100",
        "60",
        svc(paid="60", adjustments=(("CO", "45", "30"), ("PR", "2", "10"))),
        status="2",
        patient="10",
    )
    got = _one(
        [claim],
        remit("T1", DAY1, deny, payer_id="SEC"),
        remit("T2", DAY2, back, pay, payer_id="SEC"),
    )
    assert got.state is ClaimState.ADJUSTED
    assert _money(got) == (D(60), D(30), D(0), D(10), D(0))
    assert got.amounts.denied == 0


def test_paid_reversed_then_patient_liable_denial_keeps_the_patient_share() -> None:
    # Paid 80 (CO-45 20), reversed, re-adjudicated CLP02 4 with PR-204 100 and CLP05 100.
    pay = clp("A", "100", "80", svc(paid="80", adjustments=(("CO", "45", "20"),)))
    back = clp(
        "A", "-100", "-80", svc(charge="-100", paid="-80", adjustments=(("CO", "45", "-20"),))
    )
    back = attrs.evolve(back, status_code="22")
    again = clp(
        "A",
        "100",
        "0",
        svc(paid="0", adjustments=(("PR", "204", "100"),)),
        status="4",
        patient="100",
    )
    got = _one([billed("A")], remit("T1", DAY1, pay), remit("T2", DAY2, back, again))
    assert got.state is ClaimState.ADJUSTED
    assert _money(got) == (D(0), D(0), D(0), D(100), D(0))
    assert got.amounts.denied == 0


def _three_payers() -> tuple[Any, ...]:
    # Billed 100. Primary (19): paid 56, CO-45 30, PR-2 14. Secondary (20): paid 10, OA-23 86
    # (the primary's paid and contractual), PR-2 4. Tertiary (3): paid 4, OA-23 96, PR 0.
    primary = clp(
        "A",
        "100",
        "56",
        svc(paid="56", adjustments=(("CO", "45", "30"), ("PR", "2", "14"))),
        status="19",
        patient="14",
    )
    secondary = clp(
        "A",
        "100",
        "10",
        svc(paid="10", adjustments=(("OA", "23", "86"), ("PR", "2", "4"))),
        status="20",
        patient="4",
    )
    tertiary = clp("A", "100", "4", svc(paid="4", adjustments=(("OA", "23", "96"),)), status="3")
    return (
        remit("T1", DAY1, primary, payer_id="PRIM"),
        remit("T2", DAY2, secondary, payer_id="SEC"),
        remit("T3", DAY3, tertiary, payer_id="TER"),
    )


def test_three_payers_patient_owes_what_the_last_says() -> None:
    got = _one([billed("A", payer_id="PRIM")], *_three_payers())
    assert got.state is ClaimState.PAID
    assert _money(got) == (D(70), D(30), D(0), D(0), D(0))
    # Line amounts follow the same rule.
    assert (got.lines[0].amounts.paid, got.lines[0].amounts.patient_responsibility) == (D(70), 0)


def test_three_payers_in_any_input_order_give_the_same_result() -> None:
    r1, r2, r3 = _three_payers()
    first = _one([billed("A", payer_id="PRIM")], r1, r2, r3)
    shuffled = _one([billed("A", payer_id="PRIM")], r3, r1, r2)
    assert _money(first) == _money(shuffled)


def test_primary_denies_and_the_secondary_pays_with_its_contractual() -> None:
    claim = Billed("A", "PRIM", "P", OtherPayer("S", "SEC", "SECOND MUTUAL"))
    denied = clp("A", "100", "0", svc(paid="0", adjustments=(("CO", "50", "100"),)), status="4")
    paid = clp(
        "A",
        "100",
        "60",
        svc(paid="60", adjustments=(("CO", "45", "30"), ("PR", "2", "10"))),
        status="2",
        patient="10",
    )
    got = _one(
        [claim], remit("T1", DAY1, denied, payer_id="PRIM"), remit("T2", DAY2, paid, payer_id="SEC")
    )
    assert got.state is ClaimState.PAID
    assert _money(got) == (D(60), D(30), D(0), D(10), D(0))


def test_billed_straight_to_the_secondary_the_primary_share_is_not_open() -> None:
    claim = Billed("A", "SEC", "S")
    paid = clp(
        "A",
        "100",
        "30",
        svc(paid="30", adjustments=(("OA", "23", "56"), ("CO", "45", "10"), ("PR", "2", "4"))),
        status="2",
        patient="4",
    )
    got = _one([claim], remit("T1", DAY1, paid, payer_id="SEC"))
    assert got.state is ClaimState.PAID
    assert _money(got) == (D(30), D(10), D(56), D(4), D(0))


def test_awaiting_the_next_payer_of_the_billed_sequence() -> None:
    claim = Billed("A", "PRIM", "P", OtherPayer("S", "SEC"))
    primary = clp(
        "A",
        "100",
        "56",
        svc(paid="56", adjustments=(("CO", "45", "30"), ("PR", "2", "14"))),
        patient="14",
    )
    got = _one([claim], remit("T1", DAY1, primary, payer_id="PRIM"))
    assert got.state is ClaimState.AWAITING_NEXT_PAYER
    assert _money(got) == (D(56), D(30), D(0), D(14), D(0))
    # Without further payers billed, and not forwarded, the same remittance settles it.
    alone = _one([billed("A", payer_id="PRIM")], remit("T1", DAY1, primary, payer_id="PRIM"))
    assert alone.state is ClaimState.PAID


def test_forwarded_by_the_primary_awaits_the_crossover() -> None:
    forwarded = clp(
        "A",
        "100",
        "56",
        svc(paid="56", adjustments=(("CO", "45", "30"), ("PR", "2", "14"))),
        status="19",
        patient="14",
    )
    got = _one([billed("A")], remit("T1", DAY1, forwarded))
    assert got.state is ClaimState.AWAITING_NEXT_PAYER


def test_deductible_only_is_patient_responsibility_not_a_denial() -> None:
    deductible = clp(
        "A",
        "100",
        "0",
        svc(paid="0", adjustments=(("CO", "45", "20"), ("PR", "1", "80"))),
        patient="80",
    )
    contracted = clp(
        "B",
        "100",
        "60",
        svc(paid="60", adjustments=(("CO", "45", "30"), ("PR", "3", "10"))),
        patient="10",
    )
    result = reconcile([billed("A"), billed("B")], [remit("T1", DAY1, deductible, contracted)])
    a, b = result.claims
    assert a.state is ClaimState.PATIENT_RESPONSIBILITY
    assert _money(a) == (D(0), D(20), D(0), D(80), D(0))
    assert b.state is ClaimState.PAID  # a contracted claim paid as agreed
    assert _money(b) == (D(60), D(30), D(0), D(10), D(0))
    assert overall_summary(result).denial_rate_percent == D("0.0")
    assert not [i for i in action_items(result) if i.kind is ActionKind.APPEAL_DENIAL]


def test_partially_denied_and_the_denied_amount() -> None:
    paid = clp(
        "A",
        "150",
        "80",
        svc(paid="80", adjustments=(("CO", "45", "20"),)),
        svc("36415", "50", "0", adjustments=(("CO", "97", "50"),)),
    )
    result = reconcile([billed("A", *_lines())], [remit("T1", DAY1, paid)])
    got = result.claims[0]
    assert got.state is ClaimState.PARTIALLY_DENIED
    assert (got.amounts.denied, got.amounts.open_balance) == (D(50), D(50))
    assert [ln.state.value for ln in got.lines] == ["paid", "denied"]
    # The denial rate counts the denied share of a partially denied claim: 50 of 150.
    assert overall_summary(result).denial_rate_percent == D("33.3")


def _lines() -> tuple[Any, ...]:
    from strategies_payer import line

    return (line(), line("36415", "50"))


def test_a_reversal_without_its_original_is_an_issue() -> None:
    back = attrs.evolve(
        clp("A", "-100", "-80", svc(charge="-100", paid="-80", adjustments=(("CO", "45", "-20"),))),
        status_code="22",
    )
    result = reconcile([billed("A")], [remit("T9", DAY2, back)], remittance_names=["old.835"])
    (issue,) = [i for i in result.issues if i.code == "reconcile.orphan_reversal"]
    assert issue.path == "old.835 trace T9 claim ***"
    assert result.claims[0].state is ClaimState.REVERSED
