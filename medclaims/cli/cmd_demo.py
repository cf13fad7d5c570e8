"""``medclaims demo``: run every demo step over the bundled ``samples/``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from medclaims.cli import _command_modules
from medclaims.cli._demo import DemoContext


def register(sub: Any) -> None:
    """Add the ``demo`` subcommand."""
    p = sub.add_parser("demo", help="show what medclaims does, on the bundled samples/")
    p.add_argument(
        "--samples",
        type=Path,
        default=Path("samples"),
        help="folder with the sample files (default: ./samples)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the demo steps in their declared order."""
    if not args.samples.is_dir():
        print(f"medclaims demo: no samples folder at {args.samples}", file=sys.stderr)
        return 2
    ctx = DemoContext(samples=args.samples, out=sys.stdout)
    steps = [m for m in _command_modules() if hasattr(m, "demo")]
    for module in sorted(steps, key=lambda m: m.DEMO_ORDER):
        module.demo(ctx)
    return 0
