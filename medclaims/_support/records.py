"""Fast constructors for slotted frozen attrs records, validators skipped.

Parsers and the reconciliation engine make records by the hundred thousand
from values they have already checked. :func:`slotted_constructor` generates,
from a record's :func:`attrs.fields` (the way attrs generates its own
``__init__``), a function taking the fields in order; :func:`record_builder`
one taking a dict of only the fields that differ from their defaults (a
builder generated per shape of dict; absent fields get their defaults, so
every slot is filled and reads stay plain slot reads). For a record declared
with ``weakref_slot=False`` it fills a plain mutable class of the same layout
with ordinary attribute stores and then makes the instance a ``cls``
(``obj.__class__ = cls``, which Python allows between identical layouts);
otherwise it fills each slot through its descriptor. Either way there are no
validators and no frozen ``__setattr__`` check, and the result is an ordinary,
frozen ``cls`` instance. A field added to a record is a parameter every caller
must pass.

Slotted records also allocate one object each instead of an object and a
dict, and every allocation counts towards the garbage collector's next run.

``acyclic=True`` also leaves each record made, and the tuples in its slots,
out of the cyclic garbage collector (the optional C helper
``medclaims._support._acyclic``; without it the flag does nothing). It is for the
records the 835 parser and the reconciliation engine make: frozen, built
bottom-up (children first) from strings, numbers, dates, tuples and other such
records, so no reference cycle can ever pass through them. Reference counting
frees them as usual; the collector just no longer walks hundreds of thousands
of them on every full collection, while they are made and afterwards in the
caller's program.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, cast

import attrs

# The optional C helper (setup.py); without it ``acyclic`` does nothing.
untrack_record: Callable[[Any], Any] | None = None
try:
    from medclaims._support._acyclic import untrack_record as _untrack_record
except ImportError:  # a pure-Python build: the collector watches the records too
    pass
else:
    untrack_record = _untrack_record

__all__ = ["record_builder", "slotted_constructor"]

_T = TypeVar("_T")
_MADE: dict[tuple[type, bool], Callable[..., Any]] = {}


def slotted_constructor(cls: type[_T], *, acyclic: bool = False) -> Callable[..., _T]:
    """A function ``(field1, field2, ...) -> cls`` (by position or name) for a slotted record.

    ``acyclic``: the records made are left out of the cyclic garbage collector
    (see the module's docstring).
    """
    made = _MADE.get((cls, acyclic))
    if made is not None:
        return made
    if cls.__dictoffset__:
        raise TypeError(f"{cls.__name__} is not a slotted class")
    names = [field.name for field in attrs.fields(cast(Any, cls))]
    built: Callable[..., _T] = _compile_filler(
        cls,
        f"new_{cls.__name__}",
        ", ".join(names),
        [(name, name) for name in names],
        {},
        acyclic=acyclic,
    )
    built.__doc__ = f"A {cls.__name__} from its fields in attrs order, validators skipped."
    _MADE[cls, acyclic] = built
    return built


def _compile_filler(
    cls: type[_T],
    name: str,
    params: str,
    values: list[tuple[str, str]],
    namespace: dict[str, Any],
    *,
    acyclic: bool,
) -> Callable[..., _T]:
    """Compile ``def name(params)`` returning a ``cls`` whose field ``f`` is the expression ``e``
    for each ``(f, e)`` of ``values`` (names the expressions use go in ``namespace``)."""
    twin = _mutable_twin(cast(Any, cls))
    namespace.update(_new=object.__new__, _cls=cls, _twin=twin, _untrack=untrack_record)
    if twin is not None:
        # Plain attribute stores on a mutable class of the same layout, then the
        # instance becomes a ``cls``: about twice as fast as a descriptor call per field.
        # (``_twin()`` allocates faster than ``object.__new__(_twin)``: no wrapper call.)
        lines = [
            "    obj = _twin()\n",
            *(f"    obj.{f} = {e}\n" for f, e in values),
            "    obj.__class__ = _cls\n",
        ]
    else:
        lines = ["    obj = _new(_cls)\n"]
        for i, (f, e) in enumerate(values):
            namespace[f"_set{i}"] = cls.__dict__[f].__set__  # the slot's member descriptor
            lines.append(f"    _set{i}(obj, {e})\n")
    done = "_untrack(obj)" if acyclic and untrack_record is not None else "obj"
    source = f"def {name}({params}):\n" + "".join(lines) + f"    return {done}\n"
    exec(compile(source, f"<medclaims {name}>", "exec"), namespace)
    made: Callable[..., _T] = namespace[name]
    return made


@cache
def _mutable_twin(cls: type) -> type | None:
    """A plain class with ``cls``'s slots whose instances may become ``cls`` instances.

    Python allows ``obj.__class__ = cls`` between classes of the same layout:
    same base, same slot names, and no ``__weakref__`` slot (which sits after
    the others and makes the layouts differ), so the records that use this are
    declared with ``weakref_slot=False``. ``None`` when ``cls`` does not qualify.
    """
    slots = cls.__dict__.get("__slots__")
    if cls.__bases__ != (object,) or not isinstance(slots, tuple) or "__weakref__" in slots:
        return None
    twin = type(f"_Mutable{cls.__name__}", (), {"__slots__": slots, "__module__": cls.__module__})
    try:
        object.__setattr__(object.__new__(twin), "__class__", cls)
    except TypeError:
        return None
    return twin


def record_builder(cls: type[_T], *, acyclic: bool = False) -> Callable[[dict[str, Any]], _T]:
    """A function ``{field: value} -> cls`` for a slotted record; absent fields get their defaults.

    The dict needs every field without a default; the others only when they
    differ from it, in any order. Values are not validated (the caller checked
    them). Every slot is filled, so reads are plain slot reads. One builder is
    generated per class, when this is called, as attrs generates ``__init__``:
    for each field in order, ``d[name] if name in d else default`` (a required
    field is just ``d[name]``; a missing one, or a key that is no field, raises
    :class:`TypeError`). Its cost does not depend on which fields are present
    or in which order they were set, and no code is generated while records
    are built (an earlier version compiled a builder per key order, which
    varied content made by the thousand). Stores go through the mutable twin
    of :func:`slotted_constructor` when the record has one. ``acyclic`` as for
    :func:`slotted_constructor`.
    """
    made = _BUILDERS.get((cls, acyclic))
    if made is not None:
        return made
    fields = attrs.fields(cast(Any, cls))
    names = frozenset(field.name for field in fields)
    required = [field.name for field in fields if field.default is attrs.NOTHING]

    def refuse(given: dict[str, Any]) -> TypeError:
        unknown = sorted(set(given) - names)
        if unknown:
            return TypeError(f"{cls.__name__} has no field {unknown[0]!r}")
        missing = next(name for name in required if name not in given)
        return TypeError(f"{cls.__name__} needs a value for {missing!r}")

    namespace: dict[str, Any] = dict(
        _refuse=refuse,
        _new=object.__new__,
        _cls=cls,
        _untrack=untrack_record,
        _names=names,
        _KeyError=KeyError,
    )
    twin = _mutable_twin(cast(Any, cls))
    values = []
    for i, field in enumerate(fields):
        name = field.name
        if field.default is attrs.NOTHING:
            value = f"d[{name!r}]"  # a KeyError when missing: refused below
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            if field.default.takes_self:
                raise TypeError(f"{cls.__name__}.{name}: a self-taking factory is not supported")
            namespace[f"_factory{i}"] = field.default.factory
            value = f"d[{name!r}] if {name!r} in d else _factory{i}()"
        else:
            namespace[f"_default{i}"] = field.default
            value = f"d[{name!r}] if {name!r} in d else _default{i}"
        values.append((name, value))
    if twin is not None:
        namespace["_twin"] = twin
        fill = ["obj = _twin()", *(f"obj.{f} = {e}" for f, e in values), "obj.__class__ = _cls"]
    else:  # no twin: each slot through its member descriptor
        fill = ["obj = _new(_cls)"]
        for i, (f, e) in enumerate(values):
            namespace[f"_set{i}"] = cls.__dict__[f].__set__
            fill.append(f"_set{i}(obj, {e})")
    # A present field costs a lookup and a read, an absent one a lookup: the same
    # code for every shape of dict. try costs nothing in CPython 3.11+ until it raises.
    lines = [
        "    if not _names.issuperset(d):\n        raise _refuse(d)\n",
        "    try:\n",
        *(f"        {line}\n" for line in fill),
        "    except _KeyError:\n        raise _refuse(d) from None\n",
    ]
    done = "_untrack(obj)" if acyclic and untrack_record is not None else "obj"
    name = f"build_{cls.__name__}"
    source = f"def {name}(d):\n" + "".join(lines) + f"    return {done}\n"
    exec(compile(source, f"<medclaims {name}>", "exec"), namespace)
    built: Callable[[dict[str, Any]], _T] = namespace[name]
    built.__doc__ = f"A {cls.__name__} from the fields that differ from their defaults."
    _BUILDERS[cls, acyclic] = built
    return built


_BUILDERS: dict[tuple[type, bool], Callable[[dict[str, Any]], Any]] = {}
