"""The 835 balancing rules, as PHI-free issues.

* service line (2110): SVC02 - sum of the line's CAS amounts = SVC03;
* claim (2100): CLP03 - sum of claim CAS - sum of every line CAS = CLP04;
* transaction: BPR02 = sum of CLP04 - sum of PLB amounts (a positive PLB
  amount is money the payer keeps back, so it *reduces* the payment).

Reversals (CLP02 ``22``) negate every amount, so the same rules hold for
them unchanged. The parser checks the rules while it reads (carrying the sums
along) and calls the ``*_issue`` builders here only on a mismatch;
:func:`check_balancing` re-checks records built or changed by hand.
Messages name positions (claim and line numbers, 1-based within the
transaction) and amounts, which are not patient data.
"""

from __future__ import annotations

from decimal import Decimal

from medclaims.errors import Issue, Location, Severity
from medclaims.remittance.records import Adjustment, ClaimPayment, Remittance, ServicePayment

__all__ = [
    "check_balancing",
    "check_claim",
    "check_line",
    "claim_issue",
    "line_issue",
    "payment_issue",
    "signed_payment",
]


def line_issue(
    claim_index: int,
    line_index: int,
    charge: Decimal,
    adjusted: Decimal,
    paid: Decimal,
    location: Location | None = None,
) -> Issue:
    """The issue for a service line whose SVC02 - CAS differs from SVC03 (0-based indexes)."""
    return Issue(
        Severity.ERROR,
        "line-unbalanced",
        f"claim {claim_index + 1} line {line_index + 1}: charge {charge} - adjustments "
        f"{adjusted} = {charge - adjusted}, but paid is {paid}",
        location,
        f"claims[{claim_index}].service_lines[{line_index}]",
    )


def claim_issue(
    claim_index: int,
    charge: Decimal,
    adjusted: Decimal,
    paid: Decimal,
    location: Location | None = None,
) -> Issue:
    """The issue for a claim whose CLP03 - CAS (claim and lines) differs from CLP04."""
    return Issue(
        Severity.ERROR,
        "claim-unbalanced",
        f"claim {claim_index + 1}: charge {charge} - adjustments {adjusted} = "
        f"{charge - adjusted}, but paid is {paid}",
        location,
        f"claims[{claim_index}]",
    )


def signed_payment(amount: Decimal, credit_debit: str | None) -> Decimal:
    """BPR02 as the provider's net: a debit (BPR03 = ``D``) takes money back."""
    return -amount if credit_debit == "D" else amount


def payment_issue(
    payment: Decimal,
    claims_paid: Decimal,
    provider_adjusted: Decimal,
    location: Location | None = None,
) -> Issue:
    """The issue for a BPR02 other than sum(CLP04) - sum(PLB amounts)."""
    return Issue(
        Severity.ERROR,
        "payment-unbalanced",
        f"payment {payment} differs from claims paid {claims_paid} - provider adjustments "
        f"{provider_adjusted} = {claims_paid - provider_adjusted}",
        location,
        "payment.amount",
    )


def _total(adjustments: tuple[Adjustment, ...]) -> Decimal | None:
    total = Decimal(0)
    for adjustment in adjustments:
        if adjustment.amount is None:
            return None
        total += adjustment.amount
    return total


def check_line(line: ServicePayment, claim_index: int = 0, line_index: int = 0) -> Issue | None:
    """The 2110 rule for one line; ``None`` when it balances or cannot be checked."""
    adjusted = _total(line.adjustments)
    if line.charge_amount is None or line.paid_amount is None or adjusted is None:
        return None
    if line.charge_amount - adjusted == line.paid_amount:
        return None
    return line_issue(claim_index, line_index, line.charge_amount, adjusted, line.paid_amount)


def check_claim(claim: ClaimPayment, claim_index: int = 0) -> list[Issue]:
    """The 2110 rule for each line and the 2100 rule for the claim."""
    issues = [
        issue
        for n, line in enumerate(claim.service_lines)
        if (issue := check_line(line, claim_index, n)) is not None
    ]
    totals = [
        _total(claim.adjustments),
        *(_total(line.adjustments) for line in claim.service_lines),
    ]
    if claim.charge_amount is None or claim.paid_amount is None or None in totals:
        return issues
    adjusted = sum((t for t in totals if t is not None), Decimal(0))
    if claim.charge_amount - adjusted != claim.paid_amount:
        issues.append(claim_issue(claim_index, claim.charge_amount, adjusted, claim.paid_amount))
    return issues


def check_balancing(remittance: Remittance) -> list[Issue]:
    """Every balancing rule over a remittance's records (lines, claims, payment)."""
    issues: list[Issue] = []
    paid = Decimal(0)
    complete = True
    for n, claim in enumerate(remittance.claims):
        issues.extend(check_claim(claim, n))
        if claim.paid_amount is None:
            complete = False
        else:
            paid += claim.paid_amount
    adjusted = Decimal(0)
    for plb in remittance.provider_adjustments:
        if plb.amount is None:
            complete = False
        else:
            adjusted += plb.amount
    payment = remittance.payment
    if (
        complete
        and payment is not None
        and payment.amount is not None
        and paid - adjusted != signed_payment(payment.amount, payment.credit_debit)
    ):
        issues.append(payment_issue(payment.amount, paid, adjusted))
    return issues
