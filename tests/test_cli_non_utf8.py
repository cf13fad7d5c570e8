"""The command on input bytes that are not UTF-8: no crash, the bytes come back as read.

Old payer systems still send Latin-1 names. The reader keeps such bytes as
lone surrogates (``surrogateescape``); the command must then write CSV,
tables and HTML with the same bytes, and JSON as valid UTF-8 whose escapes
read back to the same strings. Each case runs the real console entry point
in a child process, so standard output is a real stream with its own
encoding rules (the strict UTF-8 that used to raise).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _shared import SAMPLES
from test_remittance_denials import _835

from medclaims.export import remittances_from_json
from medclaims.remittance import parse_835

ROOT = Path(__file__).resolve().parents[1]
PAYER = b"PLAN M\xc9DICO \xff"  # Latin-1 E-acute, and a byte no encoding maps
PCN = b"PC\xe91"


@pytest.fixture(scope="module")
def remit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = _835(
        "CLP*PCNX*1*100*100*0*12*ICN-1*11*1~SVC*HC:99213*100*100**1~DTM*472*20260105~"
    ).replace("BPR*I*0*", "BPR*I*100*")
    data = text.encode("ascii").replace(b"EXAMPLE PLAN", PAYER).replace(b"PCNX", PCN)
    path = tmp_path_factory.mktemp("remit") / "latin1.835"
    path.write_bytes(data)
    return path


def medclaims(*args: str) -> subprocess.CompletedProcess[bytes]:
    if args[0] == "parse-835":  # the fixture's SE01 is off (an error issue): still exit 0
        args = (*args, "--fail-on", "never")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "medclaims.cli", *args], capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in done.stderr
    return done


def test_input_holds_bytes_that_are_not_utf8(remit: Path) -> None:
    with pytest.raises(UnicodeDecodeError):
        remit.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_table_and_csv_on_stdout_give_the_bytes_back(remit: Path, fmt: str) -> None:
    out = medclaims("parse-835", str(remit), "--format", fmt).stdout
    assert PCN in out


def test_payments_csv_on_stdout_keeps_the_payer_name(remit: Path) -> None:
    out = medclaims("parse-835", str(remit), "--format", "csv", "--table", "payments").stdout
    assert PAYER in out


def test_json_on_stdout_is_utf8_and_reads_back_equal(remit: Path) -> None:
    out = medclaims("parse-835", str(remit), "--format", "json").stdout
    text = out.decode("utf-8")  # strict: valid UTF-8
    assert "\\udcff" in text
    assert remittances_from_json(text) == parse_835(remit.read_bytes())


def test_files_written_with_out(remit: Path, tmp_path: Path) -> None:
    medclaims("parse-835", str(remit), "--format", "csv", "--out", str(tmp_path))
    assert PCN in (tmp_path / "claims.csv").read_bytes()
    assert PAYER in (tmp_path / "payments.csv").read_bytes()
    medclaims("parse-835", str(remit), "--format", "json", "--out", str(tmp_path))
    text = (tmp_path / "remittances.json").read_bytes().decode("utf-8")
    assert remittances_from_json(text) == parse_835(remit.read_bytes())


def test_reconcile_reports_and_summary(remit: Path, tmp_path: Path) -> None:
    done = medclaims(
        "reconcile",
        "--claims",
        str(SAMPLES / "reconcile" / "encounters.json"),
        "--remits",
        str(remit),
        "--out",
        str(tmp_path),
        "--no-progress",
        "--json",
        "--accept-read-errors",  # the sample's SE01 count is off: an error-level read issue
    )
    # The printed summary shows what a terminal cannot print as "?".
    assert b"PLAN M?DICO ?" in done.stdout
    for name in ("reconciliation.json", "report.json"):
        data = json.loads((tmp_path / name).read_bytes().decode("utf-8"))
        assert data
    by_payer = json.loads((tmp_path / "report.json").read_bytes())["by_payer"]
    assert PAYER.decode("utf-8", "surrogateescape") in [row["payer_name"] for row in by_payer]
    assert any(PCN in path.read_bytes() for path in tmp_path.glob("*.csv"))
    assert PAYER in (tmp_path / "report.html").read_bytes()
