"""Parsed 835 records are left out of the cyclic garbage collector, and still freed.

The C helper is optional: these tests skip where it is not built (a pure-Python
install); CI builds it (`.ci/run` checks that it imports), so there they run.
The pure-Python fallback (the flag does nothing) is tested in
test_records_constructors.py, which runs in every build.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medclaims._support.records import record_builder, slotted_constructor
from medclaims.professional import load_encounters
from medclaims.reconcile import reconcile
from medclaims.remittance import parse_835
from medclaims.remittance.records import ClaimPayment

acyclic = pytest.importorskip("medclaims._support._acyclic")
SAMPLES = sorted((Path(__file__).parents[1] / "samples").glob("*.835"))


@attrs.frozen(weakref_slot=False)
class _Held:
    """A record for these tests only (its constructors are made fresh here)."""

    name: str
    items: Any = ()
    mapping: Any = None
    other: Any = None


def test_untrack_record_untracks_the_record_and_its_tuples() -> None:
    items = tuple([acyclic.untrack_record(_Held("a")), acyclic.untrack_record(_Held("b"))])
    mapping = MappingProxyType({"B6": 1})
    held = _Held("x", items, mapping, [1, 2])
    assert gc.is_tracked(held) and gc.is_tracked(items) and gc.is_tracked(mapping)
    assert not gc.is_tracked(items[0])
    refs = sys.getrefcount(held)
    assert acyclic.untrack_record(held) is held
    assert sys.getrefcount(held) == refs  # the returned reference was the only one added
    assert not gc.is_tracked(held)
    assert not gc.is_tracked(items)
    # Left alone: a list is mutable; a mapping view crashes when freed untracked.
    assert gc.is_tracked(held.other) and gc.is_tracked(mapping)
    del held, items, mapping
    gc.collect()  # and everything is freed without harm


def test_a_tuple_is_left_out_only_when_all_it_holds_is_settled() -> None:
    settled = ("a", 1, ("b", ("c",)), acyclic.untrack_record(_Held("in")), None)
    holding_a_list = ("a", [1])
    holding_a_watched_record = (_Held("watched"),)
    held = _Held("x", settled, None, holding_a_list)
    acyclic.untrack_record(_Held("y", holding_a_list))
    acyclic.untrack_record(_Held("z", holding_a_watched_record))
    acyclic.untrack_record(held)
    assert not gc.is_tracked(settled) and not gc.is_tracked(settled[2])
    assert gc.is_tracked(holding_a_list) and gc.is_tracked(holding_a_watched_record)


def _settled(value: object) -> bool:
    """The helper's rule for what a tuple holds, in Python: an atom, or a record left out."""
    if isinstance(value, tuple | list | dict | _Held):
        return isinstance(value, _Held) and not gc.is_tracked(value)
    return True


def _expected_left_out(value: tuple[object, ...], depth: int = 0) -> bool:
    """Whether the helper leaves out the tuple ``value`` held in a record's slot."""
    if not gc.is_tracked(value):
        return True
    if depth > 4:
        return False
    return all(
        _expected_left_out(item, depth + 1) if type(item) is tuple else _settled(item)
        for item in value
    )


_atoms = st.one_of(st.none(), st.integers(), st.text(max_size=3), st.decimals(allow_nan=False))
_values = st.recursive(
    _atoms,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(tuple),
        st.lists(inner, max_size=2),
        st.builds(lambda v: acyclic.untrack_record(_Held("r", v)), inner),
        st.builds(lambda v: _Held("w", v), inner),
    ),
    max_leaves=12,
)


@given(st.lists(_values, max_size=4).map(tuple))
def test_a_slot_tuple_is_left_out_exactly_when_all_it_holds_is_settled(
    items: tuple[Any, ...],
) -> None:
    expected = _expected_left_out(items)
    acyclic.untrack_record(_Held("x", items))
    assert (not gc.is_tracked(items)) == expected


def test_untrack_record_leaves_objects_of_built_in_types_alone() -> None:
    assert acyclic.untrack_record("text") == "text"
    assert acyclic.untrack_record(None) is None
    for obj in ([1], {"a": [1]}, MappingProxyType({}), (1, [2])):
        assert acyclic.untrack_record(obj) is obj
        assert gc.is_tracked(obj)
    plain = _Held("x")
    acyclic.untrack_record(plain)
    acyclic.untrack_record(plain)  # twice is harmless
    assert not gc.is_tracked(plain)


def _records_of(claim: ClaimPayment) -> Iterator[object]:
    yield claim
    yield from claim.adjustments
    for name in ("patient", "insured", "rendering_provider"):
        if getattr(claim, name) is not None:
            yield getattr(claim, name)
    for line in claim.service_lines:
        yield line
        yield from line.adjustments
        yield line.adjustments
    if claim.service_lines:
        yield claim.service_lines
    if claim.adjustments:
        yield claim.adjustments


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_parsed_records_are_not_watched_by_the_collector(path: Path) -> None:
    seen = 0
    for remittance in parse_835(path.read_bytes()):
        for claim in remittance.claims:
            for record in _records_of(claim):
                seen += 1
                assert not gc.is_tracked(record), type(record).__name__
    assert seen or path.name.startswith("zero")


def test_reconciliation_records_are_not_watched_by_the_collector() -> None:
    scenario = Path(__file__).parents[1] / "samples" / "reconcile"
    encounters = load_encounters((scenario / "encounters.json").read_text(encoding="utf-8"))
    result = reconcile(
        encounters, [parse_835(path.read_bytes()) for path in sorted(scenario.glob("*.835"))]
    )
    seen = 0
    for claim in result.claims:
        records: list[object] = [
            claim,
            claim.amounts,
            claim.payments,
            claim.lines,
            *claim.payments,
            *claim.adjustments,
        ]
        for line in claim.lines:
            records += [line, line.amounts, *line.adjustments]
        for record in records:
            seen += 1
            assert not gc.is_tracked(record), type(record).__name__
    assert seen > 100


def _blocks_after(runs: int, data: bytes) -> int:
    for _ in range(runs):
        parse_835(data)
    gc.collect()  # the parser's own bound-method cycles
    return sys.getallocatedblocks()


def test_untracked_records_are_still_freed() -> None:
    """Reference counting frees them: parsing again and again does not grow memory."""
    # Every sample, appended 20 times: many records per parse, against a little creep
    # from CPython's bounded caches (its type attribute cache keeps looked-up names).
    data = b"".join(path.read_bytes() for path in SAMPLES) * 20
    start = _blocks_after(3, data)  # caches filled
    kept = parse_835(data)
    gc.collect()
    one_parse = sys.getallocatedblocks() - start
    del kept
    start = _blocks_after(1, data)
    grown = _blocks_after(30, data) - start
    assert one_parse > 5000
    assert grown < one_parse // 4


def test_with_the_helper_only_acyclic_constructors_untrack() -> None:
    @attrs.frozen(weakref_slot=False)
    class Other:
        name: str
        items: tuple[int, ...] = ()

    watched = slotted_constructor(Other)("a", ())
    unwatched = slotted_constructor(Other, acyclic=True)("a", ())
    built = record_builder(Other, acyclic=True)({"name": "b"})
    assert gc.is_tracked(watched)
    assert not gc.is_tracked(unwatched) and not gc.is_tracked(built)
    assert watched == unwatched
