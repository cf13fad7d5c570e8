"""The command as a whole: --version, help for every argument, demo from anywhere,
envelopes and validate on several kinds of bad input (one line, no traceback)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _shared import SAMPLES

import medclaims
from medclaims.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def _run(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "medclaims.cli", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        input=stdin,
        timeout=300,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"medclaims {medclaims.__version__}"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@pytest.mark.parametrize("command", sorted(_subparsers(build_parser())))
def test_every_argument_has_help(command: str) -> None:
    sub = _subparsers(build_parser())[command]
    assert sub.description or command == "reconcile"
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help and action.help != argparse.SUPPRESS, (command, action.dest)


def test_demo_runs_from_another_directory(tmp_path: Path) -> None:
    done = _run("demo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    out = done.stdout.decode()
    assert "== 835 remittances" in out and "remit-basic.835" in out
    assert b"Traceback" not in done.stderr


def test_envelopes_reads_each_file_on_its_own(tmp_path: Path) -> None:
    junk = tmp_path / "junk.x12"
    junk.write_bytes(b"\x00\x01not x12")
    done = _run(
        "envelopes", str(SAMPLES / "claims.837"), str(junk), str(tmp_path / "gone.835"),
        str(SAMPLES / "remit-plb.835"),
    )  # fmt: skip
    assert done.returncode == 1
    out, err = done.stdout.decode(), done.stderr.decode()
    assert "claims.837: ISA13" in out and "remit-plb.835: ISA13" in out
    assert "junk.x12" in err and "gone.835" in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 2


def test_envelopes_from_standard_input() -> None:
    done = _run("envelopes", "-", stdin=(SAMPLES / "remit-basic.835").read_bytes())
    assert done.returncode == 0
    assert done.stdout.decode().startswith("<stdin>: ISA13 000000101")


def test_envelopes_help_names_the_files_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["envelopes", "--help"])
    assert "standard input" in capsys.readouterr().out


def test_validate_caps_what_it_prints_and_still_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SAMPLES / "claims.837").read_text()
    bad = tmp_path / "bad.837"
    # Every procedure qualifier made invalid: many pyx12 findings of the same kind.
    bad.write_text(text.replace("SV1*HC:", "SV1*ZZ:"))
    assert main(["validate", str(bad), "--max-issues", "1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len([line for line in lines if "not printed" not in line]) == 2  # 1 issue + verdict
    assert any("not printed" in line for line in lines)
    assert "bad.837: 18 error(s)" in lines[-1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04" + bytes(64), "spreadsheet"),
        (b"", "bad.837"),
    ],
)
def test_validate_refuses_what_is_no_x12_in_one_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "bad.837"
    bad.write_bytes(content)
    done = _run("validate", str(bad))
    assert done.returncode == 1
    assert expected in done.stderr.decode() + done.stdout.decode()
    assert b"Traceback" not in done.stderr


def test_build_837p_deep_json_and_spreadsheet_are_one_line(tmp_path: Path) -> None:
    config = ["--config", str(SAMPLES / "medclaims.toml"), "--control-number", "9"]
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    book = tmp_path / "encounters.xlsx"
    book.write_bytes(b"PK\x03\x04" + bytes(64))
    latin = tmp_path / "latin.json"
    latin.write_bytes('[{"x": "caf\xe9"}]'.encode("latin-1"))
    for path, words in ((deep, "nested"), (book, "spreadsheet"), (latin, "UTF-8")):
        done = _run("build-837p", str(path), *config)
        err = done.stderr.decode()
        assert done.returncode == 1, err
        assert path.name in err and words in err
        assert "Traceback" not in err
        assert len(err.strip().splitlines()) == 1, err
        assert done.stdout == b""


def test_stdin_for_build_837p() -> None:
    done = _run(
        "build-837p", "-", "--config", str(SAMPLES / "medclaims.toml"), "--control-number", "1",
        "--created-at", "2024-03-11T09:30", "--line-breaks",
        stdin=(SAMPLES / "encounters.json").read_bytes(),
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.decode() == (SAMPLES / "claims.837").read_text()


def test_demo_context_default_samples_are_the_repository_samples() -> None:
    from importlib import resources

    with resources.as_file(resources.files("medclaims") / "samples") as path:
        assert (path / "remit-basic.835").read_bytes() == (SAMPLES / "remit-basic.835").read_bytes()
