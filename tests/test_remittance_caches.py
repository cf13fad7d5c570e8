"""The parser's value caches (whole CAS segments, LQ remark codes) never change what is read.

Lines draw their CAS and LQ segments from a small pool, so the same text
repeats across lines (cache hits), alongside one-off amounts (misses),
multi-triple and unclean CAS (never cached) and the cache limits forced
small so that clears happen mid-file. Each line's adjustments and remark
codes must be what its own segments say, computed here from the text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from _shared import interchange_text
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.remittance import Adjustment, parse_835
from medclaims.remittance._parse import lines as _lines

HEADER = [
    "BPR*I*0*C*NON************20260115",
    "TRN*1*T1*1512345678",
    "N1*PR*PLAN",
    "N1*PE*CLINIC*XX*1234567893",
    "LX*1",
]

POOL = [
    "CAS*CO*45*20",
    "CAS*PR*2*20",
    "CAS*PR*1*15.5",
    "CAS*CO*45*20**253*0.4",
    "CAS*CO*45*20*2",
    "CAS*OA*23*-3",
    "CAS*CO*45*abc",
    "CAS*CO**5",
]
CAS = st.one_of(
    st.sampled_from(POOL), st.integers(1, 10**6).map(lambda c: f"CAS*CO*45*{c / 100:.2f}")
)
LINE = st.tuples(
    st.lists(CAS, max_size=3), st.lists(st.sampled_from(["N130", "M15", "MA130"]), max_size=2)
)


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except ArithmeticError:
        return None


def expected_adjustments(segments: list[str]) -> tuple[Adjustment, ...]:
    out = []
    for seg in segments:
        els = [*seg.split("*"), "", ""]
        for pos in range(2, len(els) - 2, 3):
            if els[pos] or els[pos + 1]:
                out.append(
                    Adjustment(els[1], els[pos], _number(els[pos + 1]), _number(els[pos + 2]))
                )
    return tuple(out)


@pytest.mark.parametrize("limit", [1, 2, 4096])
@settings(max_examples=40, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=12))
def test_cached_values_equal_what_each_line_says(
    limit: int, lines: list[tuple[list[str], list[str]]]
) -> None:
    # Each line pays 100 less its clean adjustments, so the 2110 balance holds
    # exactly when the cached totals are right.
    body = [f"CLP*PCN1*1*{100 * len(lines)}*0**12*ICN1"]
    for cas, remarks in lines:
        total = sum(
            (a.amount for a in expected_adjustments(cas) if a.amount is not None), Decimal(0)
        )
        body += [f"SVC*HC:99213*100*{100 - total}", *cas, *(f"LQ*HE*{code}" for code in remarks)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_lines, "_CAS_CACHE_LIMIT", limit)
        patch.setattr(_lines, "_CACHE_LIMIT", limit)
        [rem] = parse_835(interchange_text([*HEADER, *body]))
    [claim] = rem.claims
    assert len(claim.service_lines) == len(lines)
    for line, (cas, remarks) in zip(claim.service_lines, lines, strict=True):
        assert line.adjustments == expected_adjustments(cas)
        assert line.remark_codes == tuple(remarks)
    assert "line-unbalanced" not in [issue.code for issue in rem.issues]


def test_caches_keep_no_long_key() -> None:
    """Huge crafted values are read, but no cache holds on to them after their segment."""
    from medclaims.remittance._parse.transactions import Parser
    from medclaims.remittance.parser import _segments
    from medclaims.x12.values import KEY_LIMIT, amount_cache, date_cache

    long_amount = "1" * 1000 + ".00"
    long_code = "N" + "9" * 1000
    body = [
        f"CLP*A*1*{long_amount}*{long_amount}**12*I*11*1",
        "NM1*82*1*" + "R" * 1000 + "****XX*1234567893",
        "MOA***" + "M" * 1000,
        "SVC*HC:" + "9" * 1000 + f"*{long_amount}*{long_amount}**1",
        "CAS*CO*" + "4" * 1000 + "*0",
        "CAS*CO*45*0*" + "1" * 1000,
        f"LQ*HE*{long_code}",
        "SVC*HC:99213*10*10**1",
        "LQ*HE*N130",  # short keys: cached as usual
    ]
    parser = Parser(strict=False, keep_source=False)
    parser.run(_segments(interchange_text([*HEADER, *body]), parser))
    [(fields, _)] = parser.finished
    [claim] = fields["claims"]
    assert claim.charge_amount == Decimal(long_amount)
    assert claim.service_lines[0].remark_codes == (long_code,)
    caches = [
        parser.cas_cache,
        parser.cas_one,
        parser.remark_tuples,
        parser.procedure_cache,
        parser.entity_cache,
        parser.moa_cache,
        amount_cache,
        date_cache,
    ]
    assert all(len(key) <= KEY_LIMIT for cache in caches for key in cache)
    assert list(parser.procedure_cache) == ["HC:99213"] and list(parser.remark_tuples) == ["N130"]
