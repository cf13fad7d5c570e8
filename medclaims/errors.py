"""The medclaims error hierarchy and structured issues.

Every exception medclaims raises on bad input derives from :class:`MedclaimsError`.
Messages name segments, positions, elements and rules, never element values
from identity segments (names, member ids, birth dates, addresses): callers may
log them freely.

Lenient operations do not raise; they return :class:`Issue` records instead.
:class:`Issue` and :class:`Location` check their field types on construction
(a TypeError naming the field and the type, never the value).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

import attrs

__all__ = [
    "DelimiterError",
    "EncounterValidationError",
    "EnvelopeError",
    "Issue",
    "Location",
    "MedclaimsError",
    "RemittanceError",
    "SecondaryClaimRefused",
    "Severity",
    "X12Error",
    "X12SyntaxError",
    "X12WriteError",
]


def _typed(kind: type, *, optional: bool = False) -> Callable[[Any, Any, Any], None]:
    """A validator of ``kind`` (or None) whose message names the field, never the value.

    The twin of ``medclaims._support.fields.typed_fields`` for this module, which
    imports nothing from medclaims. An ``int`` field refuses ``bool``.
    """
    label = kind.__name__ + (" | None" if optional else "")

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"{attribute.name} must be {label}")

    return validate


_OPTIONAL_INT = _typed(int, optional=True)
_OPTIONAL_STR = _typed(str, optional=True)


class Severity(StrEnum):
    """How serious an :class:`Issue` is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Location:
    """Where in an X12 stream something was found.

    ``segment_index`` is 0-based over the whole input, ``byte_offset`` is the
    offset of the segment's first byte, ``element`` is 1-based (``CLP04`` is 4)
    and ``component`` 1-based inside a composite; ``None`` where unknown.
    """

    segment_id: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)
    segment_index: int | None = attrs.field(default=None, validator=_OPTIONAL_INT)
    byte_offset: int | None = attrs.field(default=None, validator=_OPTIONAL_INT)
    element: int | None = attrs.field(default=None, validator=_OPTIONAL_INT)
    component: int | None = attrs.field(default=None, validator=_OPTIONAL_INT)

    def describe(self) -> str:
        """Human-readable position, e.g. ``segment CLP04 #12 at byte 345``."""
        parts: list[str] = []
        if self.segment_id is not None:
            name = self.segment_id
            if self.element is not None:
                name += f"{self.element:02d}"
                if self.component is not None:
                    name += f"-{self.component}"
            parts.append(f"segment {name}")
        elif self.element is not None:
            parts.append(f"element {self.element}")
        if self.segment_index is not None:
            parts.append(f"#{self.segment_index}")
        if self.byte_offset is not None:
            parts.append(f"at byte {self.byte_offset}")
        return " ".join(parts) if parts else "unknown position"


@attrs.frozen
class Issue:
    """A structured finding: severity, a stable code, where, and a PHI-free message.

    ``path`` locates an issue in a model (``encounters[3].service_lines[1].charge``)
    rather than in an X12 stream.
    """

    severity: Severity = attrs.field(validator=_typed(Severity))
    code: str = attrs.field(validator=_typed(str))
    message: str = attrs.field(validator=_typed(str))
    location: Location | None = attrs.field(default=None, validator=_typed(Location, optional=True))
    path: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)

    def __str__(self) -> str:
        where = self.path or (self.location.describe() if self.location else "")
        return f"{self.severity.value} {self.code}: {self.message}" + (
            f" ({where})" if where else ""
        )


class MedclaimsError(Exception):
    """Root of every error medclaims raises on bad input."""


class X12Error(MedclaimsError):
    """A problem with X12 data, located in the stream."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location or Location()
        self.reason = message
        super().__init__(f"{message} ({self.location.describe()})")

    @property
    def segment_id(self) -> str | None:
        """The segment id, e.g. ``CLP``."""
        return self.location.segment_id

    @property
    def segment_index(self) -> int | None:
        """0-based segment index in the input."""
        return self.location.segment_index

    @property
    def byte_offset(self) -> int | None:
        """Byte offset of the segment in the input."""
        return self.location.byte_offset

    @property
    def element(self) -> int | None:
        """1-based element position."""
        return self.location.element


class X12SyntaxError(X12Error):
    """The input does not follow X12 syntax (delimiters, segment shape, data types)."""


class DelimiterError(X12SyntaxError):
    """The ISA header is missing or its delimiters cannot be read."""


class EnvelopeError(X12Error):
    """ISA/GS/ST envelopes do not nest or their trailers do not match."""


class X12WriteError(MedclaimsError):
    """A value cannot be written as X12 (it holds a delimiter or a control character)."""

    def __init__(
        self, message: str, segment_id: str, element: int, component: int | None = None
    ) -> None:
        self.location = Location(segment_id=segment_id, element=element, component=component)
        self.reason = message
        super().__init__(f"{message} ({self.location.describe()})")


class RemittanceError(X12Error):
    """An 835 violates a rule (balancing, required segment) in strict mode."""


class EncounterValidationError(MedclaimsError):
    """One or more encounters are invalid; ``issues`` lists every problem with its path."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        lines = [f"{i.path or '?'}: {i.message}" for i in self.issues]
        head = f"{len(self.issues)} problem(s) in the input"
        super().__init__(head + (":\n  " + "\n  ".join(lines) if lines else ""))


class SecondaryClaimRefused(MedclaimsError):
    """A claim cannot be built from the payer's remittance: a secondary, tertiary,
    corrected or voided claim (``medclaims.billing``).

    ``reason`` is a stable code (``crossed_over``, ``denied``, ``nothing_live``,
    ``unbalanced``, ``unmatched_line``, ``unsupported_procedure``, ``other_claim``, ``no_payment``,
    ``too_many_payers``, ``no_adjudication_date``, ``no_claim_control_number``, and
    ``no_next_payer`` from the CLI; see ``docs/837p.md``);
    ``payer`` names the payer whose remittance has the problem (a payer name or id,
    never patient data), ``None`` where none applies.
    """

    def __init__(self, reason: str, message: str, payer: str | None = None) -> None:
        self.reason = reason
        self.payer = payer
        super().__init__(f"{message} [{reason}]")
