"""CSV, JSON and terminal-table renderers of report rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_reconcile_report import SENTINEL_PCN, scenario

from medclaims.codes import DenialCategory
from medclaims.reconcile.reports.actions import ActionItem, ActionKind, action_items
from medclaims.reconcile.reports.format import (
    ReportError,
    column_names,
    from_json,
    render_table,
    report_to_csv,
    report_to_rows,
    to_json,
)
from medclaims.reconcile.reports.rows import ReconciliationReport, build_report, claim_rows
from medclaims.reconcile.reports.summaries import AgingRow, PayerSummary, summary_by_payer

D = Decimal


def test_rows_are_plain_json_values() -> None:
    row = report_to_rows(summary_by_payer(scenario()))[0]
    assert row["billed"] == "600.00"
    assert row["denial_rate_percent"] == "40.0"
    assert row["claims"] == 3
    json.dumps(row)  # nothing exotic left


def test_rows_of_mappings_convert_values() -> None:
    rows = report_to_rows(
        [{"when": dt.date(2026, 1, 2), "amount": D("1E+2"), "category": DenialCategory.CODING}]
    )
    assert rows == [{"when": "2026-01-02", "amount": "100", "category": "coding"}]


def test_csv_writes_exact_money_and_reads_back() -> None:
    buffer = io.StringIO(newline="")
    count = report_to_csv(summary_by_payer(scenario()), buffer)
    assert count == 2
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [r["payer_id"] for r in rows] == ["P1", "P2"]
    assert D(rows[0]["billed"]) == D("600.00")
    assert rows[0]["billed"] == "600.00"
    assert rows[1]["denial_rate_percent"] == "0.0"
    assert list(rows[0]) == column_names(PayerSummary)


def test_csv_of_nothing_still_has_its_header() -> None:
    buffer = io.StringIO(newline="")
    assert report_to_csv([], buffer, columns=column_names(AgingRow)) == 0
    assert buffer.getvalue() == "bucket,claims,open_balance,payer_id\r\n"


def test_csv_joins_codes_and_blanks_none() -> None:
    buffer = io.StringIO(newline="")
    report_to_csv(action_items(scenario()), buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert rows[0]["carc_codes"] == "CO-197"
    assert rows[0]["line_number"] == ""
    assert rows[1]["procedure_code"] == "81002-QW"
    assert rows[-1]["kind"] == "unbalanced_payment"


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1+2", "@SUM(A1)", "-cmd", "\tx"])
def test_csv_defuses_spreadsheet_formulas(text: str) -> None:
    buffer = io.StringIO(newline="")
    report_to_csv([{"payer_name": text, "amount": D("-12.50")}], buffer)
    row = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["payer_name"] == "'" + text
    assert row["amount"] == "-12.50"  # a negative amount is a number, not a formula


def test_json_round_trip_of_every_report() -> None:
    report = build_report(scenario())
    text = to_json(report)
    data = json.loads(text)
    assert data["total"]["billed"] == "920.00"
    assert data["as_of"] == "2026-03-31"
    assert from_json(text, ReconciliationReport) == report


def test_json_round_trip_of_the_engine_result() -> None:
    from medclaims.reconcile.model import Reconciliation

    rec = scenario()
    assert from_json(to_json(rec), Reconciliation) == rec


@pytest.mark.parametrize("bad", ['"NaN"', '"Infinity"', '"1e3"', "1.5"])
def test_json_rejects_non_exact_money(bad: str) -> None:
    text = '[{"bucket": "0-30", "claims": 1, "open_balance": ' + bad + ', "payer_id": ""}]'
    with pytest.raises(ReportError) as info:
        from_json(text, list[AgingRow])
    assert "open_balance" in str(info.value)
    assert bad.strip('"') not in str(info.value)


def _first_row_with(report_json: str, table: str, field: str, value: object) -> str:
    data = json.loads(report_json)
    data[table][0][field] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("cash", "balanced", "false"),  # bool("false") is True: must be refused, not read
        ("cash", "balanced", 0),
        ("cash", "claim_count", True),
        ("cash", "claim_count", "3"),
        ("actions", "patient_control_number", 12345),
        ("actions", "kind", "no-such-kind"),
        ("actions", "line_number", "2"),
        ("provider_ledger", "offsets_earlier_entry", "true"),
        ("by_payer", "claims", 3.0),
    ],
)
def test_json_refuses_a_value_of_another_json_type(table: str, field: str, value: object) -> None:
    text = to_json(build_report(scenario()))
    assert field in json.loads(text)[table][0]
    with pytest.raises(ReportError) as info:
        from_json(_first_row_with(text, table, field, value), ReconciliationReport)
    assert field in str(info.value)


def test_json_keeps_enum_members_and_booleans() -> None:
    report = from_json(to_json(build_report(scenario())), ReconciliationReport)
    assert {type(item.kind) for item in report.actions} == {ActionKind}
    assert {type(row.balanced) for row in report.cash} == {bool}


def test_json_that_is_not_json() -> None:
    with pytest.raises(ReportError, match="not JSON"):
        from_json("{", list[AgingRow])


def test_table_aligns_numbers_right_and_text_left() -> None:
    text = render_table(
        summary_by_payer(scenario()),
        columns=["payer_name", "claims", "billed", "denial_rate_percent"],
        title="By payer",
    )
    lines = text.splitlines()
    assert lines[0] == "By payer"
    header, rule, first, second = lines[1:]
    assert header.split() == ["payer_name", "claims", "billed", "denial_rate_percent"]
    assert set(rule) <= {"-", " "}
    assert first.startswith("ACME HEALTH ")
    assert first.split()[-2:] == ["600.00", "40.0"]  # percents keep one decimal
    assert second.startswith("$BETA <Care> ")
    widths = {len(line) for line in (header, first, second)}
    assert len(widths) == 1  # every row as wide as the header: right-aligned last column


def test_table_headers_rename_columns_for_display() -> None:
    text = render_table(
        summary_by_payer(scenario()),
        columns=["payer_name", "claims"],
        headers={"payer_name": "payer"},
    )
    header = text.splitlines()[0]
    assert header.split() == ["payer", "claims"]
    assert text.splitlines()[2].startswith("ACME HEALTH")


def test_csv_writes_enums_dates_and_booleans_from_records() -> None:
    buffer = io.StringIO(newline="")
    report_to_csv(claim_rows(scenario()), buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert rows[0]["state"] == "paid"
    assert rows[0]["service_date"] == "2026-01-05"
    assert rows[5]["fuzzy_match"] == "true"
    assert rows[5]["match_method"] == "truncated"
    assert rows[3]["match_method"] == ""


def test_table_cuts_long_text_and_hides_control_characters() -> None:
    text = render_table([{"name": "x" * 50 + "\x1b[31m"}], max_width=10)
    assert "x" * 9 + "…" in text
    assert "\x1b" not in text


def test_table_of_nothing() -> None:
    assert render_table([], columns=["a", "b"]).splitlines()[-1] == "(none)"


def test_table_thousands_separators() -> None:
    text = render_table([{"amount": D("1234567.5"), "n": 12345}])
    assert "1,234,567.50" in text and "12,345" in text


def test_masked_fields_stay_out_of_reprs_but_in_rows() -> None:
    row = next(r for r in claim_rows(scenario()) if r.patient_control_number == SENTINEL_PCN)
    assert SENTINEL_PCN not in repr(row)
    assert report_to_rows([row])[0]["patient_control_number"] == SENTINEL_PCN


money = st.decimals(
    min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(money, min_size=1, max_size=8),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20),
)
def test_csv_and_json_keep_amounts_exact(amounts: list[Decimal], name: str) -> None:
    items = [
        ActionItem(kind=ActionKind.UNDERPAYMENT, payer_id="P", payer_name=name, amount=a)
        for a in amounts
    ]
    buffer = io.StringIO(newline="")
    report_to_csv(items, buffer)
    back = [D(r["amount"]) for r in csv.DictReader(io.StringIO(buffer.getvalue()))]
    assert back == amounts
    assert [i.amount for i in from_json(to_json(items), list[ActionItem])] == amounts
    assert from_json(to_json(items), list[ActionItem]) == items


def test_every_report_record_is_frozen() -> None:
    row = summary_by_payer(scenario())[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        row.claims = 0  # type: ignore[misc]
