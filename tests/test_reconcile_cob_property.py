"""Simulated payer chains (1 to 3 payers, each with a reversal and correction or a
recoupment at random): for every claim the invariant holds and the patient owes what the
last adjudicating payer says. The expected figures come from the simulation, never from
the engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_payer import billed, clp, line, plb, remit, svc

from medclaims.reconcile import reconcile

D = Decimal
CENT = D("0.01")
STATUS = ("19", "20", "3")
"""CLP02 of the first, second and third payer."""


@attrs.frozen
class OtherPayer:
    """A further payer of the billed claim (2320 SBR01, 2330B NM109)."""

    responsibility: str
    payer_id: str


class Billed:
    """A duck-typed encounter with further payers."""

    def __init__(self, claim_id: str, charge: str, others: tuple[OtherPayer, ...]) -> None:
        self._encounter = billed(claim_id, line(charge=charge), payer_id="PAY0")
        self.payer_responsibility = "P"
        self.other_payers = others

    def __getattr__(self, name: str) -> Any:
        return getattr(self._encounter, name)


def _split(draw: st.DrawFn, cents: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, cents), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, cents]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


def _cas(share: int, contractual: int, patient: int, denied: int) -> tuple[Any, ...]:
    out = []
    for group, reason, cents in (
        ("OA", "23", share),
        ("CO", "45", contractual),
        ("PR", "2", patient),
        ("CO", "50", denied),
    ):
        if cents:
            out.append((group, reason, str(D(cents) * CENT)))
    return tuple(out)


@st.composite
def chains(draw: st.DrawFn) -> tuple[list[Any], list[Any], dict[str, Decimal]]:
    """One claim, its payers' remittances (shuffled) and the truth."""
    billed_cents = draw(st.integers(1, 100_000))
    charge = str(D(billed_cents) * CENT)
    payers = draw(st.integers(1, 3))
    listed = draw(st.booleans())
    others = tuple(OtherPayer("ST"[k - 1], f"PAY{k}") for k in range(1, payers)) if listed else ()
    remits: list[Any] = []
    left = billed_cents
    paid_total = recouped_total = 0
    patient = 0
    day = dt.date(2026, 2, 2)
    for k in range(payers):
        payer_id = f"PAY{k}"
        # This payer adjudicates what is left: contractual (the first only), paid,
        # patient's share and denied add up to it; another payer's share is the rest.
        contractual, paid, pr, denied = _split(draw, left, 4)
        if k and draw(st.booleans()):
            contractual = 0  # later payers often take no contractual write-off
        share = billed_cents - left
        total = contractual + paid + pr + denied
        if total != left:  # contractual dropped: it goes to the patient or a denial
            pr += left - total
        money = str(D(paid) * CENT)
        icn = f"ICN{k}"

        def claim(
            status: str, cents_paid: str, cas: tuple[Any, ...], pr_text: str, icn: str = icn
        ) -> Any:
            return clp(
                "A",
                charge,
                cents_paid,
                svc(charge=charge, paid=cents_paid, adjustments=cas),
                status=status,
                patient=pr_text,
                icn=icn,
            )

        final = claim(STATUS[k], money, _cas(share, contractual, pr, denied), str(D(pr) * CENT))
        how = draw(st.sampled_from(["plain", "reverse_correct", "recoup"]))
        if how == "reverse_correct":
            # First a different adjudication: all denied; reversed; then the final one.
            first = claim(STATUS[k], "0", _cas(share, 0, 0, left), "0")
            back = claim("22", "-0", tuple((g, r, f"-{a}") for g, r, a in first.adjustments), "-0")
            back = attrs.evolve(
                back,
                charge_amount=-D(charge),
                service_lines=tuple(
                    attrs.evolve(s, charge_amount=-(s.charge_amount or 0), paid_amount=D(0))
                    for s in back.service_lines
                ),
            )
            back = attrs.evolve(back, adjustments=())
            remits.append(remit(f"T{k}A", day, first, payer_id=payer_id))
            remits.append(
                remit(f"T{k}B", day + dt.timedelta(days=1), back, final, payer_id=payer_id)
            )
        else:
            adjustments = ()
            if how == "recoup" and paid:
                taken = draw(st.integers(1, paid))
                recouped_total += taken
                adjustments = (plb("WO", icn, str(D(taken) * CENT)),)
            remits.append(remit(f"T{k}", day, final, adjustments=adjustments, payer_id=payer_id))
        paid_total += paid
        patient = pr
        left = pr + denied  # what the next payer is asked to cover
        day += dt.timedelta(days=7)
    truth = {
        "paid": D(paid_total - recouped_total) * CENT,
        "patient": D(patient) * CENT,
        "billed": D(billed_cents) * CENT,
    }
    shuffled = draw(st.permutations(remits))
    return [Billed("A", charge, others)], list(shuffled), truth


@settings(max_examples=150, deadline=None)
@given(chains())
def test_payer_chains_keep_the_invariant(
    chain: tuple[list[Any], list[Any], dict[str, Any]],
) -> None:
    claims, remits, truth = chain
    result = reconcile(claims, remits)
    (claim,) = result.claims
    for amounts in (claim.amounts, *(ln.amounts for ln in claim.lines)):
        assert amounts.billed == (
            amounts.paid
            + amounts.contractual
            + amounts.other_adjustments
            + amounts.patient_responsibility
            + amounts.open_balance
        )
        assert 0 <= amounts.denied <= max(amounts.open_balance, D(0))
    a = claim.amounts
    assert a.billed == truth["billed"]
    assert a.paid == truth["paid"]
    assert a.patient_responsibility == truth["patient"]  # the last adjudicating payer's
    assert a.other_adjustments >= 0 and a.contractual >= 0
