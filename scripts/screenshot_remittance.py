"""Render a sample 835 as the readable remittance page and check that headless Chromium draws it.

Usage::

    python scripts/screenshot_remittance.py [--file samples/remit-paper.835] [--png page.png]

Writes the page of ``render_835`` for the file (default: the sample with a denial,
a reversal, a claim forwarded to another payer and provider adjustments) to a
temporary folder, takes a screenshot with ``chromium --headless`` (a fresh profile,
no network services) and checks that the PNG exists, has the window's size and is
not blank. Exit status 0 when the page rendered, 1 when the check failed, 2 when
Chromium or the file is missing. ``--png`` keeps the screenshot (the one in
``docs/images/`` was made this way).
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

from medclaims.export import render_835  # noqa: E402
from medclaims.remittance import parse_835  # noqa: E402

WIDTH, HEIGHT = 1200, 1700
MIN_BYTES = 20_000
MIN_COLOURS = 16


def find_chromium() -> str | None:
    """The Chromium executable on PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(chromium: str, html_path: Path, png_path: Path, profile: Path) -> None:
    """Run headless Chromium on the page and write a PNG of the window."""
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
        f"--screenshot={png_path}", f"--window-size={WIDTH},{HEIGHT}",
        html_path.resolve().as_uri(),
    ]  # fmt: skip
    subprocess.run(
        command, check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def check_png(png_path: Path) -> list[str]:
    """What is wrong with the screenshot (empty list: it looks like a rendered page)."""
    if not png_path.is_file():
        return ["no screenshot was written"]
    data = png_path.read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ["the screenshot is not a PNG"]
    problems = []
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
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        # Text on the page: enough dark pixels in the upper half (the header and claims).
        top = rgb.crop((0, 0, WIDTH, HEIGHT // 2)).convert("L")
        dark = sum(top.histogram()[:100])
    if len(colours) < MIN_COLOURS:
        problems.append(f"only {len(colours)} colours: the page looks blank")
    if dark < 5_000:
        problems.append("hardly any text in the upper half: the page looks blank")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Render, screenshot, check; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=ROOT / "samples" / "remit-paper.835")
    parser.add_argument("--png", type=Path, help="keep the screenshot here")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("chromium not found on PATH", file=sys.stderr)
        return 2
    if not args.file.is_file():
        print(f"no file {args.file}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="medclaims-remit-") as tmp:
        folder = Path(tmp)
        html_path = folder / "remittance.html"
        png_path = folder / "remittance.png"
        html_path.write_text(render_835(parse_835(args.file.read_bytes())), encoding="utf-8")
        screenshot(chromium, html_path, png_path, folder / "profile")
        problems = check_png(png_path)
        if args.png and png_path.is_file():
            shutil.copyfile(png_path, args.png)
            print(f"screenshot: {args.png}")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if not problems:
        print(f"OK: headless Chromium rendered the remittance ({WIDTH}x{HEIGHT})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
