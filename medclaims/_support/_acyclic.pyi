from typing import TypeVar

_T = TypeVar("_T")

def untrack_record(obj: _T, /) -> _T: ...

BUILT_FOR: int
