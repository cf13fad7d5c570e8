"""DataFrames of the flat tables: exact Decimal money, nullable ordinals, clear errors."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pytest
from test_remittance_denials import adj, claim, line, remit

from medclaims.export import (
    COLUMNS,
    DENIAL_COLUMNS,
    ExportError,
    MissingDependencyError,
    to_dataframe,
    to_rows,
)
from medclaims.remittance.denials import denials

pd = pytest.importorskip("pandas")


def _rems() -> list:  # type: ignore[type-arg]
    c1 = claim(
        "1",
        "0.30",
        "0.30",
        line("0.10", "0.10", date=dt.date(2026, 1, 2)),
        line("0.20", "0.20", adj("CO", "45", "0.00")),
        pcn="P1",
    )
    c2 = claim(
        "1",
        "100.005",
        "0",
        line("100.005", "0", adj("CO", "16", "100.005")),
        adjustments=(adj("OA", "23", "1"),),
        pcn="P2",
    )
    return [remit(c1, c2)]


def test_money_columns_hold_exact_decimals() -> None:
    frame = to_dataframe(_rems(), "service_lines")
    assert list(frame.columns) == list(COLUMNS["service_lines"])
    assert frame["paid_amount"].dtype == object
    assert all(isinstance(v, Decimal) for v in frame["charge_amount"])
    assert sum(frame["charge_amount"], Decimal(0)) == Decimal("100.305")
    assert frame.loc[0, "service_date"] == dt.date(2026, 1, 2)
    assert frame.loc[1, "service_date"] is None


def test_ordinals_are_nullable_integers() -> None:
    frame = to_dataframe(to_rows(_rems()), "adjustments")
    assert str(frame["line_index"].dtype) == "Int64"
    assert frame["line_index"].isna().tolist() == [False, True, False]
    assert frame["claim_index"].tolist() == [0, 1, 1]


def test_empty_table_keeps_its_columns() -> None:
    frame = to_dataframe([], "provider_adjustments")
    assert list(frame.columns) == list(COLUMNS["provider_adjustments"]) and len(frame) == 0


def test_denials_table() -> None:
    frame = to_dataframe(list(denials(_rems())), "denials")
    assert list(frame.columns) == list(DENIAL_COLUMNS)
    assert frame["denied_amount"].tolist() == [Decimal("100.005")]
    assert frame["category"].tolist() == ["missing_information"]


def test_unknown_table_and_wrong_input_raise_export_error() -> None:
    with pytest.raises(ExportError):
        to_dataframe(_rems(), "patients")
    with pytest.raises(ExportError):
        to_dataframe(to_rows(_rems()), "denials")


def test_missing_pandas_raises_a_medclaims_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match="pandas"):
        to_dataframe(_rems())
