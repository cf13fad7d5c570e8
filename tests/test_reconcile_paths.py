"""The lean paths of reconcile (one payment, pending, exact CLP01 hit) build exactly the
records the general path builds, on random inputs: same states, same Decimals down to
the exponent, same lines, adjustments, remark codes and issues."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_payer import DAY, billed, clp, line, plb, remit, simulations, svc

from medclaims.reconcile import FeeSchedule
from medclaims.reconcile._engine.inputs import billed_claims, remit_view
from medclaims.reconcile._engine.matching import EXACT_MATCH
from medclaims.reconcile._engine.run import _reconcile
from medclaims.reconcile._engine.single import reconcile_pending, reconcile_single
from medclaims.reconcile._engine.states import Attached, reconcile_claim

JAN = dt.date(2026, 2, 1)
_CODES = ("99213", "36415", "97110")


def strict(value: Any) -> Any:
    """Every field, recursively, with Decimals as their text (so 1.0 and 1.00 differ)."""
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    if attrs.has(type(value)):
        return (
            type(value).__name__,
            tuple((a.name, strict(getattr(value, a.name))) for a in attrs.fields(type(value))),
        )
    if isinstance(value, tuple | list):
        return tuple(strict(v) for v in value)
    return value


def _both(claims: Any, remittances: Any, fees: FeeSchedule | None = None) -> None:
    lean = _reconcile(claims, remittances, fees, None, fast=True)
    general = _reconcile(claims, remittances, fees, None, fast=False)
    assert strict(lean) == strict(general)
    assert lean == general


_FEES = st.none() | st.builds(
    FeeSchedule,
    st.fixed_dictionaries(
        {
            (code, ""): st.sampled_from([Decimal("50"), Decimal("80.00"), Decimal("120.5")])
            for code in _CODES
        }
    ),
    tolerance=st.sampled_from([Decimal("0.00"), Decimal("5")]),
)


@settings(max_examples=100, deadline=None)
@given(simulations(), _FEES)
def test_simulated_payer_lean_equals_general(sim: Any, fees: FeeSchedule | None) -> None:
    _both(sim.encounters, sim.remittances, fees)


_AMOUNT = st.sampled_from(["0", "0.00", "-0.00", "5", "10.0", "12.34", "40.00", "100", "-3.00"])


@st.composite
def _one_payment_claims(draw: st.DrawFn) -> tuple[Any, Any]:
    """A few billed lines and one payment whose SVCs land on them in any way: once each,
    twice on one line, on no line (added by the payer), with or without REF*6R."""
    n = draw(st.integers(1, 4))
    lines = [
        line(
            draw(st.sampled_from(_CODES)),
            draw(st.sampled_from(["40", "100.00", "150"])),
            units=draw(st.sampled_from(["1", "2"])),
            control=draw(st.sampled_from([None, f"L{i}", "l0"])),
            modifiers=draw(st.sampled_from([(), ("25",), ("59", "25")])),
        )
        for i in range(n)
    ]
    svcs = []
    for _ in range(draw(st.integers(0, 4))):
        target = lines[draw(st.integers(0, n - 1))]
        code = draw(
            st.sampled_from([target.procedure_code, target.procedure_code.lower(), "80053"])
        )
        adjustments = tuple(
            (
                draw(st.sampled_from(["CO", "PR", "OA", "co"])),
                draw(st.sampled_from(["45", "2", "50", "97", "a1"])),
                draw(_AMOUNT),
            )
            for _ in range(draw(st.integers(0, 3)))
        )
        svcs.append(
            svc(
                code,
                str(target.charge),
                draw(_AMOUNT),
                adjustments=adjustments,
                day=draw(st.sampled_from([DAY, None, dt.date(2026, 1, 6)])),
                units=draw(st.sampled_from([None, "1", "2"])),
                control=draw(st.sampled_from([None, target.line_control_number, " l0 ", "X9"])),
                submitted=draw(st.sampled_from([None, target.procedure_code])),
                modifiers=draw(st.sampled_from([(), target.modifiers, ("25",)])),
                allowed=draw(st.none() | _AMOUNT),
                remarks=draw(st.sampled_from([(), ("N130",), ("N130", "M15", "N130")])),
            )
        )
    payment = clp(
        "A",
        "300",
        draw(_AMOUNT),
        *svcs,
        status=draw(st.sampled_from(["1", "1", "2", "4", "22", " 1"])),
        patient=draw(_AMOUNT),
        icn="ICN1",
        interest=draw(st.sampled_from([None, "0", "1.50"])),
        adjustments=tuple(
            (draw(st.sampled_from(["CO", "OA", "pr"])), "45", draw(_AMOUNT))
            for _ in range(draw(st.integers(0, 2)))
        ),
    )
    extra = draw(st.sampled_from([(), (plb("WO", "ICN1", "5.00"),), (plb("FB", "A", "0"),)]))
    return [billed("A", *lines)], [remit("T1", JAN, payment, adjustments=extra)]


@settings(max_examples=300, deadline=None)
@given(_one_payment_claims(), _FEES)
def test_one_payment_claims_lean_equals_general(
    case: tuple[Any, Any], fees: FeeSchedule | None
) -> None:
    claims, remittances = case
    _both(claims, remittances, fees)
    _both(claims, [], fees)  # every claim pending


def test_lean_paths_are_taken_and_decline_what_they_do_not_cover() -> None:
    lines = (line("99213", "100", control="L1"), line("36415", "40"))
    (claim,) = billed_claims([billed("A", *lines)])
    paid = clp(
        "A",
        "140",
        "95",
        svc("99213", "100", "80", control="l1", adjustments=(("CO", "45", "20"),)),
        svc("36415", "40", "15", adjustments=(("CO", "45", "25"),)),
        icn="ICN1",
    )
    twice = clp(
        "A",
        "140",
        "95",
        svc("99213", "50", "40", control="L1"),
        svc("99213", "50", "40", control="L1"),
        icn="ICN1",
    )
    added = clp(
        "A",
        "140",
        "95",
        svc("99213", "100", "80", control="L1"),
        svc("80053", "40", "15"),
        icn="ICN1",
    )
    signed_zero = clp(
        "A",
        "140",
        "-0.00",
        svc("99213", "100", "0", control="L1", allowed="-0.00"),
        icn="ICN1",
        patient="-0.00",
    )
    view = remit_view(0, remit("T1", JAN, paid))
    for payment, taken in (
        (paid, True),
        (signed_zero, True),
        (twice, False),
        (added, False),
        (attrs.evolve(paid, status_code="22"), False),
        (attrs.evolve(paid, status_code="2"), True),  # one payer, whatever its sequence
        (attrs.evolve(paid, service_lines=()), False),
    ):
        item = Attached(view, 0, payment, EXACT_MATCH)
        lean = reconcile_single(claim, item, None, JAN)
        assert (lean is not None) is taken
        if lean is not None:
            assert strict(lean) == strict(reconcile_claim(claim, [item], (), None, JAN))
    assert reconcile_pending(claim, None, JAN) == reconcile_claim(claim, (), (), None, JAN)


def test_units_choose_among_identical_lines_on_the_lean_path() -> None:
    """Two billed lines with the same code and date: the SVC's units pick the line."""
    (claim,) = billed_claims(
        [billed("A", line("99213", "100", units="1"), line("99213", "100", units="2"))]
    )
    payment = clp("A", "200", "80", svc("99213", "100", "80", units="2"), icn="ICN1")
    item = Attached(remit_view(0, remit("T1", JAN, payment)), 0, payment, EXACT_MATCH)
    lean = reconcile_single(claim, item, None, JAN)
    assert lean is not None
    assert [ln.adjudicated_lines for ln in lean.lines] == [0, 1]
    assert strict(lean) == strict(reconcile_claim(claim, [item], (), None, JAN))
