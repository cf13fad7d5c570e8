"""whole_number: the N0 values (counts, control numbers, pointers) that int() may take."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medclaims.x12.numbers import whole_number


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("7", 7), ("0001", 1), ("12", 12)])
def test_ascii_digits_are_numbers(text: str, value: int) -> None:
    assert whole_number(text) == value


@pytest.mark.parametrize(
    "text", ["", " 1", "1 ", "-1", "+1", "1.0", "1e3", "²", "\u0661", "\uff11", "x"]
)
def test_anything_else_is_none(text: str) -> None:
    assert whole_number(text) is None


def test_length_is_bounded_before_int_is_called() -> None:
    assert whole_number("1" * 18) == int("1" * 18)
    assert whole_number("1" * 19) is None
    assert whole_number("9" * 5000) is None  # int() would raise ValueError here
    assert whole_number("123", 2) is None
    assert whole_number("12", 2) == 12


@given(st.text(max_size=30))
def test_never_raises_and_agrees_with_int_on_ascii_digits(text: str) -> None:
    value = whole_number(text)
    if text and len(text) <= 18 and text.isascii() and text.isdigit():
        assert value == int(text)
    else:
        assert value is None
