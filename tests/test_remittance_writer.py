"""write_835: lossless write back, writing changed or hand-built records from fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from test_remittance_parser import text_835

from medclaims.remittance import (
    Address,
    Adjustment,
    ClaimPayment,
    Contact,
    Entity,
    Payee,
    Payer,
    Payment,
    Procedure,
    ProviderAdjustment,
    Remittance,
    RemittanceHeader,
    ServicePayment,
    parse_835,
    write_835,
)
from medclaims.x12 import Delimiters, InterchangeHeader, read_segments


def element_lists(text: str) -> list[list[list[str]]]:
    """Each segment's elements split into components, ISA padding stripped."""
    out = []
    for seg in read_segments(text):
        comp = seg.delimiters.component
        els = seg.elements
        if seg.id == "ISA":
            els = [e.strip() for e in els[:11] + els[12:16]]
        out.append([e.split(comp) for e in els])
    return out


ODD = [
    "CUR*PR*USD",
    "LX*1",
    "TS3*1234567893*11*20261231*1*100",
    "CLP*PCN1*1*100.00*080*20*12*ICN1*11*1",
    "NM1*QC*1*DOE*JANE****MI*MBR1",
    "DTM*232*20251301",
    "ZZZ*KEEP*ME",
    "SVC*HC:99213:25::59*100.00*080**1",
    "DTM*472*20251201",
    "CAS*CO*45*.5*1*253*19.50",
    "LQ*RX*1",
    "REF*6R*L1*EXTRA",
    "PLB*1234567893*20261231*WO*20.0",
]


def test_parsed_835_is_written_back_segment_for_segment() -> None:
    text = text_835(ODD, "60")
    [rem] = parse_835(text)
    assert rem.issues  # odd on purpose: the bad date and the unexpected ZZZ
    assert element_lists(write_835([rem])) == element_lists(text)


def test_write_with_other_delimiters_keeps_the_data() -> None:
    text = text_835(ODD, "60")
    rems = parse_835(text)
    other = write_835(rems, Delimiters("|", ">", "\n", "^"))
    assert "|" in other and "~" not in other
    assert element_lists(other) == element_lists(text)
    assert parse_835(other)[0].claims == rems[0].claims


def test_changed_records_are_written_from_fields() -> None:
    [rem] = parse_835(
        text_835(
            [
                "LX*1",
                "CLP*PCN1*1*100*80*20*12*ICN1*11*1",
                "NM1*QC*1*DOE*JANE****MI*MBR1",
                "SVC*HC:99213*100*80**1",
                "CAS*PR*2*20",
            ],
            "80",
        )
    )
    claim = attrs.evolve(rem.claims[0], paid_amount=Decimal("79.99"))
    changed = attrs.evolve(rem, claims=(claim,))
    written = write_835([changed])
    assert "CLP*PCN1*1*100*79.99*20*12*ICN1*11*1~" in written
    [again] = parse_835(written)
    assert again.claims == changed.claims
    assert again.header == rem.header
    assert [i.code for i in again.issues] == ["claim-unbalanced", "payment-unbalanced"]


ISA = InterchangeHeader.create(
    sender=("ZZ", "PAYER"),
    receiver=("ZZ", "PROVIDER"),
    control_number=7,
    created_at=dt.datetime(2026, 1, 1, 12, 0),
)
money = st.decimals(
    min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False
)
codes = st.text(alphabet="ABCDEFGHJK0123456789", min_size=1, max_size=8)


@st.composite
def lines(draw: st.DrawFn) -> ServicePayment:
    charge, adjusted = draw(money), draw(money)
    return ServicePayment(
        procedure=Procedure("HC", draw(codes), tuple(draw(st.lists(codes, max_size=4)))),
        charge_amount=charge,
        paid_amount=charge - adjusted,
        units=draw(st.none() | st.just(Decimal(1))),
        service_date=draw(st.none() | st.dates(min_value=dt.date(1990, 1, 1))),
        adjustments=(Adjustment("CO", draw(codes), adjusted),),
        line_control_number=draw(st.none() | codes),
        remark_codes=tuple(draw(st.lists(codes, max_size=2))),
    )


