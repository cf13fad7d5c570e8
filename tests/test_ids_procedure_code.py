"""Tests for medclaims.ids.procedure_code."""

from __future__ import annotations

import pytest

from medclaims.ids import InvalidFormat, InvalidIdentifier, InvalidLength, procedure_code


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("99213", "CPT"),
        ("3008F", "CPT"),
        ("0042t", "CPT"),
        ("J3490", "HCPCS"),
        (" g0439 ", "HCPCS"),
        ("A0428", "HCPCS"),
    ],
)
def test_valid(value: str, kind: str) -> None:
    code = procedure_code.validate(value)
    assert code == value.strip().upper()
    assert procedure_code.kind(value) == kind
    assert procedure_code.is_valid(value)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("9921", InvalidLength),
        ("992131", InvalidLength),
        ("99-21", InvalidFormat),
        ("9921X", InvalidFormat),
        ("JJ349", InvalidFormat),
        ("J349F", InvalidFormat),
        ("", InvalidFormat),
    ],
)
def test_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        procedure_code.validate(value)
    assert not procedure_code.is_valid(value)
    with pytest.raises(error):
        procedure_code.kind(value)
    if value:
        assert value not in str(info.value)
