"""Netting: one claim's attached payments and PLB entries → amounts, lines and a state.

Strategy: the payments arrive in date order. :func:`assign_roles` walks them
once: a reversal (CLP02 = 22, every amount negated by the 835 rules) cancels
the latest live payment that it mirrors (same CLP07 and opposite CLP04 first,
then same CLP07, then opposite CLP04, then the latest), and any non-reversal
after a reversal is a correction. Amounts are then plain sums over *all*
payments, reversals included, so original + reversal nets to zero by
construction. The rules that turn sums into amounts and states are those of :mod:`.netting`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from medclaims.codes import DenialCategory
from medclaims.errors import Issue, Severity
from medclaims.reconcile._engine.inputs import Attached, BilledClaim, mask_id, norm
from medclaims.reconcile._engine.lines import line_record, make_amounts, net_lines, service_period
from medclaims.reconcile._engine.make import new_claim, new_payment
from medclaims.reconcile._engine.netting import (
    PAID_STATES,
    Part,
    claim_state,
    denial_category,
    next_payer_due,
    payer_order,
    settle,
    shortfall,
)
from medclaims.reconcile._engine.netting import line_state as adjudicated_line_state
from medclaims.reconcile.fees import FeeSchedule
from medclaims.reconcile.model import (
    ClaimMatch,
    ClaimReconciliation,
    ClaimState,
    LedgerKind,
    LineState,
    PaymentRole,
    ProviderLedgerEntry,
)
from medclaims.remittance import ClaimPayment

__all__ = ["assign_roles", "reconcile_claim"]

ZERO = Decimal(0)
REVERSAL = "22"
_NOTHING = Part(ZERO, ZERO, ZERO, ZERO, ZERO)
_RECOVERY = (LedgerKind.RECOUPMENT, LedgerKind.REFUND)


def _mirrors(
    original: ClaimPayment, reversal: ClaimPayment, same_number: bool, same_amount: bool
) -> bool:
    if same_number and norm(original.payer_claim_control_number) != norm(
        reversal.payer_claim_control_number
    ):
        return False
    if same_amount:
        paid, back = original.paid_amount, reversal.paid_amount
        return paid is not None and back is not None and paid == -back
    return True


def assign_roles(attached: Sequence[Attached]) -> tuple[list[PaymentRole], list[int]]:
    """Role of each payment of one payer's stream (date order), and the positions of the
    reversals that found no payment of that stream to cancel (their original is not
    among the remittances given)."""
    if len(attached) == 1:  # the common case: one payment, nothing to cancel
        if attached[0].payment.status_code.strip() != REVERSAL:
            return [PaymentRole.PAYMENT], []
        return [PaymentRole.REVERSAL], [0]
    roles: list[PaymentRole] = []
    live: list[int] = []
    orphans: list[int] = []
    reversed_seen = False
    for i, item in enumerate(attached):
        payment = item.payment
        if payment.status_code.strip() != REVERSAL:
            roles.append(PaymentRole.CORRECTION if reversed_seen else PaymentRole.PAYMENT)
            live.append(i)
            continue
        roles.append(PaymentRole.REVERSAL)
        reversed_seen = True
        target: int | None = None
        for same_number, same_amount in ((True, True), (True, False), (False, True)):
            target = next(
                (
                    j
                    for j in reversed(live)
                    if _mirrors(attached[j].payment, payment, same_number, same_amount)
                ),
                None,
            )
            if target is not None:
                break
        if target is None and live:
            target = live[-1]
        if target is not None:
            live.remove(target)
            roles[target] = PaymentRole.REVERSED
        else:
            orphans.append(i)
    return roles, orphans


_LIVE = (PaymentRole.PAYMENT, PaymentRole.CORRECTION)


def reconcile_claim(
    billed: BilledClaim | None,
    attached: Sequence[Attached],
    entries: Sequence[ProviderLedgerEntry],
    fees: FeeSchedule | None,
    as_of: dt.date | None,
    issues: list[Issue] | None = None,
) -> ClaimReconciliation:
    """Net one claim (``billed`` None: an unmatched payment group): each payer's stream
    on its own, then the payers settled in sequence (:func:`.netting.settle`). Payments
    held for read errors decide nothing while others are attached (``needs_review`` when
    only they are)."""
    if any(item.held for item in attached) and not all(item.held for item in attached):
        attached = [item for item in attached if not item.held]
    order = payer_order(billed, attached)
    rank_of = {key: rank for rank, key in enumerate(order)}
    payer_of = [rank_of[item.view.payer_key] for item in attached]
    roles: list[PaymentRole] = [PaymentRole.PAYMENT] * len(attached)
    streams: list[list[int]] = [[] for _ in order]
    for i, rank in enumerate(payer_of):
        streams[rank].append(i)
    for stream in streams:
        stream_roles, orphans = assign_roles([attached[i] for i in stream])
        for i, role in zip(stream, stream_roles, strict=True):
            roles[i] = role
        if issues is not None:
            for position in orphans:
                item = attached[stream[position]]
                issues.append(
                    Issue(
                        Severity.WARNING,
                        "reconcile.orphan_reversal",
                        "reversal (CLP02 22) whose original payment is not among the "
                        "remittances given: its negative amounts stand alone",
                        path=f"{item.view.source} trace {item.view.trace or '?'} claim "
                        f"{mask_id(item.payment.patient_control_number)}",
                    )
                )
    totals, claim_adjustments, remarks, line_allowed, itemized, per_payer = net_lines(
        billed, attached, roles, payer_of, len(order), fees
    )
    paid_by = [ZERO] * len(order)
    patient_by = [ZERO] * len(order)
    live_by = [False] * len(order)
    last_status = [""] * len(order)
    claim_interest = allowed = ZERO
    for item, role, rank in zip(attached, roles, payer_of, strict=True):
        payment = item.payment
        paid_by[rank] += payment.paid_amount or ZERO
        patient_by[rank] += payment.patient_responsibility or ZERO
        claim_interest += payment.amounts.get("I", ZERO)
        if role in _LIVE:
            live_by[rank] = True
            last_status[rank] = payment.status_code.strip()
        if rank == 0 and not payment.service_lines:
            allowed += (payment.paid_amount or ZERO) + (payment.patient_responsibility or ZERO)
    allowed += line_allowed
    adjudicating = [rank for rank in range(len(order)) if live_by[rank]] or list(range(len(order)))
    parts = [
        Part(
            paid_by[rank],
            patient_by[rank],
            per_payer[rank][1],
            per_payer[rank][2],
            per_payer[rank][3],
        )
        for rank in adjudicating
    ]
    # A payer whose every payment was reversed still adds its (net zero) money.
    settled_paid = sum(paid_by, ZERO)
    recouped = ZERO
    interest = claim_interest
    if entries:
        recouped = sum((e.amount for e in entries if e.kind in _RECOVERY), ZERO)
        linked_interest = [-e.amount for e in entries if e.kind is LedgerKind.INTEREST]
        # One interest, two conventions: PLB L6 naming the claim wins over AMT*I, never both.
        if linked_interest:
            interest = sum(linked_interest, ZERO)
    if billed is not None:
        billed_amount = billed.billed
    else:
        firsts = [
            a.payment.charge_amount
            for a, r in zip(attached, roles, strict=True)
            if r is not PaymentRole.REVERSAL and a.payment.charge_amount is not None
        ]
        billed_amount = firsts[-1] if firsts else ZERO
    settled = settle(billed_amount, parts) if parts else settle(billed_amount, [_NOTHING])
    if settled.paid != settled_paid:
        settled = settled._replace(paid=settled_paid)
    paid = settled.paid - recouped
    start, end = service_period(totals)
    expected_sum = short = ZERO
    has_expected = False
    for t in totals:
        line_expected = t.expected
        if line_expected is not None:
            has_expected = True
            expected_sum += line_expected
            short += shortfall(line_expected, t.allowed, t.paid)
    expected: Decimal | None = None
    underpayment: Decimal | None = None
    tolerance = ZERO
    if has_expected:
        expected = expected_sum
        tolerance = fees.tolerance if fees is not None else ZERO
        if attached and paid > 0:
            underpayment = short if short > tolerance else ZERO
    if billed is not None:
        last = adjudicating[-1] if attached else 0
        state = claim_state(
            roles,
            settled,
            recouped,
            denied_status=bool(attached) and last_status[last] == "4",
            line_denied=any(t.denied > 0 for t in totals),
            next_payer_due=bool(attached)
            and next_payer_due(billed, order, last, last_status[last]),
            underpaid=bool(underpayment),
            needs_review=bool(attached) and all(item.held for item in attached),
        )
    else:
        state = ClaimState.UNMATCHED_PAYMENT
    if state not in PAID_STATES:
        underpayment = None
    amounts = make_amounts(
        billed_amount,
        allowed,
        paid,
        settled.patient,
        settled.contractual,
        settled.other,
        interest,
        recouped,
        expected,
        underpayment,
        settled.denied,
    )
    # Line states (LineState): fixed by the claim when pending or reversed, else by
    # the line's own net amounts; lines the payer added are always added_by_payer.
    fixed = (
        LineState.PENDING
        if state is ClaimState.PENDING
        else LineState.REVERSED
        if state is ClaimState.REVERSED
        else None
    )
    unseen = LineState.DROPPED if itemized else LineState.NOT_ITEMIZED
    line_records = []
    for t in totals:
        if t.number is None:
            line_state = LineState.ADDED_BY_PAYER
        elif fixed is not None:
            line_state = fixed
        elif t.count == 0:
            line_state = unseen
        else:
            line_state = adjudicated_line_state(t.paid, t.denied, t.pr)
        line_records.append(line_record(t, line_state, tolerance))
    payments = tuple(
        [
            new_payment(
                remittance_index=item.view.input_index,
                claim_index=item.claim_index,
                trace_number=item.view.trace,
                payment_date=item.view.date,
                payer_id=item.view.payer_key,
                payer_name=item.view.payer_name,
                status_code=item.payment.status_code,
                role=role,
                match=item.match,
                billed=item.payment.charge_amount or ZERO,
                paid=item.payment.paid_amount or ZERO,
                patient_responsibility=item.payment.patient_responsibility or ZERO,
                interest=item.payment.amounts.get("I", ZERO),
                payer_claim_control_number=item.payment.payer_claim_control_number,
                patient_control_number=item.payment.patient_control_number,
            )
            for item, role in zip(attached, roles, strict=True)
        ]
    )
    if not attached:
        match = None
    elif len(attached) == 1:
        match = attached[0].match
    else:
        match = _weakest(item.match for item in attached)
    denial = (
        denial_category(claim_adjustments)
        if state in (ClaimState.DENIED, ClaimState.PARTIALLY_DENIED, ClaimState.ADJUSTED)
        else None
    )
    if state is ClaimState.DENIED and denial is None:
        denial = DenialCategory.OTHER
    last_payment: dt.date | None = None
    for item in attached:
        date = item.view.date
        if date is not None and (last_payment is None or date > last_payment):
            last_payment = date
    for entry in entries:
        date = entry.payment_date
        if date is not None and (last_payment is None or date > last_payment):
            last_payment = date
    if billed is None and attached:
        first = attached[0].payment
        start = first.statement_period_start or start
        end = first.statement_period_end or end
    first_payment = attached[0] if attached else None
    return new_claim(
        patient_control_number=(
            billed.claim_id
            if billed is not None
            else first_payment.payment.patient_control_number
            if first_payment
            else ""
        ),
        state=state,
        amounts=amounts,
        payer_id=(
            billed.payer_key
            if billed is not None
            else first_payment.view.payer_key
            if first_payment
            else ""
        ),
        payer_name=(
            billed.payer_name
            if billed is not None
            else first_payment.view.payer_name
            if first_payment
            else ""
        ),
        claim_index=billed.position if billed is not None else None,
        match=match,
        payments=payments,
        lines=tuple(line_records),
        adjustments=claim_adjustments,
        remark_codes=remarks,
        denial_category=denial,
        service_date=start,
        service_date_end=end,
        last_payment_date=last_payment,
        age_days=(as_of - start).days if as_of is not None and start is not None else None,
        acknowledged_on=None,
        acknowledgement_reasons=(),
    )


_STRENGTH = {"exact": 0, "normalized": 1, "truncated": 2}


def _weakest(matches: object) -> ClaimMatch | None:
    found = [m for m in matches if isinstance(m, ClaimMatch)]  # type: ignore[attr-defined]
    if not found:
        return None
    return max(found, key=lambda m: (_STRENGTH[m.method.value], m.cross_payer))
