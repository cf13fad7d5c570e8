"""Tests for medclaims.ids.postal_code."""

from __future__ import annotations

import pytest

from medclaims.ids import InvalidFormat, InvalidIdentifier, InvalidLength, postal_code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12345", "12345"),
        ("123456789", "123456789"),
        ("12345-6789", "123456789"),
        (" 02134 ", "02134"),
    ],
)
def test_valid(value: str, expected: str) -> None:
    assert postal_code.validate(value) == expected
    assert postal_code.is_valid(value)


def test_require_nine() -> None:
    assert postal_code.validate("12345-6789", require_nine=True) == "123456789"
    assert not postal_code.is_valid("12345", require_nine=True)
    with pytest.raises(InvalidLength, match="9-digit"):
        postal_code.validate("12345", require_nine=True)


def test_format() -> None:
    assert postal_code.format("123456789") == "12345-6789"
    assert postal_code.format("12345") == "12345"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1234", InvalidLength),
        ("1234567", InvalidLength),
        ("1234-56789", InvalidFormat),
        ("12345-678-9", InvalidFormat),
        ("1234A", InvalidFormat),
        ("", InvalidFormat),
    ],
)
def test_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        postal_code.validate(value)
    assert not postal_code.is_valid(value)
    if value:
        assert value not in str(info.value)
