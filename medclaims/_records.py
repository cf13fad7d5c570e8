"""Fast constructors for slotted frozen attrs records, validators skipped.

Parsers and the reconciliation engine make records by the hundred thousand
from values they have already checked. :func:`slotted_constructor` generates,
from a record's :func:`attrs.fields` (the way attrs generates its own
``__init__``), a function taking the fields in order that fills each slot
through its descriptor: no validators, no frozen ``__setattr__`` check. A field
added to a record is a parameter every caller must pass.

Slotted records also allocate one object each instead of an object and a
dict, and every allocation counts towards the garbage collector's next run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["slotted_constructor"]

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
