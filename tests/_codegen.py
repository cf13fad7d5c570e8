"""Counting the code Python generates at run time, for tests that a hot path generates none.

An audit hook (:func:`sys.addaudithook`) sees every ``compile`` and every
``exec`` of source text, whoever calls them. Hooks cannot be removed, so one
is installed, once, and counts only while :func:`count_code_generation` is
active.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

_active: list[list[int]] = []
_installed = False


def _hook(event: str, args: tuple[object, ...]) -> None:
    if _active and event in ("compile", "exec"):
        _active[-1][0] += 1


@contextmanager
def count_code_generation() -> Iterator[list[int]]:
    """A one-item list holding, once the block ends, how many compiles and execs it ran."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    counter = [0]
    _active.append(counter)
    try:
        yield counter
    finally:
        _active.remove(counter)
