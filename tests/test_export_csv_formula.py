"""The one CSV writer neutralises formula-like text in every CSV medclaims writes."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from medclaims._support.csv import CsvWriter, neutralize_cell
from medclaims.export import to_csv

_STARTS = "=+-@\t\r"


@given(st.text(max_size=20))
def test_a_cell_never_starts_like_a_formula_unless_it_is_a_number(text: str) -> None:
    out = neutralize_cell(text)
    if out and out[0] in _STARTS:
        Decimal(out)  # only a plain number may keep a leading sign
    assert out in (text, "'" + text)


@given(st.lists(st.text(alphabet=st.sampled_from("=+-@\t\r a1.,\"'"), max_size=8), max_size=5))
def test_rows_read_back_with_only_the_quote_added(cells: list[str]) -> None:
    buf = io.StringIO(newline="")
    CsvWriter(buf).writerow(cells)
    [row] = list(csv.reader(io.StringIO(buf.getvalue(), newline=""))) or [[]]
    if cells == [] or cells == [""]:
        return
    assert row == [neutralize_cell(c) for c in cells]
    for read, given_cell in zip(row, cells, strict=True):
        assert read.removeprefix("'") == given_cell or read == given_cell


def test_export_to_csv_quotes_payer_text_and_keeps_negative_money() -> None:
    buf = io.StringIO(newline="")
    to_csv([{"name": '=HYPERLINK("x")', "amount": Decimal("-12.50"), "code": "@SUM(A1)"}], buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert rows[1] == ['\'=HYPERLINK("x")', "-12.50", "'@SUM(A1)"]
