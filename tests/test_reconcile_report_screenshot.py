"""scripts/screenshot_report.py: headless Chromium renders the sample scenario's HTML report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _shared import SAMPLES

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "screenshot_report.py"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_headless_chromium_renders_the_report(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "report.png"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--samples", str(SAMPLES / "reconcile"), "--png", str(png)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "OK: headless Chromium rendered the report" in result.stdout
    assert png.stat().st_size > 20_000


def test_the_check_rejects_a_blank_page(tmp_path: Path) -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import screenshot_report
    finally:
        sys.path.remove(str(SCRIPT.parent))
    assert screenshot_report.check_png(tmp_path / "missing.png") == ["no screenshot was written"]
    blank = tmp_path / "blank.png"
    blank.write_bytes(b"not a png")
    assert screenshot_report.check_png(blank) == ["the screenshot is not a PNG"]
    image = pytest.importorskip("PIL.Image")
    white = tmp_path / "white.png"
    image.new("RGB", (screenshot_report.WIDTH, screenshot_report.HEIGHT), "white").save(white)
    problems = screenshot_report.check_png(white)
    assert any("blank" in p for p in problems)
