"""Property: reconciliation recovers exactly what a simulated payer did.

The simulated payer (``strategies_payer``) pays, partially pays, denies,
reverses and corrects, recoups (fully or partly, in a later remittance) and
pays interest; it may send a remittance twice and the files arrive in any
order. Reconciliation must report each claim's state and amounts as the
simulation applied them, and every payment must balance.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given, settings
from strategies_payer import Simulation, simulations

from medclaims.reconcile import Reconciliation, reconcile
from medclaims.remittance import parse_835, write_835


def _check(sim: Simulation, result: Reconciliation) -> None:
    assert len(result.claims) == len(sim.encounters)
    for claim in result.claims:
        expected = sim.outcomes[claim.patient_control_number]
        a = claim.amounts
        got = (
            claim.state,
            a.billed,
            a.paid,
            a.allowed,
            a.patient_responsibility,
            a.contractual,
            a.other_adjustments,
            a.interest,
            a.recouped,
            len(claim.payments),
            a.denied,
        )
        assert got == attrs.astuple(expected, recurse=False), sim.decisions[
            claim.patient_control_number
        ]
        # The invariant of docs/reconcile.md, for every claim and line.
        for amounts in (a, *(ln.amounts for ln in claim.lines)):
            assert amounts.billed == (
                amounts.paid
                + amounts.contractual
                + amounts.other_adjustments
                + amounts.patient_responsibility
                + amounts.open_balance
            )
            assert 0 <= amounts.denied <= max(amounts.open_balance, Decimal(0))
        if claim.payments:
            net_claim_paid = sum((p.paid for p in claim.payments), Decimal(0))
            assert sum((ln.amounts.paid for ln in claim.lines), Decimal(0)) == net_claim_paid
            assert all(
                p.match is not None and not p.match.fuzzy and not p.match.cross_payer
                for p in claim.payments
            )
    assert result.unmatched_payments == ()
    assert len(result.duplicates) == (1 if sim.duplicated_trace else 0)
    if sim.duplicated_trace:
        assert result.duplicates[0].trace_number == sim.duplicated_trace
        assert result.duplicates[0].identical
    assert len(result.cash) == len({id(r) for r in sim.remittances}) and result.balanced
    distinct = {(r.payment.trace_number if r.payment else "") for r in sim.remittances}
    assert sorted(c.trace_number for c in result.cash) == sorted(distinct)
    dates = [c.payment_date for c in result.cash]
    assert dates == sorted(d for d in dates if d is not None)


@settings(max_examples=300, deadline=None)
@given(simulations())
def test_reconciliation_recovers_the_simulated_payer(sim: Simulation) -> None:
    _check(sim, reconcile(sim.encounters, sim.remittances))


@settings(max_examples=120, deadline=None)
@given(simulations(max_claims=5))
def test_recovered_through_written_and_parsed_835s(sim: Simulation) -> None:
    parsed = [parse_835(write_835([r])) for r in sim.remittances]
    for remittances in parsed:
        assert [i.code for r in remittances for i in r.issues] == []
    _check(sim, reconcile(sim.encounters, parsed))
