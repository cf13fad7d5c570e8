"""Fee schedules: CSV loading from text, bytes and files; lookups; malformed input."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.errors import MedclaimsError
from medclaims.reconcile import FeeSchedule, FeeScheduleError, load_fee_schedule

CSV = "procedure_code,modifier,expected_allowed\n99213,,100.00\n99213,25,110.50\n 97110 ,gp,30\n"


@pytest.mark.parametrize(
    "source",
    [
        CSV,
        CSV.encode(),
        "\ufeff" + CSV,
        io.StringIO(CSV),
        io.BytesIO(CSV.encode("utf-8-sig")),
    ],
    ids=["str", "bytes", "bom", "text-file", "binary-file"],
)
def test_load_from_any_source(source: object) -> None:
    fees = load_fee_schedule(source)  # type: ignore[arg-type]
    assert dict(fees.rates) == {
        ("99213", ""): Decimal("100.00"),
        ("99213", "25"): Decimal("110.50"),
        ("97110", "GP"): Decimal("30"),
    }
    assert len(fees) == 3


def test_lookup_prefers_a_billed_modifier_then_the_bare_code() -> None:
    fees = load_fee_schedule(CSV)
    assert fees.rate("99213", ("59", "25")) == Decimal("110.50")
    assert fees.rate("99213", ("59",)) == Decimal("100.00")
    assert fees.rate(" 99213 ") == Decimal("100.00")
    assert fees.rate("97110") is None  # only priced with GP
    assert fees.rate("97110", ("gp",)) == Decimal("30")
    assert fees.expected_allowed("97110", ("GP",), Decimal("2.5")) == Decimal("75.0")
    assert fees.expected_allowed("00000") is None


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "header"),
        ("code,mod,amount\n99213,,1\n", "header"),
        ("procedure_code,modifier,expected_allowed\n99213,,1,2\n", "3 columns"),
        ("procedure_code,modifier,expected_allowed\n9921,,1\n", "procedure_code"),
        ("procedure_code,modifier,expected_allowed\n99213,2,1\n", "modifier"),
        ("procedure_code,modifier,expected_allowed\n99213,,NaN\n", "expected_allowed"),
        ("procedure_code,modifier,expected_allowed\n99213,,1e3\n", "expected_allowed"),
        ("procedure_code,modifier,expected_allowed\n99213,,-5\n", "expected_allowed"),
        ("procedure_code,modifier,expected_allowed\n99213,,\n", "expected_allowed"),
        ("procedure_code,modifier,expected_allowed\n99213,,1\n99213,,2\n", "repeats"),
    ],
)
def test_malformed_rows_name_the_row_and_rule(text: str, rule: str) -> None:
    with pytest.raises(FeeScheduleError, match=rule) as raised:
        load_fee_schedule(text)
    assert isinstance(raised.value, MedclaimsError)


def test_row_numbers_count_the_header() -> None:
    with pytest.raises(FeeScheduleError, match="row 3"):
        load_fee_schedule("procedure_code,modifier,expected_allowed\n99213,,1\nBAD,,1\n")


def test_neither_utf8_nor_cp1252_is_refused() -> None:
    # 0x81 is undefined in Windows-1252 and no UTF-8 start byte.
    with pytest.raises(FeeScheduleError, match="UTF-8"):
        load_fee_schedule(b"procedure_code,modifier,expected_allowed\n\x81\xfe,,1\n")


@pytest.mark.parametrize("tolerance", [Decimal("-1"), Decimal("NaN"), Decimal("Infinity"), 1])
def test_tolerance_must_be_a_finite_non_negative_decimal(tolerance: object) -> None:
    with pytest.raises(FeeScheduleError):
        FeeSchedule({}, tolerance=tolerance)  # type: ignore[arg-type]


def test_blank_lines_are_skipped() -> None:
    fees = load_fee_schedule("procedure_code,modifier,expected_allowed\n\n99213,,1\n,,\n")
    assert dict(fees.rates) == {("99213", ""): Decimal(1)}


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(
        st.tuples(
            st.from_regex(r"[0-9]{5}", fullmatch=True),
            st.sampled_from(["", "25", "59", "GP", "TC"]),
        ),
        st.integers(0, 10**8).map(lambda c: Decimal(c).scaleb(-2)),
        max_size=20,
    )
)
def test_written_schedules_load_back(rates: dict[tuple[str, str], Decimal]) -> None:
    text = "procedure_code,modifier,expected_allowed\n" + "".join(
        f"{code},{mod},{amount}\n" for (code, mod), amount in rates.items()
    )
    assert dict(load_fee_schedule(text).rates) == rates


def test_csv_the_csv_module_refuses_is_our_error_without_content() -> None:
    text = 'procedure_code,modifier,expected_allowed\n"99213SENTINEL' + "x" * 200_000 + ",,1\n"
    with pytest.raises(FeeScheduleError, match=r"^line 2: not valid CSV") as caught:
        load_fee_schedule(io.StringIO(text))
    assert "SENTINEL" not in str(caught.value)