@st.composite
def claims(draw: st.DrawFn) -> ClaimPayment:
    service = tuple(draw(st.lists(lines(), min_size=1, max_size=3)))
    charge = sum((line.charge_amount for line in service), Decimal(0))  # type: ignore[misc]
    paid = sum((line.paid_amount for line in service), Decimal(0))  # type: ignore[misc]
    return ClaimPayment(
        patient_control_number=draw(codes),
        status_code=draw(st.sampled_from("1234")),
        charge_amount=charge,
        paid_amount=paid,
        patient_responsibility=draw(st.none() | money),
        filing_indicator="12",
        payer_claim_control_number=draw(codes),
        patient=Entity(
            "QC", "1", draw(codes), draw(codes), id_qualifier="MI", identifier=draw(codes)
        ),
        received_date=draw(st.none() | st.dates(min_value=dt.date(1990, 1, 1))),
        service_lines=service,
        header_number="1",
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(claims(), min_size=1, max_size=4), money)
def test_hand_built_remittance_parses_back_to_itself(
    claim_list: list[ClaimPayment], plb: Decimal
) -> None:
    paid = sum((c.paid_amount for c in claim_list), Decimal(0))  # type: ignore[misc]
    header = RemittanceHeader(
        control_number="0001",
        implementation_reference="005010X221A1",
        interchange=ISA,
        group=None,
        payment=Payment(
            "I",
            paid - plb,
            "C",
            "CHK",
            date=dt.date(2026, 1, 2),
            trace_type="1",
            trace_number="CHK1",
            originating_company_id="1999999999",
        ),
        # 1000A requires N3, N4 and PER: without them the file read back has issues.
        payer=Payer(
            "PLAN",
            address=Address(lines=("1 MAIN ST",), city="SPRINGFIELD", state="IL"),
            contacts=(Contact("BL", "EDI", (("TE", "5555550100"),)),),
        ),
        payee=Payee("CLINIC", "XX", "1234567893", npi="1234567893"),
    )
    rem = Remittance(
        header,
        tuple(claim_list),
        (ProviderAdjustment("1234567893", dt.date(2026, 12, 31), "WO", "X1", plb),),
    )
    [again] = parse_835(write_835([rem]))
    assert again.issues == ()
    assert again.claims == rem.claims
    assert again.provider_adjustments == rem.provider_adjustments
    assert again.payment == rem.payment and again.payer == rem.payer
    assert again.payee == rem.payee


def test_kept_segments_with_composites_are_written_from_fields_too() -> None:
    [rem] = parse_835(
        text_835(
            ["LX*1", "CLP*P*1*10*10**12*I*11*1", "ZZZ*A:B*C", "SVC*HC:99213*10*10**1", "YYY*D:E"],
            "10",
        )
    )
    changed = attrs.evolve(rem, claims=(attrs.evolve(rem.claims[0], frequency_code="7"),))
    written = write_835([changed], Delimiters("|", ">", "~", "^"))
    assert "ZZZ|A>B|C~" in written and "YYY|D>E~" in written
    [again] = parse_835(written)
    assert again.claims[0].extra_segments == (("ZZZ", "A>B", "C"),)
    assert again.claims[0].frequency_code == "7"


def test_isa11_follows_the_interchange_version() -> None:
    text = text_835(["LX*1", "CLP*P*1*10*10**12*I*11*1"], "10")
    [rem] = parse_835(text)
    old = attrs.evolve(
        rem,
        header=attrs.evolve(rem.header, interchange=attrs.evolve(rem.interchange, version="00401")),
    )
    written_4010 = write_835([old], Delimiters("|", ">", "~", "^"))
    assert written_4010.split("|")[11] == "U"
    assert parse_835(written_4010)[0].claims == rem.claims
    assert write_835([rem], Delimiters("|", ">", "~", "^")).split("|")[11] == "^"
