"""scripts/screenshot_remittance.py: headless Chromium draws the readable remittance of the
sample with a denial, a reversal, a forwarded (COB) claim and provider adjustments."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _shared import SAMPLES

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "screenshot_remittance.py"


def test_the_sample_has_each_case_the_screenshot_is_for() -> None:
    from medclaims.remittance import parse_835

    [remittance] = parse_835((SAMPLES / "remit-paper.835").read_bytes())
    statuses = {c.status_code for c in remittance.claims}
    assert {"4", "22", "19", "2"} <= statuses
    assert remittance.provider_adjustments
    assert any(c.crossover_carrier is not None for c in remittance.claims)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_headless_chromium_renders_the_remittance(tmp_path: Path) -> None:
    png = tmp_path / "remittance.png"
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--file",
            str(SAMPLES / "remit-paper.835"),
            "--png",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "OK: headless Chromium rendered the remittance" in result.stdout
    assert png.stat().st_size > 20_000


def test_the_check_rejects_a_blank_page(tmp_path: Path) -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import screenshot_remittance
    finally:
        sys.path.remove(str(SCRIPT.parent))
    assert screenshot_remittance.check_png(tmp_path / "missing.png") == [
        "no screenshot was written"
    ]
    image = pytest.importorskip("PIL.Image")
    white = tmp_path / "white.png"
    size = (screenshot_remittance.WIDTH, screenshot_remittance.HEIGHT)
    image.new("RGB", size, "white").save(white)
    assert any("blank" in p for p in screenshot_remittance.check_png(white))
