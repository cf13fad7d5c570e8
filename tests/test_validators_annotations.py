"""Each annotation kind ``typed_fields`` knows accepts its type and refuses others."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from medclaims._support.fields import typed_fields


class _Wrong:
    """A value of no annotated type; its repr must never reach a message."""

    def __repr__(self) -> str:
        return "QZXWRONGVALUE"


@attrs.frozen(field_transformer=typed_fields)
class _Flag:
    on: bool


@attrs.frozen(field_transformer=typed_fields)
class _Stamp:
    at: dt.datetime


@attrs.frozen(field_transformer=typed_fields)
class _Day:
    on: dt.date


@attrs.frozen(field_transformer=typed_fields)
class _Listed:
    items: list[int]


@attrs.frozen(field_transformer=typed_fields)
class _Table:
    rows: tuple[dict[str, int], ...]


@attrs.frozen(field_transformer=typed_fields)
class _Maybe:
    amount: Decimal | None
    either: int | str | None = None


def _refused(make: type, value: object) -> str:
    with pytest.raises(TypeError) as caught:
        make(value)
    message = str(caught.value)
    assert "QZXWRONGVALUE" not in message
    return message


@pytest.mark.parametrize("value", [1, 0, "yes", None, _Wrong()])
def test_bool_accepts_only_true_and_false(value: object) -> None:
    assert _Flag(True).on is True and _Flag(False).on is False
    assert _refused(_Flag, value) == "on must be bool"


@pytest.mark.parametrize("value", [dt.datetime(2026, 1, 5), "2026-01-05", _Wrong()])
def test_date_refuses_a_datetime(value: object) -> None:
    # A datetime is a date to isinstance; in a date field it would not equal the parsed
    # date, nor read back from its own JSON.
    assert _Day(dt.date(2026, 1, 5)).on.day == 5
    assert _refused(_Day, value) == "on must be dt.date"


@pytest.mark.parametrize("value", [dt.date(2026, 1, 5), "2026-01-05T10:00", _Wrong()])
def test_datetime_refuses_a_plain_date(value: object) -> None:
    assert _Stamp(dt.datetime(2026, 1, 5, 10)).at.hour == 10
    assert _refused(_Stamp, value) == "at must be dt.datetime"


@pytest.mark.parametrize("value", [(1, 2), [1, True], [1, "2"], [_Wrong()], _Wrong()])
def test_list_checks_the_container_and_every_item(value: object) -> None:
    assert _Listed([1, 2]).items == [1, 2] and _Listed([]).items == []
    assert _refused(_Listed, value) == "items must be list[int]"


@pytest.mark.parametrize("value", [({"a": 1}, [("a", 1)]), ({"a": 1}, _Wrong()), [{"a": 1}]])
def test_dict_checks_the_container_only(value: object) -> None:
    # The rows of a table are dicts; their cells are not walked (a table may be large).
    assert _Table(({"a": 1}, {"b": "not walked"})).rows[1] == {"b": "not walked"}  # type: ignore[dict-item]
    assert _refused(_Table, value) == "rows must be tuple[dict[str, int], ...]"


def test_dict_annotation_arguments_must_be_known() -> None:
    with pytest.raises(TypeError, match="no check for the annotation"):

        @attrs.frozen(field_transformer=typed_fields)
        class Odd:
            rows: dict[str, set[int]]


@pytest.mark.parametrize("value", [Decimal("NaN"), 1.5, "1", _Wrong()])
def test_optional_accepts_none_or_the_type(value: object) -> None:
    assert _Maybe(None).amount is None and _Maybe(Decimal("1.5")).amount == Decimal("1.5")
    assert _refused(_Maybe, value) == "amount must be Decimal | None"


@pytest.mark.parametrize("value", [True, 1.0, _Wrong()])
def test_a_union_of_several_types_accepts_each(value: object) -> None:
    assert [_Maybe(None, v).either for v in (1, "x", None)] == [1, "x", None]
    with pytest.raises(TypeError) as caught:
        _Maybe(None, value)
    assert str(caught.value) == "either must be int | str | None"


Cells = dict[str, Decimal | dt.date | dt.datetime | None]
"""An alias is checked through its repr, which spells ``decimal.Decimal``, ``datetime.date``."""


@attrs.frozen(field_transformer=typed_fields)
class _Aliased:
    rows: tuple[Cells, ...]
    amounts: Amounts


Amounts = tuple[Decimal, dt.date, dt.datetime]


def test_an_alias_naming_decimal_and_dates_resolves() -> None:
    when = dt.datetime(2026, 1, 5, 10)
    made = _Aliased(({"a": None},), (Decimal(1), when.date(), when))
    assert made.amounts[0] == 1
    with pytest.raises(TypeError) as caught:
        _Aliased(({"a": None},), (Decimal("NaN"), when.date(), when))
    assert str(caught.value) == "amounts must be Amounts"
    with pytest.raises(TypeError, match=r"^rows must be tuple\[Cells, \.\.\.\]$"):
        _Aliased(([("a", None)],), (Decimal(1), when.date(), when))  # type: ignore[arg-type]
