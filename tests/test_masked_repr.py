"""The one PHI repr (medclaims._support.fields.masked_repr) and the records that use it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from medclaims._support.fields import masked_repr


@given(st.text(min_size=1))
def test_a_present_string_shows_no_character_of_it(value: str) -> None:
    assert masked_repr(value) == "'***'"


@given(st.lists(st.text(min_size=3), max_size=5))
def test_a_sequence_shows_its_length_only(items: list[str]) -> None:
    for value in (items, tuple(items)):
        assert masked_repr(value) == f"<{len(items)} masked>"


def test_absent_values_show_as_themselves() -> None:
    assert masked_repr(None) == "None"
    assert masked_repr("") == "''"


def test_other_values_are_masked() -> None:
    for value in (Decimal("12.50"), dt.date(1970, 1, 2), 123456789, b"DOE"):
        assert masked_repr(value) == "'***'"


def test_every_masking_module_uses_the_one_helper() -> None:
    # Six modules once had a copy each (three behaviours); none may define its own again.
    import ast
    import pathlib

    import medclaims

    root = pathlib.Path(medclaims.__file__).parent
    own = [
        f"{path.relative_to(root)}:{node.name}"
        for path in sorted(root.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        and node.name in {"_masked", "_mask_repr", "masked", "_masked_repr"}
    ]
    assert own == []
    from medclaims.remittance import denials, records

    for module in (records, denials):
        assert module._masked is masked_repr, module.__name__


def test_records_of_each_family_mask_the_same_way() -> None:
    from medclaims.remittance.records import Address

    address = Address(lines=("1 SENTINEL ST", "APT 9"), city="SENTINELTOWN", state="")
    shown = repr(address)
    assert "SENTINEL" not in shown
    assert "lines=<2 masked>" in shown and "city='***'" in shown and "state=''" in shown
