"""Tests for medclaims.ids.relationship."""

from __future__ import annotations

import pytest

from medclaims.ids import InvalidCode, InvalidFormat, InvalidIdentifier, InvalidLength, relationship


def test_codes_are_the_5010_pat01_list() -> None:
    assert set(relationship.CODES) == {"01", "19", "20", "21", "39", "40", "53", "G8"}
    assert relationship.SELF == "18"
    assert relationship.SELF not in relationship.CODES


@pytest.mark.parametrize("value", ["01", "19", "20", "21", "39", "40", "53", "G8", "g8", " 19 "])
def test_valid(value: str) -> None:
    assert relationship.validate(value) == value.strip().upper()
    assert relationship.is_valid(value)


def test_self_is_rejected_with_the_rule() -> None:
    with pytest.raises(InvalidCode, match="SBR02"):
        relationship.validate("18")


@pytest.mark.parametrize(
    ("value", "error"),
    [("99", InvalidCode), ("1", InvalidLength), ("019", InvalidLength), ("1-", InvalidFormat)],
)
def test_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        relationship.validate(value)
    assert not relationship.is_valid(value)
    assert value not in str(info.value)
