"""Hypothesis strategies for other payers (COB) that balance against an encounter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import strategies as st
from strategies_837p import addresses

from medclaims.professional import Encounter
from medclaims.professional.cob import (
    CobAdjustment,
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    OutpatientRemarks,
)

CENT = Decimal("0.01")
_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
_words = st.text(_ALNUM, min_size=2, max_size=12)


@st.composite
def spelled(draw: st.DrawFn, value: Decimal) -> Decimal:
    """The same amount as written by different programs: exponent, trailing zeros, plain."""
    how = draw(st.sampled_from(["plain", "normalized", "cents", "exponent"]))
    if how == "normalized":
        return value.normalize()
    if how == "cents":
        return value.quantize(CENT)
    if how == "exponent" and value == value.to_integral_value() and value:
        return Decimal(int(value)).scaleb(0).normalize()  # 100 -> 1E+2
    return value


def _split(draw: st.DrawFn, total: Decimal, parts: int) -> list[Decimal]:
    cents = int(total / CENT)
    cuts = sorted(draw(st.integers(0, cents)) for _ in range(parts - 1))
    edges = [0, *cuts, cents]
    return [Decimal(edges[i + 1] - edges[i]) * CENT for i in range(parts)]


@st.composite
def other_subscribers(draw: st.DrawFn) -> OtherSubscriber:
    org = draw(st.booleans())
    return OtherSubscriber(
        member_id=draw(_words),
        last_name=draw(_words),
        first_name=None if org else draw(st.none() | _words),
        middle_name=None if org else draw(st.none() | _words),
        is_organization=org,
        address=draw(st.none() | addresses()),
        group_number=draw(st.none() | _words),
        group_name=draw(st.none() | _words),
    )


@st.composite
def other_payer(
    draw: st.DrawFn, encounter: Encounter, responsibility: str, payer_id: str
) -> OtherPayer:
    """An other payer, adjudicated (balanced) or not, for ``encounter``."""
    base = OtherPayer(
        responsibility=responsibility,
        payer_id=payer_id,
        payer_name=draw(_words),
        subscriber=draw(other_subscribers()),
        relationship_code=draw(st.sampled_from(["18", "01", "19", "20", "21", "G8"])),
        claim_filing_indicator=draw(st.sampled_from(["CI", "MB", "MC", "BL"])),
        insurance_type=draw(st.none() | st.sampled_from(["12", "13", "47"])),
        payer_id_qualifier=draw(st.sampled_from(["PI", "XV"])),
        payer_address=draw(st.none() | addresses()),
        benefits_assignment=draw(st.sampled_from(["Y", "N", "W"])),
        release_of_information=draw(st.sampled_from(["Y", "I"])),
        claim_control_number=draw(st.none() | _words),
    )
    if not draw(st.booleans()):
        return base
    day = draw(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
    claim_adj: list[CobAdjustment] = []
    lines: list[LineAdjudication] = []
    paid_total = Decimal(0)
    claim_level = draw(st.booleans())
    for number, line in enumerate(encounter.service_lines, 1):
        if claim_level or not draw(st.integers(0, 4)):
            if line.charge:
                claim_adj.append(
                    CobAdjustment(group_code="CO", reason_code="97", amount=line.charge)
                )
            continue
        paid, co, pr = _split(draw, line.charge, 3)
        adj = [
            CobAdjustment(
                group_code=g,
                reason_code=r,
                amount=draw(spelled(a)),
                quantity=draw(st.none() | st.just(Decimal(1))),
            )
            for g, r, a in (("CO", "45", co), ("PR", "2", pr))
            if a
        ]
        paid_total += paid
        lines.append(
            LineAdjudication(
                line_number=number,
                paid_amount=draw(spelled(paid)),
                procedure_code=line.procedure_code,
                modifiers=line.modifiers,
                paid_units=line.units,
                adjudication_date=day,
                adjustments=tuple(adj),
                remaining_patient_liability=draw(st.none() | st.just(pr)),
            )
        )
    if claim_level and claim_adj:
        # claim level only: pay part of the claim, adjust the rest
        total = encounter.total_charge
        paid_total, co, pr = _split(draw, total, 3)
        claim_adj = [
            CobAdjustment(group_code=g, reason_code=r, amount=a)
            for g, r, a in (("CO", "45", co), ("PR", "1", pr))
            if a
        ]
    return attrs.evolve(
        base,
        paid_amount=draw(spelled(paid_total)),
        adjustments=tuple(claim_adj),
        remaining_patient_liability=draw(st.none() | st.just(Decimal("1.5"))),
        non_covered_amount=draw(st.none() | st.just(Decimal(0))),
        outpatient=draw(
            st.none()
            | st.builds(
                OutpatientRemarks,
                reimbursement_rate=st.just(Decimal("0.8")),
                remark_codes=st.lists(st.sampled_from(["MA01", "N130", "M15"]), max_size=3).map(
                    tuple
                ),
            )
        ),
        adjudication_date=None if lines else day,
        line_adjudications=tuple(lines),
    )


@st.composite
def with_other_payers(draw: st.DrawFn, encounter: Encounter) -> Encounter:
    """``encounter`` billed to its payer as secondary or tertiary, with balanced other payers."""
    n = draw(st.integers(1, 2))
    sequence = "PST"
    others = tuple(
        draw(other_payer(encounter, sequence[i], f"OP{i}{draw(_words)}")) for i in range(n)
    )
    return attrs.evolve(encounter, payer_responsibility=sequence[n], other_payers=others)
