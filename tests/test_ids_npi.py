"""Tests for medclaims.ids.npi."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medclaims.errors import MedclaimsError
from medclaims.ids import InvalidChecksum, InvalidFormat, InvalidIdentifier, InvalidLength, npi

KNOWN_VALID = ["1234567893", "1245319599", "1679576722"]


@pytest.mark.parametrize("value", KNOWN_VALID)
def test_known_valid(value: str) -> None:
    assert npi.validate(value) == value
    assert npi.is_valid(value)
    assert npi.calc_check_digit(value[:9]) == value[9]


def test_compact_and_validate_strip_separators() -> None:
    assert npi.compact(" 1234 567-893 ") == "1234567893"
    assert npi.validate(" 1234-567-893\n") == "1234567893"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1234567890", InvalidChecksum),
        ("123456789", InvalidLength),
        ("12345678931", InvalidLength),
        ("", InvalidFormat),
        ("12345678A3", InvalidFormat),
        ("１２３４５６７８９３", InvalidFormat),  # full-width digits are not ASCII
        ("²234567893", InvalidFormat),
    ],
)
def test_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        npi.validate(value)
    assert isinstance(info.value, MedclaimsError)
    assert not npi.is_valid(value)
    if value.strip():
        assert value not in str(info.value)


def test_non_string_is_invalid_format() -> None:
    with pytest.raises(InvalidFormat):
        npi.validate(1234567893)  # type: ignore[arg-type]
    assert not npi.is_valid(None)  # type: ignore[arg-type]


def test_plain_luhn_is_not_enough() -> None:
    # 1234567897 passes a plain Luhn check of the 10 digits but not with 80840.
    assert not npi.is_valid("1234567897")


def test_calc_check_digit_rejects_bad_input() -> None:
    with pytest.raises(InvalidLength):
        npi.calc_check_digit("12345678")
    with pytest.raises(InvalidFormat):
        npi.calc_check_digit("12345678X")


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_check_digit_makes_any_nine_digits_valid(first9: str) -> None:
    assert npi.is_valid(first9 + npi.calc_check_digit(first9))


@given(nine_digits, st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_change_breaks_it(first9: str, position: int, delta: int) -> None:
    number = first9 + npi.calc_check_digit(first9)
    changed = str((int(number[position]) + delta) % 10)
    mutated = number[:position] + changed + number[position + 1 :]
    with pytest.raises(InvalidChecksum):
        npi.validate(mutated)
