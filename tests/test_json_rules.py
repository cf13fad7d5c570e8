"""The one converter factory (medclaims._support.json.make_converter) and its leaf rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medclaims._support.json import make_converter, money_text, read_date, read_money


class Refused(Exception):
    """The caller's own error class, raised with a PHI-free message."""


@attrs.frozen
class Row:
    amount: Decimal
    day: dt.date
    label: str
    count: int
    flag: bool


finite = st.decimals(allow_nan=False, allow_infinity=False, places=None)


@given(finite)
def test_money_text_is_positional_and_reads_back(value: Decimal) -> None:
    text = money_text(value)
    assert "E" not in text.upper()
    assert read_money(text) == value


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_money_cannot_be_written(value: Decimal) -> None:
    with pytest.raises(Refused):
        money_text(value, Refused)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("125.00", "125.00"), (" -7.5 ", "-7.5"), ("+3", "3"), (12, "12"), (Decimal("1.10"), "1.10")],
)
def test_money_accepts_plain_text_ints_and_decimals(value: object, expected: str) -> None:
    assert read_money(value) == Decimal(expected)


@pytest.mark.parametrize(
    "value",
    [1.5, True, None, "NaN", "Infinity", "1e3", "1E+2", "1_000", "12,50", "", ".5", "1.", [1]],
)
def test_money_refusals_raise_the_callers_error_without_the_value(value: object) -> None:
    with pytest.raises(Refused) as info:
        read_money(value, Refused)
    if isinstance(value, str) and len(value) > 2:
        assert value not in str(info.value)


def test_iso_dates_only_by_default_and_common_forms_on_request() -> None:
    assert read_date("2024-03-01") == dt.date(2024, 3, 1)
    for text in ("20240301", "03/01/2024", "Mar 1, 2024", " 2024-03-01"):
        with pytest.raises(Refused):
            read_date(text, Refused)
        assert read_date(text, Refused, forms="common") == dt.date(2024, 3, 1)
    with pytest.raises(Refused):
        read_date(dt.date(2024, 3, 1), Refused)
    assert read_date(dt.datetime(2024, 3, 1, 9), forms="common") == dt.date(2024, 3, 1)
    for bad in ("2024-02-30", "March 2024", "13/01/2024", 20240301):
        with pytest.raises(Refused):
            read_date(bad, Refused, forms="common")


@given(finite, st.dates(), st.text(), st.integers(), st.booleans())
def test_a_converter_round_trips_every_leaf(
    amount: Decimal, day: dt.date, label: str, count: int, flag: bool
) -> None:
    conv = make_converter(Refused)
    row = Row(amount, day, label, count, flag)
    data = conv.unstructure(row)
    assert isinstance(data["amount"], str) and data["day"] == day.isoformat()
    assert conv.structure(data, Row) == row


@pytest.mark.parametrize(
    ("field", "value"),
    [("amount", 1.5), ("amount", "1e3"), ("day", "03/01/2024"), ("label", 1), ("count", True)],
)
def test_a_converter_refuses_with_the_callers_error(field: str, value: object) -> None:
    conv = make_converter(Refused)
    data = {"amount": "1.00", "day": "2024-03-01", "label": "x", "count": 1, "flag": False}
    data[field] = value
    with pytest.raises(cattrs.BaseValidationError) as info:
        conv.structure(data, Row)
    assert any(isinstance(e, Refused) for e in info.value.exceptions)


def test_forbid_extra_keys_is_an_option() -> None:
    data = {"amount": "1", "day": "2024-03-01", "label": "x", "count": 1, "flag": True, "x": 1}
    assert make_converter(Refused).structure(data, Row).amount == Decimal(1)
    with pytest.raises(cattrs.BaseValidationError):
        make_converter(Refused, forbid_extra_keys=True).structure(data, Row)


def test_the_three_converters_share_the_rules() -> None:
    # Professional writes money positionally now (it used str(), which gave "1E+2").
    from medclaims.export._json import CONVERTER
    from medclaims.professional.convert import converter as professional
    from medclaims.reconcile.reports.format import converter as report

    for conv in (CONVERTER, professional, report):
        assert conv.unstructure(Decimal("1E+2")) == "100"
        with pytest.raises(Exception, match="float"):
            conv.get_structure_hook(Decimal)(1.5, Decimal)
