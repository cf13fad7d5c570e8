"""Denial detection on hand-built 835 records: the documented rule and its edge cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_835 import remittances

from medclaims.codes import DenialCategory, carc_category
from medclaims.remittance import (
    Adjustment,
    ClaimPayment,
    OutpatientAdjudication,
    Payer,
    Payment,
    Procedure,
    Remittance,
    RemittanceHeader,
    ServicePayment,
)
from medclaims.remittance.denials import (
    Denial,
    DenialLevel,
    denials,
    is_denial_adjustment,
    is_denied_line,
    primary_adjustment,
)
from medclaims.x12 import GroupHeader, InterchangeHeader

D = Decimal


def adj(group: str, reason: str, amount: str) -> Adjustment:
    return Adjustment(group_code=group, reason_code=reason, amount=D(amount))


def line(
    charge: str,
    paid: str,
    *adjustments: Adjustment,
    remarks: tuple[str, ...] = (),
    control: str | None = None,
    date: dt.date | None = None,
) -> ServicePayment:
    return ServicePayment(
        procedure=Procedure("HC", "99213"),
        charge_amount=D(charge),
        paid_amount=D(paid),
        adjustments=adjustments,
        remark_codes=remarks,
        line_control_number=control,
        service_date=date,
    )


def claim(
    status: str,
    charge: str,
    paid: str,
    *lines: ServicePayment,
    adjustments: tuple[Adjustment, ...] = (),
    pcn: str = "PCN1",
    moa: tuple[str, ...] = (),
) -> ClaimPayment:
    return ClaimPayment(
        patient_control_number=pcn,
        status_code=status,
        charge_amount=D(charge),
        paid_amount=D(paid),
        payer_claim_control_number="ICN1",
        adjustments=adjustments,
        service_lines=lines,
        outpatient=OutpatientAdjudication(None, remark_codes=moa) if moa else None,
    )


def remit(
    *claims: ClaimPayment, payer_id: str = "PAYER9", trn03: str = "1999999999", gs: bool = True
) -> Remittance:
    header = RemittanceHeader(
        control_number="0042",
        implementation_reference="005010X221A1",
        interchange=InterchangeHeader(control_number="000000777"),
        group=GroupHeader("HP", "S", "R", "20260115", "0930", "77", "005010X221A1") if gs else None,
        payment=Payment(
            "I",
            D(0),
            "C",
            "NON",
            date=dt.date(2026, 1, 15),
            trace_number="TRACE-1",
            originating_company_id=trn03,
        ),
        payer=Payer(name="PLAN", id=payer_id),
        payee=None,
    )
    return Remittance(header=header, claims=claims)


def only(remittance: Remittance) -> Denial:
    found = list(denials([remittance]))
    assert len(found) == 1, found
    return found[0]


# --- claim-level denials (CLP02 = 4) ---------------------------------------------------


def test_denied_claim_gives_one_claim_record_not_one_per_line() -> None:
    c = claim(
        "4",
        "300",
        "0",
        line("100", "0", adj("CO", "16", "100"), remarks=("N54",), date=dt.date(2026, 1, 3)),
        line("200", "0", adj("CO", "16", "200"), date=dt.date(2026, 1, 5)),
        moa=("MA130",),
    )
    d = only(remit(c))
    assert d.level is DenialLevel.CLAIM
    assert d.category is DenialCategory.MISSING_INFORMATION
    assert d.primary_carc == "16"
    assert d.line_index is None and d.procedure is None
    assert d.carc_codes == ("16",)
    assert d.rarc_codes == ("MA130", "N54")
    assert d.denied_amount == D("300")
    assert (d.service_date, d.service_date_end) == (dt.date(2026, 1, 3), dt.date(2026, 1, 5))
    assert (d.charge_amount, d.paid_amount) == (D("300"), D("0"))


def test_denied_claim_primary_carc_is_the_largest_denial_adjustment() -> None:
    c = claim(
        "4",
        "500",
        "0",
        adjustments=(adj("CO", "29", "100"), adj("PR", "1", "50"), adj("CO", "197", "350")),
    )
    d = only(remit(c))
    assert d.primary_carc == "197"
    assert d.category is DenialCategory.AUTHORIZATION
    assert d.carc_codes == ("29", "1", "197")
    assert d.denied_amount == D("450")
    assert d.patient_responsibility == D("50")


def test_denied_claim_without_reasons_has_category_other() -> None:
    d = only(remit(claim("4", "90", "0")))
    assert d.primary_carc is None
    assert d.category is DenialCategory.OTHER
    assert d.carc_codes == () and d.denied_amount == 0


def test_denied_claim_with_only_contractual_adjustment_has_no_primary() -> None:
    d = only(remit(claim("4", "90", "0", adjustments=(adj("CO", "45", "90"),))))
    assert d.primary_carc is None and d.category is DenialCategory.OTHER
    assert d.carc_codes == ("45",)


# --- line-level denials ------------------------------------------------------------------


def test_zero_paid_line_with_authorization_reason_is_denied() -> None:
    c = claim(
        "1",
        "400",
        "100",
        line("150", "100", adj("CO", "45", "30"), adj("PR", "3", "20"), control="L1"),
        line(
            "250",
            "0",
            adj("CO", "197", "250"),
            remarks=("N54",),
            control="L2",
            date=dt.date(2026, 1, 3),
        ),
        moa=("MA01",),
    )
    d = only(remit(c))
    assert d.level is DenialLevel.LINE
    assert (d.claim_index, d.line_index, d.line_control_number) == (0, 1, "L2")
    assert d.category is DenialCategory.AUTHORIZATION
    assert d.procedure == Procedure("HC", "99213")
    assert d.rarc_codes == ("MA01", "N54")
    assert d.service_date == d.service_date_end == dt.date(2026, 1, 3)
    assert (d.charge_amount, d.paid_amount, d.denied_amount) == (D("250"), D("0"), D("250"))


@pytest.mark.parametrize(
    "adjustments",
    [
        pytest.param((adj("PR", "1", "80"),), id="deductible-PR-1"),
        pytest.param((adj("CO", "45", "80"),), id="contractual-CO-45"),
        pytest.param((adj("CO", "253", "2"), adj("CO", "45", "78")), id="sequestration+CO-45"),
        pytest.param((adj("OA", "45", "80"),), id="contractual-code-under-OA"),
        pytest.param((adj("PR", "96", "80"),), id="non-covered-billed-to-patient"),
        pytest.param((adj("CO", "197", "0"), adj("PR", "2", "80")), id="zero-amount-reason"),
        pytest.param((), id="no-adjustments"),
        pytest.param((adj("OA", "23", "80"),), id="prior-payer-settled-OA-23"),
        pytest.param((adj("CO", "023", "50"), adj("CO", "45", "30")), id="CO-023-and-CO-45"),
    ],
)
def test_zero_paid_line_is_not_a_denial_for_patient_or_contractual_reasons(
    adjustments: tuple[Adjustment, ...],
) -> None:
    c = claim("1", "80", "0", line("80", "0", *adjustments))
    assert list(denials([remit(c)])) == []


def test_zero_paid_claim_fully_to_deductible_is_not_a_denial() -> None:
    c = claim("1", "80", "0", line("80", "0", adj("PR", "1", "80")))
    c = attrs.evolve(c, patient_responsibility=D("80"))
    assert list(denials([remit(c)])) == []


@pytest.mark.parametrize("status", ["22", "25"])
def test_reversal_and_predetermination_are_never_denials(status: str) -> None:
    c = claim(
        status,
        "-250",
        "0",
        line("-250", "0", adj("CO", "197", "-250")),
        line("100", "0", adj("CO", "50", "100")),
    )
    assert list(denials([remit(c)])) == []


def test_partly_paid_and_zero_charge_lines_are_not_denied() -> None:
    c = claim(
        "1",
        "200",
        "50",
        line("200", "50", adj("CO", "50", "150")),
        line("0", "0", adj("CO", "97", "0")),
    )
    assert list(denials([remit(c)])) == []


def test_secondary_and_forwarded_claims_are_checked_line_by_line() -> None:
    c = claim("19", "100", "0", line("100", "0", adj("OA", "18", "100")))
    d = only(remit(c))
    assert d.category is DenialCategory.DUPLICATE and d.claim_status_code == "19"


def test_one_record_per_denied_line_in_file_order() -> None:
    c1 = claim(
        "1",
        "300",
        "0",
        line("100", "0", adj("CO", "50", "100"), control="A"),
        line("100", "0", adj("PR", "1", "100"), control="B"),
        line("100", "0", adj("CO", "97", "100"), control="C"),
        pcn="P1",
    )
    c2 = claim("2", "50", "0", line("50", "0", adj("CO", "29", "50"), control="D"), pcn="P2")
    found = list(denials([remit(c1, c2)]))
    assert [(d.patient_control_number, d.line_control_number, d.category) for d in found] == [
        ("P1", "A", DenialCategory.MEDICAL_NECESSITY),
        ("P1", "C", DenialCategory.BUNDLING),
        ("P2", "D", DenialCategory.TIMELY_FILING),
    ]
    assert [d.claim_index for d in found] == [0, 0, 1]


def test_primary_adjustment_prefers_largest_absolute_amount_then_first() -> None:
    a, b, c = adj("CO", "50", "40"), adj("OA", "18", "-60"), adj("CO", "97", "60")
    assert primary_adjustment([a, b, c]) is b
    assert primary_adjustment([a, c, b]) is c
    assert primary_adjustment([adj("PR", "1", "10"), adj("CO", "45", "5")]) is None


def test_is_denial_adjustment_uses_group_and_category() -> None:
    assert is_denial_adjustment(adj("CO", "16", "1"))
    assert is_denial_adjustment(adj("PI", "204", "1"))
    assert not is_denial_adjustment(adj("PR", "204", "1"))
    assert not is_denial_adjustment(adj("CO", "45", "1"))
    assert not is_denial_adjustment(adj("CO", "2", "1"))
    assert not is_denial_adjustment(Adjustment("CO", "16", None))
    # An unknown CARC is a denial reason of category "other", never an error.
    assert is_denial_adjustment(adj("CO", "ZZ9", "1"))
    assert carc_category("ZZ9") is DenialCategory.OTHER


def test_is_denied_line_requires_positive_charge_and_exact_zero_paid() -> None:
    assert is_denied_line(line("10", "0.00", adj("CO", "16", "10")))
    assert not is_denied_line(line("10", "0.01", adj("CO", "16", "9.99")))
    assert not is_denied_line(line("-10", "0", adj("CO", "16", "-10")))
    missing_paid = attrs.evolve(line("10", "0", adj("CO", "16", "10")), paid_amount=None)
    assert not is_denied_line(missing_paid)


# --- lineage and PHI ---------------------------------------------------------------------


def test_records_carry_remittance_lineage() -> None:
    d = only(remit(claim("4", "10", "0")))
    assert d.trace_number == "TRACE-1"
    assert d.payer_id == "PAYER9"
    assert d.payment_date == dt.date(2026, 1, 15)
    assert (d.interchange_control_number, d.group_control_number, d.transaction_control_number) == (
        "000000777",
        "77",
        "0042",
    )
    assert d.payer_claim_control_number == "ICN1"


def test_payer_id_falls_back_to_trn03_and_group_may_be_absent() -> None:
    d = only(remit(claim("4", "10", "0"), payer_id="", trn03="1512345678", gs=False))
    assert d.payer_id == "1512345678"
    assert d.group_control_number == ""


def test_repr_masks_the_patient_control_number() -> None:
    sentinel = "SENTINEL-PCN-8841"
    d = only(remit(claim("4", "10", "0", pcn=sentinel)))
    assert sentinel not in repr(d)
    assert d.patient_control_number == sentinel


def test_denial_validators_reject_wrong_types() -> None:
    d = only(remit(claim("4", "10", "0")))
    with pytest.raises(TypeError):
        attrs.evolve(d, denied_amount=1.5)
    with pytest.raises(TypeError):
        attrs.evolve(d, category="eligibility")
    for field in attrs.fields(type(d)):  # messages name the field, never the value
        if field.validator is not None:
            with pytest.raises(TypeError) as caught:
                attrs.evolve(d, **{field.name: 987654321.5})
            assert field.name in str(caught.value) and "987654321" not in str(caught.value)


# --- properties over random remittances -------------------------------------------------

_carcs = st.sampled_from(
    ["1", "2", "3", "16", "18", "23", "29", "45", "50", "97", "197", "253", "B7", "ZZ9"]
)
_adjustments = st.lists(
    st.builds(
        Adjustment,
        st.sampled_from(["CO", "PR", "OA", "PI"]),
        _carcs,
        st.integers(-500, 5000).map(lambda n: D(n).scaleb(-2)),
    ),
    max_size=3,
).map(tuple)


@st.composite
def _zero_paid_heavy_remittances(draw: st.DrawFn) -> Remittance:
    """Remittances whose lines are mostly unpaid, so line denials are frequent."""
    claims = []
    for i in range(draw(st.integers(1, 4))):
        lines = [
            ServicePayment(
                procedure=Procedure("HC", "99213"),
                charge_amount=D(draw(st.integers(-100, 3000))).scaleb(-2),
                paid_amount=draw(st.sampled_from([D("0"), D("0.00"), D("12.50")])),
                adjustments=draw(_adjustments),
            )
            for _ in range(draw(st.integers(0, 3)))
        ]
        claims.append(
            ClaimPayment(
                patient_control_number=f"P{i}",
                status_code=draw(st.sampled_from(["1", "2", "4", "19", "22", "23", "25"])),
                charge_amount=D(0),
                paid_amount=D(0),
                adjustments=draw(_adjustments),
                service_lines=tuple(lines),
            )
        )
    return remit(*claims)


@settings(max_examples=40, deadline=None)
@given(st.one_of(remittances(max_claims=4), _zero_paid_heavy_remittances()))
def test_denials_follow_the_rule_on_random_remittances(remittance: Remittance) -> None:
    found = list(denials([remittance]))
    claim_level = [d for d in found if d.level is DenialLevel.CLAIM]
    assert [d.claim_index for d in claim_level] == [
        i for i, c in enumerate(remittance.claims) if c.status_code == "4"
    ]
    for d in found:
        c = remittance.claims[d.claim_index]
        assert d.patient_control_number == c.patient_control_number
        assert c.status_code not in ("22", "25")
        if d.level is DenialLevel.LINE:
            assert c.status_code != "4"
            assert d.line_index is not None
            ln = c.service_lines[d.line_index]
            assert ln.charge_amount is not None and ln.charge_amount > 0
            assert ln.paid_amount == 0
            assert d.primary_carc is not None
            assert d.category is carc_category(d.primary_carc)
            assert d.category not in (
                DenialCategory.CONTRACTUAL,
                DenialCategory.PATIENT_RESPONSIBILITY,
            )
        assert set(d.carc_codes) == {a.reason_code for a in d.adjustments}
        assert d.denied_amount == sum(
            (a.amount for a in d.adjustments if is_denial_adjustment(a) and a.amount),
            Decimal(0),
        )
    line_level = {(d.claim_index, d.line_index) for d in found if d.level is DenialLevel.LINE}
    expected = {
        (ci, li)
        for ci, c in enumerate(remittance.claims)
        if c.status_code not in ("4", "22", "25")
        for li, ln in enumerate(c.service_lines)
        if ln.charge_amount
        and ln.charge_amount > 0
        and ln.paid_amount == 0
        and any(
            a.amount
            and a.group_code != "PR"
            and a.reason_code != "23"
            and carc_category(a.reason_code)
            not in (DenialCategory.CONTRACTUAL, DenialCategory.PATIENT_RESPONSIBILITY)
            for a in ln.adjustments
        )
    }
    assert line_level == expected


# --- from 835 text ----------------------------------------------------------------------

_ENVELOPE_HEAD = (
    "ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *260201*1200*^*00501"
    "*000000123*0*T*:~GS*HP*PAYER*CLINIC*20260201*1200*45*X*005010X221A1~ST*835*0777~"
    "BPR*I*0*C*NON************20260201~TRN*1*TRC-55*1222333444~"
    "N1*PR*EXAMPLE PLAN~PER*BL*EDI*TE*5550000000~N1*PE*CLINIC*XX*1234567893~LX*1~"
)


def _835(body: str) -> str:
    count = 8 + body.count("~") + 1  # ST..LX are 7 segments, plus body, plus SE
    return _ENVELOPE_HEAD + body + f"SE*{count}*0777~GE*1*45~IEA*1*000000123~"


def test_denials_from_inline_835_text() -> None:
    from medclaims.remittance.parser import parse_835

    text = _835(
        "CLP*A1*1*300*0*100*12*ICN-A*11*1~NM1*QC*1*DOE*JANE****MI*M1~"
        "SVC*HC:99213:25*100*0**1~DTM*472*20260105~CAS*PR*1*100~REF*6R*LN-1~"
        "SVC*HC:97110*200*0**1~DTM*472*20260105~CAS*CO*50*180*1~CAS*OA*23*20~REF*6R*LN-2~"
        "LQ*HE*N115~"
        "CLP*A2*22*-50*-50*0*12*ICN-B*11*1~NM1*QC*1*DOE*JOHN****MI*M2~"
        "SVC*HC:99212*-50*-50**1~"
        "CLP*A3*4*75*0*0*12*ICN-C*11*1~CAS*CO*B7*75~NM1*QC*1*ROE*RICK****MI*M3~"
        "MOA***MA130*N130~DTM*232*20260110~DTM*233*20260111~"
    )
    found = list(denials(parse_835(text)))
    assert [(d.level, d.patient_control_number, d.line_control_number) for d in found] == [
        (DenialLevel.LINE, "A1", "LN-2"),
        (DenialLevel.CLAIM, "A3", None),
    ]
    line_denial, claim_denial = found
    assert line_denial.category is DenialCategory.MEDICAL_NECESSITY
    assert line_denial.carc_codes == ("50", "23")
    assert line_denial.denied_amount == D("180")  # OA-23 is the prior payer's share
    assert line_denial.rarc_codes == ("N115",)
    assert line_denial.procedure == Procedure("HC", "97110")
    assert line_denial.service_date == dt.date(2026, 1, 5)
    assert line_denial.trace_number == "TRC-55"
    assert line_denial.payer_id == "1222333444"
    assert (
        line_denial.interchange_control_number,
        line_denial.group_control_number,
        line_denial.transaction_control_number,
    ) == ("000000123", "45", "0777")
    assert claim_denial.category is DenialCategory.NON_COVERED
    assert claim_denial.rarc_codes == ("MA130", "N130")
    assert (claim_denial.service_date, claim_denial.service_date_end) == (
        dt.date(2026, 1, 10),
        dt.date(2026, 1, 11),
    )
    assert claim_denial.claim_index == 2


_SAMPLE_EXPECTED = {
    # file: (level, patient control number, primary CARC) read off the sample by hand
    "remit-denial.835": [("claim", "PCN3001", "16"), ("line", "PCN3002", "197")],
    "remit-bundled.835": [("line", "PCN5001", "97")],
    "remit-zero-pay.835": [("claim", "PCN7002", "29")],
    "remit-reversal.835": [],
    "remit-basic.835": [],
}


@pytest.mark.parametrize("name", sorted(_SAMPLE_EXPECTED))
def test_denials_of_the_bundled_samples(name: str) -> None:
    from _shared import SAMPLES

    from medclaims.remittance.parser import parse_835

    path = SAMPLES / name
    if not path.is_file():
        pytest.skip("sample file absent")
    found = list(denials(parse_835(path.read_bytes())))
    assert [(d.level.value, d.patient_control_number, d.primary_carc) for d in found] == (
        _SAMPLE_EXPECTED[name]
    )
