"""Fee schedules as billing offices save them: Windows-1252, ``$95.00``, ``1,095.00``,
and a spreadsheet given instead of CSV, through the loader and ``medclaims reconcile``."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from _shared import SAMPLES

from medclaims.reconcile.fees import FeeScheduleError, load_fee_schedule

ROOT = Path(__file__).resolve().parents[1]
HEADER = "procedure_code,modifier,expected_allowed\r\n"


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("95.00", "95.00"),
        ("$95.00", "95.00"),
        ('"1,095.00"', "1095.00"),
        ("1,095.00", "1095.00"),
        ('"$12,345,678.5"', "12345678.5"),
        (" $ 7 ", "7"),
    ],
)
def test_money_as_spreadsheets_write_it(written: str, amount: str) -> None:
    schedule = load_fee_schedule(f"{HEADER}99213,,{written}\r\n")
    assert schedule.rate("99213") == Decimal(amount)


@pytest.mark.parametrize("written", ["-5.00", "1,0950.00", "$", "1e3", "12,34", "USD 5"])
def test_amounts_that_stay_refused_say_how_to_write_them(written: str) -> None:
    with pytest.raises(FeeScheduleError, match=r"row 2") as info:
        load_fee_schedule(f'{HEADER}99213,,"{written}"\r\n')
    assert "95.00" in str(info.value) or "columns" in str(info.value)


def test_windows_1252_text_is_read() -> None:
    data = (HEADER + "99213,,95.00\r\n# caf\u00e9 note,,\r\n").encode("cp1252")
    with pytest.raises(FeeScheduleError, match="row 3"):  # decoded: the bad row is named
        load_fee_schedule(data)
    ok = (HEADER + "99213,,95.00\r\n").encode("cp1252") + b"\xa0\r\n"
    assert load_fee_schedule(ok).rate("99213") == Decimal("95.00")


def _reconcile(fees: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scenario = SAMPLES / "reconcile"
    return subprocess.run(
        [sys.executable, "-m", "medclaims.cli", "reconcile",
         "--claims", str(scenario / "encounters.json"),
         "--remits", str(scenario / "remit-1.835"),
         "--fee-schedule", str(fees), "--out", str(tmp_path / "out"), "--no-progress"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def test_cli_reads_a_cp1252_schedule_with_dollar_amounts(tmp_path: Path) -> None:
    fees = tmp_path / "fees.csv"
    text = (SAMPLES / "reconcile" / "fees.csv").read_text()
    lines = text.splitlines()
    lines = [lines[0]] + [line.replace(",,", ",,$") for line in lines[1:]]
    fees.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252") + b"\x85\r\n")
    done = _reconcile(fees, tmp_path)
    assert "Traceback" not in done.stderr
    # The trailing byte (an ellipsis in Windows-1252) is a row of its own: named, one line.
    assert done.returncode == 1
    assert "fees.csv" in done.stderr and "row" in done.stderr
    fees.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    done = _reconcile(fees, tmp_path)
    assert done.returncode == 0, done.stderr


def test_cli_refuses_a_spreadsheet_in_one_line(tmp_path: Path) -> None:
    book = tmp_path / "fees.xlsx"
    book.write_bytes(b"PK\x03\x04" + bytes(300) + b"\xff\xfe")
    done = _reconcile(book, tmp_path)
    assert done.returncode != 0
    assert "fees.xlsx" in done.stderr and "spreadsheet" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
