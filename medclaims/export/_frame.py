"""pandas DataFrames of the flat tables (optional: ``pip install medclaims[pandas]``).

Strategy: pandas is imported only when a DataFrame is asked for. Columns are
built with the ``object`` dtype so money stays exact ``Decimal`` and dates
stay ``datetime.date``; only the 0-based ordinal columns become pandas'
nullable ``Int64``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from medclaims.export._errors import ExportError, MissingDependencyError
from medclaims.export._rows import (
    COLUMNS,
    DENIAL_COLUMNS,
    TABLE_NAMES,
    Tables,
    denial_rows,
    to_rows,
)
from medclaims.remittance.denials import Denial
from medclaims.remittance.records import Remittance

__all__ = ["to_dataframe"]

_ORDINALS = (
    "remittance_index",
    "claim_index",
    "line_index",
    "adjustment_index",
    "provider_adjustment_index",
    "claim_count",
    "provider_adjustment_count",
    "issue_count",
    "line_count",
)


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise MissingDependencyError(
            "DataFrames need pandas: pip install 'medclaims[pandas]'"
        ) from None


def to_dataframe(
    data: Tables | Iterable[Remittance] | Iterable[Denial], table: str = "claims"
) -> Any:
    """One table as a ``pandas.DataFrame``; money columns hold exact ``Decimal`` values.

    ``data`` is the result of :func:`to_rows`, remittances (flattened here), or
    denial records (then ``table`` must be ``"denials"``). Raises
    :class:`MissingDependencyError` without pandas and :class:`ExportError`
    for an unknown table.
    """
    pd = _pandas()
    if table == "denials":
        items = list(data) if not isinstance(data, Tables) else None
        if items is None or not all(isinstance(d, Denial) for d in items):
            raise ExportError("the denials table is built from denial records")
        rows: Iterable[dict[str, Any]] = denial_rows(items)  # type: ignore[arg-type]
        columns: tuple[str, ...] = DENIAL_COLUMNS
    else:
        if table not in TABLE_NAMES:
            raise ExportError(f"unknown table; expected one of {', '.join(TABLE_NAMES)} or denials")
        tables = data if isinstance(data, Tables) else to_rows(data)  # type: ignore[arg-type]
        rows = tables.table(table)
        columns = COLUMNS[table]
    materialized = list(rows)
    frame = pd.DataFrame(
        {name: pd.Series([row.get(name) for row in materialized], dtype=object) for name in columns}
    )
    for name in _ORDINALS:
        if name in frame.columns:
            frame[name] = frame[name].astype("Int64")
    return frame
