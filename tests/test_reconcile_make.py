"""The engine's record constructors (``reconcile._engine.make``) build what attrs builds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import attrs
import pytest

from medclaims.codes import DenialCategory
from medclaims.reconcile._engine import make as _make
from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    AttachedPayment,
    ClaimMatch,
    ClaimReconciliation,
    ClaimState,
    LineMatchMethod,
    LineReconciliation,
    LineState,
    MatchMethod,
    PaymentRole,
)

_AMOUNTS = {
    "billed": D("100.00"),
    "allowed": D("80"),
    "paid": D("70.5"),
    "patient_responsibility": D("9.5"),
    "contractual": D("20"),
    "other_adjustments": D("0"),
    "interest": D("1"),
    "recouped": D("0"),
    "expected": D("85"),
    "underpayment": None,
    "denied": D("0"),
}
_ADJ = {"group": "CO", "reason": "45", "amount": D("20"), "category": DenialCategory.CONTRACTUAL}
_MATCH = ClaimMatch(MatchMethod.EXACT, "CLP01 equals CLM01")


def _line() -> dict[str, object]:
    return {
        "line_number": 1,
        "procedure_code": "99213",
        "match": LineMatchMethod.PROCEDURE,
        "state": LineState.PAID,
        "amounts": Amounts(**_AMOUNTS),
        "modifiers": ("25",),
        "control_number": "L1",
        "service_date": dt.date(2026, 1, 2),
        "units": D(1),
        "paid_units": D(1),
        "adjudicated_codes": ("99212",),
        "adjudicated_lines": 1,
        "adjustments": (AdjustmentTotal(**_ADJ),),
        "remark_codes": ("N130",),
    }


def _payment() -> dict[str, object]:
    return {
        "remittance_index": 0,
        "claim_index": 3,
        "trace_number": "T1",
        "payment_date": dt.date(2026, 2, 1),
        "payer_id": "P1",
        "payer_name": "PAYER",
        "status_code": "1",
        "role": PaymentRole.PAYMENT,
        "match": _MATCH,
        "billed": D(100),
        "paid": D("70.5"),
        "patient_responsibility": D("9.5"),
        "interest": D(0),
        "payer_claim_control_number": "ICN",
        "patient_control_number": "A",
    }


def _claim() -> dict[str, object]:
    return {
        "patient_control_number": "A",
        "state": ClaimState.PAID,
        "amounts": Amounts(**_AMOUNTS),
        "payer_id": "P1",
        "payer_name": "PAYER",
        "claim_index": 0,
        "match": _MATCH,
        "payments": (AttachedPayment(**_payment()),),
        "lines": (LineReconciliation(**_line()),),
        "adjustments": (AdjustmentTotal(**_ADJ),),
        "remark_codes": ("N130",),
        "denial_category": DenialCategory.OTHER,
        "service_date": dt.date(2026, 1, 2),
        "service_date_end": dt.date(2026, 1, 3),
        "last_payment_date": dt.date(2026, 2, 1),
        "age_days": 30,
        "acknowledged_on": dt.date(2026, 1, 4),
        "acknowledgement_reasons": ("A2/20: Accepted into adjudication",),
    }


@pytest.mark.parametrize(
    ("make", "cls", "fields"),
    [
        (_make.new_amounts, Amounts, _AMOUNTS),
        (_make.new_adjustment_total, AdjustmentTotal, _ADJ),
        (_make.new_line, LineReconciliation, _line()),
        (_make.new_payment, AttachedPayment, _payment()),
        (_make.new_claim, ClaimReconciliation, _claim()),
    ],
)
def test_constructor_matches_attrs_positionally_and_by_name(
    make: object, cls: type, fields: dict[str, object]
) -> None:
    expected = cls(**fields)
    names = [a.name for a in attrs.fields(cls)]
    assert list(fields) == names  # every field given, in attrs order
    positional = make(*fields.values())  # type: ignore[operator]
    by_name = make(**fields)  # type: ignore[operator]
    for made in (positional, by_name):
        assert type(made) is cls
        assert made == expected
        assert [getattr(made, n) for n in names] == [getattr(expected, n) for n in names]
        assert repr(made) == repr(expected)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        positional.paid = D(0)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        make(*list(fields.values())[:-1])  # type: ignore[operator]


def test_records_are_slotted() -> None:
    """Slotted records: a third of the memory of dict-backed ones, one GC object each."""
    for made in (
        _make.new_amounts(*_AMOUNTS.values()),
        _make.new_line(*_line().values()),
        _make.new_claim(*_claim().values()),
        _make.new_payment(*_payment().values()),
        _make.new_adjustment_total(*_ADJ.values()),
    ):
        assert "__slots__" in type(made).__dict__
        assert not hasattr(made, "__dict__")
