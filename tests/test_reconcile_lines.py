"""Shared adjustment totals (``medclaims.reconcile._engine.lines.adjustment_totals``)."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.codes import DenialCategory
from medclaims.reconcile._engine.lines import adjustment_totals
from medclaims.reconcile.model import AdjustmentTotal


def test_equal_tallies_share_one_tuple_and_zero_totals_are_dropped() -> None:
    first = adjustment_totals({("CO", "45"): D("20.00"), ("PR", "2"): D("0.00")})
    second = adjustment_totals({("CO", "45"): D("20.00"), ("PR", "2"): D("-0")})
    assert first is second
    assert first == (AdjustmentTotal("CO", "45", D("20.00"), DenialCategory.CONTRACTUAL),)
    assert adjustment_totals({("PR", "1"): D("0")}) == ()
    assert adjustment_totals({}) == ()


def test_amounts_with_another_exponent_get_their_own_records() -> None:
    two_places = adjustment_totals({("PR", "2"): D("30.00")})
    one_place = adjustment_totals({("PR", "2"): D("30.0")})
    assert two_places is not one_place
    assert str(two_places[0].amount) == "30.00" and str(one_place[0].amount) == "30.0"


_KEYS = st.sampled_from([("CO", "45"), ("PR", "2"), ("PR", "1"), ("OA", "23"), ("CO", "97")])
_AMOUNTS = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_KEYS, _AMOUNTS, max_size=5))
def test_totals_keep_the_order_values_and_exponents_of_the_tally(
    tally: dict[tuple[str, str], D],
) -> None:
    totals = adjustment_totals(tally)
    expected = [(group, reason, str(amount)) for (group, reason), amount in tally.items() if amount]
    assert [(t.group, t.reason, str(t.amount)) for t in totals] == expected
    assert adjustment_totals(dict(tally)) is totals
