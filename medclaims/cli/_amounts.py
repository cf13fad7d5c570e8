"""The one format of money in terminal output: thousands separated, two decimals.

``1234.5`` prints as ``1,234.50`` and ``-12`` as ``-12.00``; an amount with more
than two decimals (an 835 allows them) keeps its digits rather than being
rounded (``0.125`` stays ``0.125``). Files (CSV, JSON) keep the exact plain
decimal; only what a person reads on the terminal uses this.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["format_amount"]


def format_amount(value: Decimal | int | None) -> str:
    """``value`` as terminal money text (``1,234.50``); ``None`` as the empty string."""
    if value is None:
        return ""
    amount = Decimal(value)
    exponent = amount.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{amount:,.{places}f}"
