"""``medclaims._support.records.slotted_constructor``: both of its paths build what attrs builds."""

from __future__ import annotations

import gc
import pickle

import attrs
import pytest
from _codegen import count_code_generation

from medclaims._support import records as _records
from medclaims._support.records import _mutable_twin, record_builder, slotted_constructor
from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    AttachedPayment,
    ClaimReconciliation,
    LineReconciliation,
)
from medclaims.reconcile.reports.actions import ActionItem
from medclaims.reconcile.reports.rows import ClaimRow, LineRow
from medclaims.remittance.records import Adjustment, Entity


@attrs.frozen(weakref_slot=False)
class Lean:
    code: str
    amount: int
    note: str | None = None


@attrs.frozen
class WithWeakref:
    code: str
    amount: int


@pytest.mark.parametrize(("cls", "fast"), [(Lean, True), (WithWeakref, False)])
def test_made_records_are_the_attrs_records(cls: type, fast: bool) -> None:
    assert (_mutable_twin(cls) is not None) is fast
    names = [f.name for f in attrs.fields(cls)]
    values = [f"v{i}" for i in range(len(names))]
    made = slotted_constructor(cls)(*values)
    expected = cls(*values)
    assert type(made) is cls
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert pickle.loads(pickle.dumps(made)) == expected
    assert attrs.evolve(made, code="x") == attrs.evolve(expected, code="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.code = "changed"  # type: ignore[misc]


def test_a_class_with_other_slots_gets_no_twin() -> None:
    class Base:
        __slots__ = ("extra",)

    @attrs.frozen(weakref_slot=False)
    class Derived(Base):
        code: str

    assert _mutable_twin(Derived) is None
    assert slotted_constructor(Derived)("a") == Derived("a")


@pytest.mark.parametrize(
    "cls",
    [
        Adjustment,
        Entity,
        AdjustmentTotal,
        Amounts,
        AttachedPayment,
        LineReconciliation,
        ClaimReconciliation,
        ClaimRow,
        LineRow,
        ActionItem,
    ],
)
def test_hot_path_records_take_the_fast_path(cls: type) -> None:
    # These are made by the hundred thousand: a weakref slot (attrs' default) would
    # silently send them back to the slower descriptor calls.
    assert _mutable_twin(cls) is not None


@attrs.frozen(weakref_slot=False)
class WithDefaults:
    code: str
    amount: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = attrs.Factory(list)


@attrs.frozen  # a weakref slot: no mutable twin, the builder falls back to descriptors
class WithDefaultsWeak:
    code: str
    amount: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = attrs.Factory(list)


@pytest.mark.parametrize("cls", [WithDefaults, WithDefaultsWeak])
def test_record_builder_fills_absent_fields_with_their_defaults(cls: type) -> None:
    build = record_builder(cls)
    for values in (
        {"code": "A"},
        {"code": "A", "tags": ("x",)},
        {"tags": ("x",), "code": "A"},
        {"amount": 3, "code": "B", "notes": ["n"]},
    ):
        made = build(dict(values))
        assert type(made) is cls and made == cls(**values)
        assert repr(made) == repr(cls(**values))
        assert pickle.loads(pickle.dumps(made)) == made
    assert build({"code": "A"}).notes is not build({"code": "A"}).notes  # a fresh factory value
    with pytest.raises(TypeError, match="needs a value for 'code'"):
        build({"amount": 1})
    with pytest.raises(TypeError, match="no field 'colour'"):
        build({"code": "A", "colour": "red"})


@pytest.mark.parametrize("cls", [WithDefaults, WithDefaultsWeak])
def test_record_builder_compiles_nothing_for_any_shape(cls: type) -> None:
    build = record_builder(cls)
    assert record_builder(cls) is build  # one builder per class
    shapes = [
        {"code": "A"},
        {"code": "B", "amount": 2},
        {"amount": 2, "code": "B"},
        {"notes": ["n"], "tags": ("t",), "amount": 1, "code": "C"},
        {"tags": ("t",), "code": "C", "notes": ["n"]},
    ]
    with count_code_generation() as generated:
        made = [build(dict(values)) for values in shapes]
    assert generated == [0]
    assert made == [cls(**values) for values in shapes]


def test_without_the_helper_the_flag_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    @attrs.frozen(weakref_slot=False)
    class Fresh:
        name: str
        items: tuple[int, ...] = ()

    with monkeypatch.context() as patched:
        patched.setattr(_records, "untrack_record", None)
        plain = slotted_constructor(Fresh, acyclic=True)("a", ())
        built = record_builder(Fresh, acyclic=True)({"name": "b"})
    assert gc.is_tracked(plain) and gc.is_tracked(built)
    assert plain == Fresh("a") and built == Fresh("b")
