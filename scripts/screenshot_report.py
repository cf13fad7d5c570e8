"""Render the sample scenario's HTML report and check that headless Chromium draws it.

Usage::

    python scripts/screenshot_report.py [--samples samples/reconcile] [--png report.png]

Reconciles the scenario in ``samples/reconcile`` (encounters, 835 files, fee
schedule), writes ``report.html`` to a temporary folder, takes a screenshot
with ``chromium --headless`` (a fresh profile folder, no network services),
and checks that the PNG exists, has the window's size and is not blank (many
distinct colours: text, tables and charts were drawn). Exit status 0 when the
page rendered, 1 when the check failed, 2 when Chromium or the scenario is
missing. ``--png`` keeps the screenshot for a look.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from medclaims.cli.cmd_reconcile import reconcile_paths  # noqa: E402
from medclaims.reconcile.reports.html import render_html  # noqa: E402

WIDTH, HEIGHT = 1280, 2000
MIN_BYTES = 20_000
MIN_COLOURS = 64


def find_chromium() -> str | None:
    """The Chromium executable on PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_scenario(samples: Path, html_path: Path) -> None:
    """Reconcile the scenario in ``samples`` and write its HTML report."""
    fees = samples / "fees.csv"
    reconciliation = reconcile_paths(
        [samples / "encounters.json"], [samples], fee_schedule=fees if fees.is_file() else None
    )
    html_path.write_text(
        render_html(reconciliation, title="Sample reconciliation"), encoding="utf-8"
    )


def screenshot(chromium: str, html_path: Path, png_path: Path, profile: Path) -> None:
    """Run headless Chromium on the page and write a PNG of the window."""
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--screenshot={png_path}",
        f"--window-size={WIDTH},{HEIGHT}",
        html_path.resolve().as_uri(),
    ]
    subprocess.run(
        command, check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def check_png(png_path: Path) -> list[str]:
    """What is wrong with the screenshot (empty list: it looks like a rendered page)."""
    if not png_path.is_file():
        return ["no screenshot was written"]
    data = png_path.read_bytes()
    problems = []
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ["the screenshot is not a PNG"]
    width, height = struct.unpack(">II", data[16:24])
    if (width, height) != (WIDTH, HEIGHT):
        problems.append(f"screenshot is {width}x{height}, expected {WIDTH}x{HEIGHT}")
    if len(data) < MIN_BYTES:
        problems.append(f"screenshot is only {len(data)} bytes: the page looks blank")
    try:
        from PIL import Image
    except ImportError:
        return problems
    with Image.open(png_path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    if len(colours) < MIN_COLOURS:
        problems.append(f"only {len(colours)} colours: the page looks blank")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Render, screenshot, check; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=ROOT / "samples" / "reconcile")
    parser.add_argument("--png", type=Path, help="keep the screenshot here")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("chromium not found on PATH", file=sys.stderr)
        return 2
    if not (args.samples / "encounters.json").is_file():
        print(f"no scenario in {args.samples}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="medclaims-report-") as tmp:
        folder = Path(tmp)
        html_path = folder / "report.html"
        png_path = folder / "report.png"
        render_scenario(args.samples, html_path)
        screenshot(chromium, html_path, png_path, folder / "profile")
        problems = check_png(png_path)
        if args.png:
            if png_path.is_file():
                shutil.copyfile(png_path, args.png)
            print(f"screenshot: {args.png}")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if not problems:
        print(f"OK: headless Chromium rendered the report ({WIDTH}x{HEIGHT})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
