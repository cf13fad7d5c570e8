"""The three balancing rules, on records built by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.remittance import (
    Adjustment,
    ClaimPayment,
    Payment,
    Procedure,
    ProviderAdjustment,
    Remittance,
    RemittanceHeader,
    ServicePayment,
    check_balancing,
)
from medclaims.remittance.balancing import check_claim, check_line
from medclaims.x12 import InterchangeHeader

D = Decimal


def line(charge: str, paid: str, *adjustments: str) -> ServicePayment:
    return ServicePayment(
        Procedure("HC", "99213"),
        D(charge),
        D(paid),
        adjustments=tuple(Adjustment("CO", "45", D(a)) for a in adjustments),
    )


def remittance(payment: str, claims: list[ClaimPayment], plb: list[str]) -> Remittance:
    header = RemittanceHeader(
        "1", "", InterchangeHeader(), None, Payment("I", D(payment), "C", "ACH"), None, None
    )
    return Remittance(
        header,
        tuple(claims),
        tuple(ProviderAdjustment("1", dt.date(2026, 1, 1), "WO", "", D(a)) for a in plb),
    )


def test_line_rule() -> None:
    assert check_line(line("100", "80", "20")) is None
    assert check_line(line("-100", "-80", "-20")) is None  # a reversal balances the same way
    issue = check_line(line("100", "80", "10"), 2, 0)
    assert issue is not None and issue.code == "line-unbalanced"
    assert issue.path == "claims[2].service_lines[0]"
    assert "claim 3 line 1" in issue.message


def test_claim_rule_counts_claim_and_line_adjustments() -> None:
    claim = ClaimPayment(
        "P",
        "1",
        D(150),
        D(100),
        adjustments=(Adjustment("OA", "23", D(30)),),
        service_lines=(line("150", "120", "30"),),
    )
    # 150 - 30 (claim) - 30 (line) = 90, not 100.
    assert [i.code for i in check_claim(claim)] == ["claim-unbalanced"]
    ok = ClaimPayment(
        "P",
        "1",
        D(150),
        D(90),
        adjustments=(Adjustment("OA", "23", D(30)),),
        service_lines=(line("150", "120", "30"),),
    )
    assert check_claim(ok) == []


def test_transaction_rule_subtracts_plb() -> None:
    claim = ClaimPayment("P", "1", D(100), D(100))
    assert check_balancing(remittance("75", [claim], ["25"])) == []
    assert check_balancing(remittance("125", [claim], ["-25"])) == []
    [issue] = check_balancing(remittance("100", [claim], ["25"]))
    assert issue.code == "payment-unbalanced"


def test_missing_amounts_skip_the_check() -> None:
    claim = ClaimPayment("P", "1", None, D(100))
    assert check_claim(claim) == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.decimals(
            min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False
        ),
        min_size=1,
        max_size=6,
    ),
    st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=D("0.01"), max_value=10, places=2, allow_nan=False, allow_infinity=False),
)
def test_balanced_lines_pass_and_any_offset_fails(
    adjustments: list[Decimal], charge: Decimal, offset: Decimal
) -> None:
    paid = charge - sum(adjustments, D(0))
    good = line(str(charge), str(paid), *map(str, adjustments))
    assert check_line(good) is None
    bad = line(str(charge), str(paid + offset), *map(str, adjustments))
    assert check_line(bad) is not None


def _debit(amount: str, paid: str, plb: str) -> Remittance:
    header = RemittanceHeader(
        "1", "", InterchangeHeader(), None, Payment("I", D(amount), "D", "ACH"), None, None
    )
    claim = ClaimPayment("P", "1", D(paid), D(paid))
    return Remittance(
        header, (claim,), (ProviderAdjustment("1", dt.date(2026, 1, 1), "WO", "", D(plb)),)
    )


def test_debit_payment_is_the_negated_net() -> None:
    # Claims paid 10, PLB WO recoups 60: net -50, sent as a 50.00 debit (BPR03 = D).
    assert check_balancing(_debit("50", "10", "60")) == []
    assert [i.code for i in check_balancing(_debit("70", "10", "60"))] == ["payment-unbalanced"]


def test_parser_accepts_a_balanced_debit() -> None:
    from medclaims.remittance import parse_835

    text = (
        "ISA*00*          *00*          *ZZ*PAYER          *ZZ*PROVIDER       *260101*1200*^*"
        "00501*000000001*0*P*:~GS*HP*PAYER*PROVIDER*20260101*1200*1*X*005010X221A1~"
        "ST*835*0001~BPR*I*50*D*ACH*CCP*01*999999999*DA*123456*1512345678**01*999999999*DA*"
        "654321*20260101~TRN*1*T1*1512345678~N1*PR*PAYER~N3*1 ST~N4*CITY*NY*10001~"
        "PER*BL*X*TE*5555555555~N1*PE*PROV*XX*1234567893~LX*1~CLP*C1*1*10*10**12*ICN1~"
        "NM1*QC*1*DOE*J~PLB*1234567893*20261231*WO:ICN0*60~SE*13*0001~GE*1*1~IEA*1*000000001~"
    )
    (rem,) = parse_835(text)
    assert [i.code for i in rem.issues if i.code == "payment-unbalanced"] == []
    (bad,) = parse_835(text.replace("BPR*I*50*D", "BPR*I*50*C"))
    assert [i.code for i in bad.issues if i.code == "payment-unbalanced"] == ["payment-unbalanced"]
