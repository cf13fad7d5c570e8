"""CSV for the whole package: reading user files (``csv_rows``) and the one writer (``CsvWriter``).

Reading: malformed CSV becomes our own error, naming the line, never the content.
Writing: every CSV medclaims writes (export tables, ``parse-835 --format csv``)
goes through :class:`CsvWriter`, which neutralises cells a spreadsheet would run
as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from medclaims.errors import MedclaimsError

__all__ = ["CsvWriter", "csv_rows", "neutralize_cell"]


def csv_rows(
    text: str, error: Callable[[str], MedclaimsError], *, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """Each row of ``text`` with the number of the line it ends on (1-based).

    Text the ``csv`` module refuses (an unclosed quote running into a field
    over its size limit, a NUL byte on older Pythons) raises ``error(message)``
    naming the line; the message never quotes the file's content.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # its messages name the rule broken, not the data
            raise error(f"line {reader.line_num}: not valid CSV ({exc})") from None
        yield reader.line_num, row


# -- writing -------------------------------------------------------------------
# Spreadsheet programs run a cell that starts like a formula (=, +, -, @, a tab or
# a carriage return: OWASP "CSV injection"). Payer text is untrusted, so every CSV
# medclaims writes goes through this one writer, which quotes such text cells with
# a leading apostrophe. A number written as text ("-12.50") is left alone: it is no
# formula, and money must stay readable as money.

_FORMULA_START = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)


def neutralize_cell(text: str) -> str:
    """``text`` safe for a spreadsheet: prefixed with ``'`` when it starts like a formula.

    A plain number (``-12.50``) is not touched.
    """
    if text and text[0] in _FORMULA_START and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class CsvWriter:
    """The one CSV writer of medclaims: CRLF rows, every text cell neutralised.

    Cells are given as text already (the caller formats money, dates and flags);
    :meth:`writerow` neutralises each one with :func:`neutralize_cell`. Open the
    file with ``newline=""``.
    """

    def __init__(self, file: IO[str]) -> None:
        self._writer = csv.writer(file, lineterminator="\r\n")

    def writerow(self, cells: Iterable[str]) -> None:
        """Write one row; cells that start like a formula are quoted."""
        self._writer.writerow([neutralize_cell(c) for c in cells])

    def writeheader(self, names: Iterable[str]) -> None:
        """Write the header row (column names are ours and never neutralised)."""
        self._writer.writerow(list(names))
