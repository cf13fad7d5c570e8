"""The 837P reader's working records: loops as collected, loop ids, small value readers.

Strategy: the walker (:mod:`.reader`) only *collects*: each HL level, name
loop, claim and service line becomes one of the mutable records below,
holding its segments as read, and every segment is also kept with the loop id
it was read in (:data:`Kept`) so that what the mappers do not turn into a
field comes back as an :class:`~medclaims.professional.extras.ExtraSegment`.
The mappers (:mod:`.parties`, :mod:`.claims`) then turn these
records into the model. Nothing here raises on bad input; values that cannot
be read come back as ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Protocol

import attrs

from medclaims.errors import Severity, X12Error
from medclaims.professional.extras import ExtraSegment, extra_segment
from medclaims.professional.model import Contact
from medclaims.x12 import Segment


class Claim837Error(X12Error):
    """An 837P cannot be read into encounters (or, in strict mode, deviates from the guide)."""


class UnsupportedVersionError(Claim837Error):
    """The transaction is not a 5010 837 Professional (e.g. 4010 X098 or 837I X223)."""


class _Context(Protocol):
    """What the mappers need of the walker: the enclosing levels and the issue sink."""

    levels: dict[str, _Level]

    def note(
        self,
        severity: Severity,
        code: str,
        message: str,
        seg: Segment,
        element: int | None = None,
        component: int | None = None,
    ) -> None: ...


_PARTY_IDS = frozenset({"N3", "N4", "DMG", "REF", "PER", "PRV"})
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_CODE = re.compile(r"[A-Z0-9]{1,3}", re.ASCII)
# Per HL03: the level's own segments the model holds, and per NM1 entity code the
# segments after that NM1 it holds (REF qualifiers are checked where they are read).
_LEVEL_SEGMENTS = {"20": {"PRV"}, "22": {"SBR"}, "23": {"PAT"}}
_LEVEL_NAMES = {
    "20": {"85": {"N3", "N4", "REF", "PER"}, "87": {"N3", "N4"}},
    "22": {"IL": {"N3", "N4", "DMG"}, "PR": {"N3", "N4"}},
    "23": {"QC": {"N3", "N4", "DMG"}},
}
_DIAGNOSIS = {"ABK": True, "ABF": False, "BK": True, "BF": False}  # qualifier -> principal


# Loop ids for extra segments: per HL03, and per NM1 entity code in each context.
_LEVEL_LOOPS = {"20": "2000A", "22": "2000B", "23": "2000C"}
_NAME_LOOPS = {
    "20": {"85": "2010AA", "87": "2010AB", "PE": "2010AC"},
    "22": {"IL": "2010BA", "PR": "2010BB"},
    "23": {"QC": "2010CA"},
    "header": {"41": "1000A", "40": "1000B"},
    "claim": {
        "DN": "2310A",
        "P3": "2310A",
        "82": "2310B",
        "77": "2310C",
        "DQ": "2310D",
        "PW": "2310E",
        "45": "2310F",
    },
    "cob": {
        "IL": "2330A",
        "PR": "2330B",
        "DN": "2330C",
        "P3": "2330C",
        "82": "2330D",
        "77": "2330E",
        "DQ": "2330F",
        "85": "2330G",
    },
    "line": {
        "82": "2420A",
        "QB": "2420B",
        "77": "2420C",
        "DQ": "2420D",
        "DK": "2420E",
        "DN": "2420F",
        "P3": "2420F",
        "PW": "2420G",
        "45": "2420H",
    },
}
_UNNAMED_LOOPS = {
    "20": "2010A",
    "22": "2010B",
    "23": "2010C",
    "header": "1000",
    "claim": "2310",
    "cob": "2330",
    "line": "2420",
}
_LINE_LOOPS = {"line": "2400", "drug": "2410", "adj": "2430", "form": "2440"}

Kept = list[tuple[str, Segment]]
"""Segments of a loop in file order, each with the loop id it was read in."""


@attrs.define
class _Party:
    """An NM1-led loop with the N3/N4/DMG/REF/PER/PRV (and 2330 DTP) that follow it."""

    nm1: Segment
    segs: dict[str, list[Segment]] = attrs.Factory(dict)

    @property
    def code(self) -> str:
        return self.nm1.get(1)

    def first(self, seg_id: str) -> Segment | None:
        found = self.segs.get(seg_id)
        return found[0] if found else None


@attrs.define
class _Level:
    """An HL level (2000A/B/C): its own segments and its name loops by entity code."""

    hl: Segment
    segs: dict[str, Segment] = attrs.Factory(dict)
    parties: dict[str, _Party] = attrs.Factory(dict)
    repeated: list[str] = attrs.Factory(list)  # segment ids seen twice: only the first is read
    kept: Kept = attrs.Factory(list)  # every segment of the level and its name loops


@attrs.define
class _Line:
    lx: Segment
    segs: list[Segment] = attrs.Factory(list)
    drug: list[Segment] = attrs.Factory(list)
    parties: list[_Party] = attrs.Factory(list)
    other: list[Segment] = attrs.Factory(list)  # 2430 adjudication, 2440 forms
    kept: Kept = attrs.Factory(list)


@attrs.define
class _Claim:
    clm: Segment
    segs: list[Segment] = attrs.Factory(list)
    parties: list[_Party] = attrs.Factory(list)
    cob: list[Segment] = attrs.Factory(list)  # 2320/2330: extra segments only
    lines: list[_Line] = attrs.Factory(list)
    kept: Kept = attrs.Factory(list)  # loops 2300-2330, before the first LX


# Within a claim, which collection a segment goes to after these openers.
_LINE_MODES = {"LIN": "drug", "SVD": "adj", "LQ": "form"}
_MODE_MEMBERS = {"drug": {"CTP", "REF"}, "adj": {"CAS", "DTP", "AMT", "SVD"}, "form": {"FRM", "LQ"}}


def _items(values: Iterable[object]) -> Any:
    """A tuple for a model field declared with ``converter=tuple`` (mypy cannot type those)."""
    return tuple(values)


def _code(value: str) -> str:
    """A qualifier or entity code fit for a message: 1-3 letters/digits, else ``?``."""
    return value if _CODE.fullmatch(value) else "?"


def _datetime(date: str, time: str) -> dt.datetime | None:
    day = _d8(date)
    if day is None or not (time.isascii() and time.isdigit() and len(time) in (4, 6, 7, 8)):
        return None
    hour, minute, second = int(time[:2]), int(time[2:4]), int(time[4:6] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.datetime(day.year, day.month, day.day, hour, minute, second)


def _d8(text: str) -> dt.date | None:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


_KEPT = "kept in extra_segments (whole segments) or listed here"


def _extras(kept: Kept, used: set[int]) -> tuple[ExtraSegment, ...]:
    """The kept segments not mapped to a field (``used`` holds segment indexes), in order."""
    return tuple(extra_segment(loop, seg) for loop, seg in kept if seg.segment_index not in used)


def _contact(party: _Party, used: set[int]) -> Contact | None:
    per = party.first("PER")
    if per is None:
        return None
    used.add(per.segment_index)
    numbers: dict[str, str] = {}
    for n in (3, 5, 7):
        if per.get(n) and per.get(n + 1):
            numbers.setdefault(per.get(n), per.get(n + 1))
    return Contact(name=per.get(2), phone=numbers.get("TE"), email=numbers.get("EM"))
