"""Fuzzing read_837p: broken 837P text raises MedclaimsError or reads, never anything else.

Valid files from the builder are damaged at random (segments dropped,
repeated or swapped, elements emptied or replaced with junk, text cut short)
and read in both modes. Whatever happens, no bare IndexError, KeyError,
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
from medclaims.errors import MedclaimsError, X12Error
from medclaims.professional.builder import build_837p
from medclaims.professional.model import Encounter, Receiver, Submitter
from medclaims.professional.reader import read_837p

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
        action = draw(st.sampled_from(["drop", "repeat", "swap", "element", "cut"]))
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
        shown = str(exc)
    else:
        # Every claim comes back, or is left out with an error naming its position.
        left_out = [i for i in result.issues if i.code == "claim-not-read"]
        assert all(i.location and i.location.segment_index is not None for i in left_out)
        assert len(result.encounters) + len(left_out) == _claims_inside_transactions(text)
        shown = "\n".join(str(i) for i in result.issues)
    for value in secrets:
        assert value not in shown
