"""Strict X12 decimal parsing and formatting."""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.errors import Location, X12SyntaxError
from medclaims.x12.values import amount, format_amount, parse_amount


@pytest.mark.parametrize(
    "text, value",
    [
        ("0", Decimal(0)),
        ("100", Decimal(100)),
        ("100.00", Decimal("100.00")),
        ("-12.5", Decimal("-12.5")),
        (".5", Decimal("0.5")),
        ("-0.01", Decimal("-0.01")),
        ("007", Decimal(7)),
    ],
)
def test_accepts_x12_decimals(text: str, value: Decimal) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "inf",
        "1E3",
        "1e-2",
        "+5",
        "1,000",
        "1_000",
        " 5",
        "5 ",
        "--5",
        "1.2.3",
        ".",
        "-",
        "١٢",
        "５",
    ],
)
def test_rejects_everything_else(text: str) -> None:
    assert parse_amount(text) is None


def test_amount_raises_with_location() -> None:
    with pytest.raises(X12SyntaxError) as err:
        amount("NaN", Location("CLP", 3, 100, 4))
    assert err.value.location.element == 4 and "NaN" not in str(err.value)


def test_parsed_values_keep_their_exponent() -> None:
    assert str(parse_amount("100.00")) == "100.00"
    assert str(parse_amount("100")) == "100"


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9
    )
)
def test_format_then_parse_round_trips(value: Decimal) -> None:
    text = format_amount(value)
    assert "E" not in text and "e" not in text
    parsed = parse_amount(text)
    assert parsed == value and format_amount(parsed) == text


def test_format_rejects_non_finite() -> None:
    with pytest.raises(ValueError):
        format_amount(Decimal("NaN"))


_X12_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="-.0123456789eE+_ \t٣５", max_size=8))
def test_accepts_exactly_the_x12_decimal_shape(text: str) -> None:
    # The grammar of an X12 R element, written as a regex here as the reference.
    expected = _X12_DECIMAL.fullmatch(text) is not None
    assert (parse_amount(text) is not None) == expected


def test_a_callers_decimal_context_changes_nothing() -> None:
    # Low precision would round, and with InvalidOperation untrapped Decimal("1.2.3")
    # would be NaN: neither may leak into what is read.
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.InvalidOperation] = False
        value = parse_amount("98765.4321")
        assert parse_amount("9.8.7") is None
        assert parse_amount("-") is None
    assert value is not None and value.as_tuple() == Decimal("98765.4321").as_tuple()
