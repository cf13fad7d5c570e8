"""The netting rules, each written once: every path of the engine calls these.

Strategy: a rule of the business lives in one small function here; the general
path (:mod:`.states`, :mod:`.lines`) and the fast path (:mod:`.single`) both call
it, so they cannot drift (``tests/test_reconcile_paths.py`` holds the two paths
equal on random claims). The functions are written for the hot loop (plain
locals, memoized CARC categories) because the fast path nets most claims.

* :func:`add_adjustments`: the CAS clean-and-sum rule: a group/reason pair is
  trimmed and upper-cased, added to the tallies, and its amount split three ways:
  group PR → patient responsibility; group CO with a contractual CARC (45…) →
  contractual; everything else → other adjustments.
* :func:`split_adjustments`: the same contractual/other split over netted totals.
* :func:`line_state`: the state ladder of an adjudicated line.
* :func:`claim_state`: the state definitions of :mod:`medclaims.reconcile.model`,
  in their documented order.
* :func:`denial_category`: which adjustment names a claim's denial.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from medclaims.codes import DenialCategory, carc_category
from medclaims.reconcile.model import AdjustmentTotal, ClaimState, LineState, PaymentRole
from medclaims.remittance import Adjustment

__all__ = [
    "add_adjustments",
    "category",
    "claim_state",
    "denial_category",
    "line_state",
    "patient_share",
    "split_adjustments",
]

ZERO = Decimal(0)
_CATEGORIES: dict[str, DenialCategory] = {}
_CONTRACTUAL = DenialCategory.CONTRACTUAL
_LIVE = (PaymentRole.PAYMENT, PaymentRole.CORRECTION)


def category(reason: str) -> DenialCategory:
    """:func:`medclaims.codes.carc_category`, memoized for the hot loop."""
    found = _CATEGORIES.get(reason)
    if found is None:
        found = _CATEGORIES[reason] = carc_category(reason)
    return found


def add_adjustments(
    adjustments: Sequence[Adjustment],
    into: dict[tuple[str, str], Decimal],
    claim: dict[tuple[str, str], Decimal],
) -> tuple[Decimal, Decimal, Decimal]:
    """Add CAS triples to ``into`` and (when it is another dict) to ``claim``; return
    their (patient responsibility, contractual, other) sums.

    The rule: group and reason are trimmed and upper-cased; group PR is the patient's;
    group CO with a contractual CARC (:class:`~medclaims.codes.DenialCategory`
    ``contractual``, 45…) is contractual; every other pair is another adjustment."""
    patient = contractual = other = ZERO
    separate = into is not claim
    categories = _CATEGORIES
    for adj in adjustments:
        amount = adj.amount if adj.amount is not None else ZERO
        group = adj.group_code
        reason = adj.reason_code
        if not (group.isupper() and (reason.isdigit() or reason.isupper())):
            group, reason = group.strip().upper(), reason.strip().upper()
        key = (group, reason)
        into[key] = into.get(key, ZERO) + amount
        if separate:
            claim[key] = claim.get(key, ZERO) + amount
        if group == "PR":
            patient += amount
        elif group == "CO" and (categories.get(reason) or category(reason)) is _CONTRACTUAL:
            contractual += amount
        else:
            other += amount
    return patient, contractual, other


def patient_share(adjustments: Sequence[Adjustment]) -> Decimal:
    """Σ CAS group PR of adjustments that are not otherwise counted (a payer's restated ones)."""
    total = ZERO
    for adj in adjustments:
        if adj.group_code.strip().upper() == "PR":
            total += adj.amount or ZERO
    return total


def split_adjustments(totals: Sequence[AdjustmentTotal]) -> tuple[Decimal, Decimal]:
    """(contractual, other) of netted adjustment totals, by the rule of
    :func:`add_adjustments` (group PR counts in neither)."""
    contractual = other = ZERO
    for adjustment in totals:
        if adjustment.group == "PR":
            continue
        if adjustment.group == "CO" and adjustment.category is _CONTRACTUAL:
            contractual += adjustment.amount
        else:
            other += adjustment.amount
    return contractual, other


def line_state(paid: Decimal, billed: Decimal) -> LineState:
    """State of an adjudicated line from its net amounts: ``denied`` (net paid ≤ 0),
    ``paid_in_full`` (net paid ≥ billed), else ``partially_paid``."""
    if paid <= ZERO:
        return LineState.DENIED
    if paid >= billed:
        return LineState.PAID_IN_FULL
    return LineState.PARTIALLY_PAID


def claim_state(
    roles: Sequence[PaymentRole],
    paid: Decimal,
    billed: Decimal,
    recouped: Decimal,
    paid_before_recovery: Decimal,
) -> ClaimState:
    """The state definitions of :mod:`medclaims.reconcile.model`, in order."""
    if not roles:
        return ClaimState.PENDING
    if len(roles) > 1 or roles[0] is not PaymentRole.PAYMENT:
        any_live = any(r in _LIVE for r in roles)
        any_reversal = PaymentRole.REVERSAL in roles
        if any_reversal and not any_live:
            return ClaimState.REVERSED
    else:
        any_reversal = False
    if recouped != 0 and paid <= 0 < paid_before_recovery:
        return ClaimState.REVERSED
    if any_reversal or (recouped > 0 and paid > 0):
        return ClaimState.ADJUSTED
    if paid <= 0:
        return ClaimState.DENIED
    if paid >= billed:
        return ClaimState.PAID_IN_FULL
    return ClaimState.PARTIALLY_PAID


def denial_category(adjustments: Sequence[AdjustmentTotal]) -> DenialCategory | None:
    """Category of the largest positive adjustment that is neither patient responsibility
    nor contractual, else of the largest positive one; None without any (first wins ties)."""
    largest: AdjustmentTotal | None = None
    denial: AdjustmentTotal | None = None
    for a in adjustments:
        amount = a.amount
        if amount > ZERO:
            if largest is None or amount > largest.amount:
                largest = a
            if (
                a.group != "PR"
                and a.category is not DenialCategory.CONTRACTUAL
                and (denial is None or amount > denial.amount)
            ):
                denial = a
    found = denial or largest
    return found.category if found is not None else None
