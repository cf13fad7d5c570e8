"""The encounter records: frozen, typed, PHI kept out of repr."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from strategies_837p import example_encounter

from medclaims.professional import ClaimAddress, Encounter, Patient, ServiceLine, Subscriber

SENTINEL = "ZZSENTINELZZ"


def test_records_are_frozen() -> None:
    encounter = example_encounter()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        encounter.claim_id = "other"  # type: ignore[misc]


def test_lists_become_tuples() -> None:
    line = ServiceLine(
        procedure_code="99213",
        charge=Decimal(1),
        service_date=dt.date(2024, 1, 1),
        modifiers=["25"],
        diagnosis_pointers=[1, 2],
    )  # type: ignore[arg-type]
    assert line.modifiers == ("25",)
    assert line.diagnosis_pointers == (1, 2)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("charge", 1.5),
        ("charge", "1.50"),
        ("service_date", "2024-01-01"),
        ("modifiers", "25"),
        ("charge", Decimal("NaN")),
        ("charge", Decimal("Infinity")),
        ("service_date", dt.datetime(2024, 1, 1)),
        ("service_date_end", dt.datetime(2024, 1, 2)),
    ],
)
def test_wrong_types_are_refused_on_construction(field: str, value: object) -> None:
    good = {"procedure_code": "99213", "charge": Decimal(1), "service_date": dt.date(2024, 1, 1)}
    with pytest.raises((TypeError, ValueError)):
        ServiceLine(**{**good, field: value})  # type: ignore[arg-type]


def test_total_charge_is_the_sum_of_line_charges() -> None:
    assert example_encounter().total_charge == Decimal("120.50")


def test_patient_is_subscriber_without_patient() -> None:
    assert example_encounter().patient_is_subscriber
    patient = Patient(
        last_name="Kid",
        birth_date=dt.date(2015, 1, 1),
        sex="M",
        relationship_code="19",
        address=ClaimAddress(line1="x", city="yy", state="IL", postal_code="62702"),
    )
    assert not example_encounter(patient=patient).patient_is_subscriber


def test_repr_hides_identity_data() -> None:
    address = ClaimAddress(line1=SENTINEL, city=SENTINEL, state="IL", postal_code="62702")
    subscriber = Subscriber(
        member_id=SENTINEL,
        last_name=SENTINEL,
        first_name=SENTINEL,
        birth_date=dt.date(1911, 11, 11),
        sex="F",
        address=address,
        group_number=SENTINEL,
    )
    patient = Patient(
        last_name=SENTINEL,
        first_name=SENTINEL,
        birth_date=dt.date(1911, 11, 11),
        sex="M",
        relationship_code="19",
        address=address,
    )
    encounter: Encounter = example_encounter(
        subscriber=subscriber,
        patient=patient,
        pay_to_address=address,
        original_claim_id=SENTINEL,
        notes=SENTINEL,
        prior_authorization=SENTINEL,
    )
    text = repr(encounter)
    assert SENTINEL not in text
    assert "1911" not in text
    assert "CLAIM-1" in text  # non-PHI fields stay visible


class _Sentinel:
    """A value of no field's type whose repr must never reach a message."""

    def __repr__(self) -> str:
        return "QZXPHIVALUE"


def _records(value: object) -> list[object]:
    """Every attrs record inside ``value`` (itself included)."""
    if attrs.has(type(value)):
        out = [value]
        for item in attrs.asdict(value, recurse=False).values():  # type: ignore[arg-type]
            out += _records(item)
        return out
    if isinstance(value, tuple):
        return [r for item in value for r in _records(item)]
    return []


def test_a_birth_date_must_be_a_date_not_a_datetime() -> None:
    # A datetime would not equal the date read back from the 837P or its JSON.
    with pytest.raises(TypeError, match="birth_date must be a date"):
        Patient(
            last_name="DOE", birth_date=dt.datetime(2015, 7, 4), sex="F", relationship_code="19"
        )


def test_type_errors_name_the_field_never_the_value() -> None:
    # attrs' own instance_of quotes the value: a birth date given as text would be logged.
    patient = Patient(
        last_name="DOE",
        first_name="JO",
        birth_date=dt.date(2015, 7, 4),
        sex="F",
        relationship_code="19",
    )
    records = _records(example_encounter()) + _records(patient)
    kinds = {type(r) for r in records}
    assert {Encounter, Patient, ServiceLine, Subscriber, ClaimAddress} <= kinds
    checked = 0
    for record in {type(r): r for r in records}.values():
        for field in attrs.fields(type(record)):
            if field.validator is None:
                continue
            for wrong in (_Sentinel(), "QZXPHIVALUE", 987654321):
                try:
                    attrs.evolve(record, **{field.name: wrong})
                except (TypeError, ValueError) as exc:
                    assert "QZXPHIVALUE" not in str(exc) and "987654321" not in str(exc)
                    checked += 1
    assert checked > 50
