"""Action items of a reconciliation: what someone in billing should work next.

Strategy: one pass over the claims, unmatched payments and payments of a
:class:`~medclaims.reconcile.model.Reconciliation` yields an
:class:`ActionItem` per thing to do (see :class:`ActionKind`), with the keys
needed to find it in the payer's portal (claim ids, payer claim number, trace
number) and the money at stake. Denials follow the rule of
:mod:`medclaims.reconcile.reports.summaries`: a denied claim is one item; a denied line
is its own item only when its claim is not denied as a whole.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims._support.records import record_builder
from medclaims.codes import DenialCategory
from medclaims.reconcile.model import (
    ClaimReconciliation,
    ClaimState,
    LineReconciliation,
    Reconciliation,
)
from medclaims.reconcile.reports.summaries import (
    carc_pairs,
    denied_lines,
    line_denial_category,
    open_balance,
    payer_name_of,
    payer_names,
)

__all__ = ["ActionItem", "ActionKind", "action_items"]

ZERO = Decimal("0")


class ActionKind(StrEnum):
    """What someone in billing should do about an :class:`ActionItem`."""

    APPEAL_DENIAL = "appeal_denial"
    """A denied claim or line: correct and resubmit, or appeal."""
    UNDERPAYMENT = "underpayment"
    """Allowed less than the fee schedule expects beyond the tolerance: dispute."""
    FOLLOW_UP_REVERSAL = "follow_up_reversal"
    """A claim in state ``reversed``: its payment was reversed or recouped and nothing
    replaced it; resubmit, correct or dispute."""
    UNMATCHED_PAYMENT = "unmatched_payment"
    """Money for a claim we cannot find: post it by hand or return it."""
    UNBALANCED_PAYMENT = "unbalanced_payment"
    """A check/EFT whose amount is not its claims less its PLB: ask the payer."""
    CORRECT_AND_RESUBMIT = "correct_and_resubmit"
    """A claim in state ``rejected``: an acknowledgement (TA1, 999 or 277CA) refused it
    before adjudication; correct what ``reasons`` says and send it again. Amount: its
    billed charges."""
    FOLLOW_UP_ACKNOWLEDGEMENT = "follow_up_acknowledgement"
    """A claim in state ``not_acknowledged`` past the follow-up threshold: no 277CA
    names it; ask the clearinghouse or payer. Amount: its billed charges."""
    BILL_SECONDARY = "bill_secondary"
    """A claim in state ``awaiting_next_payer`` that its last payer did not forward
    (CLP02 not 19/20/21): the claim names a further payer (2320 SBR01 later in the
    sequence) that was never billed. Build that payer's claim from the encounter and
    the payments with :func:`medclaims.billing.secondary_claim`; amount: the balance
    left to it (open balance + patient responsibility)."""


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class ActionItem:
    """One thing to work, with the keys to find it and the money at stake."""

    kind: ActionKind
    """What to do."""
    payer_id: str
    """Payer id (billed-to, or of the remittance for payment items)."""
    payer_name: str
    """Payer name."""
    amount: Decimal
    """Money at stake: billed charges denied, the underpayment, the open balance of a
    reversed claim, the unmatched paid amount, or the payment's difference
    (BPR02 − (Σ CLP04 − Σ PLB)), or the balance left to the next payer."""
    patient_control_number: str = attrs.field(default="", repr=_masked)
    """Claim id (CLM01 / CLP01); empty for payment items. Masked in repr."""
    payer_claim_control_number: str = ""
    """Payer's claim numbers (CLP07), space-separated."""
    trace_number: str = ""
    """Check or EFT trace number of the latest payment (TRN02)."""
    service_date: dt.date | None = None
    """First date of service (the line's date for line items)."""
    line_number: int | None = None
    """Billed line number (837 LX01) for line items."""
    procedure_code: str = ""
    """Procedure code (and modifiers, ``99213-25``) for line items."""
    category: DenialCategory | None = None
    """Denial category, for denials."""
    carc_codes: tuple[str, ...] = ()
    """Group-CARC pairs (``CO-197``) behind it, largest amount first."""
    rarc_codes: tuple[str, ...] = ()
    """Remark codes (MOA/MIA, LQ*HE)."""
    reasons: tuple[str, ...] = ()
    """For acknowledgement items: the codes and their meaning in words
    (:attr:`~medclaims.reconcile.ClaimReconciliation.acknowledgement_reasons`)."""


_new_item = record_builder(ActionItem)
"""An :class:`ActionItem` from a dict of fields, validators skipped: every value comes
from reconciliation records that were checked when they were made."""


