"""The envelope scan and the transaction-at-a-time read that Spark's split relies on.

Pure Python (no Spark needed): the scan's ST offsets equal the reader's, it allows a
split only for clean envelopes, and reading a clean file a transaction at a time, in
any cut into pieces, gives exactly ``read_835_whole`` (= ``to_rows(parse_835())``).
"""

from __future__ import annotations

from pathlib import Path

from _shared import SAMPLES, corpus_files
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.spark._read835 import read_835_piece, read_835_whole
from medclaims.spark._scan import plan_pieces, scan
from medclaims.x12 import read_segments


def _bodies() -> list[list[str]]:
    out = []
    for path in sorted(SAMPLES.glob("remit-*.835")):
        segs = [s.strip() for s in path.read_text().split("~") if s.strip()]
        st_at = next(i for i, s in enumerate(segs) if s.startswith("ST*"))
        se_at = next(i for i, s in enumerate(segs) if s.startswith("SE*"))
        out.append(segs[st_at + 1 : se_at])
    return out


BODIES = _bodies()
ISA = SAMPLES.joinpath("remit-basic.835").read_text().split("~")[0]


def build(plan: list[list[int]], brk: str, ge_extra: int = 0) -> bytes:
    """Interchanges of groups of transactions (body numbers), written by hand."""
    out, control = [], 0
    for icn, groups in enumerate([plan[:2], plan[2:]] if len(plan) > 2 else [plan], start=1):
        if not groups:
            continue
        out.append(ISA.replace("000000101", f"{icn:09d}"))
        for g, group in enumerate(groups):
            gcn = icn * 10 + g
            out.append(f"GS*HP*ACMEHEALTH*SUNNYVALLEY*20260115*0930*{gcn}*X*005010X221A1")
            for body in group:
                control += 1
                inner = BODIES[body % len(BODIES)]
                out += [f"ST*835*{control:04d}", *inner, f"SE*{len(inner) + 2}*{control:04d}"]
            out.append(f"GE*{len(group) + ge_extra}*{gcn}")
        out.append(f"IEA*{len(groups)}*{icn:09d}")
    return ("~" + brk).join(out).encode() + b"~" + brk.encode()


PLANS = st.lists(st.lists(st.integers(0, 20), min_size=1, max_size=4), min_size=1, max_size=4)


@settings(max_examples=40)
@given(PLANS, st.sampled_from(["", "\n", "\r\n"]), st.integers(1, 4000))
def test_pieces_read_a_transaction_at_a_time_equal_the_whole_file(
    plan: list[list[int]], brk: str, target: int
) -> None:
    data = build(plan, brk)
    found = scan(data)
    assert found.splittable
    offsets = [s.byte_offset for s in read_segments(data) if s.elements[0] == "ST"]
    assert [t.start for t in found.transactions] == offsets
    whole = read_835_whole(data, "f")
    pieces = plan_pieces(found.transactions, target)
    assert [p.first_index for p in pieces] == sorted({p.first_index for p in pieces})
    merged: dict[str, list[dict[str, object]]] = {name: [] for name in whole}
    for piece in pieces:
        resumed = scan(data, resume=(piece.isa_at, piece.gs_at), stop=piece.end)
        txs = [t for t in resumed.transactions if piece.start <= t.start < piece.end]
        assert len(txs) == sum(1 for t in found.transactions if piece.start <= t.start < piece.end)
        for name, rows in read_835_piece(data, txs, piece.first_index, "f").items():
            merged[name].extend(rows)
    assert merged == whole


def test_dirty_envelopes_are_not_split() -> None:
    plan = [[1, 2], [3]]
    assert scan(build(plan, "\n")).splittable
    assert not scan(build(plan, "\n", ge_extra=1)).splittable  # GE01 miscounts
    stray = build(plan, "\n").replace(b"GE*2*", b"NM1*QC*1*X~\nGE*2*", 1)
    assert not scan(stray).splittable  # a segment between SE and GE
    cut = build(plan, "\n")[:-30]
    assert not scan(cut).splittable  # no IEA
    assert not scan(b"not x12 at all").splittable


def test_corpus_offsets_equal_the_reader() -> None:
    for path in [*corpus_files("835"), *sorted(Path(SAMPLES).glob("*.835"))]:
        data = path.read_bytes()
        found = scan(data)
        if not found.splittable:
            continue
        offsets = [s.byte_offset for s in read_segments(data) if s.elements[0] == "ST"]
        assert [t.start for t in found.transactions] == offsets, path.name
        assert read_835_piece(data, found.transactions, 0, "f") == read_835_whole(data, "f")
