"""``build-837p`` identities and control numbers: never defaulted, never reused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _shared import SAMPLES

from medclaims.cli import main
from medclaims.cli._identity import SETTINGS, next_control_number

_ROOT = Path(__file__).resolve().parents[1]
_ENV_NAMES = [s.env for s in SETTINGS]
_FULL = {
    "MEDCLAIMS_SENDER": "ENVSEND",
    "MEDCLAIMS_SENDER_NAME": "Env Sender",
    "MEDCLAIMS_CONTACT": "Env Desk",
    "MEDCLAIMS_PHONE": "2175550100",
    "MEDCLAIMS_RECEIVER": "ENVRECV",
    "MEDCLAIMS_RECEIVER_NAME": "Env Receiver",
}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in [*_ENV_NAMES, "MEDCLAIMS_CONFIG"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no ./medclaims.toml


def _isa(text: str) -> list[str]:
    return text.split("~", 1)[0].split("*")


def test_missing_identities_are_named_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "claims.837"
    code = main(["build-837p", str(SAMPLES / "encounters.json"), "-o", str(out)])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert not out.exists()
    for setting in SETTINGS:
        if setting.required:
            assert setting.flag in captured.err
            assert f"${setting.env}" in captured.err
    assert "Traceback" not in captured.err


def test_one_missing_value_is_the_only_one_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in _FULL.items():
        if name != "MEDCLAIMS_RECEIVER":
            monkeypatch.setenv(name, value)
    assert main(["build-837p", str(SAMPLES / "encounters.json"), "--control-number", "3"]) == 2
    err = capsys.readouterr().err
    assert "--receiver," in err
    assert "--sender," not in err


def test_environment_supplies_identities_and_flags_win(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in _FULL.items():
        monkeypatch.setenv(name, value)
    args = ["build-837p", str(SAMPLES / "encounters.json"), "--control-number", "42"]
    assert main([*args, "--receiver", "FLAGRECV"]) == 0
    captured = capsys.readouterr()
    isa = _isa(captured.out)
    assert isa[6].strip() == "ENVSEND"
    assert isa[8].strip() == "FLAGRECV"
    assert isa[13] == "000000042"
    assert "sender from $MEDCLAIMS_SENDER" in captured.err
    assert "receiver from --receiver" in captured.err


def test_config_file_in_the_working_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "medclaims.toml").write_text(
        (SAMPLES / "medclaims.toml").read_text()
        + '\n[control_number]\ncounter_file = "numbers.txt"\n'
    )
    for expected in (1, 2):
        assert main(["build-837p", str(SAMPLES / "encounters.json")]) == 0
        isa = _isa(capsys.readouterr().out)
        assert isa[6].strip() == "RBBILL01"
        assert int(isa[13]) == expected
    assert (tmp_path / "numbers.txt").read_text().strip() == "2"


def test_no_control_number_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    config = ["--config", str(SAMPLES / "medclaims.toml")]
    assert main(["build-837p", str(SAMPLES / "encounters.json"), *config]) == 2
    captured = capsys.readouterr()
    assert "--counter-file" in captured.err
    assert captured.out == ""


def test_help_names_every_variable_and_the_config_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["build-837p", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in [*_ENV_NAMES, "MEDCLAIMS_CONFIG"]:
        assert name in text
    assert "medclaims.toml" in text


_TAKE = """
import sys
from pathlib import Path
from medclaims.cli._identity import next_control_number
path = Path(sys.argv[1])
print(" ".join(str(next_control_number(path)) for _ in range(int(sys.argv[2]))))
"""


def test_counter_never_hands_out_a_number_twice_to_two_processes(tmp_path: Path) -> None:
    counter = tmp_path / "counter"
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _TAKE, str(counter), "150"],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        for _ in range(2)
    ]
    numbers = [int(n) for p in procs for n in p.communicate(timeout=120)[0].split()]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(numbers) == list(range(1, 301))
    assert next_control_number(counter) == 301


def test_two_concurrent_builds_get_different_control_numbers(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(_ROOT),
        "MEDCLAIMS_COUNTER_FILE": str(tmp_path / "counter"),
        "MEDCLAIMS_CONFIG": str(SAMPLES / "medclaims.toml"),
    }
    outs = [tmp_path / f"out{i}.837" for i in range(2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "medclaims.cli", "build-837p",
             str(SAMPLES / "encounters.json"), "-o", str(out)],
            env=env,
        )
        for out in outs
    ]  # fmt: skip
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    numbers = sorted(int(_isa(out.read_text())[13]) for out in outs)
    assert numbers == [1, 2]


def test_a_damaged_counter_file_is_refused(tmp_path: Path) -> None:
    counter = tmp_path / "counter"
    counter.write_text("twelve\n")
    assert main(["build-837p", str(SAMPLES / "encounters.json"), "--config",
                 str(SAMPLES / "medclaims.toml"), "--counter-file", str(counter)]) == 1  # fmt: skip
    assert counter.read_text() == "twelve\n"
