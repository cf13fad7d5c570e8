"""Loops with thousands of repeats of one segment: every item kept in order, in linear time.

Adding to a tuple copies it, so a parser that grows ``references`` or
``adjustments`` one tuple at a time takes quadratic time: a crafted file of a
few megabytes would keep it busy for hours. Like the X12 fuzz, this bounds
the time per input generously (it guards against a hang, it does not measure
speed: see ``benchmarks/``).
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from test_remittance_parser import text_835

from medclaims.remittance import parse_835, write_835

REPEATS = 50_000
SECONDS_PER_INPUT = 10.0  # linear code needs well under one; quadratic, minutes
CLAIM = "CLP*PCN1*1*10*10**12*ICN1*11*1"
LINE = "SVC*HC:99213*10*10**1"


def _items(rem: object, where: str, field: str) -> tuple[object, ...]:
    claim = rem.claims[0]  # type: ignore[attr-defined]
    record = claim.service_lines[0] if where == "line" else claim
    value = getattr(record, field)
    assert type(value) is tuple or field in ("amounts", "quantities")
    return tuple(value)


@pytest.mark.parametrize(
    ("where", "segment", "field"),
    [
        ("claim", "CAS*CO*45*0", "adjustments"),
        ("line", "CAS*CO*45*0", "adjustments"),
        ("claim", "REF*F8*R{n}", "references"),
        ("line", "REF*6P*R{n}", "references"),
        ("claim", "PER*CX*NAME{n}", "contacts"),
        ("line", "LQ*HE*N{n}", "remark_codes"),
        ("claim", "AMT*Q{n}*1", "amounts"),
        ("line", "QTY*Q{n}*1", "quantities"),
    ],
)
def test_many_repeats_are_kept_in_order_in_bounded_time(
    where: str, segment: str, field: str
) -> None:
    repeated = [segment.format(n=n) for n in range(REPEATS)]
    body = ["LX*1", CLAIM, *(repeated if where == "claim" else [LINE, *repeated])]
    if where == "claim":
        body.append(LINE)
    text = text_835(body, "10")
    started = time.perf_counter()
    [rem] = parse_835(text)
    written = write_835([rem])
    elapsed = time.perf_counter() - started
    items = _items(rem, where, field)
    assert len(items) == REPEATS
    if field in ("amounts", "quantities"):
        assert items[:2] == ("Q0", "Q1") and items[-1] == f"Q{REPEATS - 1}"
    elif field == "adjustments":
        assert {a.amount for a in items} == {Decimal(0)}  # type: ignore[attr-defined]
    else:
        last = items[-1]
        code = getattr(last, "value", getattr(last, "name", last))
        assert str(code).endswith(str(REPEATS - 1))
    assert written.count(segment.split("*")[0] + "*") >= REPEATS
    assert elapsed < SECONDS_PER_INPUT, f"{REPEATS} repeats took {elapsed:.1f}s"


def test_several_cas_lq_and_ref_in_one_line_keep_their_order() -> None:
    body = [
        "LX*1",
        "CLP*PCN1*1*100*40**12*ICN1*11*1",
        "CAS*OA*23*10",
        "CAS*CO*45*10",
        "SVC*HC:99213*80*40**1",
        "CAS*CO*45*20",
        "CAS*PR*2*10*1",
        "CAS*OA*23*10",
        "LQ*HE*N1",
        "LQ*HE*N2",
        "REF*6P*A",
        "REF*6R*LINE1",
        "REF*LU*B",
        "SVC*HC:99214*0*0**1",
        "LQ*HE*N1",
    ]
    [rem] = parse_835(text_835(body, "40"))
    claim = rem.claims[0]
    first, second = claim.service_lines
    assert [(a.group_code, a.reason_code) for a in claim.adjustments] == [
        ("OA", "23"),
        ("CO", "45"),
    ]
    assert [(a.group_code, a.reason_code, a.quantity) for a in first.adjustments] == [
        ("CO", "45", None),
        ("PR", "2", Decimal(1)),
        ("OA", "23", None),
    ]
    assert first.remark_codes == ("N1", "N2") and second.remark_codes == ("N1",)
    assert [(r.qualifier, r.value) for r in first.references] == [("6P", "A"), ("LU", "B")]
    assert first.line_control_number == "LINE1"
    assert all(
        type(v) is tuple
        for v in (claim.adjustments, first.adjustments, first.remark_codes, first.references)
    )
    assert not [i for i in rem.issues if i.code.endswith("unbalanced")]
