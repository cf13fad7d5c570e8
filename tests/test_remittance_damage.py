"""Damaged real files: one damaged segment costs at most its own claim, and is reported.

Every corpus 835 is damaged here, in memory, the ways real files are found damaged
(a lower-case id like ``dTM``, a 4-character id like ``REFE``, digits glued to an
id like ``TRN3170``, a line of junk between segments, a segment missing inside a
claim, a last claim cut short). In lenient mode: no exception; every claim the
damage does not touch is still there, equal to the undamaged file's; the damage
is an issue with its position; ``write_835`` gives the damaged text back. The
shapes of two public real files (``TRN3170`` with ``REFE*27*0004``, and
``PLXX*...``) are built from corpus files the same way, without copying them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from _shared import corpus_files, file_id
from test_remittance_roundtrip_lossless import segment_list

from medclaims.errors import Issue, X12Error
from medclaims.remittance import ClaimPayment, Remittance, parse_835, write_835
from medclaims.x12 import Segment, read_segments

pytestmark = pytest.mark.corpus

FILES = corpus_files("835")

#: Loop-opening and envelope segments: damaging one moves the segments after it to
#: another loop, which is the damage of a claim boundary (not what is tested here).
STRUCTURAL = {"ISA", "GS", "ST", "BPR", "TRN", "N1", "LX", "CLP", "SVC", "PLB", "SE", "GE", "IEA"}
#: A value a junk line may hold: it must never be echoed in a message.
SENTINEL = "JUNK SENTINEL-PHI 123456789"


def _claims(rems: list[Remittance]) -> list[ClaimPayment]:
    return [claim for rem in rems for claim in rem.claims]


def _issues(rems: list[Remittance]) -> list[Issue]:
    return [issue for rem in rems for issue in rem.issues]


def _layout(data: bytes) -> tuple[list[Segment], list[int]]:
    """The file's segments and the indexes of its CLP segments."""
    segs = list(read_segments(data))
    return segs, [n for n, seg in enumerate(segs) if seg.elements[0] == "CLP"]


