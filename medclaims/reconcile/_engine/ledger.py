"""The provider-level ledger: every PLB adjustment, linked to a claim where it names one.

Strategy: remittances are walked in date order; each PLB reason/amount pair
becomes a :class:`~medclaims.reconcile.model.ProviderLedgerEntry`. The reference
(PLB03-2) is linked to a claim when it, or one of its space-separated words,
equals a payer claim control number (CLP07) attached to a claim, else a
patient control number (CLM01) of exactly one claim. Payers write the
recovered claim's ICN in a WO reference, often followed by the patient's
member id, hence the word split.

An entry *offsets* an earlier open one with the same payer, reason and
reference and the opposite amount: a WO recoupment repaid by a later negative
WO, or an FB balance forwarded and then taken back.

PLB sign (835 rule): a positive amount reduces the payment to the provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from medclaims.reconcile._engine.inputs import RemitView, norm
from medclaims.reconcile.model import LedgerKind, PlbLink, ProviderLedgerEntry

__all__ = ["LEDGER_KINDS", "ClaimLinker", "build_ledger"]

LEDGER_KINDS: dict[str, LedgerKind] = {
    "WO": LedgerKind.RECOUPMENT,
    "WU": LedgerKind.RECOUPMENT,
    "72": LedgerKind.REFUND,
    "L6": LedgerKind.INTEREST,
    "FB": LedgerKind.FORWARDING_BALANCE,
}
"""PLB reason code (PLB03-1) → what it does; every other reason is ``other``."""


class ClaimLinker:
    """Finds the claim a PLB reference names: CLP07 of an attached payment, else CLM01."""

    def __init__(self) -> None:
        self._payer_numbers: dict[str, int] = {}
        self._claim_ids: dict[str, int | None] = {}

    def add_payer_number(self, payer_claim_control_number: str, position: int) -> None:
        """Record that a payment with this CLP07 is attached to claim ``position``."""
        key = norm(payer_claim_control_number)
        if key:
            self._payer_numbers.setdefault(key, position)

    def add_claim_id(self, claim_key: str, position: int) -> None:
        """Record a normalized CLM01; a CLM01 shared by several claims links to none."""
        if claim_key:
            self._claim_ids[claim_key] = None if claim_key in self._claim_ids else position

    def link(self, reference: str) -> tuple[int | None, PlbLink]:
        """The claim position a reference names, and how; (None, none) if it names none."""
        key = norm(reference)
        if not key:
            return None, PlbLink.NONE
        words = [key, *key.split()] if " " in key else [key]
        for word in words:
            found = self._payer_numbers.get(word)
            if found is not None:
                return found, PlbLink.PAYER_CLAIM_CONTROL_NUMBER
        for word in words:
            position = self._claim_ids.get(word)
            if position is not None:
                return position, PlbLink.PATIENT_CONTROL_NUMBER
        return None, PlbLink.NONE


def build_ledger(
    views: Iterable[RemitView], link: Callable[[str], tuple[int | None, PlbLink]]
) -> list[ProviderLedgerEntry]:
    """Ledger entries of the remittances, in the order given (date order)."""
    entries: list[ProviderLedgerEntry] = []
    open_entries: dict[tuple[str, str, str, Decimal], list[int]] = {}
    zero = Decimal(0)
    for view in views:
        for plb in view.remittance.provider_adjustments:
            amount = plb.amount if plb.amount is not None else zero
            reason = norm(plb.reason_code)
            reference = plb.reference_id or ""
            position, how = link(reference)
            offsets: int | None = None
            ref_key = norm(reference)
            if amount:
                pending = open_entries.get((view.payer_key, reason, ref_key, -amount))
                if pending:
                    offsets = pending.pop(0)
                else:
                    open_entries.setdefault((view.payer_key, reason, ref_key, amount), []).append(
                        len(entries)
                    )
            entries.append(
                ProviderLedgerEntry(
                    trace_number=view.trace,
                    payment_date=view.date,
                    payer_id=view.payer_key,
                    provider_id=plb.provider_id,
                    fiscal_period_date=plb.fiscal_period_date,
                    reason=reason,
                    kind=LEDGER_KINDS.get(reason, LedgerKind.OTHER),
                    amount=amount,
                    reference=reference,
                    link=how,
                    claim_position=position,
                    offsets=offsets,
                    remittance_index=view.input_index,
                )
            )
    return entries
