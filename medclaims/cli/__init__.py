"""The ``medclaims`` command: the only layer that touches argv and the filesystem.

Strategy: every ``cmd_*`` module in this package registers its own
subcommand (``register(subparsers)``) and may add a step to ``medclaims demo``
(``DEMO_ORDER`` and ``demo(ctx)``), so commands are added without editing
this file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from medclaims import __version__
from medclaims.cli._output import use_for_stdout
from medclaims.errors import MedclaimsError

__all__ = ["main"]


def _command_modules() -> list[ModuleType]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_"))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="medclaims",
        description="Build X12 837P claims, parse 835 remittances, reconcile them.",
        epilog="exit status: 0 clean; 1 when a file cannot be read or has error-level "
        "issues (see each command's --fail-on); 2 for a usage error",
    )
    parser.add_argument(
        "--version", action="version", version=f"medclaims {__version__}", help="print the version"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for module in _command_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``medclaims`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    use_for_stdout()
    try:
        code: int = args.handler(args)
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error of ours.
        # Point stdout at devnull so the interpreter's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except MedclaimsError as exc:
        print(f"medclaims: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        # Commands that read files name an unreadable one themselves (exit 1); this is
        # the fallback of a command that does not (reconcile keeps its status 2 for now).
        print(f"medclaims: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except RecursionError:
        print("medclaims: error: input nested too deeply to read", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
