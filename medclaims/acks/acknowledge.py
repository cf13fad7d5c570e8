"""Write the 999 a receiver of an 837P answers with, from medclaims' own checks.

Strategy: the 837P is read into segments (:func:`~medclaims.x12.read_segments`)
and cut into functional groups and transaction sets; pyx12's
implementation-guide report (:mod:`._pyx12`) and medclaims' 837P reader
(:func:`~medclaims.professional.reader.read_837p`) say what is wrong. Each
finding becomes the record a 999 carries: an element error (IK4) under its
segment (IK3 ``8``), a segment error (IK3 with its code, a missing segment at
the position where it should have been, as pyx12 counts it, ST = 1), a
transaction set error (IK5 syntax code, e.g. ``4`` for a wrong SE01) or a
group error (AK9). IK303 is the pyx12 map's loop id cut to its four
characters (``2010AA`` → ``2010``); an error inside a claim (loops 2300 and
2400 and theirs) carries the business unit context ``CTX*CLM01:`` with the
claim's patient control number, as the guide asks. The records are the ones
:func:`~medclaims.acks.parse_999` returns and the 999 writer writes them,
so what is built reads back equal.

Verdicts: a transaction set with no finding is ``A``; one whose findings are
only "not used" content the guide tells a receiver to ignore (IK304 ``I4``,
``I9``; IK403 ``I10``, ``I13``) is ``E``; any other finding rejects it (``R``).
AK901 is ``A``, ``E`` (all accepted, some with errors, or group errors), ``P``
(some accepted, some rejected) or ``R``. With ``ta1=True`` each interchange
read is also answered by a TA1 (``A``/``000``, or ``R`` with the note code of
pyx12's interchange finding); an input without any group always gets one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import attrs

from medclaims.acks._common import six_digit_date
from medclaims.acks._pyx12 import ascii_text, loop_ids, map_loops, pyx12_tree
from medclaims.acks.records import (
    Context,
    ElementError,
    ImplementationAck,
    InterchangeAck,
    SegmentError,
    TransactionSetAck,
)
from medclaims.acks.writer import implementation_ack_segments, ta1_segment
from medclaims.codes import ELEMENT_ERRORS, SEGMENT_ERRORS, TA1_NOTES
from medclaims.errors import Issue, MedclaimsError, Severity
from medclaims.x12.envelope import (
    GroupHeader,
    InterchangeHeader,
    TransactionHeader,
)
from medclaims.x12.numbers import whole_number
from medclaims.x12.reader import Source, check_source, read_segments
from medclaims.x12.segment import Segment
from medclaims.x12.writer import SegmentData, format_segments

__all__ = ["IMPLEMENTATION_REFERENCE", "acknowledge_837p", "build_999"]

IMPLEMENTATION_REFERENCE = "005010X231A1"
"""GS08 and ST03 of the 999 written here."""

_IGNORABLE_SEGMENT = frozenset({"I4", "I9"})
_IGNORABLE_ELEMENT = frozenset({"I10", "I13"})
_CLAIM_LOOPS = ("23", "24")
# pyx12's segment finding codes → IK304: its own "SEG1" (trailing separators) is an
# element-level fault (8), as pyx12's 999 writes it; HL1, HL2, LX have no 999 code.
_SEGMENT_CODES = {**{code: code for code in SEGMENT_ERRORS}, "SEG1": "8"}
_UNWRITABLE = re.compile(r"[*:~^\x00-\x1f\x7f]")


def _copy(value: str) -> str:
    """IK404, the bad value as sent, when the 999 can carry it (at most 99 characters,
    none of its delimiters, ASCII); else left out, as the guide allows."""
    if len(value) > 99 or not value.isascii() or _UNWRITABLE.search(value):
        return ""
    return value


# The 837P reader's findings that a 999 can carry, by issue code → IK403.
_READER_ELEMENT_CODES = {"missing-element": "1", "invalid-value": "7", "bad-date": "8"}


@attrs.define
class _Set:
    """A transaction set of the input: its ST, and the index range of its segments."""

    st: Segment
    start: int
    end: int | None = None
    se: Segment | None = None


@attrs.define
class _Group:
    gs: Segment
    ge: Segment | None = None
    sets: list[_Set] = attrs.Factory(list)


@attrs.define
class _Interchange:
    isa: Segment
    groups: list[_Group] = attrs.Factory(list)


def _structure(segments: Iterable[Segment]) -> tuple[list[_Interchange], list[Segment]]:
    """Interchanges, groups and transaction sets of the input, and every segment."""
    interchanges: list[_Interchange] = []
    everything: list[Segment] = []
    group: _Group | None = None
    current: _Set | None = None
    for seg in segments:
        everything.append(seg)
        seg_id = seg.elements[0]
        if seg_id == "ISA":
            interchanges.append(_Interchange(seg))
            group = current = None
        elif seg_id == "GS" and interchanges:
            group = _Group(seg)
            interchanges[-1].groups.append(group)
        elif seg_id == "GE" and group is not None:
            group.ge = seg
            group = None
        elif seg_id == "ST" and group is not None:
            current = _Set(seg, seg.segment_index)
            group.sets.append(current)
        elif seg_id == "SE" and current is not None:
            current.se, current.end = seg, seg.segment_index
            current = None
    return interchanges, everything


def _pyx12_findings(tree: dict[str, Any] | None) -> dict[str, Any]:
    """pyx12's report, indexed: interchange errors by ISA13, group errors by GS06,
    transaction errors and segment entries by (GS06, ST02)."""
    found: dict[str, Any] = {"isa": {}, "gs": {}, "st": {}, "seg": {}}
    if tree is None:
        return found
    for isa in tree.get("interchanges", []):
        isa_id = str(isa.get("icn", isa.get("isa_control_num", "")))
        found["isa"].setdefault(isa_id, []).extend(isa.get("errors", []))
        for gs in isa.get("groups", []):
            gs_id = str(gs.get("gs_control_num", ""))
            found["gs"].setdefault(gs_id, []).extend(gs.get("errors", []))
            for st in gs.get("transactions", []):
                key = (gs_id, str(st.get("trn_set_control_num", "")))
                found["st"].setdefault(key, []).extend(st.get("errors", []))
                found["seg"].setdefault(key, []).extend(st.get("segments", []))
    return found


def _loop_of(
    seg_id: str, name: str, before: str, loops: dict[tuple[str, str], tuple[str, ...]]
) -> str:
    """The map loop of a segment pyx12 names (missing ones have no line of their own):
    the one holding the previous segment when it can, else the first."""
    candidates = loops.get((seg_id, name), ())
    if before in candidates:
        return before
    return candidates[0] if candidates else before


def _ik303(loop: str) -> str:
    """A map loop id as IK303 (at most four characters; the envelope loops have none)."""
    if not loop or not loop[:1].isdigit():
        return ""
    return loop[:4]


class _Builder:
    def __init__(self, text: str, segments: list[Segment], reader_issues: list[Issue]) -> None:
        self.text = text
        self.segments = segments
        self.reader_issues = reader_issues
        self.ascii = ascii_text(text)
        self.findings = _pyx12_findings(pyx12_tree(self.ascii))
        self._loops: dict[int, str] | None = None

    @property
    def map(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """The 837P map's loops by segment (loaded on the first missing segment)."""
        return map_loops()

    @property
    def loops(self) -> dict[int, str]:
        """Loop ids by segment index: a second pass of pyx12, made only for a finding."""
        if self._loops is None:
            self._loops = loop_ids(self.ascii)
        return self._loops

    def loop_at(self, index: int) -> str:
        while index >= 0:
            loop = self.loops.get(index)
            if loop is not None:
                return loop
            index -= 1
        return ""

    def claim_id_before(self, index: int, st_index: int) -> str | None:
        for i in range(min(index, len(self.segments) - 1), st_index, -1):
            seg = self.segments[i]
            if seg.elements[0] == "CLM":
                return seg.get(1)
        return None

    def transaction_set(self, gs06: str, tx: _Set) -> TransactionSetAck:
        st = tx.st
        key = (gs06, st.get(2))
        errors: dict[tuple[int, str, str], dict[str, Any]] = {}
        order: list[tuple[int, str, str]] = []

        def segment_error(position: int, seg_id: str, code: str, index: int, loop: str) -> Any:
            k = (position, seg_id, code)
            if k not in errors:
                errors[k] = {"index": index, "loop": loop, "elements": []}
                order.append(k)
            return errors[k]

        seen_indexes: set[int] = set()
        for entry in self.findings["seg"].get(key, []):
            seg_id = str(entry.get("seg_id", ""))
            position = whole_number(str(entry.get("seg_count", "")))
            line = whole_number(str(entry.get("cur_line", "")))
            if position is None or line is None:
                continue
            index = st.segment_index + position - 1
            present = index < len(self.segments) and self.segments[index].elements[0] == seg_id
            for err in entry.get("errors", []):
                code = _SEGMENT_CODES.get(str(err.get("err_cde", "")), "")
                if not code:
                    continue  # pyx12's own checks with no 999 code (HL1, HL2, LX)
                if present and code != "3":
                    loop = self.loop_at(index)
                else:  # missing: the loop where it should have been
                    before = self.loop_at(index - 1)
                    loop = _loop_of(seg_id, str(entry.get("name", "")), before, self.map)
                segment_error(position, seg_id, code, index, loop)
                seen_indexes.add(index)
            for ele in entry.get("elements", []):
                for err in ele.get("errors", []):
                    if str(err.get("err_cde", "")) not in ELEMENT_ERRORS:
                        continue
                    target = segment_error(position, seg_id, "8", index, self.loop_at(index))
                    seen_indexes.add(index)
                    value = err.get("err_val")
                    target["elements"].append(
                        ElementError(
                            position=whole_number(str(ele.get("ele_pos", ""))),
                            component=whole_number(str(ele.get("subele_pos") or "")),
                            repetition=whole_number(str(ele.get("repeat_pos") or "")),
                            reference_number=str(ele.get("ele_ref_num") or ""),
                            error_code=str(err.get("err_cde", "")),
                            bad_value=_copy(str(value)) if value else "",
                        )
                    )
        end = tx.end if tx.end is not None else len(self.segments) - 1
        for issue in self.reader_issues:
            loc = issue.location
            reader_code = _READER_ELEMENT_CODES.get(issue.code)
            if (
                reader_code is None
                or issue.severity is not Severity.ERROR
                or loc is None
                or loc.segment_index is None
                or loc.element is None
                or not st.segment_index < loc.segment_index < end
                or loc.segment_index in seen_indexes
            ):
                continue
            index = loc.segment_index
            seg = self.segments[index]
            target = segment_error(
                index - st.segment_index + 1, seg.elements[0], "8", index, self.loop_at(index)
            )
            value = seg.get(loc.element)
            if loc.component is not None and value:
                parts = seg.composite(loc.element)
                value = parts[loc.component - 1] if loc.component <= len(parts) else ""
            target["elements"].append(
                ElementError(
                    position=loc.element,
                    component=loc.component,
                    error_code=reader_code,
                    bad_value=_copy(value) if reader_code != "1" else "",
                )
            )
        segment_errors = []
        for k in sorted(order, key=lambda k: (k[0], k[2] == "8")):
            info = errors[k]
            contexts: tuple[Context, ...] = ()
            loop = info["loop"]
            if loop.startswith(_CLAIM_LOOPS):
                claim = self.claim_id_before(info["index"] - (k[2] == "3"), st.segment_index)
                if claim:
                    contexts = (Context(name="CLM01", reference=claim),)
            segment_errors.append(
                SegmentError(
                    segment_id=k[1],
                    position=k[0],
                    loop_id=_ik303(loop),
                    error_code=k[2],
                    contexts=contexts,
                    element_errors=tuple(info["elements"]),
                )
            )
        syntax = [str(e.get("err_cde", "")) for e in self.findings["st"].get(key, [])]
        if segment_errors and "5" not in syntax:
            syntax.append("5")
        syntax = list(dict.fromkeys(c for c in syntax if c))[:5]
        if not segment_errors and not syntax:
            verdict = "A"
        elif not [c for c in syntax if c != "5"] and all(
            e.error_code in _IGNORABLE_SEGMENT
            or (
                e.error_code == "8"
                and all(x.error_code in _IGNORABLE_ELEMENT for x in e.element_errors)
            )
            for e in segment_errors
        ):
            verdict, syntax = "E", []
        else:
            verdict = "R"
        return TransactionSetAck(
            transaction_set_id=st.get(1),
            control_number=st.get(2),
            implementation_reference=st.get(3),
            ack_code=verdict,
            syntax_error_codes=tuple(syntax),
            segment_errors=tuple(segment_errors),
        )

    def group(self, group: _Group) -> ImplementationAck:
        gs06 = group.gs.get(6)
        sets = tuple(self.transaction_set(gs06, tx) for tx in group.sets)
        accepted = sum(1 for t in sets if t.accepted)
        group_errors = list(
            dict.fromkeys(str(e.get("err_cde", "")) for e in self.findings["gs"].get(gs06, []))
        )
        group_errors = [c for c in group_errors if c][:5]
        if group.ge is None and "3" not in group_errors:
            group_errors = [*group_errors, "3"][:5]
        if not sets or accepted == 0:
            code = "R"
        elif accepted < len(sets):
            code = "P"
        elif group_errors or any(t.ack_code == "E" for t in sets):
            code = "E"
        else:
            code = "A"
        included = whole_number(group.ge.get(1)) if group.ge is not None else None
        return ImplementationAck(
            control_number="",
            functional_id=group.gs.get(1),
            group_control_number=gs06,
            version=group.gs.get(8),
            transaction_sets=sets,
            group_ack_code=code,
            included_count=included if included is not None else len(sets),
            received_count=len(sets),
            accepted_count=accepted,
            group_error_codes=tuple(group_errors),
            implementation_reference=IMPLEMENTATION_REFERENCE,
        )

    def ta1(self, interchange: _Interchange) -> InterchangeAck:
        isa = interchange.isa
        control = isa.get(13).strip()
        errors = self.findings["isa"].get(control, []) or (
            self.findings["isa"].get("", []) if len(self.findings["isa"]) == 1 else []
        )
        notes = [str(e.get("err_cde", "")) for e in errors]
        notes = [n for n in notes if n in TA1_NOTES and n != "000"]
        if not interchange.groups and not notes:
            notes = ["024"]
        return InterchangeAck(
            control_number=control,
            date=six_digit_date(isa.get(9).strip()),
            time=isa.get(10).strip(),
            ack_code="R" if notes else "A",
            note_code=notes[0] if notes else "000",
        )


