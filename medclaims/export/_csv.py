"""CSV output of plain rows, to a text file object the caller opened.

Strategy: every value has one text form that reads back without loss:
``Decimal`` in plain positional notation (never an exponent, so ``"100.00"``
stays ``"100.00"``), dates in ISO 8601, ``True``/``False`` as ``true``/``false``,
``None`` as the empty cell. Text that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, tab or carriage return first) is written with a
leading ``'`` by the package's one CSV writer (:mod:`medclaims._support.csv`);
payer text is untrusted. Library code never opens paths; the CLI does.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TextIO

from medclaims._support.csv import CsvWriter
from medclaims.export._errors import ExportError
from medclaims.export._rows import COLUMNS, TABLE_NAMES, Row, Tables, Value

__all__ = ["format_value", "table_to_csv", "to_csv"]


def format_value(value: Value) -> str:
    """The CSV (and terminal) text of one row value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv(rows: Iterable[Row], file: TextIO, *, columns: Sequence[str] | None = None) -> int:
    """Write ``rows`` as CSV with a header line to the open text ``file``; returns the row count.

    ``columns`` fixes the header and the order (default: the first row's keys);
    a key missing from a row gives an empty cell, a key not in ``columns``
    raises :class:`ExportError`. Text cells that start like a spreadsheet formula
    get a leading ``'``. Open the file with ``newline=""``.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    names = list(columns) if columns is not None else list(first or {})
    writer = CsvWriter(file)
    writer.writeheader(names)
    count = 0
    for row in itertools.chain([first] if first is not None else [], iterator):
        extra = row.keys() - set(names)
        if extra:
            raise ExportError(f"a row has {len(extra)} column(s) not in the header")
        writer.writerow([format_value(row.get(name)) for name in names])
        count += 1
    return count


def table_to_csv(tables: Tables, name: str, file: TextIO) -> int:
    """Write the table ``name`` of ``tables`` as CSV with its full header; returns the row count."""
    if name not in TABLE_NAMES:
        raise ExportError(f"unknown table; expected one of {', '.join(TABLE_NAMES)}")
    return to_csv(tables.table(name), file, columns=COLUMNS[name])
