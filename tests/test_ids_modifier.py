"""Tests for medclaims.ids.modifier."""

from __future__ import annotations

import pytest

from medclaims.ids import InvalidFormat, InvalidIdentifier, InvalidLength, modifier


@pytest.mark.parametrize(("value", "expected"), [("25", "25"), ("lt", "LT"), (" Q6 ", "Q6")])
def test_valid(value: str, expected: str) -> None:
    assert modifier.validate(value) == expected
    assert modifier.is_valid(value)


@pytest.mark.parametrize(
    ("value", "error"),
    [("5", InvalidLength), ("259", InvalidLength), ("2-", InvalidFormat), ("", InvalidFormat)],
)
def test_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        modifier.validate(value)
    assert not modifier.is_valid(value)
    if value:
        assert value not in str(info.value)


def test_validate_all() -> None:
    assert modifier.validate_all([]) == ()
    assert modifier.validate_all(["25", "59", "lt", "RT"]) == ("25", "59", "LT", "RT")
    assert modifier.validate_all(iter(["gt"])) == ("GT",)


def test_validate_all_too_many() -> None:
    with pytest.raises(InvalidLength, match="at most 4"):
        modifier.validate_all(["25", "59", "LT", "RT", "XS"])


def test_validate_all_names_the_position() -> None:
    with pytest.raises(InvalidFormat, match="modifier 2") as info:
        modifier.validate_all(["25", "5$"])
    assert "5$" not in str(info.value)


def test_validate_all_rejects_a_bare_string() -> None:
    with pytest.raises(InvalidFormat):
        modifier.validate_all("25")
