"""``parse-835``: streamed rows equal the whole-file tables; files read one by one; stdin;
formula cells neutralised; exit statuses; no traceback for what a user can cause."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from _shared import SAMPLES, corpus_files, file_id
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_835 import remittances

from medclaims.cli import main
from medclaims.export import TABLE_NAMES, denial_rows, to_rows
from medclaims.export._stream import stream_rows
from medclaims.remittance import Remittance, write_835
from medclaims.remittance.denials import denials
from medclaims.remittance.parser import parse_835

ROOT = Path(__file__).resolve().parents[1]
_FILES = [*sorted(SAMPLES.glob("*.835")), *corpus_files("835")]


@pytest.mark.parametrize("path", _FILES, ids=[file_id(p) for p in _FILES])
def test_streamed_rows_equal_the_whole_file_tables(path: Path) -> None:
    data = path.read_bytes()
    try:
        remittances = parse_835(data)
    except Exception:  # not an 835 this reader takes whole: nothing to compare
        pytest.skip("parse_835 refuses this file")
    tables = to_rows(remittances)
    want = {name: [dict(r) for r in tables.table(name)] for name in TABLE_NAMES}
    want["denials"] = denial_rows(denials(remittances))
    got: dict[str, list[dict[str, object]]] = defaultdict(list)
    for name, row in stream_rows(data):
        got[name].append(row)
    for rows in (want["payments"], got["payments"]):
        for row in rows:
            del row["issue_count"]  # the stream counts what it found; parse_835 adds more
    for name, rows in want.items():
        assert got[name] == rows, name


def _remit(tmp_path: Path, name: str, pcn: str = "PC-1") -> Path:
    text = (SAMPLES / "remit-basic.835").read_text().replace("PCN1001", pcn)
    path = tmp_path / name
    path.write_text(text)
    return path


def test_an_unreadable_file_is_named_and_the_others_are_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _remit(tmp_path, "good.835", "GOOD-A")
    other = _remit(tmp_path, "other.835", "GOOD-B")
    bad = tmp_path / "bad.835"
    bad.write_text("this is not X12 at all\n")
    args = ["parse-835", str(good), str(bad), str(tmp_path / "missing.835"), str(other)]
    assert main([*args, "--format", "csv"]) == 1
    captured = capsys.readouterr()
    pcns = [r["patient_control_number"] for r in csv.DictReader(io.StringIO(captured.out))]
    assert "GOOD-A" in pcns and "GOOD-B" in pcns
    err_lines = captured.err.splitlines()
    assert any("bad.835" in line for line in err_lines)
    assert any("missing.835" in line for line in err_lines)
    assert "Traceback" not in captured.err
    assert main([*args[:2], args[4], "--format", "json"]) == 0  # clean files only: 0


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (SAMPLES / "remit-denial.835").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["parse-835", "-", "--format", "csv", "--table", "denials"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(list(denials(parse_835(data))))


def test_formula_cells_are_neutralised_in_every_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _remit(tmp_path, "evil.835", '=HYPERLINK("http://x")')
    out_dir = tmp_path / "out"
    assert main(["parse-835", str(path), "--format", "csv", "--out", str(out_dir)]) == 0
    assert "wrote" in capsys.readouterr().err
    seen = 0
    for table in out_dir.glob("*.csv"):
        for row in csv.reader(table.open(newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), table.name
                seen += cell == "'" + '=HYPERLINK("http://x")'
    assert seen >= 2  # claims and service_lines at least


def test_jsonl_is_one_record_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in sorted(SAMPLES.glob("remit-*.835"))]
    main(["parse-835", *paths, "--format", "jsonl", "--fail-on", "never"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    claims = [r for r in records if r["record"] == "claim"]
    payments = [r for r in records if r["record"] == "remittance"]
    whole = [r for p in paths for r in parse_835(Path(p).read_bytes()) if r.has_transaction]
    assert len(payments) == len(whole)
    assert len(claims) == sum(len(r.claims) for r in whole)
    assert [p["remittance_index"] for p in payments] == list(range(len(whole)))
    assert "source_segments" not in json.dumps(payments)


def test_a_spreadsheet_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "remit.xlsx"
    book.write_bytes(b"PK\x03\x04" + bytes(200))
    assert main(["parse-835", str(book)]) == 1
    err = capsys.readouterr().err
    assert "remit.xlsx" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_max_issues_caps_the_lines_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SAMPLES / "remit-basic.835").read_text()
    broken = tmp_path / "broken.835"
    broken.write_text(text.replace("SE*", "SE*9999").replace("GE*", "GE*77"))
    main(["parse-835", str(broken), "--max-issues", "0", "--format", "csv"])
    err = capsys.readouterr().err
    assert "not printed" in err
    assert all("not printed" in line for line in err.splitlines())


@pytest.mark.parametrize(("fail_on", "status"), [("warning", 1), ("error", 0), ("never", 0)])
def test_fail_on_threshold(
    tmp_path: Path, fail_on: str, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # One segment the 835 does not expect: a warning only (SE01 counts it).
    text = (SAMPLES / "remit-basic.835").read_text().replace("CLP*", "ZZZ*1~CLP*", 1)
    count = int(re.search(r"SE\*(\d+)\*", text).group(1))  # type: ignore[union-attr]
    text = re.sub(r"SE\*\d+\*", f"SE*{count + 1}*", text)
    path = tmp_path / "w.835"
    path.write_text(text)
    for fmt in ("csv", "json"):
        assert main(["parse-835", str(path), "--format", fmt, "--fail-on", fail_on]) == status
        err = capsys.readouterr().err
        assert "warning unexpected-segment" in err and " error " not in err


def test_usage_error_is_exit_2() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "medclaims.cli", "parse-835", "--format", "xml", "x.835"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


@settings(max_examples=40, deadline=None)
@given(st.lists(remittances(), min_size=1, max_size=3))
def test_streamed_rows_equal_the_whole_file_tables_on_generated_835s(
    generated: list[Remittance],
) -> None:
    text = write_835(generated)
    parsed = parse_835(text)
    tables = to_rows(parsed)
    want = {name: [dict(r) for r in tables.table(name)] for name in TABLE_NAMES}
    want["denials"] = denial_rows(denials(parsed))
    got: dict[str, list[dict[str, object]]] = defaultdict(list)
    for name, row in stream_rows(text):
        got[name].append(row)
    for rows in (want["payments"], got["payments"]):
        for row in rows:
            del row["issue_count"]
    for name, rows in want.items():
        assert got[name] == rows, name
