"""Implementation-guide validation of X12 text by pyx12, as structured issues.

Strategy: pyx12 reads only paths, so :func:`validate_report` writes the text
to a private temporary file, runs ``pyx12.x12n_document`` with a JSON error
report (and optionally the 999 acknowledgment it generates), walks the JSON
tree interchange → group → transaction → segment → element, and turns each
error into an :class:`~medclaims.errors.Issue` with a
:class:`~medclaims.errors.Location` (segment id, segment position, element,
component). Errors pyx12 only logs (unreadable input, unknown map) are
captured from its logger. pyx12 quotes offending values in some messages, so
quoted parts are masked and values are never copied: issues are safe to log.

pyx12 maps 837P only as ``005010X222A1`` and 835 as ``005010X221A1``; it
reads ASCII only, so non-ASCII input is reported rather than decoded.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import tempfile
from collections import Counter
from typing import Any

import attrs

from medclaims._support.fields import typed_fields
from medclaims.errors import Issue, Location, Severity
from medclaims.x12.reader import PATH_HINT, looks_like_a_path

__all__ = ["ValidationReport", "validate", "validate_report"]

# pyx12 puts element values in its messages in a few known shapes; each is masked.
_MASKS = [
    (re.compile(r"(Segment [A-Z0-9]{2,3})\*.*? not found"), r"\1 not found"),
    (re.compile(r'len\(".*?"\)'), "len(value)"),
    (re.compile(r"with a value of \(.*\) failed"), "with a value of (value) failed"),
    (re.compile(r"^\(.*\) is not a valid code for"), "(value) is not a valid code for"),
    (
        re.compile(
            r"(invalid date|invalid time|invalid character|control character"
            r"|trailing spaces\.) ?\(.*\)$"
        ),
        r"\1 (value)",
    ),
    (re.compile(r"seg_date=.*$"), "seg_data=(value)"),
    (re.compile(r"16 elements \(.*\)$"), "16 elements"),
    (re.compile(r"'ISA': .*$"), "'ISA'"),
    (re.compile(r"(IEA02|GE02|SE02)=\S*"), r"\1"),
]


def _mask(message: str) -> str:
    """pyx12 message text with the element values it quotes masked."""
    for pattern, replacement in _MASKS:
        message = pattern.sub(replacement, message)
    return message.strip()


@attrs.frozen(field_transformer=typed_fields)
class ValidationReport:
    """What pyx12 found: issues, whether the file is valid, and its 999."""

    issues: tuple[Issue, ...]
    """Errors (and captured warnings) in document order."""
    ack_999: str | None
    """The 999 acknowledgment pyx12 produced, when asked for and available."""

    @property
    def valid(self) -> bool:
        """True when no issue is an error."""
        return not any(i.severity is Severity.ERROR for i in self.issues)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # pragma: no cover - a malformed log call in pyx12
            self.messages.append("pyx12 logged an error")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _walk(tree: dict[str, Any]) -> list[Issue]:
    issues: list[Issue] = []

    def add(err: dict[str, Any], location: Location | None) -> None:
        code = str(err.get("err_cde", ""))
        issues.append(
            Issue(
                Severity.ERROR,
                f"pyx12-{code}" if code else "pyx12",
                _mask(str(err.get("err_str", ""))),
                location,
            )
        )

    for isa in tree.get("interchanges", []):
        for err in isa.get("errors", []):
            add(err, Location(segment_id="ISA"))
        for gs in isa.get("groups", []):
            for err in gs.get("errors", []):
                add(err, Location(segment_id="GS"))
            for st in gs.get("transactions", []):
                for err in st.get("errors", []):
                    add(err, Location(segment_id="ST"))
                for seg in st.get("segments", []):
                    seg_id = seg.get("seg_id")
                    # cur_line counts segments from the start of the input, 1-based.
                    line = _int(seg.get("cur_line"))
                    index = line - 1 if line is not None else None
                    for err in seg.get("errors", []):
                        add(err, Location(segment_id=seg_id, segment_index=index))
                    for ele in seg.get("elements", []):
                        sub = _int(ele.get("subele_pos"))
                        where = Location(
                            segment_id=seg_id,
                            segment_index=index,
                            element=_int(ele.get("ele_pos")),
                            component=sub if sub else None,
                        )
                        for err in ele.get("errors", []):
                            add(err, where)
    return issues


# pyx12 logs each finding as "Line:N KIND:code - message", and a segment's or an
# element's with " (value)" after it (pyx12.error_handler).
_LOGGED = re.compile(r"Line:(\d+) (ISA|GS|ST|SEG|ELE):(\S*) - (.*)", re.S)
_ELEMENT_NAME = re.compile(r"\(([A-Z][A-Z0-9]{1,2})(\d{2})\)")


def _key(issue: Issue) -> tuple[str | None, int | None, str]:
    loc = issue.location
    if loc is None:
        return (None, None, issue.code)
    if loc.segment_index is None:
        return (loc.segment_id, None, issue.code)
    return (None, loc.segment_index, issue.code)


def _logged_only(messages: list[str], tree: list[Issue], name: str) -> list[Issue]:
    """The findings pyx12 logged but left out of its JSON tree (a 6-digit GS04, an
    envelope error...), as issues with their position, values masked.

    A logged finding whose kind, segment and code the tree already holds is the
    same finding (each tree issue answers one logged line).
    """
    unanswered = Counter(_key(issue) for issue in tree)
    out: list[Issue] = []
    seen = {i.message for i in tree}
    for message in messages:
        found = _LOGGED.fullmatch(message.strip())
        if found is None:
            masked = _mask(message.replace(name, "input"))
            if masked not in seen:
                out.append(Issue(Severity.ERROR, "pyx12-log", masked))
                seen.add(masked)
            continue
        line, kind, code, text = int(found[1]), found[2], found[3], found[4]
        if kind in ("SEG", "ELE") and text.endswith(")") and " (" in text:
            text = text.rsplit(" (", 1)[0]  # the value pyx12 appends: never copied
        issue_code = f"pyx12-{code}" if code else "pyx12"
        if kind in ("ISA", "GS", "ST"):
            location = Location(segment_id=kind)
        else:
            named = _ELEMENT_NAME.search(text)
            location = Location(
                segment_id=named[1] if named else None,
                segment_index=line - 1,
                element=int(named[2]) if named and kind == "ELE" else None,
            )
        issue = Issue(Severity.ERROR, issue_code, _mask(text), location)
        key = _key(issue)
        if unanswered[key]:
            unanswered[key] -= 1
            continue
        out.append(issue)
    return out


def _text(x12: str | bytes) -> str | None:
    if not isinstance(x12, str | bytes):
        # The type only in the message: a value may be patient data.
        raise TypeError(
            f"x12 must be X12 text as str or bytes (read the file first), not {type(x12).__name__}"
        )
    if isinstance(x12, bytes):
        if x12.startswith(b"\xef\xbb\xbf"):
            return None
        try:
            return x12.decode("ascii")
        except UnicodeDecodeError:
            return None
    if x12.startswith("\ufeff") or not x12.isascii():
        return None
    return x12


def validate_report(x12: str | bytes, *, want_999: bool = False) -> ValidationReport:
    """Validate X12 text with pyx12; return the issues and, with ``want_999``, the 999.

    Never raises on bad input: unreadable or non-ASCII input, unknown
    versions and pyx12 failures become error issues.
    """
    text = _text(x12)
    if looks_like_a_path(text):
        # pyx12 would say only that the input is not X12.
        issue = Issue(Severity.ERROR, "not-x12", f"input is not X12; {PATH_HINT}")
        return ValidationReport((issue,), None)
    if text is None:
        return ValidationReport(
            (
                Issue(
                    Severity.ERROR,
                    "non-ascii",
                    "input holds a byte-order mark or non-ASCII characters,"
                    " which pyx12 cannot read",
                ),
            ),
            None,
        )
    import pyx12.params
    import pyx12.x12n_document

    capture = _Capture()
    logger = logging.getLogger("pyx12")
    logger.addHandler(capture)
    fd_json, fd_ack = io.StringIO(), io.StringIO()
    fd, name = tempfile.mkstemp(prefix="medclaims-", suffix=".x12")
    crashed: Issue | None = None
    ok = False
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="") as fh:
            fh.write(text)
        try:
            ok = pyx12.x12n_document.x12n_document(
                param=pyx12.params.params(),
                src_file=name,
                fd_997=fd_ack if want_999 else None,
                fd_html=None,
                fd_json=fd_json,
            )
        except Exception as exc:  # pyx12 raises EngineError, KeyError... on odd input
            detail = _mask(str(exc)) if type(exc).__name__ == "EngineError" else type(exc).__name__
            crashed = Issue(
                Severity.ERROR, "pyx12-failure", f"pyx12 could not validate the input: {detail}"
            )
    finally:
        logger.removeHandler(capture)
        os.unlink(name)
    issues: list[Issue] = []
    if fd_json.getvalue():
        try:
            issues.extend(_walk(json.loads(fd_json.getvalue())))
        except ValueError:
            issues.append(Issue(Severity.ERROR, "pyx12-failure", "pyx12 wrote no readable report"))
    if crashed is not None:
        issues.append(crashed)
    issues.extend(_logged_only(capture.messages, issues, name))
    if not ok and not any(i.severity is Severity.ERROR for i in issues):
        issues.append(Issue(Severity.ERROR, "pyx12-invalid", "pyx12 rejected the input"))
    ack = fd_ack.getvalue() if want_999 and fd_ack.getvalue() else None
    return ValidationReport(tuple(issues), ack)


def validate(x12: str | bytes) -> list[Issue]:
    """pyx12's 5010 implementation-guide findings for ``x12`` (empty list: valid)."""
    return list(validate_report(x12).issues)
