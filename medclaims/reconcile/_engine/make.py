"""Engine-side constructors of the per-claim result records, validators skipped.

Every value the engine puts in a record is computed from Decimals, dates and
strings the input records already checked, so re-running the attrs validators
on 100,000 claims only costs time. Each constructor here takes the record's
fields positionally (or by name) in :func:`attrs.fields` order and fills the
slots directly, as the attrs ``__init__`` does, minus the validators. The
functions are generated from the attrs field list (as attrs generates its own
``__init__``), so a field added to a record is a field every constructor
requires; ``tests/test_reconcile_make.py`` holds them to the attrs constructors.
"""

from __future__ import annotations

from medclaims._support.records import slotted_constructor
from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    AttachedPayment,
    ClaimReconciliation,
    LineReconciliation,
)

__all__ = ["new_adjustment_total", "new_amounts", "new_claim", "new_line", "new_payment"]


new_amounts = slotted_constructor(Amounts, acyclic=True)
"""Amounts(billed, allowed, paid, patient_responsibility, contractual, other_adjustments,
interest, recouped, expected, underpayment), validators skipped."""
new_adjustment_total = slotted_constructor(AdjustmentTotal, acyclic=True)
"""AdjustmentTotal(group, reason, amount, category), validators skipped."""
new_line = slotted_constructor(LineReconciliation, acyclic=True)
"""LineReconciliation(line_number, procedure_code, match, state, amounts, modifiers,
control_number, service_date, units, paid_units, adjudicated_codes, adjudicated_lines,
adjustments, remark_codes), validators skipped."""
new_payment = slotted_constructor(AttachedPayment, acyclic=True)
"""AttachedPayment(remittance_index, claim_index, trace_number, payment_date, payer_id,
payer_name, status_code, role, match, billed, paid, patient_responsibility, interest,
payer_claim_control_number, patient_control_number), validators skipped."""
new_claim = slotted_constructor(ClaimReconciliation, acyclic=True)
"""ClaimReconciliation(patient_control_number, state, amounts, payer_id, payer_name,
claim_index, match, payments, lines, adjustments, remark_codes, denial_category,
service_date, service_date_end, last_payment_date, age_days, acknowledged_on,
acknowledgement_reasons), validators skipped."""
