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

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    AttachedPayment,
    ClaimReconciliation,
    LineReconciliation,
)

__all__ = ["new_adjustment_total", "new_amounts", "new_claim", "new_line", "new_payment"]

_T = TypeVar("_T")


def _constructor(cls: type[_T]) -> Callable[..., _T]:
    """A function ``(field1, field2, ...) -> cls`` that fills a slotted frozen record."""
    names = [a.name for a in attrs.fields(cast(Any, cls))]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = []
    for i, name in enumerate(names):
        namespace[f"_set{i}"] = cls.__dict__[name].__set__  # the slot's member descriptor
        body.append(f"    _set{i}(obj, {name})\n")
    source = (f"def new_{cls.__name__}({', '.join(names)}):\n    obj = _new(_cls)\n"
              + "".join(body) + "    return obj\n")
    exec(compile(source, f"<medclaims.reconcile._make {cls.__name__}>", "exec"), namespace)
    made: Callable[..., _T] = namespace[f"new_{cls.__name__}"]
    made.__doc__ = f"A {cls.__name__} from its fields in attrs order, validators skipped."
    return made


new_amounts = _constructor(Amounts)
"""Amounts(billed, allowed, paid, patient_responsibility, contractual, other_adjustments,
interest, recouped, expected, underpayment), validators skipped."""
new_adjustment_total = _constructor(AdjustmentTotal)
"""AdjustmentTotal(group, reason, amount, category), validators skipped."""
new_line = _constructor(LineReconciliation)
"""LineReconciliation(line_number, procedure_code, match, state, amounts, modifiers,
control_number, service_date, units, paid_units, adjudicated_codes, adjudicated_lines,
adjustments, remark_codes), validators skipped."""
new_payment = _constructor(AttachedPayment)
"""AttachedPayment(remittance_index, claim_index, trace_number, payment_date, payer_id,
payer_name, status_code, role, match, billed, paid, patient_responsibility, interest,
payer_claim_control_number, patient_control_number), validators skipped."""
new_claim = _constructor(ClaimReconciliation)
"""ClaimReconciliation(patient_control_number, state, amounts, payer_id, payer_name,
claim_index, match, payments, lines, adjustments, remark_codes, denial_category,
service_date, service_date_end, last_payment_date, age_days), validators skipped."""
