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

__all__ = ["slotted_constructor", "sparse_builder", "sparse_slots"]

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


def sparse_slots(cls: type[_T]) -> type[_T]:
    """Class decorator (above ``attrs.frozen``): an unset slot reads as its field's default.

    :func:`sparse_builder` then fills only the fields a record has; the others
    are never stored, and every read (attribute access, ``==``, ``repr``,
    :func:`attrs.asdict`, pickling) sees the default. Records made by the
    attrs ``__init__`` set every slot as usual.
    """
    defaults = _Defaults(cls.__name__)
    for field in attrs.fields(cast(Any, cls)):
        if field.default is not attrs.NOTHING and not isinstance(
                field.default, attrs.Factory):  # type: ignore[arg-type]
            defaults[field.name] = field.default
    # Python calls __getattr__ only for an unset slot. A staticmethod wrapping the
    # dict's own __getitem__ answers in C: no Python frame on every default read.
    # Set after class creation so that type checkers keep checking attribute names.
    type.__setattr__(cls, "__getattr__", staticmethod(defaults.__getitem__))
    return cls


class _Defaults(dict[str, Any]):
    """Field defaults of a :func:`sparse_slots` class; a missing name is an AttributeError."""

    def __init__(self, class_name: str) -> None:
        super().__init__()
        self.class_name = class_name

    def __missing__(self, name: str) -> Any:
        raise AttributeError(f"{self.class_name!r} object has no attribute {name!r}")


def sparse_builder(cls: type[_T]) -> Callable[[dict[str, Any]], _T]:
    """A function ``{field: value} -> cls`` for a :func:`sparse_slots` record.

    The dict needs every field without a default; the others only when they
    differ from it. Values are not validated (the caller checked them).
    """
    setters = {field.name: cls.__dict__[field.name].__set__
               for field in attrs.fields(cast(Any, cls))}
    new = object.__new__

    def build(fields: dict[str, Any]) -> _T:
        obj = new(cls)
        for name, value in fields.items():
            setters[name](obj, value)
        return obj

    build.__doc__ = f"A {cls.__name__} from the fields it has, validators skipped."
    return build
