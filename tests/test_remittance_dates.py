"""CCYYMMDD dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.x12.values import format_date, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "20250230",
        "20251301",
        "20250000",
        "2025-01-01",
        "250101",
        "",
        "2025010",
        "202501011",
        "２０２５０１０１",
        "abcdefgh",
    ],
)
def test_invalid_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


def test_leap_day() -> None:
    assert parse_date("20240229") == dt.date(2024, 2, 29)
    assert parse_date("20230229") is None


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_round_trip(value: dt.date) -> None:
    text = format_date(value)
    assert len(text) == 8 and parse_date(text) == value
