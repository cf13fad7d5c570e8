"""Line netting: every SVC of a claim's payments summed onto the billed line it matches.

Strategy: one pass over the payments (date order) and their SVC lines; each
SVC is matched by :class:`~medclaims.reconcile._engine.matching.LineMatcher` (built on
the first SVC, so claims without any cost nothing) and its amounts are added to
that line's :class:`LineTotals` (reversal lines carry negated amounts, so they
cancel). SVCs matching no billed line accumulate on a payer-added line keyed by
adjudicated code, modifiers and date, so a reversal of an added line cancels it
too. CAS amounts are tallied and split by :func:`.netting.add_adjustments`; the
same pass sums claim-level CAS. Records are built once at the
end (:func:`line_record`), when the claim's state is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from medclaims.reconcile._engine.inputs import Attached, BilledClaim, norm
from medclaims.reconcile._engine.make import new_adjustment_total, new_amounts, new_line
from medclaims.reconcile._engine.matching import LineMatcher, quick_match
from medclaims.reconcile._engine.netting import (
    _CATEGORIES,
    PAID_LINE_STATES,
    Part,
    add_adjustments,
    category,
    line_state,
    settle,
)
from medclaims.reconcile.fees import FeeSchedule
from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    LineMatchMethod,
    LineReconciliation,
    LineState,
    PaymentRole,
)

__all__ = [
    "LineTotals",
    "adjustment_totals",
    "line_record",
    "make_amounts",
    "net_lines",
    "service_period",
]

ZERO = Decimal(0)
ONE = Decimal(1)
_ADDED = LineMatchMethod.ADDED_BY_PAYER
_REVERSAL = PaymentRole.REVERSAL


class LineTotals:
    """Running net amounts of one line, and what its record needs."""

    __slots__ = (
        "adjustments",
        "allowed",
        "billed",
        "code",
        "codes",
        "contractual",
        "control",
        "count",
        "date",
        "date_end",
        "denied",
        "expected",
        "method",
        "modifiers",
        "number",
        "other",
        "paid",
        "paid_units",
        "parts",
        "pr",
        "remarks",
        "units",
    )

    def __init__(
        self,
        number: int | None,
        billed: Decimal,
        date: dt.date | None,
        date_end: dt.date | None,
        code: str,
        modifiers: tuple[str, ...],
        control: str | None,
        units: Decimal,
    ) -> None:
        self.number = number
        self.billed = billed
        self.date = date
        self.date_end = date_end
        self.code = code
        self.modifiers = modifiers
        self.control = control
        self.units = units
        self.paid = self.allowed = self.pr = self.denied = ZERO
        self.parts: dict[int, list[Decimal]] = {}
        self.contractual = self.other = self.paid_units = ZERO
        self.expected: Decimal | None = None
        self.count = 0
        self.method = LineMatchMethod.UNMATCHED
        self.codes: list[str] = []
        self.remarks: list[str] = []
        self.adjustments: dict[tuple[str, str], Decimal] = {}


_SHARED: dict[tuple[str, ...], tuple[AdjustmentTotal, ...]] = {}


def adjustment_totals(tally: dict[tuple[str, str], Decimal]) -> tuple[AdjustmentTotal, ...]:
    """Adjustment totals, non-zero only. Equal tallies share one immutable tuple of
    records: most claims and lines repeat a few (CO-45 of a fee, PR-2 of a copay).
    Amounts are compared by their text, which keeps their exponent (30.0 and 30.00
    give two records) and costs a fraction of a Decimal hash. The key is one flat
    tuple (group, reason, amount text, group, ...), built without a tuple per entry."""
    if len(tally) == 1:  # the most common tally, one CAS (a line's CO-45)
        for (group, reason), amount in tally.items():
            key: tuple[str, ...] = (group, reason, str(amount)) if amount else ()
    else:
        parts: list[str] = []
        for (group, reason), amount in tally.items():
            if amount:
                parts += (group, reason, str(amount))
        key = tuple(parts)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) >= 50_000:
            _SHARED.clear()
        records = []
        for i in range(0, len(key), 3):
            group, reason = key[i], key[i + 1]
            records.append(
                new_adjustment_total(
                    group,
                    reason,
                    tally[(group, reason)],
                    _CATEGORIES.get(reason) or category(reason),
                )
            )
        found = _SHARED[key] = tuple(records)
    return found


def make_amounts(
    billed: Decimal,
    allowed: Decimal,
    paid: Decimal,
    patient: Decimal,
    contractual: Decimal,
    other: Decimal,
    interest: Decimal,
    recouped: Decimal,
    expected: Decimal | None,
    underpayment: Decimal | None,
    denied: Decimal,
) -> Amounts:
    """An :class:`Amounts` from engine-computed values (validators skipped, see
    :mod:`~medclaims.reconcile._engine.make`)."""
    return new_amounts(
        billed,
        allowed,
        paid,
        patient,
        contractual,
        other,
        interest,
        recouped,
        expected,
        underpayment,
        denied,
    )


def _remember(codes: list[str], new: Sequence[str]) -> None:
    for code in new:
        if code and code not in codes:
            codes.append(code)


def net_lines(
    billed: BilledClaim | None,
    attached: Sequence[Attached],
    roles: Sequence[PaymentRole],
    payer_of: Sequence[int],
    payers: int,
    fees: FeeSchedule | None,
) -> tuple[
    list[LineTotals],
    tuple[AdjustmentTotal, ...],
    tuple[str, ...],
    Decimal,
    bool,
    list[list[Decimal]],
]:
    """Net the lines of one claim, each payer's SVCs apart, then the payers settled.

    ``payer_of``: the rank (0 = first in sequence) of each payment's payer; ``payers``:
    how many. Returns the line totals (billed lines in billed order, then payer-added
    lines, amounts settled over payers by :func:`.netting.settle`), the claim's
    adjustment totals (claim + line CAS of every payer, as reported), remark codes,
    the allowed amount of the first payer's lines, whether any payment had SVCs, and
    per payer the CAS sums [patient, contractual, another payer's share, denied].
    """
    billed_lines = billed.lines if billed is not None else ()
    totals = [
        LineTotals(
            b.number, b.charge, b.date, b.date_end, b.code, b.modifiers, b.control or None, b.units
        )
        for b in billed_lines
    ]
    matcher: LineMatcher | None = None
    added: dict[tuple[str, tuple[str, ...], dt.date | None], LineTotals] = {}
    claim_tally: dict[tuple[str, str], Decimal] = {}
    remarks: list[str] = []
    allowed = ZERO
    itemized = False
    per_payer = [[ZERO, ZERO, ZERO, ZERO] for _ in range(payers)]
    index: int | None
    for item, role, rank in zip(attached, roles, payer_of, strict=True):
        payment = item.payment
        sums = per_payer[rank]
        if payment.adjustments:
            patient, contractual, share, denied = add_adjustments(
                payment.adjustments, claim_tally, claim_tally
            )
            sums[0] += patient
            sums[1] += contractual
            sums[2] += share
            sums[3] += denied
        if payment.outpatient is not None:
            _remember(remarks, payment.outpatient.remark_codes)
        if payment.inpatient is not None:
            _remember(remarks, payment.inpatient.remark_codes)
        if not payment.service_lines:
            continue
        itemized = True
        used: set[int] = set()
        for svc in payment.service_lines:
            if billed_lines:
                # The quick scan places most SVCs (REF*6R, exact key) without any index.
                quick = quick_match(billed_lines, svc, used)
                if quick is not None:
                    index, method = quick
                else:
                    if matcher is None:
                        matcher = LineMatcher(billed)  # type: ignore[arg-type]
                    index, method = matcher.match(svc, used)
            else:
                index, method = None, _ADDED
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
                mods = tuple([norm(m) for m in svc.procedure.modifiers])
                added_key = (code, mods, svc.service_date)
                found = added.get(added_key)
                if found is None:
                    found = added[added_key] = LineTotals(
                        None, ZERO, svc.service_date, svc.service_date_end, code, mods, None, ZERO
                    )
                    found.method = _ADDED
                line = found
                if svc.charge_amount is not None and role is not _REVERSAL:
                    line.billed = svc.charge_amount
            line.count += 1
            svc_paid = svc.paid_amount if svc.paid_amount is not None else ZERO
            patient, contractual, share, denied = add_adjustments(
                svc.adjustments, line.adjustments, claim_tally
            )
            sums[1] += contractual
            sums[2] += share
            sums[3] += denied
            part = line.parts.get(rank)
            if part is None:
                part = line.parts[rank] = [ZERO, ZERO, ZERO, ZERO, ZERO]
            part[0] += svc_paid
            part[1] += patient
            part[2] += contractual
            part[3] += share
            part[4] += denied
            if rank == 0:
                svc_allowed = (
                    svc.allowed_amount if svc.allowed_amount is not None else svc_paid + patient
                )
                line.allowed += svc_allowed
                allowed += svc_allowed
                units = svc.units if svc.units is not None else ONE
                line.paid_units += -abs(units) if role is _REVERSAL else units
            if svc.remark_codes:
                _remember(line.remarks, svc.remark_codes)
                _remember(remarks, svc.remark_codes)
    if fees is not None:
        for t in totals:
            t.expected = fees.expected_allowed(t.code, t.modifiers, t.units)
    if added:
        for t in added.values():
            t.units = t.paid_units
            totals.append(t)
    for t in totals:
        if t.parts:
            settled = settle(t.billed, [Part(*t.parts[rank]) for rank in sorted(t.parts)])
            t.paid, t.pr, t.contractual, t.other, t.denied = (
                settled.paid,
                settled.patient,
                settled.contractual,
                settled.other,
                settled.denied,
            )
    return totals, adjustment_totals(claim_tally), tuple(remarks), allowed, itemized, per_payer


def line_record(t: LineTotals, state: LineState, tolerance: Decimal) -> LineReconciliation:
    """The record of one netted line in the given state (validators skipped)."""
    expected = t.expected
    underpayment: Decimal | None = None
    if expected is not None and state in PAID_LINE_STATES:
        short = expected - t.allowed
        underpayment = short if short > tolerance else ZERO
        if underpayment:
            state = line_state(t.paid, t.denied, t.pr, underpaid=True)
    return new_line(
        t.number,
        t.code,
        t.method,
        state,
        new_amounts(
            t.billed,
            t.allowed,
            t.paid,
            t.pr,
            t.contractual,
            t.other,
            ZERO,
            ZERO,
            expected,
            underpayment,
            t.denied,
        ),
        t.modifiers,
        t.control,
        t.date,
        t.units,
        t.paid_units,
        tuple(t.codes),
        t.count,
        adjustment_totals(t.adjustments) if t.adjustments else (),
        tuple(t.remarks),
    )


def service_period(lines: Sequence[Any]) -> tuple[dt.date | None, dt.date | None]:
    """Earliest line date and latest line end (a line without an end ends on its date)."""
    start = end = None
    for line in lines:
        date = line.date
        if date is not None:
            if start is None or date < start:
                start = date
            last = line.date_end or date
            if end is None or last > end:
                end = last
    return start, end
