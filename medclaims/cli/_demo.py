"""Shared context for ``medclaims demo`` steps."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import attrs

__all__ = ["DemoContext"]


@attrs.define
class DemoContext:
    """What the demo steps share: where the samples are, where to print, what earlier steps made."""

    samples: Path
    out: TextIO
    results: dict[str, object] = attrs.Factory(dict)
