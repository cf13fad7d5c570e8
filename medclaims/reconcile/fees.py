"""Fee schedules: the allowed amount a contract promises per procedure (and modifier).

A fee schedule is CSV text with the header ``procedure_code,modifier,expected_allowed``
(one rate per unit of service; ``modifier`` may be empty). :func:`load_fee_schedule`
takes the text itself, bytes or an open file, never a path (sans-IO: the CLI opens
files). Lookup tries the procedure with each billed modifier in order, then the
procedure with no modifier. The expected allowed amount of a line is rate × billed
units; reconciliation flags an underpayment when the allowed amount falls short of
it by more than :attr:`FeeSchedule.tolerance`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import IO

import attrs

from medclaims._support.csv import csv_rows
from medclaims._support.fields import frozen_mapping, typed_fields
from medclaims.errors import MedclaimsError

__all__ = ["FeeSchedule", "FeeScheduleError", "load_fee_schedule"]

_AMOUNT = re.compile(r"[0-9]{1,15}(\.[0-9]{1,4})?", re.ASCII)
_CODE = re.compile(r"[A-Z0-9]{5}", re.ASCII)
_MODIFIER = re.compile(r"[A-Z0-9]{2}", re.ASCII)
_COLUMNS = ("procedure_code", "modifier", "expected_allowed")

Source = str | bytes | IO[str] | IO[bytes]
"""CSV text, its UTF-8 bytes, or an open text or binary file."""


class FeeScheduleError(MedclaimsError, ValueError):
    """A fee schedule CSV is malformed; the message names the row and the rule."""


def _check_tolerance(_inst: object, _attr: object, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise FeeScheduleError("the tolerance must be a finite, non-negative Decimal")


@attrs.frozen(field_transformer=typed_fields)
class FeeSchedule:
    """Expected allowed amount per unit, keyed by (procedure code, modifier or ``''``)."""

    rates: Mapping[tuple[str, str], Decimal] = attrs.field(
        converter=frozen_mapping, repr=lambda r: f"<{len(r)} rates>", eq=False
    )
    """(procedure code, modifier) → expected allowed per unit; ``''`` means any modifier."""
    tolerance: Decimal = attrs.field(default=Decimal("0.00"), validator=_check_tolerance)
    """Shortfall (expected − allowed) up to which a line or claim is not flagged."""

    def rate(self, procedure_code: str, modifiers: Iterable[str] = ()) -> Decimal | None:
        """Per-unit rate: the first billed modifier with a rate, else the bare code."""
        code = procedure_code.strip().upper()
        for modifier in modifiers:
            found = self.rates.get((code, modifier.strip().upper()))
            if found is not None:
                return found
        return self.rates.get((code, ""))

    def expected_allowed(
        self, procedure_code: str, modifiers: Iterable[str] = (), units: Decimal = Decimal(1)
    ) -> Decimal | None:
        """rate × units, or None when the schedule has no rate for the procedure."""
        found = self.rate(procedure_code, modifiers)
        return None if found is None else found * units

    def __len__(self) -> int:
        return len(self.rates)


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def _text(source: Source) -> str:
    """The schedule's text: UTF-8 (with or without BOM), else Windows-1252, which is what
    spreadsheet programs write as "CSV" on Windows; a spreadsheet file is refused by name."""
    if isinstance(source, str):
        return source
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        try:
            read = source.read()
        except UnicodeDecodeError:  # a text stream opened as UTF-8 over other bytes
            buffer = getattr(source, "buffer", None)
            if buffer is None or not buffer.seekable():
                raise FeeScheduleError(
                    "the fee schedule is not UTF-8 text; save it as CSV UTF-8"
                ) from None
            buffer.seek(0)
            read = buffer.read()
        if isinstance(read, str):
            return read
        data = read
    if data.startswith((_ZIP, _OLE)):
        raise FeeScheduleError(
            "the fee schedule is a spreadsheet file (.xlsx/.xls), not CSV; "
            "save it as CSV UTF-8 (File > Save As) and give that file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FeeScheduleError(
            "the fee schedule is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8"
        ) from None


_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,4})?", re.ASCII)


def _amount_text(cells: list[str]) -> str:
    """The amount as written, with a leading ``$`` and thousands commas taken out.

    ``$95.00``, ``1,095.00`` (quoted, or split by the CSV into cells) and
    ``$1,095.00`` all read as the plain number; anything else is returned as is
    for the caller's check.
    """
    text = ",".join(cell.strip() for cell in cells).strip()
    text = text.removeprefix("$").strip()
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    return text


def load_fee_schedule(source: Source, *, tolerance: Decimal = Decimal("0.00")) -> FeeSchedule:
    """Read a fee schedule CSV (``procedure_code,modifier,expected_allowed``).

    The text may be UTF-8 or Windows-1252 (what spreadsheets save as CSV); an
    amount may carry a ``$`` and thousands commas (``$1,095.00``). Blank lines
    are skipped; codes are upper-cased. Raises :class:`FeeScheduleError`
    naming the row (1-based, header is row 1) for a missing column, a malformed
    code, modifier or amount (no signs, exponents or NaN) or a repeated key.
    """
    text = _text(source).lstrip("\ufeff")
    rows = (row for _, row in csv_rows(text, FeeScheduleError))
    header = next(rows, None)
    if header is None or tuple(h.strip().lower() for h in header) != _COLUMNS:
        raise FeeScheduleError("the header must be procedure_code,modifier,expected_allowed")
    rates: dict[tuple[str, str], Decimal] = {}
    for row_number, row in enumerate(rows, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        split_amount = ",".join(c.strip() for c in row[2:]).removeprefix("$").strip()
        if len(row) < 3 or (len(row) > 3 and not _GROUPED.fullmatch(split_amount)):
            raise FeeScheduleError(
                f"row {row_number} must have 3 columns, not {len(row)} (an amount with a "
                "thousands comma must be quoted, or written without the comma)"
            )
        code, modifier = row[0].strip(), row[1].strip()
        amount = _amount_text(row[2:])
        code, modifier = code.upper(), modifier.upper()
        if not _CODE.fullmatch(code):
            raise FeeScheduleError(f"row {row_number}: procedure_code must be 5 letters/digits")
        if modifier and not _MODIFIER.fullmatch(modifier):
            raise FeeScheduleError(f"row {row_number}: modifier must be 2 letters/digits or empty")
        if not _AMOUNT.fullmatch(amount):
            raise FeeScheduleError(
                f"row {row_number}: expected_allowed must be a non-negative amount like "
                "95.00, $95.00 or 1,095.00 (no minus sign, exponent or text)"
            )
        if (code, modifier) in rates:
            raise FeeScheduleError(f"row {row_number} repeats an earlier procedure and modifier")
        rates[(code, modifier)] = Decimal(amount)
    return FeeSchedule(rates, tolerance=tolerance)
