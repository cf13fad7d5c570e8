"""Delimiters, as declared by each interchange's ISA header.

Strategy: the ISA is fixed-width in the standard (106 characters), but real
files pad its fields wrongly, so the element separator is taken from the
character right after ``ISA``, then element separators are *counted*: ISA16
(the component separator) follows the 16th one, and the segment terminator is
the character right after ISA16. A length other than 106 is reported as an
issue, not an error.
"""

from __future__ import annotations

import attrs

from medclaims.errors import DelimiterError, Issue, Location, Severity

__all__ = ["DEFAULT_DELIMITERS", "ISA_LENGTH", "Delimiters", "parse_isa_delimiters"]

#: Length of a well-formed ISA segment including its terminator (X12.5 fixed width).
ISA_LENGTH = 106
"""Characters in a standard ISA segment, terminator included (its elements have fixed widths)."""

_ISA_ELEMENTS = 16


@attrs.frozen
class Delimiters:
    """The four X12 separators of one interchange.

    ``repetition`` is ``None`` when ISA11 holds a letter (4010's ``U``) rather
    than a separator.
    """

    element: str = "*"
    component: str = ":"
    segment: str = "~"
    repetition: str | None = "^"

    def __attrs_post_init__(self) -> None:
        chars = [self.element, self.component, self.segment]
        if self.repetition is not None:
            chars.append(self.repetition)
        if any(len(c) != 1 for c in chars):
            raise DelimiterError("each delimiter must be exactly one character")
        if len(set(chars)) != len(chars):
            raise DelimiterError("delimiters must be distinct")
        if any(c.isalnum() for c in chars):
            raise DelimiterError("delimiters must not be letters or digits")

    @property
    def all(self) -> str:
        """Every delimiter character as one string."""
        return self.element + self.component + self.segment + (self.repetition or "")


DEFAULT_DELIMITERS = Delimiters()
"""The usual delimiters: ``*`` elements, ``:`` components, ``^`` repetitions, ``~`` segments."""


def parse_isa_delimiters(
    text: str, start: int = 0, *, segment_index: int = 0, byte_offset: int | None = None
) -> tuple[Delimiters, int, list[Issue]]:
    """Read the delimiters of the ISA starting at ``text[start]``.

    Returns the delimiters, the index just past the ISA's terminator, and
    issues found on the way (a non-standard ISA length). Raises
    :class:`DelimiterError` when no ISA can be read there.
    """
    loc = Location("ISA", segment_index, start if byte_offset is None else byte_offset)
    if text[start : start + 3] != "ISA" or len(text) < start + 4:
        raise DelimiterError("input does not start with an ISA segment", loc)
    sep = text[start + 3]
    if sep.isalnum() or sep.isspace():
        raise DelimiterError("ISA element separator is a letter, digit or space", loc)
    pos = start + 3
    for _ in range(_ISA_ELEMENTS - 1):
        pos = text.find(sep, pos + 1)
        if pos < 0:
            raise DelimiterError("ISA has fewer than 16 elements", loc)
    # pos is the 16th separator: ISA16 is one character, the terminator follows it.
    if pos + 2 >= len(text):
        raise DelimiterError("ISA is truncated before its segment terminator", loc)
    component = text[pos + 1]
    terminator = text[pos + 2]
    end = pos + 3
    issues: list[Issue] = []
    if terminator in "\r\n":
        # Some writers break the line *before* the terminator ("...*:\n~GS*"):
        # the first non-line-break character then is the real terminator.
        after = end
        while after < len(text) and text[after] in "\r\n":
            after += 1
        follow = text[after : after + 1]
        if (
            follow
            and not follow.isalnum()
            and not follow.isspace()
            and follow not in (sep, component)
        ):
            terminator, end = follow, after + 1
            issues.append(
                Issue(
                    Severity.WARNING,
                    "line-break-before-terminator",
                    "line breaks stand before the segment terminators",
                    loc,
                )
            )
    fields = text[start + 4 : pos].split(sep)
    repetition_raw = fields[10] if len(fields) > 10 else ""
    version = fields[11] if len(fields) > 11 else ""
    repetition: str | None = None
    if len(repetition_raw) == 1 and not repetition_raw.isalnum() and version >= "00501":
        repetition = repetition_raw
    if repetition in (sep, component, terminator):
        repetition = None
    try:
        delimiters = Delimiters(sep, component, terminator, repetition)
    except DelimiterError as exc:
        raise DelimiterError(exc.reason, loc) from None
    if pos + 3 - start != ISA_LENGTH:
        issues.append(
            Issue(
                Severity.WARNING,
                "isa-length",
                f"ISA is {pos + 3 - start} characters long, the standard fixes {ISA_LENGTH}",
                loc,
            )
        )
    return delimiters, end, issues
