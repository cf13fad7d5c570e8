"""``medclaims validate FILE [--json] [--999 OUT]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _shared import SAMPLES

from medclaims.cli import main


def test_valid_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SAMPLES / "claims.837")]) == 0
    assert "claims.837: valid" in capsys.readouterr().out


def test_invalid_file_exits_1_with_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.837"
    bad.write_text((SAMPLES / "claims.837").read_text().replace("******CI~", "******Q9~", 1))
    ack = tmp_path / "bad.999"
    assert main(["validate", str(bad), "--json", "--999", str(ack)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert any(i["segment"] == "SBR" and i["element"] == 9 for i in report["issues"])
    assert "IK5*R" in ack.read_text()


def test_missing_file_exits_1(tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nope.837")]) == 1  # documented: unreadable is 1
