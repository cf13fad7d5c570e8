from collections.abc import Iterator
from typing import Any

def split_segments(
    buf: str,
    stop: int,
    end: str,
    sep: str,
    index: int,
    offset: int,
    delims: Any,
    cls: type[tuple[Any, ...]] | None,
    /,
) -> Iterator[Any]: ...

BUILT_FOR: int
