"""Claim matching by truncated CLP01 (``medclaims.reconcile._engine.matching.ClaimIndex``),
held to the rule as written: the normalized CLP01 is a prefix of exactly one longer
normalized CLM01, the remittance's payer first."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.reconcile._engine.inputs import BilledClaim, norm
from medclaims.reconcile._engine.matching import MIN_PREFIX, ClaimIndex
from medclaims.reconcile.model import MatchMethod

_IDS = st.text(alphabet="AB12", min_size=MIN_PREFIX - 1, max_size=MIN_PREFIX + 3)


def _claims(ids: list[str], payers: list[str]) -> list[BilledClaim]:
    return [
        BilledClaim(i, claim_id, norm(claim_id), payer, "", (), Decimal(0), "P", ())
        for i, (claim_id, payer) in enumerate(zip(ids, payers, strict=True))
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_IDS, st.sampled_from(["P1", "P2"])), min_size=1, max_size=12), st.data())
def test_truncated_clp01_matches_the_one_longer_claim_it_prefixes(
    billed: list[tuple[str, str]], data: st.DataObject
) -> None:
    # Mostly a cut of one billed id (lower-cased at times), else any id.
    cut = data.draw(st.sampled_from([b[0] for b in billed]))
    clp01 = data.draw(
        st.one_of(
            st.integers(MIN_PREFIX - 1, len(cut)).map(lambda n: cut[:n]),
            st.integers(MIN_PREFIX - 1, len(cut)).map(lambda n: cut[:n].lower()),
            _IDS,
        )
    )
    claims = _claims([b[0] for b in billed], [b[1] for b in billed])
    result = ClaimIndex(claims).match(clp01, frozenset({"P1"}))
    key = norm(clp01)
    if any(c.claim_id == clp01 or c.key == key for c in claims) or len(key) < MIN_PREFIX:
        return  # the exact and normalized rules, and too short a CLP01: other tests
    longer = [c.position for c in claims if len(c.key) > len(key) and c.key.startswith(key)]
    same_payer = [p for p in longer if claims[p].payer_key == "P1"]
    deciding = same_payer or longer
    if len(deciding) == 1:
        assert result.position == deciding[0] and result.match is not None
        assert result.match.method is MatchMethod.TRUNCATED
        assert result.match.cross_payer is (not same_payer)
        assert result.candidates == 1
    else:
        assert result.position is None and result.match is None
        assert result.candidates == len(deciding)


def test_a_normalized_equal_wins_and_the_payer_decides_between_prefixes() -> None:
    claims = _claims(["ABCDEF", "ABCDEF12", "ABCDEF1"], ["P1", "P2", "P2"])
    index = ClaimIndex(claims)
    found = index.match("ABCDEF1 ", frozenset({"P9"}))  # normalized: equals claims[2]
    assert found.position == 2 and found.match is not None
    assert found.match.method is MatchMethod.NORMALIZED
    lower = index.match("abcdef", frozenset({"P9"}))  # normalized: equals claims[0]
    assert lower.position == 0
    two = ClaimIndex(_claims(["ABCDEFG2", "ABCDEFG1", "XBCDEFG1"], ["P2", "P1", "P1"]))
    picked = two.match("ABCDEFG", frozenset({"P1"}))
    assert picked.position == 1 and picked.match is not None and not picked.match.cross_payer
    assert two.match("ABCDEFG", frozenset({"P3"})).candidates == 2
