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
    return ServicePayment(Procedure("HC", "99213"), D(charge), D(paid),
                          adjustments=tuple(Adjustment("CO", "45", D(a)) for a in adjustments))


def remittance(payment: str, claims: list[ClaimPayment], plb: list[str]) -> Remittance:
    header = RemittanceHeader("1", "", InterchangeHeader(), None,
                              Payment("I", D(payment), "C", "ACH"), None, None)
    return Remittance(header, tuple(claims), tuple(
        ProviderAdjustment("1", dt.date(2026, 1, 1), "WO", "", D(a)) for a in plb))


def test_line_rule() -> None:
    assert check_line(line("100", "80", "20")) is None
    assert check_line(line("-100", "-80", "-20")) is None  # a reversal balances the same way
    issue = check_line(line("100", "80", "10"), 2, 0)
    assert issue is not None and issue.code == "line-unbalanced"
    assert issue.path == "claims[2].service_lines[0]"
    assert "claim 3 line 1" in issue.message


def test_claim_rule_counts_claim_and_line_adjustments() -> None:
    claim = ClaimPayment("P", "1", D(150), D(100), adjustments=(Adjustment("OA", "23", D(30)),),
                         service_lines=(line("150", "120", "30"),))
    # 150 - 30 (claim) - 30 (line) = 90, not 100.
    assert [i.code for i in check_claim(claim)] == ["claim-unbalanced"]
    ok = ClaimPayment("P", "1", D(150), D(90), adjustments=(Adjustment("OA", "23", D(30)),),
                      service_lines=(line("150", "120", "30"),))
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
@given(st.lists(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False,
                            allow_infinity=False), min_size=1, max_size=6),
       st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False,
                   allow_infinity=False),
       st.decimals(min_value=D("0.01"), max_value=10, places=2, allow_nan=False,
                   allow_infinity=False))
def test_balanced_lines_pass_and_any_offset_fails(adjustments: list[Decimal], charge: Decimal,
                                                  offset: Decimal) -> None:
    paid = charge - sum(adjustments, D(0))
    good = line(str(charge), str(paid), *map(str, adjustments))
    assert check_line(good) is None
    bad = line(str(charge), str(paid + offset), *map(str, adjustments))
    assert check_line(bad) is not None
