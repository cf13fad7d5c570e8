"""Flat tables from remittances: shapes, lineage keys, every row leads back to its record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_835 import remittances
from test_remittance_denials import adj, claim, line, remit

from medclaims.export import (
    COLUMNS,
    DENIAL_COLUMNS,
    LINEAGE_COLUMNS,
    TABLE_NAMES,
    ExportError,
    Tables,
    denial_rows,
    to_rows,
)
from medclaims.remittance import ProviderAdjustment, Remittance
from medclaims.remittance.denials import denials

_ALLOWED = (str, int, Decimal, dt.date, type(None))


@settings(max_examples=15, deadline=None)
@given(st.lists(remittances(max_claims=3), min_size=0, max_size=3))
def test_every_row_leads_back_to_its_record(rems: list[Remittance]) -> None:
    tables = to_rows(rems)
    for name in TABLE_NAMES:
        for row in tables.table(name):
            assert tuple(row) == COLUMNS[name]
            assert all(isinstance(v, _ALLOWED) and not isinstance(v, float) for v in row.values())
            r = rems[row["remittance_index"]]  # type: ignore[index]
            assert row["interchange_control_number"] == r.interchange.control_number
            assert row["transaction_control_number"] == r.control_number
            assert row["group_control_number"] == (r.group.control_number if r.group else None)
            assert row["trace_number"] == ((r.payment.trace_number or None) if r.payment else None)

    assert len(tables.payments) == len(rems)
    assert [p["claim_count"] for p in tables.payments] == [len(r.claims) for r in rems]
    assert [p["payment_amount"] for p in tables.payments] == [
        r.payment.amount if r.payment else None for r in rems
    ]

    all_claims = [(ri, ci, c) for ri, r in enumerate(rems) for ci, c in enumerate(r.claims)]
    assert [(row["remittance_index"], row["claim_index"]) for row in tables.claims] == [
        (ri, ci) for ri, ci, _ in all_claims
    ]
    for row, (_, _, c) in zip(tables.claims, all_claims, strict=True):
        assert row["patient_control_number"] == c.patient_control_number
        assert (row["charge_amount"], row["paid_amount"]) == (c.charge_amount, c.paid_amount)

    for row in tables.service_lines:
        c = rems[row["remittance_index"]].claims[row["claim_index"]]  # type: ignore[index]
        ln = c.service_lines[row["line_index"]]  # type: ignore[index]
        assert row["patient_control_number"] == c.patient_control_number
        assert (row["charge_amount"], row["paid_amount"]) == (ln.charge_amount, ln.paid_amount)
        assert row["line_control_number"] == ln.line_control_number
    assert len(tables.service_lines) == sum(len(r.service_lines()) for r in rems)

    expected_adjustments = sum(
        len(c.adjustments) + sum(len(ln.adjustments) for ln in c.service_lines)
        for r in rems
        for c in r.claims
    )
    assert len(tables.adjustments) == expected_adjustments
    for row in tables.adjustments:
        c = rems[row["remittance_index"]].claims[row["claim_index"]]  # type: ignore[index]
        if row["level"] == "claim":
            assert row["line_index"] is None
            source = c.adjustments
        else:
            source = c.service_lines[row["line_index"]].adjustments  # type: ignore[index]
        a = source[row["adjustment_index"]]  # type: ignore[index]
        assert (row["group_code"], row["reason_code"], row["amount"]) == (
            a.group_code,
            a.reason_code,
            a.amount,
        )

    assert [
        (p["remittance_index"], p["provider_adjustment_index"], p["amount"])
        for p in tables.provider_adjustments
    ] == [
        (ri, pi, pa.amount)
        for ri, r in enumerate(rems)
        for pi, pa in enumerate(r.provider_adjustments)
    ]


def test_money_sums_are_exact_decimals() -> None:
    lines = [line("0.10", "0.10"), line("0.20", "0.20")]
    tables = to_rows([remit(claim("1", "0.30", "0.30", *lines))])
    total = sum((row["paid_amount"] for row in tables.service_lines), Decimal(0))  # type: ignore[misc]
    assert total == Decimal("0.30")


def test_claim_and_line_adjustments_are_told_apart() -> None:
    c = claim(
        "1",
        "100",
        "60",
        line("100", "60", adj("CO", "45", "30"), control="L9"),
        adjustments=(adj("OA", "23", "10"),),
    )
    rows = to_rows([remit(c)]).adjustments
    assert [
        (r["level"], r["line_index"], r["line_control_number"], r["reason_code"], r["category"])
        for r in rows
    ] == [
        ("claim", None, None, "23", "coordination_of_benefits"),
        ("line", 0, "L9", "45", "contractual"),
    ]


def test_provider_adjustment_rows_describe_the_reason() -> None:
    r = remit(claim("1", "10", "10"))
    r = attrs.evolve(
        r,
        provider_adjustments=(
            ProviderAdjustment("1234567893", dt.date(2026, 12, 31), "WO", "ICN7", Decimal("25.00")),
        ),
    )
    (row,) = to_rows([r]).provider_adjustments
    assert row["reason_code"] == "WO" and row["reason"]
    assert row["amount"] == Decimal("25.00")
    assert row["fiscal_period_date"] == dt.date(2026, 12, 31)
    assert tuple(row)[: len(LINEAGE_COLUMNS)] == LINEAGE_COLUMNS


def test_remittance_index_keeps_rows_apart_when_control_numbers_repeat() -> None:
    same = remit(claim("1", "10", "10"))
    tables = to_rows([same, same])
    assert [row["remittance_index"] for row in tables.claims] == [0, 1]
    assert (
        tables.claims[0]["transaction_control_number"]
        == tables.claims[1]["transaction_control_number"]
    )


def test_empty_input_gives_empty_tables() -> None:
    tables = to_rows([])
    assert all(tables.table(name) == () for name in TABLE_NAMES)
    assert repr(tables) == (
        "Tables(payments=0, claims=0, service_lines=0, adjustments=0, provider_adjustments=0)"
    )


def test_unknown_table_name_raises_export_error() -> None:
    with pytest.raises(ExportError):
        to_rows([]).table("patients")


def test_tables_repr_hides_row_contents() -> None:
    sentinel = "SENTINEL-PCN-5521"
    tables = to_rows([remit(claim("1", "10", "10", pcn=sentinel))])
    assert sentinel not in repr(tables)
    assert isinstance(tables, Tables)


def test_denial_rows_have_the_documented_columns() -> None:
    c = claim(
        "1", "50", "0", line("50", "0", adj("CO", "197", "50"), remarks=("N54",), control="LX1")
    )
    (row,) = denial_rows(denials([remit(c)]))
    assert tuple(row) == DENIAL_COLUMNS
    assert row["category"] == "authorization"
    assert row["carc_codes"] == "197" and row["rarc_codes"] == "N54"
    assert row["denied_amount"] == Decimal("50")
    assert row["line_control_number"] == "LX1"


def test_a_remittance_without_a_transaction_has_no_payment_row() -> None:
    from test_remittance_strays import TEXT

    from medclaims.remittance import parse_835

    [holder] = parse_835(TEXT[: TEXT.index("ST*")])
    [rem] = parse_835(TEXT)
    tables = to_rows([holder, rem])
    assert [row["remittance_index"] for row in tables.payments] == [1]
    assert tables.claims and {row["remittance_index"] for row in tables.claims} == {1}
