"""Every acknowledgement in the shared corpus: counts, write back, and pyx12 as an oracle.

For each TA1, 999, 997, 277CA and 277 file of ``../shared/corpus/other``:
the reader finds as many transaction acknowledgements as the file has AK2
segments and as many claims as it has TRN segments in patient levels (counted
here from the raw segments, independently of the reader); the records written
back hold every segment of the input; and where pyx12's context reader walks
the file, its loops agree with our accepted/rejected counts.
"""

from __future__ import annotations

import collections
import os
import tempfile
from pathlib import Path

import pytest

from medclaims.acks import read_acks
from medclaims.acks.records import REJECTED_CATEGORIES
from medclaims.acks.writer import write_277, write_999, write_ta1
from medclaims.errors import MedclaimsError
from medclaims.x12 import read_segments
from tests._shared import CORPUS, file_id

ACK_KINDS = {"999", "997", "277"}


def _ack_files() -> list[Path]:
    folder = CORPUS / "other"
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        try:
            segments = list(read_segments(path.read_bytes()))
        except MedclaimsError:
            continue
        if any(s.id == "TA1" or (s.id == "ST" and s.get(1) in ACK_KINDS) for s in segments):
            out.append(path)
    return out


FILES = _ack_files()


def _expected(data: bytes) -> tuple[int, int, int]:
    """(TA1 count, AK2 count, TRN count at patient levels) from the raw segments."""
    ta1 = ak2 = trn = 0
    level = ""
    for seg in read_segments(data):
        if seg.id == "TA1":
            ta1 += 1
        elif seg.id == "AK2":
            ak2 += 1
        elif seg.id == "HL":
            level = seg.get(3)
        elif seg.id == "ST":
            level = ""
        elif seg.id == "TRN" and level in ("PT", "22", "23"):
            trn += 1
    return ta1, ak2, trn


def _body(text: str | bytes) -> collections.Counter[tuple[str, ...]]:
    """Segments other than envelopes, trailing empty elements dropped, as a multiset."""
    out: collections.Counter[tuple[str, ...]] = collections.Counter()
    for seg in read_segments(text):
        if seg.id in ("ISA", "IEA", "GS", "GE", "SE"):
            continue
        values = list(seg.elements)
        while len(values) > 1 and not values[-1]:
            values.pop()
        out[tuple(values)] += 1
    return out


def test_the_corpus_has_acknowledgements() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_counts_match_the_raw_segments(path: Path) -> None:
    data = path.read_bytes()
    found = read_acks(data)
    ta1, ak2, trn = _expected(data)
    assert len(found.interchange_acks) == ta1
    assert sum(len(a.transaction_sets) for a in found.implementation_acks) == ak2
    assert sum(len(a.claims) for a in found.claim_acks) == trn


def _without_issues(found: object) -> object:
    import attrs

    def strip(records: tuple[object, ...]) -> list[object]:
        return [attrs.evolve(r, issues=()) for r in records]  # type: ignore[misc]

    return (
        strip(found.interchange_acks),  # type: ignore[attr-defined]
        strip(found.implementation_acks),  # type: ignore[attr-defined]
        strip(found.claim_acks),  # type: ignore[attr-defined]
    )


# ISB/ISE (interchange-level service segments) sit outside any transaction set: they are
# kept in AckFile.stray_segments, not written back by the per-kind writers.
_STRAYS_ONLY = {"xlate__staedi__optionalInterchangeServices.edi"}


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_write_back_keeps_every_segment(path: Path) -> None:
    data = path.read_bytes()
    found = read_acks(data)
    try:
        text = (
            write_ta1(found.interchange_acks)
            + write_999(found.implementation_acks)
            + write_277(found.claim_acks)
        )
    except MedclaimsError:
        # An ISA the writer cannot pad (de-identified with too long values): the JSON
        # form is the lossless one for such a file.
        from medclaims.acks.json import ack_file_from_json, ack_file_to_json

        assert ack_file_from_json(ack_file_to_json(found)) == found
        return
    again = read_acks(text)
    assert _without_issues(again) == _without_issues(found)
    lost = _body(data) - _body(text)
    if path.name in _STRAYS_ONLY:
        assert sum(lost.values()) == len(found.stray_segments)
    else:
        assert not lost
    assert not _body(text) - _body(data)


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_json_form_reads_back_equal(path: Path) -> None:
    from medclaims.acks.json import ack_file_from_json, ack_file_to_json

    found = read_acks(path.read_bytes())
    assert ack_file_from_json(ack_file_to_json(found)) == found


# ---------------------------------------------------------------- pyx12 as the oracle


def _pyx12_nodes(path: Path, loop: str) -> list[object] | None:
    """pyx12's loop nodes of ``loop``; None when pyx12 cannot read the file."""
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    fd, name = tempfile.mkstemp(suffix=".x12")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        reader = pyx12.x12context.X12ContextReader(
            pyx12.params.params(), pyx12.error_handler.errh_null(), name
        )
        return [n for n in reader.iter_segments(loop) if n.id == loop]
    except Exception:  # pyx12 raises many kinds on files it has no map for
        return None
    finally:
        os.unlink(name)


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_999_counts_agree_with_pyx12(path: Path) -> None:
    found = read_acks(path.read_bytes())
    sets = [
        t
        for a in found.implementation_acks
        if a.transaction_set_id == "999"
        for t in a.transaction_sets
    ]
    if not sets:
        pytest.skip("no 999 transaction set responses")
    nodes = _pyx12_nodes(path, "2000")
    if not nodes:
        pytest.skip("pyx12 does not read this file")
    codes = [n.get_value("IK501") for n in nodes]  # type: ignore[attr-defined]
    assert len(codes) == len(sets)
    assert sum(c in ("A", "E") for c in codes) == len([t for t in sets if t.accepted])
    assert sum(c in ("M", "R", "W", "X") for c in codes) == len([t for t in sets if t.rejected])
    assert [n.get_value("AK202") for n in nodes] == [t.control_number for t in sets]  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_277_counts_agree_with_pyx12(path: Path) -> None:
    found = read_acks(path.read_bytes())
    claims = [c for a in found.claim_acks if "X214" in a.implementation_reference for c in a.claims]
    if not claims:
        pytest.skip("no 277CA claims")
    nodes = _pyx12_nodes(path, "2200D")
    if not nodes:
        pytest.skip("pyx12 does not read this file")

    def verdict(node: object) -> str:
        stcs = [(s.get_value("STC01-1"), s.get_value("STC03")) for s in node.select("STC")]  # type: ignore[attr-defined]
        if any(cat in REJECTED_CATEGORIES or act == "U" for cat, act in stcs):
            return "rejected"
        return "accepted" if any(cat == "A2" for cat, _ in stcs) else "other"

    theirs = collections.Counter(verdict(n) for n in nodes)
    ours = collections.Counter(
        "rejected" if c.rejected else "accepted" if c.accepted else "other" for c in claims
    )
    assert theirs == ours
    assert [n.get_value("TRN02") for n in nodes] == [c.patient_control_number for c in claims]  # type: ignore[attr-defined]
