"""Placeholder, replaced below."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Reconciled", "reconcile"]


@attrs.frozen
class Reconciled:
    """The DataFrames of :func:`reconcile`."""

    claims: Any
    """Per claim."""


def reconcile(*args: Any, **kwargs: Any) -> Reconciled:
    """Not yet."""
    raise NotImplementedError
