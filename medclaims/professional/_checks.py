"""Field-level checks shared by the 837P rules: text, identifiers, codes, amounts, dates.

Strategy: :class:`_FieldChecker` appends one :class:`~medclaims.errors.Issue`
per broken rule to ``issues`` and never raises; each method checks one value
against one X12 constraint (character set and length, an identifier module,
a code list, decimal places and range, the earliest date). The record rules
of :mod:`.validate` are built on it. Messages name the rule, never the value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType
from typing import Any

from medclaims.errors import Issue, Severity
from medclaims.professional._rules import (
    _DELIMS,
    _FAST,
    _MAX_AMOUNT,
    _MIN_DATE,
    _TEXT,
    _decimals,
    _identifier_problem,
)


class _FieldChecker:
    """Field-level checks that collect issues (see the module docstring)."""

    __slots__ = ("issues", "memo")

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        # id(record) -> (record, its issues with relative paths); the record is kept
        # so its id cannot be reused while the checker lives.
        self.memo: dict[int, tuple[object, list[Issue]]] = {}

    def error(self, path: str, code: str, message: str) -> None:
        self.issues.append(Issue(Severity.ERROR, code, message, path=path))

    # -- scalars ---------------------------------------------------------------------------

    def text(
        self, path: str, value: str | None, max_len: int, required: bool = True, min_len: int = 1
    ) -> None:
        if value is None:
            if required:
                self.error(path, "missing-field", "is required")
            return
        stripped = value.strip()
        if not stripped:
            if required or value:
                self.error(path, "empty-text", "must not be empty or blank")
            return
        if _TEXT.fullmatch(stripped) is None:
            if _DELIMS.search(stripped):
                self.error(path, "delimiter-in-text", "must not contain the X12 delimiters * : ~ ^")
            elif not stripped.isascii():
                self.error(
                    path,
                    "non-ascii-text",
                    "must contain only ASCII characters (transliterate accents)",
                )
            else:
                self.error(
                    path,
                    "invalid-character",
                    "holds a character outside the X12 extended character set",
                )
        if len(stripped) > max_len:
            self.error(path, "too-long", f"must have at most {max_len} characters")
        elif len(stripped) < min_len:
            self.error(path, "too-short", f"must have at least {min_len} characters")

    def ident(
        self, path: str, value: str | None, module: ModuleType, require_nine: bool = False
    ) -> None:
        if value is None:
            self.error(path, "missing-field", "is required")
            return
        if not isinstance(value, str):
            self.error(path, "invalid-format", "must be a string")
            return
        fast = _FAST.get(module.__name__)
        if fast is not None and fast.fullmatch(value) and not require_nine:
            return  # a shape every validator accepts: skip the call
        problem = _identifier_problem(module.__name__, value, require_nine)
        if problem is not None:
            self.error(path, *problem)

    def record(
        self, path: str, field: str, value: object, check: Callable[[Any, str, Any], None]
    ) -> None:
        """Check a shared record once per call: replay its issues under ``path + field``.

        The path is only joined when there are issues (the common case has none).
        """
        memo = self.memo.get(id(value))
        if memo is None:
            sub = type(self)()
            check(sub, "", value)
            memo = self.memo[id(value)] = (value, sub.issues)
        if memo[1]:
            where = path + field
            for issue in memo[1]:
                self.issues.append(
                    Issue(
                        issue.severity, issue.code, issue.message, path=where + (issue.path or "")
                    )
                )

    def code(self, path: str, value: str, allowed: frozenset[str], what: str) -> None:
        if value not in allowed:
            self.error(
                path,
                "invalid-code",
                f"must be one of the {what} codes: " + ", ".join(sorted(allowed)),
            )

    def amount(self, path: str, value: Decimal, *, places: int, positive: bool) -> None:
        if not value.is_finite():
            self.error(path, "invalid-amount", "must be a finite number")
            return
        if _decimals(value) > places:
            self.error(path, "too-many-decimals", f"must have at most {places} decimal places")
        if value < 0 or (positive and value == 0):
            self.error(
                path,
                "out-of-range",
                "must be greater than zero" if positive else "must not be negative",
            )
        elif value > _MAX_AMOUNT:
            self.error(path, "out-of-range", "is too large")

    def date(self, path: str, value: dt.date | None, required: bool = True) -> None:
        if value is None:
            if required:
                self.error(path, "missing-field", "is required")
            return
        if value < _MIN_DATE:
            self.error(path, "out-of-range", "must not be before 1900-01-01")

    # -- records ---------------------------------------------------------------------------
