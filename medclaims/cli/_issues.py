"""Issues printed on standard error, capped, and the exit status they lead to.

Strategy: every command that reads files prints each issue as ``FILE: issue``
until ``--max-issues`` are printed per file, then one line per issue code with
the count of those left unprinted. The worst severity seen decides the exit
status against ``--fail-on``: ``error`` (default) fails on error-level issues,
``warning`` on warnings too, ``never`` on none. A file that cannot be read
always fails. Documented statuses: 0 clean, 1 issues at the threshold or an
unreadable file, 2 usage (argparse's own).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import TextIO

from medclaims.errors import Issue, Severity

__all__ = ["EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "IssueReport", "add_issue_arguments"]

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2

_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_THRESHOLD = {"warning": 1, "error": 2, "never": 3}

EXIT_STATUS_HELP = (
    "exit status: 0 clean; 1 when a file cannot be read or an issue reaches --fail-on; "
    "2 for a usage error"
)


def add_issue_arguments(parser: argparse.ArgumentParser, *, max_issues: int = 50) -> None:
    """Add ``--fail-on`` and ``--max-issues``."""
    parser.add_argument(
        "--fail-on",
        choices=("warning", "error", "never"),
        default="error",
        help="lowest issue severity that makes the exit status 1 (default: error; "
        "an unreadable file always does)",
    )
    parser.add_argument(
        "--max-issues",
        type=int,
        default=max_issues,
        metavar="N",
        help=f"print at most N issues per file, then a count per code (default: {max_issues})",
    )


class IssueReport:
    """Prints issues per file under a cap and keeps what the exit status needs."""

    def __init__(self, err: TextIO, *, fail_on: str = "error", max_issues: int = 50) -> None:
        self.err = err
        self.threshold = _THRESHOLD[fail_on]
        self.max_issues = max(0, max_issues)
        self.worst = -1
        self.unreadable = 0
        self._name = ""
        self._printed = 0
        self._unprinted: Counter[str] = Counter()

    def start(self, name: str) -> None:
        """Begin the issues of the file ``name``."""
        self.finish()
        self._name, self._printed = name, 0

    def add(self, issue: Issue) -> None:
        """Print ``issue`` (or count it once the cap is reached)."""
        self.worst = max(self.worst, _RANK.get(issue.severity, 0))
        if self._printed < self.max_issues:
            print(f"{self._name}: {issue}", file=self.err)
            self._printed += 1
        else:
            self._unprinted[f"{issue.severity.value} {issue.code}"] += 1

    def failed(self, message: str) -> None:
        """A file that could not be read: one line, and the exit status becomes 1."""
        self.unreadable += 1
        print(f"medclaims: {message}", file=sys.stderr)

    def finish(self) -> None:
        """Print the counts of the issues left unprinted for the current file."""
        for key, n in sorted(self._unprinted.items()):
            print(f"{self._name}: {n} more {key} issue(s) not printed", file=self.err)
        self._unprinted.clear()

    @property
    def exit_status(self) -> int:
        """0, or 1 when a file was unreadable or an issue reached the threshold."""
        self.finish()
        return EXIT_FAIL if self.unreadable or self.worst >= self.threshold else EXIT_OK
