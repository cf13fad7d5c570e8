"""Renderers for report rows: plain dicts, CSV, JSON and a fixed-width terminal table.

Strategy: every report is a list of frozen attrs records (see
:mod:`medclaims.reconcile.reports.summaries`). One cattrs converter, configured here,
turns a record into a plain row of JSON-ready values (money as an exact
decimal string such as ``"1234.50"``, never a float nor an exponent; dates as
ISO strings; enums as their values; code tuples as lists) and back. CSV and
JSON are written from those plain rows; the terminal table formats the records
for people (thousands separators, two decimals, right-aligned numbers).

Nothing here opens a path: CSV goes to a text file object the caller opened
(with ``newline=""``), JSON and tables are returned as strings.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from typing import IO, Any, TypeVar

import attrs
import cattrs

from medclaims._support.csv import CsvWriter, neutralize_cell
from medclaims._support.json import dumps, make_converter, money_text
from medclaims.errors import MedclaimsError

__all__ = [
    "ReportError",
    "column_names",
    "converter",
    "from_json",
    "render_table",
    "report_to_csv",
    "report_to_rows",
    "to_json",
]

T = TypeVar("T")


class ReportError(MedclaimsError):
    """A report cannot be computed or read back from what it was given."""


def _decimal_text(value: Decimal) -> str:
    return money_text(value, ReportError)  # positional: never "1E+2"


converter = make_converter(ReportError)
"""The cattrs converter for report records: Decimal ↔ exact string, date ↔ ISO string;
strings, integers and booleans are read back only from their own JSON types."""


def column_names(record_type: type) -> list[str]:
    """The column names of a report record class, in declaration order."""
    return [field.name for field in attrs.fields(record_type)]


def report_to_rows(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Plain JSON-ready dict rows for report records (attrs instances or mappings)."""
    rows: list[dict[str, Any]] = []
    for record in records:
        if isinstance(record, Mapping):
            rows.append({str(k): converter.unstructure(v) for k, v in record.items()})
        else:
            rows.append(converter.unstructure(record))
    return rows


def to_json(value: Any, *, indent: int | None = 2) -> str:
    """JSON text for a report record, a list of records, or a mapping of such lists."""
    return dumps(converter.unstructure(value), indent=indent)


def from_json(text: str | bytes, record_type: Any) -> Any:
    """Records back from :func:`to_json` text, e.g. ``from_json(text, list[PayerSummary])``.

    Raises :class:`ReportError` (naming the fields, never the values) when the
    text is not JSON or does not fit the records, e.g. money as a float.
    """
    try:
        return converter.structure(json.loads(text), record_type)
    except json.JSONDecodeError as exc:
        raise ReportError(f"not JSON (line {exc.lineno}, column {exc.colno})") from None
    except cattrs.BaseValidationError as exc:
        where = sorted(set(_failed_fields(exc)))
        raise ReportError(
            "JSON does not fit the report records"
            + (f" (fields: {', '.join(where)})" if where else "")
        ) from None
    except (ValueError, TypeError, KeyError, ArithmeticError):
        raise ReportError("JSON does not fit the report records") from None


def _failed_fields(error: BaseException) -> Iterable[str]:
    if isinstance(error, cattrs.BaseValidationError):
        notes = cattrs.transform_error(error)
        for note in notes:
            # "invalid value for type, expected X @ $[0].open_balance": keep the path only
            yield note.rsplit(" @ ", 1)[-1]


def _csv_cell(value: Any) -> str:
    """One CSV cell straight from a record value (the hot path: no cattrs round trip)."""
    kind = type(value)
    if kind is str:
        return neutralize_cell(value)
    if value is None:
        return ""
    if kind is Decimal:
        return _decimal_text(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if isinstance(value, Enum):
        return neutralize_cell(str(value.value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, frozenset)):
        return " ".join(_csv_cell(v) for v in value)
    if isinstance(value, str):
        return neutralize_cell(value)
    return neutralize_cell(str(report_to_rows([{"v": value}])[0]["v"]))


def report_to_csv(
    records: Iterable[Any], file_obj: IO[str], *, columns: Sequence[str] | None = None
) -> int:
    """Write records (attrs instances or mappings) as CSV with a header; returns the row count.

    ``columns`` fixes the header (needed to write a header for an empty report:
    pass :func:`column_names` of the record class). Money is written exactly
    (``1234.50``), dates as ISO, code lists space-separated, ``None`` as an
    empty cell. Text cells that a spreadsheet would run as a formula (starting
    with ``=``, ``+``, ``@`` or a non-numeric ``-``) are prefixed with ``'``.
    Open the file with ``newline=""``.
    """
    items = list(records)
    if columns is not None:
        names = list(columns)
    elif not items:
        names = []
    elif isinstance(items[0], Mapping):
        names = [str(k) for k in items[0]]
    else:
        names = column_names(type(items[0]))
    writer = CsvWriter(file_obj)  # the one writer: formula-like cells are quoted
    if names:
        writer.writeheader(names)
    for item in items:
        if isinstance(item, Mapping):
            writer.writerow([_csv_cell(item.get(name)) for name in names])
        else:
            writer.writerow([_csv_cell(getattr(item, name, None)) for name in names])
    return len(items)


def _table_cell(value: Any) -> tuple[str, bool]:
    """Text for a terminal cell and whether it is right-aligned (numbers)."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, Decimal):
        return f"{value:,.2f}", True
    if isinstance(value, int):
        return f"{value:,}", True
    if isinstance(value, Enum):
        return str(value.value), False
    if isinstance(value, datetime.date):
        return value.isoformat(), False
    if isinstance(value, (list, tuple, frozenset)):
        return " ".join(_table_cell(v)[0] for v in value), False
    return str(value), False


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def render_table(
    records: Iterable[Any],
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    max_width: int = 32,
    headers: Mapping[str, str] | None = None,
) -> str:
    """A fixed-width text table of records (attrs instances or mappings), one per line.

    Numbers are right-aligned with thousands separators and two decimals for
    money; text is left-aligned and cut to ``max_width`` characters (ending
    in ``…``); control characters are shown as ``?``. ``headers`` renames
    columns for display (``{"patient_responsibility": "pt resp"}``). An empty
    report renders as its header and ``(none)``.
    """
    items = list(records)
    if columns is None:
        if items and not isinstance(items[0], Mapping):
            columns = column_names(type(items[0]))
        else:
            columns = list(items[0]) if items else []
    names = list(columns)
    header = [(headers or {}).get(name, name) for name in names]
    body: list[list[tuple[str, bool]]] = []
    for item in items:
        row = []
        for name in names:
            value = item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)
            text, right = _table_cell(value)
            if name.endswith("_percent") and isinstance(value, Decimal):
                text = f"{value:.1f}"
            text = _printable(text)
            if len(text) > max_width:
                text = text[: max_width - 1] + "…"
            row.append((text, right))
        body.append(row)
    widths = [max([len(name)] + [len(row[i][0]) for row in body]) for i, name in enumerate(header)]
    numeric = [any(row[i][1] for row in body) for i in range(len(header))]
    lines: list[str] = []
    if title:
        lines.append(title)
    lines.append(
        "  ".join(
            name.rjust(w) if num else name.ljust(w)
            for name, w, num in zip(header, widths, numeric, strict=True)
        ).rstrip()
    )
    lines.append("  ".join("-" * w for w in widths))
    for row in body:
        lines.append(
            "  ".join(
                text.rjust(w) if right else text.ljust(w)
                for (text, right), w in zip(row, widths, strict=True)
            ).rstrip()
        )
    if not body:
        lines.append("(none)")
    return "\n".join(lines) + "\n"
