"""Tests for medclaims.ids.icd10cm."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medclaims.ids import InvalidFormat, InvalidIdentifier, InvalidLength, icd10cm


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("E11.9", "E119"),
        ("e119", "E119"),
        ("I10", "I10"),
        ("U07.1", "U071"),
        ("S72.001A", "S72001A"),
        ("Z3A.20", "Z3A20"),
        (" M54.50 ", "M5450"),
    ],
)
def test_valid(value: str, expected: str) -> None:
    assert icd10cm.validate(value) == expected
    assert icd10cm.is_valid(value)


def test_compact_and_format() -> None:
    assert icd10cm.compact("e11.9") == "E119"
    assert icd10cm.format("E119") == "E11.9"
    assert icd10cm.format("s72001a") == "S72.001A"
    assert icd10cm.format("I10") == "I10"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("E1", InvalidLength),
        ("S72.001AB", InvalidLength),
        ("S72001AB", InvalidLength),
        ("1E11", InvalidFormat),
        ("EE11", InvalidFormat),
        ("E1.19", InvalidFormat),
        ("E11.9.1", InvalidFormat),
        ("E11.", InvalidFormat),
        ("E11-9", InvalidFormat),
        ("", InvalidFormat),
    ],
)
def test_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        icd10cm.validate(value)
    assert not icd10cm.is_valid(value)
    if value:
        assert value not in str(info.value)


codes = st.from_regex(r"[A-Z][0-9][A-Z0-9][A-Z0-9]{0,4}", fullmatch=True)


@given(codes)
def test_format_round_trips(code: str) -> None:
    assert icd10cm.validate(icd10cm.format(code)) == code
