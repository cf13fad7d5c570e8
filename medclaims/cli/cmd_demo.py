"""``medclaims demo``: run every demo step over the samples installed with the package.

The samples live once in git, at the top-level ``samples/``; ``medclaims/samples``
is a link to it, so they are package data (found with :mod:`importlib.resources`)
and ``medclaims demo`` works from any directory.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from medclaims.cli import _command_modules
from medclaims.cli._demo import DemoContext


def register(sub: Any) -> None:
    """Add the ``demo`` subcommand."""
    p = sub.add_parser(
        "demo",
        help="show what medclaims does, on the bundled samples",
        description="Run every command's demo step over the sample files installed with "
        "medclaims (from any directory).",
    )
    p.add_argument(
        "--samples",
        type=Path,
        default=None,
        help="folder with the sample files (default: the samples installed with medclaims)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the demo steps in their declared order."""
    if args.samples is not None:
        return _run(args.samples)
    with resources.as_file(resources.files("medclaims") / "samples") as samples:
        return _run(samples)


def _run(samples: Path) -> int:
    if not samples.is_dir():
        print(f"medclaims demo: no samples folder at {samples}", file=sys.stderr)
        return 1
    ctx = DemoContext(samples=samples, out=sys.stdout)
    steps = [m for m in _command_modules() if hasattr(m, "demo")]
    for module in sorted(steps, key=lambda m: m.DEMO_ORDER):
        module.demo(ctx)
    return 0
