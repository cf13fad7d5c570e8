"""pyx12's findings on an 837P with the detail a 999 needs, and its loop ids.

:mod:`medclaims.pyx12_validation` turns pyx12's report into PHI-free issues
and so drops what a 999 must carry: the segment's position in the
transaction set (pyx12's ``seg_count``, also for a missing segment: where it
should have been), the data element reference number and the bad value. This
module runs pyx12 the same way (a private temporary file, a JSON report) and
keeps the report's tree; :func:`loop_ids` walks the same text with pyx12's
context reader and its 837P map, the structure authority for loop ids.
"""

from __future__ import annotations

import io
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from typing import Any

__all__ = ["ascii_text", "loop_ids", "map_loops", "pyx12_tree"]


def ascii_text(text: str) -> str:
    """``text`` as pyx12 can read it: BOM dropped, each non-ASCII character as ``?``
    (one character for one, so segment positions do not move)."""
    text = text.removeprefix("\ufeff")
    if text.isascii():
        return text
    return "".join(ch if ch.isascii() else "?" for ch in text)


@contextmanager
def _temporary(text: str) -> Iterator[str]:
    fd, name = tempfile.mkstemp(prefix="medclaims-", suffix=".x12")
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="") as fh:
            fh.write(text)
        yield name
    finally:
        os.unlink(name)


def pyx12_tree(text: str) -> dict[str, Any] | None:
    """pyx12's JSON report of ``text`` (ASCII), or ``None`` when it wrote none."""
    import pyx12.params
    import pyx12.x12n_document

    out = io.StringIO()
    logger = logging.getLogger("pyx12")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # pyx12 logs each finding; the tree holds them
    try:
        # pyx12 raises EngineError, KeyError ... on odd input; its report stands.
        with _temporary(text) as name, suppress(Exception):
            pyx12.x12n_document.x12n_document(
                param=pyx12.params.params(),
                src_file=name,
                fd_997=None,
                fd_html=None,
                fd_json=out,
            )
    finally:
        logger.setLevel(level)
    try:
        tree: dict[str, Any] = json.loads(out.getvalue())
    except ValueError:
        return None
    return tree


def loop_ids(text: str) -> dict[int, str]:
    """0-based segment index → the pyx12 837P map's loop id of that segment."""
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    out: dict[int, str] = {}
    with _temporary(text) as name:
        try:
            reader = pyx12.x12context.X12ContextReader(
                pyx12.params.params(), pyx12.error_handler.errh_null(), name
            )
            for node in reader.iter_segments():
                seg_map = node.x12_map_node
                line = getattr(node, "cur_line_number", None)
                if seg_map is not None and seg_map.parent is not None and line:
                    out[int(line) - 1] = str(seg_map.parent.id)
        except Exception:  # a file pyx12 cannot walk to the end: what it read stays
            pass
    return out


@cache
def map_loops() -> dict[tuple[str, str], tuple[str, ...]]:
    """(segment id, segment name) → the loop ids holding such a segment in the 837P map."""
    import pyx12.map_if
    import pyx12.params

    root = pyx12.map_if.load_map_file("837.5010.X222.A1.xml", pyx12.params.params())
    found: dict[tuple[str, str], list[str]] = {}
    for node in root.loop_segment_iterator():
        if node.is_segment():
            found.setdefault((node.id, node.name), []).append(str(node.parent.id))
    return {key: tuple(value) for key, value in found.items()}
