"""Fuzzing read_837p: broken 837P text raises MedclaimsError or reads, never anything else.

Valid files from the builder are damaged at random (segments dropped,
repeated or swapped, elements emptied or replaced with junk, text cut short,
ids garbled, junk lines, service dates in DTM*472, a patient level without
its name loop) and read in both modes. Lenient reads raise only for input
that is not X12 or not a 5010 837P; a claim that cannot be read is left out
with an error naming its position. Whatever happens, no bare IndexError, KeyError,
ValueError or decimal error escapes; errors carry a position; a lenient read
gives one encounter per CLM that survives in the text, and no message quotes
the identity values (NM1/N3/N4/DMG/REF/PER) of the file. Bounded in examples.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_837p import encounters

import medclaims
from medclaims.errors import MedclaimsError, X12Error, X12SyntaxError
from medclaims.professional.builder import build_837p
from medclaims.professional.model import Encounter, Receiver, Submitter
from medclaims.professional.reader import UnsupportedVersionError, read_837p

SUBMITTER = Submitter(name="S", id="SUB1", contact_name="C", phone="5551234567")
RECEIVER = Receiver(name="R", id="RCV1")
_JUNK = st.sampled_from(
    [
        "",
        "X",
        "-1",
        "1E5",
        "NaN",
        "99999999",
        "20241340",
        "ABK",
        ":",
        "HC:",
        "1:2:99",
        "RD8",
        "D8",
        "23",
        "20",
        "22",
        "85",
        "IL",
        "QC",
    ]
)


def _own_text() -> str:
    """medclaims' own source, lower case: a value drawn as "encounter", "expect" or
    "ssing-" can't be told from message wording ("expected", "missing-element"), so a
    value found in here is no sentinel."""
    package = Path(medclaims.__file__).parent
    return "\n".join(
        path.read_text(encoding="utf-8").lower() for path in sorted(package.rglob("*.py"))
    )


_OWN_TEXT = _own_text()


def _identity_values(text: str) -> set[str]:
    """Element values of identity segments, long enough not to collide with codes."""
    values: set[str] = set()
    for segment in text.split("~"):
        elements = segment.strip().split("*")
        if elements[0] in ("NM1", "N3", "N4", "DMG", "REF", "PER"):
            first = {"NM1": 3, "N3": 1, "N4": 1}.get(elements[0], 2)  # after any qualifier
            values.update(e for e in elements[first:] if len(e) >= 6 and e.lower() not in _OWN_TEXT)
    return values


def _claims_inside_transactions(text: str) -> int:
    """CLM segments after an ST (segments outside a transaction are not read)."""
    inside, claims = False, 0
    for segment in text.split("~"):
        inside = (inside or segment.startswith("ST*")) and not segment.startswith(("GE*", "IEA*"))
        claims += inside and segment.startswith("CLM*")
    return claims


@st.composite
def damaged(draw: st.DrawFn, batch: list[Encounter]) -> str:
    text = build_837p(
        batch,
        submitter=SUBMITTER,
        receiver=RECEIVER,
        control_number=1,
        created_at=dt.datetime(2024, 1, 1, 9, 30),
    )
    segments = text.split("~")[:-1]
    for _ in range(draw(st.integers(1, 4))):
        if len(segments) < 4:  # a cut, then a drop, can leave nothing past the GS
            break
        i = draw(st.integers(2, len(segments) - 1))  # keep ISA and GS
        action = draw(
            st.sampled_from(
                ["drop", "repeat", "swap", "element", "cut", "garble", "junk", "dtm", "patient"]
            )
        )
        if action == "drop":
            del segments[i]
        elif action == "repeat":
            segments.insert(i, segments[i])
        elif action == "swap" and i + 1 < len(segments):
            segments[i], segments[i + 1] = segments[i + 1], segments[i]
        elif action == "element":
            elements = segments[i].split("*")
            if len(elements) > 1:
                n = draw(st.integers(1, len(elements) - 1))
                elements[n] = draw(_JUNK)
                segments[i] = "*".join(elements)
        elif action == "cut":
            segments = segments[: max(i, 3)]
        elif action == "garble":  # the id's shape: lower case, 4 characters, digits glued
            seg_id, _, rest = segments[i].partition("*")
            garbled = draw(st.sampled_from([seg_id.lower(), seg_id + "E", seg_id + "3170"]))
            segments[i] = garbled + "*" + rest if rest else garbled
        elif action == "junk":
            segments.insert(i, draw(st.sampled_from(["%%%", "junk line", "12345"])))
        elif action == "dtm":  # service dates in DTM*472 instead of DTP*472
            segments = [
                "DTM*472*" + s.split("*")[3] if s.startswith("DTP*472*D8*") else s for s in segments
            ]
        elif action == "patient":  # a patient level without its name loop
            segments = [s for s in segments if not s.startswith("NM1*QC*")]
    return "~".join(segments) + "~"


@settings(max_examples=100, deadline=None)
@given(data=st.data(), batch=encounters(max_size=3, max_lines=3), strict=st.booleans())
def test_damaged_files_read_or_raise_a_located_medclaims_error(
    data: st.DataObject, batch: list[Encounter], strict: bool
) -> None:
    text = data.draw(damaged(batch))
    secrets = _identity_values(text)
    try:
        result = read_837p(text, strict=strict)
    except MedclaimsError as exc:
        assert isinstance(exc, X12Error)
        assert exc.segment_index is not None
        if not strict:
            # Lenient reads lose at most a claim: only input that is not X12 at all (or,
            # until the reader keeps malformed ids as unknown segments, such an id), or
            # that is not a 5010 837P, is refused whole.
            assert isinstance(exc, X12SyntaxError | UnsupportedVersionError), type(exc)
        shown = str(exc)
    else:
        # Every claim comes back, or is left out with an error naming its position.
        left_out = [i for i in result.issues if i.code == "claim-not-read"]
        assert all(i.location and i.location.segment_index is not None for i in left_out)
        assert len(result.encounters) + len(left_out) == _claims_inside_transactions(text)
        shown = "\n".join(str(i) for i in result.issues)
    for value in secrets:
        assert value not in shown
