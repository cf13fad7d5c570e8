"""Fast constructors for slotted frozen attrs records, validators skipped.

Parsers and the reconciliation engine make records by the hundred thousand
from values they have already checked. :func:`slotted_constructor` generates,
from a record's :func:`attrs.fields` (the way attrs generates its own
``__init__``), a function taking the fields in order. For a record declared
with ``weakref_slot=False`` it fills a plain mutable class of the same layout
with ordinary attribute stores and then makes the instance a ``cls``
(``obj.__class__ = cls``, which Python allows between identical layouts);
otherwise it fills each slot through its descriptor. Either way there are no
validators and no frozen ``__setattr__`` check, and the result is an ordinary,
frozen ``cls`` instance. A field added to a record is a parameter every caller
must pass.

Slotted records also allocate one object each instead of an object and a
dict, and every allocation counts towards the garbage collector's next run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["record_builder", "slotted_constructor"]

_T = TypeVar("_T")
_MADE: dict[type, Callable[..., Any]] = {}


def slotted_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A function ``(field1, field2, ...) -> cls`` (by position or name) for a slotted record."""
    made = _MADE.get(cls)
    if made is not None:
        return made
    if cls.__dictoffset__:
        raise TypeError(f"{cls.__name__} is not a slotted class")
    names = [field.name for field in attrs.fields(cast(Any, cls))]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    twin = _mutable_twin(cls)
    if twin is not None:
        # Plain attribute stores on a mutable class of the same layout, then the
        # instance becomes a ``cls``: about twice as fast as a descriptor call per field.
        namespace["_twin"] = twin
        body = [f"    obj.{name} = {name}\n" for name in names]
        source = (f"def new_{cls.__name__}({', '.join(names)}):\n    obj = _new(_twin)\n"
                  + "".join(body) + "    obj.__class__ = _cls\n    return obj\n")
    else:
        body = []
        for i, name in enumerate(names):
            namespace[f"_set{i}"] = cls.__dict__[name].__set__  # the slot's member descriptor
            body.append(f"    _set{i}(obj, {name})\n")
        source = (f"def new_{cls.__name__}({', '.join(names)}):\n    obj = _new(_cls)\n"
                  + "".join(body) + "    return obj\n")
    exec(compile(source, f"<medclaims constructor of {cls.__name__}>", "exec"), namespace)
    built: Callable[..., _T] = namespace[f"new_{cls.__name__}"]
    built.__doc__ = f"A {cls.__name__} from its fields in attrs order, validators skipped."
    _MADE[cls] = built
    return built


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
    twin = type(f"_Mutable{cls.__name__}", (), {"__slots__": slots,
                                                "__module__": cls.__module__})
    try:
        object.__setattr__(object.__new__(twin), "__class__", cls)
    except TypeError:
        return None
    return twin


def record_builder(cls: type[_T]) -> Callable[[dict[str, Any]], _T]:
    """A function ``{field: value} -> cls`` for a slotted record; absent fields get their defaults.

    The dict needs every field without a default; the others only when they
    differ from it. Values are not validated (the caller checked them). Every
    slot is filled, so reads are plain slot reads. For each shape of dict (its
    keys, in order) a builder is generated once, as attrs generates
    ``__init__``: a field present is read from the dict, an absent one is its
    default, each stored with a plain attribute store on the mutable twin of
    :func:`slotted_constructor` when the record has one.
    """
    fields = {field.name: field for field in attrs.fields(cast(Any, cls))}
    twin = _mutable_twin(cls)
    shapes: dict[tuple[str, ...], Callable[[dict[str, Any]], _T]] = {}

    def build(values: dict[str, Any]) -> _T:
        key = tuple(values)
        make = shapes.get(key)
        if make is None:
            make = _shape_builder(cls, twin, fields, key)
            if len(shapes) < _SHAPE_LIMIT:  # key orders are few in practice; bound them anyway
                shapes[key] = make
        return make(values)

    build.__doc__ = f"A {cls.__name__} from the fields that differ from their defaults."
    return build


_SHAPE_LIMIT = 1024


def _shape_builder(cls: type[_T], twin: type | None, fields: dict[str, Any],
                   present: tuple[str, ...]) -> Callable[[dict[str, Any]], _T]:
    """The generated builder of ``cls`` from a dict with exactly the keys ``present``."""
    unknown = set(present) - set(fields)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {sorted(unknown)[0]!r}")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_twin": twin}
    body = []
    for i, (name, field) in enumerate(fields.items()):
        if name in present:
            value = f"d[{name!r}]"
        elif field.default is attrs.NOTHING:
            raise TypeError(f"{cls.__name__} needs a value for {name!r}")
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            if field.default.takes_self:
                raise TypeError(f"{cls.__name__}.{name}: a self-taking factory is not supported")
            namespace[f"_factory{i}"] = field.default.factory
            value = f"_factory{i}()"
        else:
            namespace[f"_default{i}"] = field.default
            value = f"_default{i}"
        if twin is not None:
            body.append(f"    obj.{name} = {value}\n")
        else:
            namespace[f"_set{i}"] = cls.__dict__[name].__set__
            body.append(f"    _set{i}(obj, {value})\n")
    head = "    obj = _new(_twin)\n" if twin is not None else "    obj = _new(_cls)\n"
    tail = "    obj.__class__ = _cls\n" if twin is not None else ""
    source = "def build(d):\n" + head + "".join(body) + tail + "    return obj\n"
    exec(compile(source, f"<medclaims builder of {cls.__name__}>", "exec"), namespace)
    made: Callable[[dict[str, Any]], _T] = namespace["build"]
    return made
