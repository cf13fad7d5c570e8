"""Property: random remittances survive ``write_835`` → ``parse_835`` unchanged.

Remittances come from :mod:`strategies_835`, balanced by construction (the
strategy's arithmetic is cross-checked against
:func:`~medclaims.remittance.balancing.check_balancing`). Written and parsed
back they must equal the originals field for field (record equality ignores
``source_segments`` and ``delimiters``; ``issues`` are compared separately),
raise no balancing issue, and keep balancing issues for each deliberate
imbalance, one rule at a time.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies_835 import IMBALANCE_KINDS, imbalanced, negate, rebalance, remittances

from medclaims.remittance import Remittance, parse_835, write_835
from medclaims.remittance.balancing import check_balancing
from medclaims.x12 import Delimiters

BALANCING = {
    "line": "line-unbalanced",
    "claim": "claim-unbalanced",
    "transaction": "payment-unbalanced",
}
EXAMPLES = settings(max_examples=25, deadline=None)


def _round_trip(remittances: list[Remittance]) -> list[Remittance]:
    text = write_835(remittances)
    assert isinstance(text, str)
    return parse_835(text)


def _without_issues(r: Remittance) -> Remittance:
    return attrs.evolve(r, issues=())


def _balancing_codes(r: Remittance) -> set[str]:
    return {i.code for i in r.issues} & set(BALANCING.values())


@EXAMPLES
@given(remittances())
def test_strategy_draws_balanced_remittances(remittance: Remittance) -> None:
    assert check_balancing(remittance) == []


@EXAMPLES
@given(remittances())
def test_write_then_parse_gives_the_same_records(remittance: Remittance) -> None:
    [back] = _round_trip([remittance])
    assert back.header == remittance.header
    assert back.claims == remittance.claims
    assert back.provider_adjustments == remittance.provider_adjustments
    assert back.header_numbers == remittance.header_numbers
    assert _without_issues(back) == remittance
    assert _balancing_codes(back) == set()


@settings(max_examples=15, deadline=None)
@given(remittances(version="4010"))
def test_4010_remittances_round_trip(remittance: Remittance) -> None:
    [back] = _round_trip([remittance])
    assert back.version == "004010X091A1"
    assert _without_issues(back) == remittance
    assert _balancing_codes(back) == set()


_DELIMITER_SETS = st.permutations("|>^!~*:").map(
    lambda chars: Delimiters(chars[0], chars[1], chars[2], chars[3])
)


@settings(max_examples=15, deadline=None)
@given(remittances(), _DELIMITER_SETS)
def test_round_trip_with_any_delimiters(remittance: Remittance, delimiters: Delimiters) -> None:
    text = write_835([remittance], delimiters)
    back = parse_835(text)
    assert back[0].delimiters == delimiters
    assert [_without_issues(r) for r in back] == [remittance]


@settings(max_examples=10, deadline=None)
@given(st.lists(remittances(max_claims=2), min_size=2, max_size=3))
def test_several_remittances_round_trip_in_order(items: list[Remittance]) -> None:
    # Control numbers must differ inside one group.
    items = [
        attrs.evolve(r, header=attrs.evolve(r.header, control_number=f"{n + 1:04d}"))
        for n, r in enumerate(items)
    ]
    back = _round_trip(items)
    assert [_without_issues(r) for r in back] == items


@EXAMPLES
@given(
    remittances(min_claims=1, min_lines=1),
    st.sampled_from(IMBALANCE_KINDS),
    st.integers(-10_000, 10_000).filter(bool).map(lambda n: Decimal(n).scaleb(-2)),
)
def test_each_imbalance_is_reported_alone(
    remittance: Remittance, kind: str, delta: Decimal
) -> None:
    broken = imbalanced(remittance, kind, delta)
    assert broken.payment is not None
    assume(broken.payment.amount != 0 or broken.payment.handling_code == "H")
    assert {i.code for i in check_balancing(broken)} == {BALANCING[kind]}
    [back] = _round_trip([broken])
    assert _balancing_codes(back) == {BALANCING[kind]}
    assert _without_issues(back) == broken


@settings(max_examples=15, deadline=None)
@given(remittances(min_claims=1))
def test_reversals_round_trip_with_negated_amounts(remittance: Remittance) -> None:
    reversed_ = rebalance(
        attrs.evolve(
            remittance, claims=tuple(c if c.is_reversal else negate(c) for c in remittance.claims)
        )
    )
    for claim in reversed_.claims:
        assert claim.is_reversal
        assert claim.charge_amount is not None and claim.charge_amount <= 0
    assert check_balancing(reversed_) == []
    [back] = _round_trip([reversed_])
    assert _without_issues(back) == reversed_
    assert all(c.is_reversal for c in back.claims)
    assert _balancing_codes(back) == set()