def _target(segs: list[Segment], clps: list[int]) -> tuple[int, int] | None:
    """(claim number, segment index) of a non-structural segment inside a claim, or None.

    The middle claim with such a segment: its neighbours on both sides are undamaged.
    """
    ends = [*clps[1:], len(segs)]
    order = sorted(range(len(clps)), key=lambda k: abs(k - len(clps) // 2))
    for k in order:
        for n in range(clps[k] + 1, ends[k]):
            seg_id = segs[n].elements[0]
            if seg_id in STRUCTURAL:
                break
            return k, n
    return None


def _splice(data: bytes, seg: Segment, old_len: int, new: bytes) -> bytes:
    return data[: seg.byte_offset] + new + data[seg.byte_offset + old_len :]


def lower_id(data: bytes, seg: Segment) -> bytes:
    seg_id = seg.elements[0]
    return _splice(data, seg, 1, seg_id[0].lower().encode())


def four_character_id(data: bytes, seg: Segment) -> bytes:
    seg_id = seg.elements[0]
    return _splice(data, seg, len(seg_id), (seg_id + "EXXX")[:4].encode())


def digits_glued(data: bytes, seg: Segment) -> bytes:
    seg_id = seg.elements[0]
    return _splice(data, seg, len(seg_id), f"{seg_id}3170".encode())


def junk_line(data: bytes, seg: Segment) -> bytes:
    d = seg.delimiters
    return _splice(data, seg, 0, f"{SENTINEL}{d.segment}\n".encode())


GARBLES: dict[str, Callable[[bytes, Segment], bytes]] = {
    "lower-case id": lower_id,
    "4-character id": four_character_id,
    "digits glued to the id": digits_glued,
    "junk line": junk_line,
}


def _corpus_cases() -> list[object]:
    return [
        pytest.param(path, kind, id=f"{file_id(path)}-{kind}") for path in FILES for kind in GARBLES
    ]


def _unchanged_except(before: list[ClaimPayment], after: list[ClaimPayment], k: int) -> None:
    assert len(after) == len(before)
    for n, (old, new) in enumerate(zip(before, after, strict=True)):
        if n != k:
            assert new == old, f"undamaged claim {n} changed"
            assert (new.charge_amount, new.paid_amount) == (old.charge_amount, old.paid_amount)


def _without_extras(claim: ClaimPayment) -> ClaimPayment:
    lines = tuple(attrs.evolve(ln, extra_segments=()) for ln in claim.service_lines)
    return attrs.evolve(claim, extra_segments=(), service_lines=lines)


def _no_sentinel(rems: list[Remittance]) -> None:
    for issue in _issues(rems):
        assert SENTINEL not in str(issue) and "123456789" not in str(issue)


@pytest.mark.parametrize(("path", "kind"), _corpus_cases())
def test_a_garbled_segment_costs_at_most_its_claim(path: Path, kind: str) -> None:
    data = path.read_bytes()
    segs, clps = _layout(data)
    target = _target(segs, clps)
    if target is None:
        pytest.skip("no claim with a non-structural segment")  # not the case of any file today
    k, n = target
    seg = segs[n]
    damaged = GARBLES[kind](data, seg)
    before, after = parse_835(data), parse_835(damaged)
    _unchanged_except(_claims(before), _claims(after), k)
    # Reported where it is: the damaged segment's index and byte offset (the junk line
    # comes in front of the segment, so at its place).
    found = [i for i in _issues(after) if i.code == "bad-segment-id"]
    assert [(i.location.segment_index, i.location.byte_offset) for i in found] == [
        (n, seg.byte_offset)
    ]
    assert found[0].severity.name == "ERROR"
    _no_sentinel(after)
    # Kept in the claim's loop, and written back as read.
    claim = _claims(after)[k]
    kept = [
        *claim.extra_segments,
        *(x for line in claim.service_lines for x in line.extra_segments),
    ]
    assert any(not x[0][:3].isupper() or len(x[0]) > 3 for x in kept)
    assert segment_list(write_835(after)) == segment_list(damaged)
    with pytest.raises(X12Error):  # strict: the first problem (perhaps one the file had)
        parse_835(damaged, strict=True)


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_a_segment_missing_inside_a_claim_costs_at_most_that_claim(path: Path) -> None:
    data = path.read_bytes()
    segs, clps = _layout(data)
    target = _target(segs, clps)
    if target is None:
        pytest.skip("no claim with a non-structural segment")
    k, n = target
    seg = segs[n]
    end = segs[n + 1].byte_offset
    damaged = data[: seg.byte_offset] + data[end:]
    before, after = parse_835(data), parse_835(damaged)
    _unchanged_except(_claims(before), _claims(after), k)
    # The transaction's SE01 no longer counts its segments: reported at the SE.
    counts = [i for i in _issues(after) if i.code == "se-count"]
    assert counts and all(i.location.segment_id == "SE" for i in counts)
    assert segment_list(write_835(after)) == segment_list(damaged)


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_a_truncated_last_claim_costs_at_most_that_claim(path: Path) -> None:
    data = path.read_bytes()
    segs, clps = _layout(data)
    if not clps:
        pytest.skip("no claim")
    last = clps[-1]
    cut_in = segs[last + 1] if last + 1 < len(segs) else segs[last]
    # Cut in the middle of the segment after the last CLP: no terminator, no trailers.
    cut = cut_in.byte_offset + max(2, len(cut_in.elements[0]) + 1)
    damaged = data[:cut]
    before, after = parse_835(data), parse_835(damaged)
    old, new = _claims(before), _claims(after)
    assert len(new) == len(old)
    assert new[:-1] == old[:-1]
    codes = {i.code for i in _issues(after)}
    assert {"missing-se", "missing-terminator"} & codes
    missing = [i for i in _issues(after) if i.code == "missing-se"]
    assert all(i.location.segment_id == "ST" for i in missing)


# -- the shapes of public real files, built from corpus files ------------------


def _with_segment(ids: set[str]) -> list[Path]:
    out = []
    for path in FILES:
        segs = read_segments(path.read_bytes())
        if ids <= {s.elements[0] for s in segs}:
            out.append(path)
    return out


def _garble_all(data: bytes, seg_id: str, new_id: str, limit: int | None = None) -> bytes:
    """Every ``seg_id`` segment (or the first ``limit``) renamed ``new_id``, back to front."""
    segs = [s for s in read_segments(data) if s.elements[0] == seg_id][:limit]
    for seg in reversed(segs):
        data = _splice(data, seg, len(seg_id), new_id.encode())
    return data


@pytest.mark.parametrize("path", _with_segment({"TRN", "REF", "CLP"}), ids=file_id)
def test_trn3170_and_refe_shape_keeps_every_claim(path: Path) -> None:
    """The remittance whose ``TRN3170`` and ``REFE*27*0004`` lost all 1,008 claims."""
    data = path.read_bytes()
    damaged = _garble_all(_garble_all(data, "TRN", "TRN3170"), "REF", "REFE", limit=1)
    before, after = parse_835(data), parse_835(damaged)
    old, new = _claims(before), _claims(after)
    assert [(c.charge_amount, c.paid_amount) for c in new] == [
        (c.charge_amount, c.paid_amount) for c in old
    ]
    bad = [i for i in _issues(after) if i.code == "bad-segment-id"]
    assert len(bad) == damaged.count(b"TRN3170") + 1
    assert any("AAA9999" in i.message for i in bad) and any("AAAA)" in i.message for i in bad)
    # The trace number is gone with its TRN: that is reported, not guessed.
    assert "missing-segment" in {i.code for i in _issues(after)}
    assert segment_list(write_835(after)) == segment_list(damaged)


@pytest.mark.parametrize("path", _with_segment({"PLB"}), ids=file_id)
def test_plxx_shape_keeps_every_claim(path: Path) -> None:
    """The remittance whose ``PLXX*...`` segment lost all 3 claims."""
    data = path.read_bytes()
    damaged = _garble_all(data, "PLB", "PLXX", limit=1)
    before, after = parse_835(data), parse_835(damaged)
    # Kept in the loop open where it was read: after the last claim, that claim
    # (its id no longer says it is a PLB), so only extra_segments may differ.
    assert [_without_extras(c) for c in _claims(after)] == [
        _without_extras(c) for c in _claims(before)
    ]
    kept = [
        x
        for rem in after
        for holder in (rem, *rem.claims, *(ln for c in rem.claims for ln in c.service_lines))
        for x in holder.extra_segments
    ]
    assert [x for x in kept if x[0] == "PLXX"]
    [bad] = [i for i in _issues(after) if i.code == "bad-segment-id"]
    assert "shape: AAAA)" in bad.message
    assert sum(len(r.provider_adjustments) for r in after) == (
        sum(len(r.provider_adjustments) for r in before) - 1
    )
    assert segment_list(write_835(after)) == segment_list(damaged)


def test_the_shapes_are_built_from_the_corpus_when_it_is_there() -> None:
    if not FILES:
        pytest.skip("../shared/corpus is absent")
    assert _with_segment({"TRN", "REF", "CLP"}) and _with_segment({"PLB"})


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_a_damaged_clp_costs_only_its_own_claim(path: Path) -> None:
    """The segments of a claim whose CLP id is garbled stay out of the claim before it."""
    data = path.read_bytes()
    segs, clps = _layout(data)
    if len(clps) < 2:
        pytest.skip("fewer than two claims")
    k = len(clps) // 2
    damaged = lower_id(data, segs[clps[k]])
    before, after = parse_835(data), parse_835(damaged)
    old, new = _claims(before), _claims(after)
    assert [_without_extras(c) for c in new] == [
        _without_extras(c) for n, c in enumerate(old) if n != k
    ]
    [bad] = [i for i in _issues(after) if i.code == "bad-segment-id"]
    assert bad.location.segment_index == clps[k]
    assert segment_list(write_835(after)) == segment_list(damaged)
