"""Parsing an 835 generates no code, whatever optional segments its claims carry and in
whichever order: record construction costs the same for every shape of claim (issue 18).

Counted with an audit hook (behaviour, not time): after one warm-up parse, which may
import what the parser imports lazily, a parse runs no ``compile`` and no ``exec``.
"""

from __future__ import annotations

import io
import random
import sys

from _codegen import count_code_generation
from _shared import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_835 import remittances

from medclaims.remittance import Remittance, parse_835, write_835

sys.path.insert(0, str(SAMPLES.parent / "benchmarks"))
from varied_835 import varied_835


def _warm_up() -> None:
    for path in sorted(SAMPLES.glob("*.835")):
        parse_835(path.read_bytes())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(remittances(min_claims=1, max_claims=4), min_size=1, max_size=3))
def test_parse_835_generates_no_code_for_drawn_remittances(rems: list[Remittance]) -> None:
    _warm_up()
    text = write_835(rems)
    with count_code_generation() as generated:
        parsed = parse_835(text)
    assert generated == [0]
    assert [len(r.claims) for r in parsed] == [len(r.claims) for r in rems]


def test_parse_835_generates_no_code_for_varied_multi_payer_content() -> None:
    _warm_up()
    for seed in range(3):
        claims = varied_835(150_000, seed=seed).count("~CLP*")
        for layout in ("plain", "mixed"):
            text = varied_835(150_000, layout=layout, seed=seed)
            with count_code_generation() as generated:
                parsed = parse_835(text)
            assert generated == [0], (seed, layout)
            assert sum(len(r.claims) for r in parsed) == claims


def test_claims_whose_fields_come_in_another_order_are_equal() -> None:
    # The same claim with its optional 2100 segments shuffled: the same record.
    text = varied_835(60_000, seed=5)
    rng = random.Random(5)
    term = text[105]
    segments = text.split(term)
    out, block = [], []
    for seg in segments:
        if seg.startswith(("NM1*IL", "NM1*82", "NM1*TT", "NM1*PR*2", "NM1*74")):
            block.append(seg)
            continue
        if block:
            rng.shuffle(block)
            out += block
            block = []
        out.append(seg)
    shuffled = term.join(out)
    assert shuffled != text or "NM1*IL" not in text
    first = [c for r in parse_835(text) for c in r.claims]
    second = [c for r in parse_835(shuffled) for c in r.claims]
    fields = ("patient", "insured", "rendering_provider", "crossover_carrier", "paid_amount")
    assert [[getattr(c, f) for f in fields] for c in first] == [
        [getattr(c, f) for f in fields] for c in second
    ]


def test_mixed_layouts_read_like_the_plain_one_on_every_path() -> None:
    # Each interchange in its own layout (separators, terminators, line breaks): the
    # fast path splits each with its own delimiters; small chunks send pieces the
    # careful way. The claims are the same as in the plain layout.
    plain = varied_835(80_000, seed=9)
    mixed = varied_835(80_000, layout="mixed", seed=9)

    def amounts(rems: list[Remittance]) -> list[tuple[object, ...]]:
        return [
            (c.patient_control_number, c.charge_amount, c.paid_amount, len(c.service_lines))
            for r in rems
            for c in r.claims
        ]

    expected = amounts(parse_835(plain))
    assert amounts(parse_835(mixed)) == expected
    assert amounts(parse_835(io.BytesIO(mixed.encode()))) == expected
    assert all(not r.issues for r in parse_835(mixed))
