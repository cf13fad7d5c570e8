"""The 835 records check their field types on construction (by hand or from JSON)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from _shared import SAMPLES

from medclaims._support.fields import typed_fields
from medclaims.remittance import iter_835, parse_835, records
from medclaims.remittance.records import SourceSegments

RECORD_CLASSES = sorted(
    (
        cls
        for cls in vars(records).values()
        if isinstance(cls, type)
        and attrs.has(cls)
        and cls.__module__.startswith("medclaims.remittance")
    ),
    key=lambda cls: cls.__name__,
)


class _Wrong:
    """A value of no field's type; its repr is a sentinel that must not reach messages."""

    def __repr__(self) -> str:
        return "QZXWRONGVALUE"


def _records(value: object) -> Iterator[object]:
    """Every attrs record inside ``value`` (itself included), depth first."""
    if attrs.has(type(value)):
        yield value
        for item in attrs.asdict(value, recurse=False).values():  # type: ignore[arg-type]
            yield from _records(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _records(item)


@pytest.fixture(scope="module")
def examples() -> dict[type, Any]:
    found: dict[type, Any] = {}
    for path in sorted(SAMPLES.glob("*.835")):
        data = path.read_bytes()
        for record in [*_records(tuple(parse_835(data))), *iter_835(data)]:
            found.setdefault(type(record), record)
    return found


def test_every_record_class_has_an_example(examples: dict[type, Any]) -> None:
    assert len(RECORD_CLASSES) >= 18
    assert [cls.__name__ for cls in RECORD_CLASSES if cls not in examples] == []


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_every_field_refuses_a_value_of_another_type(cls: type, examples: dict[type, Any]) -> None:
    example = examples[cls]
    assert attrs.evolve(example) == example  # the example itself passes every check
    for field in attrs.fields(cls):
        with pytest.raises(TypeError) as caught:
            attrs.evolve(example, **{field.name: _Wrong()})
        message = str(caught.value)
        assert message.startswith(f"{field.name} must be ")
        assert "QZXWRONGVALUE" not in message


@pytest.mark.parametrize(
    "value",
    [
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        1.5,
        2,
        "12.00",
        True,
    ],
)
def test_money_is_a_finite_decimal(value: object) -> None:
    with pytest.raises(TypeError, match=r"^amount must be Decimal"):
        records.Adjustment("CO", "45", value, None)  # type: ignore[arg-type]


def test_values_of_the_documented_types_pass() -> None:
    adj = records.Adjustment("CO", "45", Decimal("1E+2"), None)  # an exponent is still a value
    assert adj.amount == 100
    line = records.ServicePayment(
        records.Procedure("HC", "99213", ("25",)),
        Decimal("100"),
        Decimal("80"),
        service_date=dt.date(2026, 1, 5),
        adjustments=(adj,),
        amounts={"B6": Decimal(90)},
    )
    assert line.adjustments == (adj,)
    with pytest.raises(TypeError, match=r"^adjustments must be"):
        records.ServicePayment(
            records.Procedure("HC", "99213"), Decimal(1), Decimal(1), adjustments=[adj]
        )  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^amounts must be"):
        records.ServicePayment(
            records.Procedure("HC", "99213"), Decimal(1), Decimal(1), amounts={"B6": 90.0}
        )  # type: ignore[dict-item]
    with pytest.raises(TypeError, match=r"^service_date must be"):
        records.ServicePayment(
            records.Procedure("HC", "99213"), Decimal(1), Decimal(1), service_date="20260105"
        )  # type: ignore[arg-type]


def test_source_segments_stay_lazy() -> None:
    [rem] = parse_835((SAMPLES / "remit-basic.835").read_bytes())
    lazy = SourceSegments("ST*835*1~SE*2*1~", "~")
    again = attrs.evolve(rem, source_segments=lazy)
    assert again.source_segments is lazy and lazy._items is None  # checked, not split


def test_an_annotation_without_a_check_fails_at_class_creation() -> None:
    with pytest.raises(TypeError, match="no check for the annotation"):

        @attrs.frozen(field_transformer=typed_fields)
        class Odd:
            values: set[str]


def test_a_record_may_name_a_class_defined_after_it() -> None:
    # Resolved on first use, in the record's module: here the test module.
    made = _Outer(_Later("x"))
    assert made.inner.value == "x"
    with pytest.raises(TypeError, match=r"^inner must be _Later"):
        _Outer("x")  # type: ignore[arg-type]


@attrs.frozen(field_transformer=typed_fields)
class _Outer:
    inner: _Later


@attrs.frozen(field_transformer=typed_fields)
class _Later:
    value: str
