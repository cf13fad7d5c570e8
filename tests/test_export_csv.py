"""CSV export: exact money, ISO dates, full headers, and a lossless read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_835 import remittances
from test_remittance_denials import adj, claim, line, remit

from medclaims.export import (
    COLUMNS,
    TABLE_NAMES,
    ExportError,
    format_value,
    table_to_csv,
    to_csv,
    to_rows,
)
from medclaims.remittance import Remittance

_MONEY = {
    "payment_amount",
    "charge_amount",
    "paid_amount",
    "patient_responsibility",
    "allowed_amount",
    "amount",
    "units",
    "original_units",
    "quantity",
}


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@settings(max_examples=15, deadline=None)
@given(st.lists(remittances(max_claims=3), min_size=1, max_size=2))
def test_csv_round_trip_keeps_every_value(rems: list[Remittance]) -> None:
    tables = to_rows(rems)
    for name in TABLE_NAMES:
        out = io.StringIO(newline="")
        count = table_to_csv(tables, name, out)
        text = out.getvalue()
        assert text.splitlines()[0].split(",") == list(COLUMNS[name])
        back = _read(text)
        assert count == len(back) == len(tables.table(name))
        for original, read in zip(tables.table(name), back, strict=True):
            for column, value in original.items():
                cell = read[column]
                if value is None:
                    assert cell == ""
                elif isinstance(value, Decimal):
                    assert column in _MONEY
                    parsed = Decimal(cell)
                    assert parsed == value
                    assert parsed.as_tuple().exponent == value.as_tuple().exponent
                elif isinstance(value, dt.date):
                    assert dt.date.fromisoformat(cell) == value
                elif isinstance(value, int):
                    assert int(cell) == value
                else:
                    assert cell == value


def test_amounts_keep_their_scale_and_sign() -> None:
    c = claim("22", "-200.00", "-100.5", line("-200.00", "-100.5", adj("CO", "45", "-99.50")))
    out = io.StringIO(newline="")
    table_to_csv(to_rows([remit(c)]), "adjustments", out)
    (row,) = _read(out.getvalue())
    assert row["amount"] == "-99.50"
    out = io.StringIO(newline="")
    table_to_csv(to_rows([remit(c)]), "claims", out)
    (row,) = _read(out.getvalue())
    assert (row["charge_amount"], row["paid_amount"]) == ("-200.00", "-100.5")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1E+2"), "100"),
        (Decimal("0.10"), "0.10"),
        (Decimal("-0.5"), "-0.5"),
        (Decimal("12345678901234567.89"), "12345678901234567.89"),
        (dt.date(2026, 2, 3), "2026-02-03"),
        (None, ""),
        (True, "true"),
        (False, "false"),
        (7, "7"),
        ("A B", "A B"),
    ],
)
def test_format_value(value: object, text: str) -> None:
    assert format_value(value) == text  # type: ignore[arg-type]


def test_empty_table_writes_its_header_only() -> None:
    out = io.StringIO(newline="")
    assert table_to_csv(to_rows([]), "service_lines", out) == 0
    assert out.getvalue() == ",".join(COLUMNS["service_lines"]) + "\r\n"


def test_to_csv_uses_first_row_keys_and_fills_missing_cells() -> None:
    out = io.StringIO(newline="")
    to_csv([{"a": 1, "b": "x,y"}, {"a": 2}], out)
    assert _read(out.getvalue()) == [{"a": "1", "b": "x,y"}, {"a": "2", "b": ""}]


def test_to_csv_rejects_a_row_with_unknown_columns_without_echoing_values() -> None:
    out = io.StringIO(newline="")
    with pytest.raises(ExportError) as info:
        to_csv([{"a": "SENTINEL-VALUE-1"}], out, columns=["b"])
    assert "SENTINEL" not in str(info.value)


def test_unknown_table_raises_export_error() -> None:
    with pytest.raises(ExportError):
        table_to_csv(to_rows([]), "nope", io.StringIO())
