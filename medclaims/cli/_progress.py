"""Progress of long work on standard error, only when a person is watching it.

Strategy: when standard error is a terminal, a ``rich`` progress bar shows the
step, the items done, the bytes read of the total, the rate and the time left;
when it is not (a pipe, a file, CI), nothing is written at all: no carriage
returns, no colour codes. Commands call :meth:`Progress.advance` as they go;
it is cheap (the display refreshes a few times a second, on its own thread).
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import IO, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.progress import Progress as _Rich

__all__ = ["Progress", "position"]


def position(fh: IO[bytes]) -> int | None:
    """Bytes read so far from ``fh`` (None when it cannot tell: a pipe)."""
    try:
        return fh.tell()
    except (OSError, ValueError):
        return None


class Progress:
    """One progress display; does nothing unless ``stream`` is a terminal."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        stream = sys.stderr if stream is None else stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self._rich: _Rich | None = None
        self._task: TaskID | None = None
        self._items = 0
        if self.enabled:
            self._rich = _Rich(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TextColumn("{task.fields[items]}"),
                TimeRemainingColumn(),
                console=Console(file=stream),
                transient=True,
            )

    def __enter__(self) -> Progress:
        if self._rich is not None:
            self._rich.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._rich is not None:
            self._rich.stop()

    def step(self, description: str, total_bytes: int | None, unit: str = "claims") -> None:
        """Start a new step (e.g. one file) of ``total_bytes`` bytes."""
        self._items = 0
        self._unit = unit
        if self._rich is not None:
            if self._task is not None:
                self._rich.remove_task(self._task)
            self._task = self._rich.add_task(description, total=total_bytes, items=f"0 {unit}")

    def stage(self, description: str) -> None:
        """Show which step a single long call is in (no count: the call reports none)."""
        self.step(description, None, unit="")

    def advance(self, items: int = 1, done_bytes: int | None = None) -> None:
        """Count ``items`` more, with the bytes read so far when known."""
        self._items += items
        if self._rich is not None and self._task is not None and self._items % 64 in (0, 1):
            self._rich.update(
                self._task, completed=done_bytes, items=f"{self._items:,} {self._unit}"
            )
