"""The acknowledgement readers' strict-mode error."""

from __future__ import annotations

from medclaims.errors import X12Error

__all__ = ["AcknowledgementError"]


class AcknowledgementError(X12Error):
    """A TA1, 999/997 or 277CA/277 breaks a rule (structure, totals) in strict mode."""
