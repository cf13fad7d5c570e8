"""The netting rules, each written once: every path of the engine calls these.

Strategy: a rule of the business lives in one small function here; the general
path (:mod:`.states`, :mod:`.lines`) and the fast path (:mod:`.single`) both call
it, so they cannot drift (``tests/test_reconcile_paths.py`` holds the two paths
equal on random claims). The functions are written for the hot loop (plain
locals, memoized CARC categories) because the fast path nets most claims.

* :func:`add_adjustments`: the CAS clean-and-sum rule: a group/reason pair is
  trimmed and upper-cased, added to the tallies, and its amount split four ways:
  group PR → patient responsibility; group CO with a contractual CARC (45…) →
  contractual; CARC 23 → another payer's share; everything else → denied.
* :func:`split_adjustments`: the same split over netted totals.
* :func:`settle`: the payers of a claim or a line combined (coordination of benefits).
* :func:`line_state`: the state ladder of an adjudicated line.
* :func:`claim_state`: the state definitions of :mod:`medclaims.reconcile.model`,
  in their documented order.
* :func:`denial_category`: which adjustment names a claim's denial.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from medclaims.codes import DenialCategory, carc_category
from medclaims.reconcile._engine.inputs import Attached, BilledClaim
from medclaims.reconcile.model import AdjustmentTotal, ClaimState, LineState, PaymentRole
from medclaims.remittance import Adjustment

__all__ = [
    "OTHER_PAYER_REASON",
    "PAID_LINE_STATES",
    "PAID_STATES",
    "Part",
    "Settled",
    "add_adjustments",
    "category",
    "claim_state",
    "denial_category",
    "line_state",
    "next_payer_due",
    "payer_order",
    "settle",
    "shortfall",
]

ZERO = Decimal(0)
_CATEGORIES: dict[str, DenialCategory] = {}
_CONTRACTUAL = DenialCategory.CONTRACTUAL
_LIVE = (PaymentRole.PAYMENT, PaymentRole.CORRECTION)
PAID_STATES = frozenset(
    {
        ClaimState.PAID,
        ClaimState.UNDERPAID,
        ClaimState.PARTIALLY_DENIED,
        ClaimState.ADJUSTED,
        ClaimState.AWAITING_NEXT_PAYER,
    }
)
"""Claim states in which an underpayment against the fee schedule is reported."""
PAID_LINE_STATES = frozenset({LineState.PAID, LineState.PARTIALLY_DENIED, LineState.UNDERPAID})
"""Line states in which an underpayment is reported."""
OTHER_PAYER_REASON = "23"
"""CARC 23: the impact of prior payer(s) adjudication, another payer's share."""


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
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Add CAS triples to ``into`` and (when it is another dict) to ``claim``; return
    their (patient responsibility, contractual, another payer's share, denied) sums.

    The rule: group and reason are trimmed and upper-cased; group PR is the patient's;
    group CO with a contractual CARC (:class:`~medclaims.codes.DenialCategory`
    ``contractual``, 45…) is contractual; CARC 23 (the impact of a prior payer's
    adjudication) in any other group is another payer's share; every other pair is a
    denial (CO-50, CO-97, OA-18, PI-…)."""
    patient = contractual = share = denied = ZERO
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
        elif reason == OTHER_PAYER_REASON:
            share += amount
        else:
            denied += amount
    return patient, contractual, share, denied


class Part(NamedTuple):
    """What one payer's netted stream says about a claim or a line."""

    paid: Decimal
    patient: Decimal
    contractual: Decimal
    share: Decimal
    denied: Decimal


class Settled(NamedTuple):
    """A claim's or a line's amounts over its payers (see :func:`settle`)."""

    paid: Decimal
    patient: Decimal
    contractual: Decimal
    other: Decimal
    denied: Decimal
    open: Decimal
    """billed − paid − contractual − other − patient (before any recoupment)."""


def settle(billed: Decimal, parts: Sequence[Part]) -> Settled:
    """Combine the adjudicating payers' parts, in payer order, into one set of amounts.

    The coordination-of-benefits rule, written once: money paid adds up over payers;
    the first payer's contractual adjustments count in full, a later payer's only for
    the part it adjudicated (what earlier payers left: billed − their paid − their
    counted contractual, less what it paid itself), so a secondary restating the
    primary's CO-45 does not count it twice; patient responsibility is the last
    payer's; another payer's share (CARC 23) is the last payer's less what the earlier
    payers' own remittances account for (their paid and contractual); denied is the
    last payer's denials, kept within the open balance. Hence billed = paid +
    contractual + other + patient + open balance with 0 ≤ denied ≤ open balance.
    """
    if len(parts) == 1:
        only = parts[0]
        paid, patient, contractual, other = only.paid, only.patient, only.contractual, only.share
    else:
        paid = contractual = ZERO
        left = billed
        for number, part in enumerate(parts):
            counted = part.contractual
            if number:
                room = left - part.paid
                counted = min(counted, room) if room > ZERO else ZERO
                if counted < ZERO:
                    counted = ZERO
            paid += part.paid
            contractual += counted
            left -= part.paid + counted
        last = parts[-1]
        patient = last.patient
        # What the earlier payers' own remittances account for: their paid and contractual.
        earlier = (paid - last.paid) + (contractual - counted)
        other = last.share - earlier
        if other < ZERO:
            other = ZERO
    open_balance = billed - paid - contractual - other - patient
    denied = parts[-1].denied if parts else ZERO
    if denied > open_balance:
        denied = open_balance
    if denied < ZERO:
        denied = ZERO
    return Settled(paid, patient, contractual, other, denied, open_balance)


SEQUENCE = {letter: rank for rank, letter in enumerate("PSTABCDEFGHU")}
"""Payer responsibility sequence (SBR01) → order: primary, secondary, tertiary, A…H, U."""
_HINTS = {"1": "P", "19": "P", "2": "S", "20": "S", "3": "T", "21": "T"}
"""CLP02 → the sequence it says the payer adjudicated as."""
FORWARDED = frozenset({"19", "20", "21"})
"""CLP02: processed as primary/secondary/tertiary, forwarded to additional payer(s)."""


def _sequence_of(billed: BilledClaim | None, payer_key: str, keys: frozenset[str]) -> str:
    if billed is not None:
        if billed.payer_key and billed.payer_key in keys:
            return billed.responsibility
        for letter, payer_id in billed.further:
            if payer_id and payer_id in keys:
                return letter
    return ""


def payer_order(billed: BilledClaim | None, attached: Sequence[Attached]) -> list[str]:
    """The payer keys of a claim's payments in sequence: the billed sequence (SBR01 of
    the payer billed and of its further payers), else the CLP02 hint (1/19 primary,
    2/20 secondary, 3/21 tertiary), then the date of the payer's first payment, then
    input order."""
    first: dict[str, tuple[int, int, dt.date, int]] = {}
    for position, item in enumerate(attached):
        key = item.view.payer_key
        if key in first:
            continue
        letter = _sequence_of(billed, key, item.view.payer_keys) or _HINTS.get(
            item.payment.status_code.strip(), ""
        )
        date = item.view.date
        first[key] = (
            SEQUENCE.get(letter, len(SEQUENCE)),
            date is None,
            date or dt.date.min,
            position,
        )
    return sorted(first, key=first.__getitem__)


def next_payer_due(billed: BilledClaim, order: Sequence[str], last: int, status: str) -> bool:
    """Whether a payer should follow the last adjudicating one (``order[last]``): it
    forwarded the claim (CLP02 19/20/21), or the claim was billed with a payer later in
    the sequence than it."""
    if last + 1 < len(order):
        return False  # a later payer already sent a payment (all of it reversed)
    if status in FORWARDED:
        return True
    key = order[last] if order else ""
    if key == billed.payer_key:
        rank = SEQUENCE.get(billed.responsibility, 0)
    else:
        rank = next(
            (SEQUENCE.get(letter, 0) for letter, payer_id in billed.further if payer_id == key),
            SEQUENCE.get(billed.responsibility, 0),
        )
    chain = [SEQUENCE.get(billed.responsibility, 0)] + [
        SEQUENCE.get(letter, len(SEQUENCE)) for letter, _ in billed.further
    ]
    return any(later > rank for later in chain)


def shortfall(expected: Decimal, allowed: Decimal, paid: Decimal) -> Decimal:
    """What a line contributes to its claim's underpayment: expected − allowed when the
    line was paid and that is positive, else 0 (a line paid above the schedule does not
    hide one paid below it; a line not paid, denied, dropped or the patient's, is a
    denial or a balance, not an underpayment)."""
    if paid <= ZERO:
        return ZERO
    short = expected - allowed
    return short if short >= ZERO else ZERO


def line_state(
    paid: Decimal, denied: Decimal, patient: Decimal, *, underpaid: bool = False
) -> LineState:
    """State of an adjudicated line from its net amounts (the claim's words): paid > 0:
    ``partially_denied`` when some of it was denied, else ``paid``; paid ≤ 0:
    ``patient_responsibility`` when the patient owes something and nothing was denied,
    else ``denied``. ``underpaid``: the fee schedule flags the line (a paid line with
    nothing denied is then ``underpaid``)."""
    if paid > ZERO:
        if denied > ZERO:
            return LineState.PARTIALLY_DENIED
        return LineState.UNDERPAID if underpaid else LineState.PAID
    if patient > ZERO and denied <= ZERO:
        return LineState.PATIENT_RESPONSIBILITY
    return LineState.DENIED


def claim_state(
    roles: Sequence[PaymentRole],
    amounts: Settled,
    recouped: Decimal,
    *,
    denied_status: bool = False,
    line_denied: bool = False,
    next_payer_due: bool = False,
    underpaid: bool = False,
    needs_review: bool = False,
) -> ClaimState:
    """The state definitions of :mod:`medclaims.reconcile.model`, in their order.

    ``amounts``: the settled amounts (before recoupments); ``recouped``: the net PLB
    recoupment naming the claim; ``denied_status``:
    the last payer's latest live CLP02 is 4; ``line_denied``: a line was denied;
    ``next_payer_due``: the last payer forwarded the claim or a further payer follows
    it in the billed sequence; ``underpaid``: the fee schedule flags the claim;
    ``needs_review``: every attached payment carries error-level read issues."""
    if not roles:
        return ClaimState.PENDING
    if needs_review:
        return ClaimState.NEEDS_REVIEW
    any_reversal = False
    if len(roles) > 1 or roles[0] is not PaymentRole.PAYMENT:
        any_live = any(r in _LIVE for r in roles)
        any_reversal = PaymentRole.REVERSAL in roles
        if any_reversal and not any_live:
            return ClaimState.REVERSED
    paid_before_recovery = amounts.paid
    paid = paid_before_recovery - recouped
    if recouped != 0 and paid <= 0 < paid_before_recovery:
        return ClaimState.REVERSED
    if any_reversal or (recouped > 0 and paid > 0):
        return ClaimState.ADJUSTED
    if next_payer_due and amounts.patient + amounts.open > 0:
        return ClaimState.AWAITING_NEXT_PAYER
    if paid <= 0:
        if amounts.denied > 0 or denied_status:
            return ClaimState.DENIED
        if amounts.patient > 0:
            return ClaimState.PATIENT_RESPONSIBILITY
        return ClaimState.PAID
    if amounts.denied > 0 or line_denied:
        return ClaimState.PARTIALLY_DENIED
    if underpaid:
        return ClaimState.UNDERPAID
    return ClaimState.PAID


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
