"""Tests for medclaims.ids.place_of_service and medclaims.ids.state."""

from __future__ import annotations

import pytest

from medclaims.ids import (
    InvalidCode,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
    place_of_service,
    state,
)


@pytest.mark.parametrize(("value", "name"), [("11", "Office"), (" 21 ", "Inpatient Hospital")])
def test_place_of_service_valid(value: str, name: str) -> None:
    assert place_of_service.validate(value) == value.strip()
    assert place_of_service.name(value) == name
    assert place_of_service.is_valid(value)


@pytest.mark.parametrize(
    ("value", "error"),
    [("30", InvalidCode), ("1", InvalidLength), ("011", InvalidLength), ("1A", InvalidFormat)],
)
def test_place_of_service_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        place_of_service.validate(value)
    assert not place_of_service.is_valid(value)
    assert value not in str(info.value)


@pytest.mark.parametrize("value", ["NY", "dc", "PR", "GU", "AE", "ON"])
def test_state_valid(value: str) -> None:
    assert state.validate(value) == value.upper()
    assert state.is_valid(value)


def test_state_us_only() -> None:
    assert state.validate("PR", us_only=True) == "PR"
    assert not state.is_valid("ON", us_only=True)
    with pytest.raises(InvalidCode):
        state.validate("BC", us_only=True)


@pytest.mark.parametrize(
    ("value", "error"),
    [("XX", InvalidCode), ("N", InvalidLength), ("NYC", InvalidLength), ("N1", InvalidFormat)],
)
def test_state_invalid(value: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error) as info:
        state.validate(value)
    assert not state.is_valid(value)
    assert value not in str(info.value)