def build_999(
    source: Source,
    *,
    ta1: bool = False,
) -> tuple[list[InterchangeAck], list[ImplementationAck]]:
    """The TA1 (with ``ta1``, or for an input without any group) and 999 records that
    answer the 837P ``source``, without envelopes of their own: see :func:`acknowledge_837p`."""
    check_source(source)
    if hasattr(source, "read"):
        source = source.read()
    if isinstance(source, bytes | bytearray | memoryview):
        text = bytes(source).decode("utf-8", "surrogateescape")
    elif isinstance(source, str):
        text = source
    else:
        raise TypeError("source must be str, bytes or a file object opened for reading")
    interchanges, segments = _structure(read_segments(text))
    reader_issues: list[Issue] = []
    try:
        from medclaims.professional.reader import read_837p

        reader_issues = list(read_837p(segments).issues)
    except MedclaimsError:
        pass  # not representable as encounters: pyx12's findings still stand
    builder = _Builder(text, segments, reader_issues)
    acks = [builder.group(g) for i in interchanges for g in i.groups]
    ta1s = [builder.ta1(i) for i in interchanges if ta1 or not i.groups]
    return ta1s, acks


def acknowledge_837p(
    source: Source,
    *,
    submitter_id: str,
    receiver_id: str,
    control_number: int,
    created_at: dt.datetime,
    ta1: bool = False,
    usage: str = "P",
) -> str:
    """A 999 (``005010X231A1``) answering the 837P ``source`` (``str``, ``bytes`` or a file).

    ``submitter_id`` sends the 999 (ISA06, GS02: the receiver of the 837P),
    ``receiver_id`` gets it (ISA08, GS03); ``control_number`` is ISA13 and GS06,
    ``created_at`` the ISA/GS date and time. One 999 transaction set answers each
    functional group of the input (AK1 = its GS06), with one AK2..IK5 per
    transaction set (AK2 = its ST02). ``ta1=True`` adds a TA1 for each
    interchange read, after the group (where pyx12's 999 map expects it; X12
    also allows it before the GS); an input without any group is answered by
    TA1 segments alone (``R``, note ``024`` when nothing else is wrong). Raises
    :class:`~medclaims.errors.X12SyntaxError` for input that is not X12.
    """
    ta1s, acks = build_999(source, ta1=ta1)
    isa = InterchangeHeader.create(
        sender=("ZZ", submitter_id),
        receiver=("ZZ", receiver_id),
        control_number=control_number,
        created_at=created_at,
        usage=usage,
    )
    out: list[SegmentData] = [isa.to_segment()]
    if acks:
        gs = GroupHeader(
            "FA",
            submitter_id,
            receiver_id,
            created_at.strftime("%Y%m%d"),
            created_at.strftime("%H%M"),
            str(control_number),
            IMPLEMENTATION_REFERENCE,
        )
        out.append(gs.to_segment())
        for n, ack in enumerate(acks, 1):
            header = TransactionHeader("999", f"{n:04d}", IMPLEMENTATION_REFERENCE)
            body = implementation_ack_segments(ack)
            out.append(header.to_segment())
            out.extend(body)
            out.append(["SE", str(len(body) + 2), header.control_number])
        out.append(["GE", str(len(acks)), gs.control_number])
    # After the group, where pyx12's 999 map puts it (X12 also allows it before the GS).
    out.extend(ta1_segment(t) for t in ta1s)
    out.append(["IEA", "1" if acks else "0", isa.control_number])
    return format_segments(out)