def _claim_keys(claim: ClaimReconciliation, payer_name: str) -> dict[str, Any]:
    """The fields of an item that identify a claim; each item adds its own to a copy."""
    numbers = dict.fromkeys(
        p.payer_claim_control_number for p in claim.payments if p.payer_claim_control_number
    )
    return {
        "kind": ActionKind.APPEAL_DENIAL,
        "payer_id": claim.payer_id,
        "payer_name": payer_name,
        "amount": ZERO,
        "patient_control_number": claim.patient_control_number,
        "payer_claim_control_number": " ".join(numbers),
        "trace_number": claim.payments[-1].trace_number if claim.payments else "",
        "service_date": claim.service_date,
        "rarc_codes": claim.remark_codes,
    }


def action_items(reconciliation: Reconciliation) -> list[ActionItem]:
    """Work items: denials to appeal, underpayments, reversals not replaced, unmatched
    and unbalanced payments, claims to correct and resubmit or whose acknowledgement
    is overdue, and claims whose next payer must be billed.

    Ordered by kind (as listed in :class:`ActionKind`), then largest amount first.
    """
    names = payer_names(reconciliation)
    items: list[ActionItem] = []
    for claim in reconciliation.claims:
        keys = _claim_keys(claim, payer_name=payer_name_of(claim, names))
        if claim.state is ClaimState.DENIED:
            items.append(
                _new_item(
                    {
                        **keys,
                        "amount": claim.amounts.billed,
                        "category": claim.denial_category or DenialCategory.OTHER,
                        "carc_codes": carc_pairs(claim.adjustments, denial_only=True),
                    }
                )
            )
        for line in denied_lines(claim):
            items.append(
                _new_item(
                    {
                        **keys,
                        "amount": line.amounts.billed,
                        "service_date": line.service_date or claim.service_date,
                        "line_number": line.line_number,
                        "procedure_code": _procedure(line),
                        "category": line_denial_category(line),
                        "carc_codes": carc_pairs(line.adjustments, denial_only=True),
                        "rarc_codes": line.remark_codes,
                    }
                )
            )
        if claim.amounts.underpaid:
            items.append(
                _new_item(
                    {
                        **keys,
                        "kind": ActionKind.UNDERPAYMENT,
                        "amount": claim.amounts.underpayment or ZERO,
                        "carc_codes": carc_pairs(claim.adjustments),
                    }
                )
            )
        if claim.state is ClaimState.REJECTED or (
            claim.state is ClaimState.NOT_ACKNOWLEDGED and claim.acknowledgement_reasons
        ):
            items.append(
                _new_item(
                    {
                        **keys,
                        "kind": ActionKind.CORRECT_AND_RESUBMIT
                        if claim.state is ClaimState.REJECTED
                        else ActionKind.FOLLOW_UP_ACKNOWLEDGEMENT,
                        "amount": claim.amounts.billed,
                        "reasons": claim.acknowledgement_reasons,
                    }
                )
            )
        if _next_payer_to_bill(claim):
            items.append(
                _new_item(
                    {
                        **keys,
                        "kind": ActionKind.BILL_SECONDARY,
                        "amount": open_balance(claim.amounts)
                        + claim.amounts.patient_responsibility,
                        "carc_codes": carc_pairs(claim.adjustments),
                    }
                )
            )
        if claim.state is ClaimState.REVERSED:
            items.append(
                _new_item(
                    {
                        **keys,
                        "kind": ActionKind.FOLLOW_UP_REVERSAL,
                        "amount": open_balance(claim.amounts),
                        "carc_codes": carc_pairs(claim.adjustments),
                    }
                )
            )
    for payment in reconciliation.unmatched_payments:
        keys = _claim_keys(payment, payer_name=payer_name_of(payment, names))
        items.append(
            _new_item(
                {
                    **keys,
                    "kind": ActionKind.UNMATCHED_PAYMENT,
                    "amount": payment.amounts.paid,
                    "carc_codes": carc_pairs(payment.adjustments),
                }
            )
        )
    for cash in reconciliation.cash:
        if not cash.balanced:
            items.append(
                ActionItem(
                    kind=ActionKind.UNBALANCED_PAYMENT,
                    amount=cash.difference,
                    payer_id=cash.payer_id,
                    payer_name=cash.payer_name or cash.payer_id,
                    trace_number=cash.trace_number,
                )
            )
    order = {kind: position for position, kind in enumerate(ActionKind)}
    items.sort(key=lambda i: (order[i.kind], -abs(i.amount)))
    return items


FORWARDED = frozenset({"19", "20", "21"})
"""CLP02: processed and forwarded to the next payer (a crossover: nothing to bill)."""


def _next_payer_to_bill(claim: ClaimReconciliation) -> bool:
    """Awaiting its next payer, and the last payment did not forward the claim there."""
    if claim.state is not ClaimState.AWAITING_NEXT_PAYER or not claim.payments:
        return False
    last = claim.payments[-1].status_code.strip()
    return last not in FORWARDED


def _procedure(line: LineReconciliation) -> str:
    return "-".join((line.procedure_code, *line.modifiers))
