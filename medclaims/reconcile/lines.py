"""Line netting: every SVC of a claim's payments summed onto the billed line it matches.

Strategy: one pass over the payments (date order) and their SVC lines; each
SVC is matched by :class:`~medclaims.reconcile.matching.LineMatcher` and its
amounts are added to that line's :class:`LineTotals` (reversal lines carry
negated amounts, so they cancel). SVCs matching no billed line accumulate on
a payer-added line keyed by adjudicated code, modifiers and date, so a reversal
of an added line cancels it too. CAS amounts are split three ways: group PR →
patient responsibility, group CO with a contractual CARC (45…) → contractual,
everything else → other adjustments. The same pass sums claim-level CAS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from medclaims.codes import DenialCategory, carc_category
from medclaims.reconcile._inputs import BilledClaim, norm
from medclaims.reconcile.fees import FeeSchedule
from medclaims.reconcile.matching import LineMatcher
from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    LineMatchMethod,
    LineReconciliation,
    LineState,
    PaymentRole,
    build,
)
from medclaims.remittance import Adjustment

if TYPE_CHECKING:
    from medclaims.reconcile.states import Attached

__all__ = ["LineTotals", "build_lines", "category", "make_amounts"]

ZERO = Decimal(0)
ONE = Decimal(1)
_CATEGORIES: dict[str, DenialCategory] = {}


def category(reason: str) -> DenialCategory:
    """carc_category, memoized for the hot loop."""
    found = _CATEGORIES.get(reason)
    if found is None:
        found = _CATEGORIES[reason] = carc_category(reason)
    return found


class LineTotals:
    """Running net amounts of one line."""

    __slots__ = (
        "adjustments", "allowed", "billed", "codes", "contractual", "count", "date",
        "date_end", "expected", "method", "number", "other", "paid", "paid_units", "pr",
        "pr_secondary", "remarks",
    )

    def __init__(self, number: int | None, billed: Decimal, date: dt.date | None,
                 date_end: dt.date | None) -> None:
        self.number = number
        self.billed = billed
        self.date = date
        self.date_end = date_end
        self.paid = self.allowed = self.pr = self.pr_secondary = ZERO
        self.contractual = self.other = self.paid_units = ZERO
        self.expected: Decimal | None = None
        self.count = 0
        self.method = LineMatchMethod.UNMATCHED
        self.codes: list[str] = []
        self.remarks: list[str] = []
        self.adjustments: dict[tuple[str, str], Decimal] = {}


def _add_adjustments(
    adjustments: Sequence[Adjustment], into: dict[tuple[str, str], Decimal],
    claim: dict[tuple[str, str], Decimal],
) -> tuple[Decimal, Decimal, Decimal]:
    """Add CAS triples to two tallies; return (patient, contractual, other) sums."""
    patient = contractual = other = ZERO
    separate = into is not claim
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
        elif group == "CO" and (
            _CATEGORIES.get(reason) or category(reason)
        ) is DenialCategory.CONTRACTUAL:
            contractual += amount
        else:
            other += amount
    return patient, contractual, other


_SHARED: dict[tuple[str, str, Decimal], AdjustmentTotal] = {}


def _totals(tally: dict[tuple[str, str], Decimal]) -> tuple[AdjustmentTotal, ...]:
    """Adjustment totals, non-zero only. Equal (group, reason, amount) totals share one
    immutable record: most claims repeat a few (CO-45 of a fee, PR-2 of a copay)."""
    out = []
    for (group, reason), amount in tally.items():
        if not amount:
            continue
        key = (group, reason, amount)
        found = _SHARED.get(key)
        if found is None:
            if len(_SHARED) >= 50_000:
                _SHARED.clear()
            found = _SHARED[key] = build(AdjustmentTotal, {
                "group": group, "reason": reason, "amount": amount,
                "category": _CATEGORIES.get(reason) or category(reason)})
        out.append(found)
    return tuple(out)


def make_amounts(billed: Decimal, allowed: Decimal, paid: Decimal, patient: Decimal,
                 contractual: Decimal, other: Decimal, interest: Decimal, recouped: Decimal,
                 expected: Decimal | None, underpayment: Decimal | None) -> Amounts:
    """An :class:`Amounts` from engine-computed values (validators skipped, see
    :func:`~medclaims.reconcile.model.build`)."""
    return build(Amounts, {
        "billed": billed, "allowed": allowed, "paid": paid, "patient_responsibility": patient,
        "contractual": contractual, "other_adjustments": other, "interest": interest,
        "recouped": recouped, "expected": expected, "underpayment": underpayment,
    })


def _remember(codes: list[str], new: Sequence[str]) -> None:
    for code in new:
        if code and code not in codes:
            codes.append(code)


LineFactory = Callable[[LineState], LineReconciliation]


def build_lines(
    billed: BilledClaim | None,
    attached: Sequence[Attached],
    roles: Sequence[PaymentRole],
    secondary: Sequence[bool],
    fees: FeeSchedule | None,
) -> tuple[list[LineFactory], list[LineTotals], tuple[AdjustmentTotal, ...], tuple[str, ...],
           Decimal, bool]:
    """Net the lines of one claim.

    Returns line record factories (taking the line state), their totals, the
    claim's adjustment totals (claim + line CAS), remark codes, the allowed
    amount summed over primary payments' lines, and whether any payment had SVCs.
    """
    billed_lines = billed.lines if billed is not None else ()
    totals = [LineTotals(b.number, b.charge, b.date, b.date_end) for b in billed_lines]
    matcher = LineMatcher(billed) if billed is not None and billed_lines else None
    added: dict[tuple[str, tuple[str, ...], dt.date | None], LineTotals] = {}
    claim_tally: dict[tuple[str, str], Decimal] = {}
    remarks: list[str] = []
    allowed = ZERO
    itemized = False
    any_secondary = any(secondary)
    primary_present = not all(secondary)
    for item, role, is_secondary in zip(attached, roles, secondary, strict=True):
        payment = item.payment
        # With a primary payer's remits present, a secondary payer's adjustments
        # restate the primary's (OA-23 etc.): counting both would not tie out.
        counts = not (is_secondary and primary_present)
        if counts and payment.adjustments:
            _add_adjustments(payment.adjustments, claim_tally, claim_tally)
        for adjudication in (payment.outpatient, payment.inpatient):
            if adjudication is not None:
                _remember(remarks, adjudication.remark_codes)
        if not payment.service_lines:
            continue
        itemized = True
        used: set[int] = set()
        for svc in payment.service_lines:
            if matcher is not None:
                index, method = matcher.match(svc, used)
            else:
                index, method = None, LineMatchMethod.ADDED_BY_PAYER
            code = svc.procedure.code
            if not (code.isdigit() or code.isupper()):
                code = norm(code)
            if index is not None:
                used.add(index)
                line = totals[index]
                if line.count == 0:
                    line.method = method
                if code != billed_lines[index].code and code not in line.codes:
                    line.codes.append(code)
            else:
                key = (code, tuple(norm(m) for m in svc.procedure.modifiers), svc.service_date)
                found = added.get(key)
                if found is None:
                    found = added[key] = LineTotals(None, ZERO, svc.service_date,
                                                    svc.service_date_end)
                    found.method = LineMatchMethod.ADDED_BY_PAYER
                line = found
                if svc.charge_amount is not None and role is not PaymentRole.REVERSAL:
                    line.billed = svc.charge_amount
            line.count += 1
            svc_paid = svc.paid_amount if svc.paid_amount is not None else ZERO
            line.paid += svc_paid
            if counts:
                patient, contractual, other = _add_adjustments(
                    svc.adjustments, line.adjustments, claim_tally
                )
                line.contractual += contractual
                line.other += other
            else:
                patient = sum((a.amount or ZERO for a in svc.adjustments
                               if a.group_code.strip().upper() == "PR"), ZERO)
            if is_secondary:
                line.pr_secondary += patient
            else:
                line.pr += patient
            if counts:
                svc_allowed = (svc.allowed_amount if svc.allowed_amount is not None
                               else svc_paid + patient)
                line.allowed += svc_allowed
                allowed += svc_allowed
            if counts:
                units = svc.units if svc.units is not None else ONE
                line.paid_units += -abs(units) if role is PaymentRole.REVERSAL else units
            if svc.remark_codes:
                _remember(line.remarks, svc.remark_codes)
                _remember(remarks, svc.remark_codes)
    for t, b in zip(totals, billed_lines, strict=True):
        if any_secondary:
            t.pr = t.pr_secondary
        if fees is not None:
            t.expected = fees.expected_allowed(b.code, b.modifiers, b.units)
    factories: list[LineFactory] = []
    for t, b in zip(totals, billed_lines, strict=True):
        factories.append(partial(
            _record, t, b.code, b.modifiers, b.control or None, b.units, fees
        ))
    for (code, mods, _date), t in added.items():
        if any_secondary:
            t.pr = t.pr_secondary
        totals.append(t)
        factories.append(partial(_record, t, code, mods, None, t.paid_units, fees))
    return factories, totals, _totals(claim_tally), tuple(remarks), allowed, itemized


def _record(
    t: LineTotals, code: str, modifiers: tuple[str, ...], control: str | None, units: Decimal,
    fees: FeeSchedule | None, state: LineState,
) -> LineReconciliation:
    underpayment: Decimal | None = None
    if t.expected is not None and state in (LineState.PAID_IN_FULL, LineState.PARTIALLY_PAID):
        short = t.expected - t.allowed
        tolerance = fees.tolerance if fees is not None else ZERO
        underpayment = short if short > tolerance else ZERO
    return build(LineReconciliation, {
        "line_number": t.number,
        "procedure_code": code,
        "match": t.method,
        "state": state,
        "amounts": make_amounts(t.billed, t.allowed, t.paid, t.pr, t.contractual, t.other, ZERO,
                                ZERO, t.expected, underpayment),
        "modifiers": modifiers,
        "control_number": control,
        "service_date": t.date,
        "units": units,
        "paid_units": t.paid_units,
        "adjudicated_codes": tuple(t.codes),
        "adjudicated_lines": t.count,
        "adjustments": _totals(t.adjustments) if t.adjustments else (),
        "remark_codes": tuple(t.remarks),
    })
