"""parse_835 on small hand-written 835s: every must-show case of the issue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from _shared import interchange_text, isa_text

from medclaims.errors import RemittanceError, X12SyntaxError
from medclaims.remittance import parse_835

HEADER = [
    "BPR*I*{paid}*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20260115",
    "TRN*1*EFT0001*1512345678",
    "DTM*405*20260114",
    "N1*PR*ACME HEALTH PLAN",
    "N3*100 MAIN STREET",
    "N4*SPRINGFIELD*IL*62701",
    "REF*2U*ACME01",
    "PER*BL*EDI SUPPORT*TE*5555550100",
    "N1*PE*SUNNY CLINIC*XX*1234567893",
    "REF*TJ*123456789",
]


def text_835(body: list[str], paid: str = "0", header: list[str] | None = None) -> str:
    """An interchange around HEADER (BPR02 = ``paid``) and ``body``."""
    head = [s.replace("{paid}", paid) for s in (HEADER if header is None else header)]
    return interchange_text([*head, *body])


def one(body: list[str], paid: str = "0", **kw: object) -> object:
    [rem] = parse_835(text_835(body, paid), **kw)  # type: ignore[arg-type]
    return rem


def codes(rem: object) -> list[str]:
    return [i.code for i in rem.issues]  # type: ignore[attr-defined]


BASIC = [
    "LX*1",
    "CLP*PCN1*1*200*130*50*12*ICN1*11*1",
    "NM1*QC*1*DOE*JANE****MI*MBR1",
    "DTM*050*20260102",
    "SVC*HC:99213:25*200*130**1",
    "DTM*472*20251201",
    "CAS*CO*45*20",
    "CAS*PR*2*50",
    "REF*6R*LINE1",
    "AMT*B6*180",
]


def test_basic_claim_fields_and_types() -> None:
    rem = one(BASIC, "130")
    assert codes(rem) == []
    assert rem.control_number == "0001"
    pay = rem.payment
    assert (pay.handling_code, pay.amount, pay.credit_debit, pay.method, pay.format) == (
        "I",
        Decimal("130"),
        "C",
        "ACH",
        "CCP",
    )
    assert pay.date == dt.date(2026, 1, 15)
    assert (pay.trace_number, pay.originating_company_id) == ("EFT0001", "1512345678")
    assert pay.receiver_account == "98765"
    assert rem.production_date == dt.date(2026, 1, 14)
    assert rem.payer.name == "ACME HEALTH PLAN"
    assert rem.payer.address.city == "SPRINGFIELD"
    assert rem.payer.contacts[0].numbers == (("TE", "5555550100"),)
    assert (rem.payee.npi, rem.payee.tax_id) == ("1234567893", "123456789")
    [claim] = rem.claims
    assert claim.patient_control_number == "PCN1"
    assert claim.status_code == "1" and claim.status is not None
    assert (claim.charge_amount, claim.paid_amount, claim.patient_responsibility) == (
        Decimal(200),
        Decimal(130),
        Decimal(50),
    )
    assert (claim.filing_indicator, claim.payer_claim_control_number) == ("12", "ICN1")
    assert (claim.facility_type_code, claim.frequency_code) == ("11", "1")
    assert claim.patient.last_name == "DOE" and claim.patient.identifier == "MBR1"
    assert claim.received_date == dt.date(2026, 1, 2)
    assert claim.header_number == "1"
    [line] = claim.service_lines
    assert line.procedure.qualifier == "HC" and line.procedure.code == "99213"
    assert line.procedure.modifiers == ("25",)
    assert (line.charge_amount, line.paid_amount, line.units) == (
        Decimal(200),
        Decimal(130),
        Decimal(1),
    )
    assert line.service_date == dt.date(2025, 12, 1)
    assert [(a.group_code, a.reason_code, a.amount) for a in line.adjustments] == [
        ("CO", "45", Decimal(20)),
        ("PR", "2", Decimal(50)),
    ]
    assert line.line_control_number == "LINE1"
    assert line.allowed_amount == Decimal(180)
    assert [h.number for h in rem.header_numbers] == ["1"]


def test_reversal_keeps_negative_amounts_and_balances() -> None:
    rem = one(
        [
            "LX*1",
            "CLP*PCN2*22*-200*-130*-50*12*ICN2*11*1",
            "NM1*QC*1*DOE*JANE****MI*MBR1",
            "SVC*HC:99213*-200*-130**1",
            "CAS*CO*45*-20",
            "CAS*PR*2*-50",
            "CLP*PCN2*1*200*130*50*12*ICN3*11*1",
            "NM1*QC*1*DOE*JANE****MI*MBR1",
            "SVC*HC:99213*200*130**1",
            "CAS*CO*45*10*1*253*10",
            "CAS*PR*2*50",
        ],
        "0",
    )
    assert codes(rem) == []
    reversal, correction = rem.claims
    assert reversal.is_reversal and not correction.is_reversal
    assert (reversal.charge_amount, reversal.paid_amount, reversal.patient_responsibility) == (
        Decimal(-200),
        Decimal(-130),
        Decimal(-50),
    )
    assert reversal.service_lines[0].adjustments[1].amount == Decimal(-50)
    # Two triples in one CAS with a quantity on the first.
    first, second, _ = correction.service_lines[0].adjustments
    assert (first.quantity, second.group_code, second.reason_code) == (Decimal(1), "CO", "253")
    assert second.quantity is None


def test_denial_with_claim_level_cas_and_no_lines() -> None:
    rem = one(
        [
            "LX*1",
            "CLP*PCN3*4*300*0*0*12*ICN4*11*1",
            "CAS*CO*50*300",
            "NM1*QC*1*DOE*JANE****MI*MBR1",
            "MOA***MA130*N130",
        ]
    )
    assert codes(rem) == []
    [claim] = rem.claims
    assert claim.is_denied and claim.service_lines == ()
    assert [(a.group_code, a.reason_code, a.amount) for a in claim.adjustments] == [
        ("CO", "50", Decimal(300))
    ]
    assert claim.outpatient.remark_codes == ("MA130", "N130")
    assert claim.outpatient.reimbursement_rate is None


def test_plb_pairs_with_composite_references() -> None:
    rem = one(
        [
            "LX*1",
            "CLP*PCN1*1*100*100**12*ICN1*11*1",
            "NM1*QC*1*DOE*JANE****MI*MBR1",
            "PLB*1234567893*20261231*WO:ICN9*75*FB:FWD1*-25",
            "PLB*1234567893*20261231*L6:INT1*-5.50*72*30",
        ],
        "25.50",
    )
    assert codes(rem) == []  # 100 - (75 - 25 - 5.50 + 30) = 25.50
    got = [(p.reason_code, p.reference_id, p.amount) for p in rem.provider_adjustments]
    assert got == [
        ("WO", "ICN9", Decimal(75)),
        ("FB", "FWD1", Decimal(-25)),
        ("L6", "INT1", Decimal("-5.50")),
        ("72", "", Decimal(30)),
    ]
    assert {p.fiscal_period_date for p in rem.provider_adjustments} == {dt.date(2026, 12, 31)}
    assert rem.provider_adjustments[0].provider_id == "1234567893"


def test_bundled_line_with_original_procedure() -> None:
    rem = one(
        [
            "LX*1",
            "CLP*PCN5*1*150*90**12*ICN5*11*1",
            "NM1*QC*1*DOE*JANE****MI*MBR1",
            "SVC*HC:80053*150*90**1*HC:82040:::::ALBUMIN*2",
            "CAS*CO*45*60",
            "SVC*HC:80053*0*0**0*HC:82247",
            "CAS*CO*97*0",
        ],
        "90",
    )
    assert codes(rem) == []
    bundled, zeroed = rem.claims[0].service_lines
    assert bundled.original_procedure.code == "82040"
    assert bundled.original_procedure.description == "ALBUMIN"
    assert bundled.original_units == Decimal(2)
    assert zeroed.original_procedure.code == "82247" and zeroed.paid_amount == Decimal(0)


def test_inpatient_mia_and_claim_amounts() -> None:
    rem = one(
        [
            "LX*1",
            "CLP*PCN6*1*5000*4000*1000*MA*ICN6*11*1*DRG*470*1.5*0.75",
            "NM1*QC*1*DOE*JANE****MI*MBR1",
            "MIA*3**0*3500*MA15**********10****1.25*N59",
            "DTM*232*20251201",
            "DTM*233*20251203",
            "AMT*AU*4000",
            "AMT*I*12.34",
            "QTY*CA*3",
        ],
        "4000",
    )
    claim = rem.claims[0]
    assert claim.drg_code == "470"
    assert (claim.drg_weight, claim.discharge_fraction) == (Decimal("1.5"), Decimal("0.75"))
    mia = claim.inpatient
    assert (mia.covered_days, mia.lifetime_psychiatric_days, mia.drg_amount) == (
        Decimal(3),
        Decimal(0),
        Decimal(3500),
    )
    assert mia.cost_report_day_count == Decimal(10)
    assert mia.nonpayable_professional_component_amount == Decimal("1.25")
    assert mia.remark_codes == ("MA15", "N59")
    assert (claim.statement_period_start, claim.statement_period_end) == (
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 3),
    )
    assert dict(claim.amounts) == {"AU": Decimal(4000), "I": Decimal("12.34")}
    assert dict(claim.quantities) == {"CA": Decimal(3)}
    # 5000 - 0 adjustments != 4000: an unbalanced claim is reported, not fatal.
    assert codes(rem) == ["claim-unbalanced"]


def test_lq_remark_codes_and_other_line_data() -> None:
    rem = one(
        [
            "LX*1",
            "CLP*PCN7*1*100*80**12*ICN7*11*1",
            "NM1*QC*1*DOE*JANE****MI*MBR1",
            "SVC*HC:97110:GP*100*80**2",
            "DTM*150*20251201",
            "DTM*151*20251205",
            "CAS*CO*45*20",
            "REF*LU*7",
            "AMT*KH*1.5",
            "QTY*ZL*2",
            "LQ*HE*N130",
            "LQ*HE*M80",
            "LQ*RX*99",
        ],
        "80",
    )
    assert codes(rem) == []
    line = rem.claims[0].service_lines[0]
    assert line.remark_codes == ("N130", "M80")
    assert line.extra_segments == (("LQ", "RX", "99"),)
    assert (line.service_date, line.service_date_end) == (
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 5),
    )
    assert [(r.qualifier, r.value) for r in line.references] == [("LU", "7")]
    assert dict(line.amounts) == {"KH": Decimal("1.5")}
    assert dict(line.quantities) == {"ZL": Decimal(2)}


def test_zero_pay_notification() -> None:
    header = [
        "BPR*H*0*C*NON************20260115",
        "TRN*1*NOPAY1*1512345678",
        "N1*PR*ACME HEALTH PLAN",
        "N3*100 MAIN STREET",
        "N4*SPRINGFIELD*IL*62701",
        "PER*BL*EDI SUPPORT*TE*5555550100",
        "N1*PE*SUNNY CLINIC*XX*1234567893",
    ]
    [rem] = parse_835(
        interchange_text(
            [
                *header,
                "LX*1",
                "CLP*PCN8*4*100*0*0*12*ICN8*11*1",
                "CAS*CO*29*100",
                "NM1*QC*1*DOE*JANE****MI*MBR1",
            ]
        )
    )
    assert codes(rem) == []
    assert (rem.payment.handling_code, rem.payment.amount, rem.payment.method) == (
        "H",
        Decimal(0),
        "NON",
    )
    assert rem.payment.sender_account == "" and rem.payment.date == dt.date(2026, 1, 15)


def test_unknown_group_and_reason_codes_are_kept() -> None:
    rem = one(["LX*1", "CLP*P*1*10*5**12*I*11*1", "CAS*ZZ*XYZ*5"], "5")
    assert codes(rem) == []
    adj = rem.claims[0].adjustments[0]
    assert (adj.group_code, adj.reason_code, adj.group) == ("ZZ", "XYZ", None)


def test_balancing_issues_name_positions_and_amounts() -> None:
    rem = one(
        [
            "LX*1",
            "CLP*PCN9*1*100*70**12*ICN9*11*1",
            "NM1*QC*1*SENTINELNAME*JANE****MI*SENTINELID",
            "SVC*HC:99213*100*70**1",
            "CAS*CO*45*20",
        ],
        "99",
    )
    assert codes(rem) == ["line-unbalanced", "claim-unbalanced", "payment-unbalanced"]
    line, claim, payment = rem.issues
    assert "claim 1 line 1" in line.message and "100" in line.message and "70" in line.message
    assert line.location.segment_id == "SVC" and claim.location.segment_id == "CLP"
    assert "99" in payment.message
    for issue in rem.issues:
        assert "SENTINEL" not in str(issue)


def test_bad_values_are_issues_with_positions_not_crashes() -> None:
    rem = one(
        [
            "LX*1",
            "CLP*PCN10*1*1E3*NaN**12*ICN10*11*1",
            "NM1*QC*1*DOE*JANE****MI*MBR1",
            "DTM*050*20250230",
            "SVC*HC:99213*1,000*Infinity**1",
            "DTM*472*2025-12-01",
        ]
    )
    claim = rem.claims[0]
    assert claim.charge_amount is None and claim.paid_amount is None
    assert claim.received_date is None
    assert ("DTM", "050", "20250230") in claim.extra_segments
    bad = [(i.code, i.location.segment_id, i.location.element) for i in rem.issues]
    assert ("bad-amount", "CLP", 3) in bad and ("bad-amount", "CLP", 4) in bad
    assert ("bad-amount", "SVC", 2) in bad and ("bad-amount", "SVC", 3) in bad
    assert ("bad-date", "DTM", 2) in bad
    with pytest.raises(RemittanceError) as err:
        parse_835(text_835(["LX*1", "CLP*PCN10*1*1E3*0**12*ICN10*11*1"]), strict=True)
    assert err.value.location.segment_id == "CLP" and err.value.location.element == 3


def test_out_of_place_segments_are_kept_with_a_warning() -> None:
    rem = one(
        ["LX*1", "CLP*P*1*10*10**12*I*11*1", "N3*SENTINEL STREET", "SVC*HC:1*10*10", "ZZZ*1*2"],
        "10",
    )
    assert codes(rem) == ["unexpected-segment", "unexpected-segment"]
    claim = rem.claims[0]
    assert claim.extra_segments == (("N3", "SENTINEL STREET"),)
    assert claim.service_lines[0].extra_segments == (("ZZZ", "1", "2"),)
    assert all("SENTINEL" not in str(i) for i in rem.issues)


def test_several_interchanges_groups_and_transactions() -> None:
    first = text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1"], "10")
    second = isa_text(control="000000002") + "".join(
        s + "~"
        for s in [
            "GS*HP*S*R*20260101*1200*5*X*005010X221A1",
            "ST*835*0001*005010X221A1",
            *[h.replace("{paid}", "5") for h in HEADER],
            "LX*1",
            "CLP*B*1*5*5**12*I*11*1",
            "SE*14*0001",
            "ST*835*0002*005010X221A1",
            *[h.replace("{paid}", "7") for h in HEADER],
            "LX*1",
            "CLP*C*1*7*7**12*I*11*1",
            "SE*14*0002",
            "GE*2*5",
            "IEA*1*000000002",
        ]
    )
    rems = parse_835(first + "\n" + second)
    assert [r.claims[0].patient_control_number for r in rems] == ["A", "B", "C"]
    assert [r.control_number for r in rems] == ["0001", "0001", "0002"]
    assert [r.interchange.control_number for r in rems] == ["000000001", "000000002", "000000002"]
    assert rems[1].group.control_number == "5"
    assert all(codes(r) == [] for r in rems)


def test_other_delimiters_and_4010() -> None:
    body = ["LX|1", "CLP|A|1|10|10||12|I|11|1", "SVC|HC>99213>25|10|10||1"]
    header = [h.replace("*", "|").replace("{paid}", "10") for h in HEADER]
    text = interchange_text(
        [*header, *body], element="|", component=">", segment="\n", version="00401", repetition="U"
    )
    [rem] = parse_835(text.replace("005010X221A1", "004010X091A1"))
    assert codes(rem) == []
    assert rem.version == "004010X091A1"
    assert rem.claims[0].service_lines[0].procedure.modifiers == ("25",)


def test_envelope_counts_become_issues() -> None:
    text = text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1"], "10")
    [rem] = parse_835(text.replace("SE*14*", "SE*99*"))
    assert codes(rem) == ["se-count"]
    with pytest.raises(RemittanceError):
        parse_835(text.replace("SE*14*", "SE*99*"), strict=True)


def test_missing_required_segments() -> None:
    [rem] = parse_835(interchange_text(["LX*1", "CLP*A*1*10*10**12*I*11*1"]))
    assert sorted(set(codes(rem))) == ["missing-segment"]
    assert len(rem.issues) == 4


def test_trn_without_bpr_gives_a_payment_with_empty_bpr_codes() -> None:
    header = [s for s in HEADER if not s.startswith("BPR")]
    [rem] = parse_835(text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1"], header=header))
    assert "missing-segment" in codes(rem)
    payment = rem.header.payment
    assert payment is not None and payment.trace_number == "EFT0001"
    assert (payment.handling_code, payment.credit_debit, payment.method) == ("", "", "")
    assert payment.amount is None and payment.date is None


def test_not_x12_raises_syntax_error() -> None:
    with pytest.raises(X12SyntaxError):
        parse_835("this is not an 835")


def test_non_835_transactions_are_skipped() -> None:
    text = text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1"], "10").replace("ST*835*", "ST*837*")
    # No 835 to carry it, the warning comes on a remittance holding nothing else.
    [rem] = parse_835(text)
    assert (rem.control_number, rem.claims, rem.header.payment) == ("", (), None)
    assert codes(rem) == ["not-835"]
    assert parse_835(text, strict=True) == [rem]  # a warning: strict mode does not raise


def test_segments_outside_any_transaction_are_kept_with_issues() -> None:
    text = text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1"], "10")
    text = text.replace("ST*835*0001*005010X221A1~", "")
    [rem] = parse_835(text)
    assert rem.control_number == "" and rem.claims == ()
    assert ("CLP", "A", "1", "10", "10", "", "12", "I", "11", "1") in rem.extra_segments
    assert "unexpected-segment" in codes(rem)
    with pytest.raises(RemittanceError):
        parse_835(text, strict=True)


def test_an_empty_n3_is_a_missing_element_and_holds_no_line() -> None:
    header = [s if not s.startswith("N3*") else "N3*" for s in HEADER]
    [rem] = parse_835(text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1"], "10", header=header))
    assert [
        (i.code, i.location.segment_id, i.location.element)
        for i in rem.issues
        if i.location is not None
    ] == [("missing-element", "N3", 1)]
    payer = rem.header.payer
    assert payer is not None and payer.address is not None and payer.address.lines == ()
    assert payer.address.city == "SPRINGFIELD"
    with pytest.raises(RemittanceError):
        parse_835(text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1"], "10", header=header), strict=True)
