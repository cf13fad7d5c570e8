"""Tests for medclaims.ids.tax_id."""

from __future__ import annotations

import pytest

from medclaims.ids import InvalidFormat, InvalidIdentifier, InvalidLength, tax_id


@pytest.mark.parametrize("value", ["123456789", "12-3456789", "123-45-6789", " 12-3456789 "])
def test_valid_layouts(value: str) -> None:
    assert tax_id.validate(value) == "123456789"
    assert tax_id.is_valid(value)


def test_formatting() -> None:
    assert tax_id.format_ein("123-45-6789") == "12-3456789"
    assert tax_id.format_ssn("12-3456789") == "123-45-6789"
    assert tax_id.compact("12-345 6789") == "123456789"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1234-56789", InvalidFormat),
        ("12-34-56789", InvalidFormat),
        ("12--3456789", InvalidFormat),
        ("12-345678X", InvalidFormat),
        ("", InvalidFormat),
        ("12-34567", InvalidLength),
        ("1234567890", InvalidLength),
    ],
)
def test_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        tax_id.validate(value)
    assert not tax_id.is_valid(value)
    if value:
        assert value not in str(info.value)
        assert tax_id.compact(value) not in str(info.value)
