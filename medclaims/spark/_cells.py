"""Rows made ready for the fixed schemas: exact decimals or an issue, never rounding.

:func:`fit_rows` checks every money and quantity cell of a table against its
``DECIMAL`` type (:mod:`._tables`). A value that the type holds exactly is
kept (re-scaled, which changes no digit); one that it does not (more
decimals than the scale, or too large) becomes ``None`` and one issue row
naming the table and column, never the value.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from medclaims.spark._tables import MONEY_MAX, QTY_MAX, QTY_SCALE, Columns

__all__ = ["IssueRow", "Row", "fit_rows", "issue_row"]

Row = dict[str, Any]
"""One row: column → value."""
IssueRow = dict[str, Any]
"""One row of an ``issues`` table."""

_CONTEXT = decimal.Context(prec=60, traps=[decimal.InvalidOperation])
_LIMITS = {"money": (Decimal("0.01"), MONEY_MAX), "qty": (Decimal(1).scaleb(-QTY_SCALE), QTY_MAX)}


def issue_row(
    source_file: str, byte_offset: int | None, severity: str, code: str, message: str
) -> IssueRow:
    """One row of an ``issues`` table."""
    return {
        "source_file": source_file,
        "byte_offset": byte_offset,
        "severity": severity,
        "code": code,
        "message": message,
    }


def _fit(value: Any, kind: str) -> Decimal | None:
    """``value`` at the scale of ``kind`` when that changes no digit, else ``None``."""
    quantum, limit = _LIMITS[kind]
    if not isinstance(value, Decimal) or not value.is_finite() or abs(value) >= limit:
        return None
    scaled = value.quantize(quantum, context=_CONTEXT)
    return scaled if scaled == value else None


def fit_rows(
    table: str,
    columns: Columns,
    rows: Iterable[Row],
    issues: list[IssueRow],
    source_file: str,
    offset_column: str | None = None,
) -> list[Row]:
    """``rows`` with every decimal cell checked; unrepresentable ones nulled and reported.

    The issue's byte offset is the row's ``offset_column`` (the transaction's ST)
    when given.
    """
    checked = [(name, kind) for name, kind in columns if kind in _LIMITS]
    out: list[Row] = []
    for row in rows:
        for name, kind in checked:
            value = row.get(name)
            if value is None:
                continue
            fitted = _fit(value, kind)
            row[name] = fitted
            if fitted is None:
                scale = "2" if kind == "money" else str(QTY_SCALE)
                issues.append(
                    issue_row(
                        source_file,
                        row.get(offset_column) if offset_column else None,
                        "error",
                        "unrepresentable-decimal",
                        f"{table}.{name} does not fit DECIMAL(18,{scale}) exactly;"
                        " the cell is null",
                    )
                )
        out.append(row)
    return out
