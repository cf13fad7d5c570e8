"""``medclaims acks`` and ``medclaims ack-837p``, and the samples they use."""

from __future__ import annotations

import csv
import io
import json
import runpy
from pathlib import Path

import pytest

from medclaims.acks import parse_999
from medclaims.cli import main
from tests._shared import SAMPLES

ACKS = SAMPLES / "acks"


def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["acks", str(ACKS / "claims.999"), str(ACKS / "claims.277ca")]) == 0
    out = capsys.readouterr().out
    assert "claims.999: 999 for group 1 (HC): 1 transaction set(s), 1 accepted, 0 rejected" in out
    assert "claims.277ca: 277CA 0901: 2 claim(s), 1 accepted, 0 received, 1 rejected" in out
    assert "rejected ***0002: A7/562/85: Rejected: information not valid" in out
    assert "PCN-2024-0002" not in out  # masked unless --show-ids


def test_csv_and_show_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["acks", "--format", "csv", "--show-ids", str(ACKS / "claims.277ca")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["claim_id"], r["outcome"], r["codes"]) for r in rows] == [
        ("PCN-2024-0001", "accepted", "A2/20"),
        ("PCN-2024-0002", "rejected", "A7/562/85"),
    ]


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["acks", "--format", "json", str(ACKS / "claims.999")]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["file"] == "claims.999"
    [ack] = item["acknowledgements"]["implementation_acks"]
    assert ack["group_ack_code"] == "A" and ack["transaction_sets"][0]["ack_code"] == "A"


def test_ack_837p(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ack.999"
    assert main(["ack-837p", str(SAMPLES / "claims.837"), "-o", str(out)]) == 0
    [ack] = parse_999(out.read_bytes())
    assert ack.group_ack_code == "A"
    assert "GS*FA*PRAIRIECH*RBBILL01*" in out.read_text()  # sender: the 837P's receiver
    assert "1 accepted, 0 rejected" in capsys.readouterr().err
    bad = tmp_path / "bad.837"
    bad.write_text(
        (SAMPLES / "claims.837").read_text().replace("N4*Springfield*IL*627041234~\n", "", 1)
    )
    assert main(["ack-837p", str(bad), "-o", str(out)]) == 1


def test_samples_are_what_make_acks_writes() -> None:
    made = runpy.run_path(str(ACKS / "make_acks.py"))["main"]()
    for name, text in made.items():
        if not text.endswith("\n"):
            text = text.replace("~", "~\n")
        assert (ACKS / name).read_text(encoding="ascii") == text, name


def test_demo_step(capsys: pytest.CaptureFixture[str]) -> None:
    from medclaims.cli import cmd_acks
    from medclaims.cli._demo import DemoContext

    out = io.StringIO()
    cmd_acks.demo(DemoContext(samples=SAMPLES, out=out))
    text = out.getvalue()
    assert "claims sent: 4: rejected 1, accepted 2, received 0, not_acknowledged 1" in text
    assert "action correct_and_resubmit" in text
