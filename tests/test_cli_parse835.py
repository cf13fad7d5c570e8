"""``medclaims parse-835``: JSON, CSV and table output, issues on stderr, and the demo step."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from _shared import SAMPLES
from test_remittance_denials import _835

from medclaims.cli import main
from medclaims.cli._demo import DemoContext
from medclaims.cli.cmd_parse835 import demo, render_table
from medclaims.export import COLUMNS, DENIAL_COLUMNS, TABLE_NAMES, remittances_from_json
from medclaims.remittance.parser import parse_835

_BODY = (
    "CLP*PC-1*1*300*100*0*12*ICN-1*11*1~NM1*QC*1*SENTINELNAME*ANNA****MI*SENTINELID~"
    "SVC*HC:99213*100*100**1~DTM*472*20260105~"
    "SVC*HC:97110*200*0**1~DTM*472*20260105~CAS*CO*50*200~REF*6R*LN-2~"
    "CLP*PC-2*4*75.25*0*0*12*ICN-2*11*1~CAS*CO*29*75.25~NM1*QC*1*DOE*JO****MI*M3~"
)


_LENIENT = ("parse-835", "--fail-on", "never")  # the fixture's SE01 is off: an error issue


@pytest.fixture
def remit_file(tmp_path: Path) -> Path:
    path = tmp_path / "one.835"
    path.write_text(_835(_BODY).replace("BPR*I*0*", "BPR*I*100*"))
    return path


def test_json_output_reads_back_as_the_parsed_records(
    remit_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*_LENIENT, str(remit_file), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert remittances_from_json(out) == parse_835(remit_file.read_bytes())


def test_csv_into_a_folder_writes_every_table(
    remit_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    assert main([*_LENIENT, str(remit_file), "--format", "csv", "--out", str(out_dir)]) == 0
    assert capsys.readouterr().out == ""
    for name in TABLE_NAMES:
        with (out_dir / f"{name}.csv").open(newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
        assert tuple(reader.fieldnames or ()) == COLUMNS[name]
        if name == "claims":
            assert [r["patient_control_number"] for r in rows] == ["PC-1", "PC-2"]
            assert [Decimal(r["charge_amount"]) for r in rows] == [Decimal(300), Decimal("75.25")]
    with (out_dir / "denials.csv").open(newline="") as fh:
        denials = list(csv.DictReader(fh))
    assert [(d["level"], d["category"], d["line_control_number"]) for d in denials] == [
        ("line", "medical_necessity", "LN-2"),
        ("claim", "timely_filing", ""),
    ]
    assert set(denials[0]) == set(DENIAL_COLUMNS)


def test_csv_to_stdout_of_one_table(remit_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_LENIENT, str(remit_file), "--format", "csv", "--table", "service_lines"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["procedure_code"], r["paid_amount"]) for r in rows] == [
        ("99213", "100"),
        ("97110", "0"),
    ]


def test_table_output_shows_denials(remit_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_LENIENT, str(remit_file), "--table", "denials"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == [
        "trace_number",
        "patient_control_number",
        "line_control_number",
        "level",
    ]
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == 4
    assert "medical_necessity" in lines[2] and "timely_filing" in lines[3]


def test_json_of_one_flat_table(remit_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main([*_LENIENT, str(remit_file), "--format", "json", "--table", "claims"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["paid_amount"] for r in rows] == ["100", "0"]
    assert rows[1]["claim_index"] == 1


def test_issues_go_to_stderr_without_patient_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.835"
    # Claim does not balance (300 - 200 != 150) and SE01 is wrong.
    text = _835(_BODY).replace("CLP*PC-1*1*300*100", "CLP*PC-1*1*300*150")
    broken.write_text(re.sub(r"SE\*\d+\*", "SE*99*", text))
    assert main(["parse-835", str(broken)]) == 1  # error-level issues
    err = capsys.readouterr().err
    assert err.count("broken.835: ") >= 2
    assert main(["parse-835", "--fail-on", "never", str(broken)]) == 0
    capsys.readouterr()
    assert "SENTINEL" not in err
    assert main(["parse-835", "--strict", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("medclaims: ") and "broken.835" in err and "SENTINEL" not in err


def test_missing_file_is_an_error_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse-835", str(tmp_path / "nope.835")]) == 1
    err = capsys.readouterr().err
    assert "nope.835" in err and "Traceback" not in err


def test_render_table_aligns_numbers_right_and_formats_money() -> None:
    text = render_table(
        [{"code": "A", "amount": Decimal("1234.5")}, {"code": "X" * 40, "amount": None}],
        ("code", "amount"),
    )
    lines = text.splitlines()
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].endswith("  1,234.50") and lines[3].endswith("         -")
    assert "X" * 40 in lines[3]
    assert "\x1b" not in text


def test_demo_step_summarizes_the_samples() -> None:
    paths = sorted(SAMPLES.glob("*.835"))
    if not paths:
        pytest.skip("no sample 835 files")
    out = io.StringIO()
    ctx = DemoContext(samples=SAMPLES, out=out)
    demo(ctx)
    text = out.getvalue()
    for path in paths:
        assert path.name in text
    total = next(line for line in text.splitlines() if line.startswith("total"))
    # An independent count of CLP segments in the sample files.
    clp = sum(len(re.findall(r"(?:^|~)\s*CLP\*", p.read_text())) for p in paths)
    assert int(total.split()[2]) == clp
    assert "Denials by category:" in text
    assert len(ctx.results["remittances"]) == int(total.split()[1])  # type: ignore[arg-type]


def test_demo_step_without_samples(tmp_path: Path) -> None:
    out = io.StringIO()
    demo(DemoContext(samples=tmp_path, out=out))
    assert "no .835 files" in out.getvalue()
