"""Progress on standard error when it is a terminal, and nothing (no CR, no colour) when not."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from _shared import SAMPLES

ROOT = Path(__file__).resolve().parents[1]


def _big(tmp_path: Path) -> Path:
    # Many copies of the sample transaction: long enough for the bar to be drawn.
    text = (SAMPLES / "remit-basic.835").read_text()
    start, end = text.index("ST*835"), text.index("GE*")
    body = text[start:end]
    path = tmp_path / "many.835"
    path.write_text(text[:start] + body * 500 + text[end:].replace("GE*1*", "GE*500*"))
    return path


def _command(path: Path) -> list[str]:
    return [sys.executable, "-m", "medclaims.cli", "parse-835", str(path), "--format", "csv",
            "--fail-on", "never", "--max-issues", "0"]  # fmt: skip


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(_command(_big(tmp_path)), capture_output=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert b"\r" not in done.stderr and b"\x1b" not in done.stderr
    assert b"\r" not in done.stdout.replace(b"\r\n", b"") and b"\x1b" not in done.stdout


def test_progress_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    path = _big(tmp_path)
    primary, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "160", "TERM": "xterm"}
    with open(tmp_path / "out.csv", "wb") as out:
        proc = subprocess.Popen(_command(path), stdout=out, stderr=secondary, env=env)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=600) == 0
    os.close(primary)
    assert b"parse-835" in seen and b"claims" in seen
    assert b"many.835" in seen
