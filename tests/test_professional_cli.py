"""``medclaims build-837p`` and its ``medclaims demo`` step."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from _shared import SAMPLES

from medclaims.cli import cmd_build837p, main
from medclaims.cli._demo import DemoContext
from medclaims.pyx12_validation import validate


def test_builds_a_valid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "claims.837"
    code = main(
        [
            "build-837p",
            str(SAMPLES / "encounters.json"),
            "-o",
            str(out),
            "--test",
            "--sender",
            "SENDER1",
            "--sender-name",
            "Sender One",
            "--contact",
            "Desk",
            "--phone",
            "2175550100",
            "--receiver",
            "RECV1",
            "--receiver-name",
            "Receiver One",
            "--control-number",
            "77",
            "--created-at",
            "2024-03-11T09:30",
        ]
    )
    assert code == 0
    text = out.read_text()
    assert text.startswith("ISA*00*")
    assert "*SENDER1        *ZZ*RECV1          *240311*0930*^*00501*000000077*0*T*:~" in text
    assert validate(text) == []
    assert "wrote 3 claim(s), total charges 604.50" in capsys.readouterr().err


def test_same_parameters_as_the_sample_reproduce_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "build-837p",
                str(SAMPLES / "encounters.json"),
                "--config",
                str(SAMPLES / "medclaims.toml"),
                "--control-number",
                "1",
                "--created-at",
                "2024-03-11T09:30",
                "--line-breaks",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == (SAMPLES / "claims.837").read_text()


def test_invalid_encounters_exit_1_listing_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((SAMPLES / "encounters.json").read_text())
    data[1]["service_lines"][0]["charge"] = 12.5
    data[2]["billing_provider"]["npi"] = "1544332211"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    config = ["--config", str(SAMPLES / "medclaims.toml"), "--control-number", "5"]
    assert main(["build-837p", str(bad), "-o", str(tmp_path / "x.837"), *config]) == 1
    err = capsys.readouterr().err
    assert "encounters[1].service_lines[0].charge" in err
    assert not (tmp_path / "x.837").exists()


def test_demo_step_builds_and_validates() -> None:
    out = io.StringIO()
    ctx = DemoContext(samples=SAMPLES, out=out)
    cmd_build837p.demo(ctx)
    text = out.getvalue()
    assert "claims: 3, service lines: 9, total charges: 604.50" in text
    assert "pyx12 5010 validation: passed, 0 errors" in text
    assert ctx.results["claims_837"] == (SAMPLES / "claims.837").read_text()
