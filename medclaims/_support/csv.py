"""Rows of CSV text for the loaders of user files, with malformed CSV as our own error."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from medclaims.errors import MedclaimsError

__all__ = ["csv_rows"]


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
