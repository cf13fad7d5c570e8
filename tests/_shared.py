"""Where the shared reference corpus lives, for tests that use it.

The corpus sits beside the repository (``../shared/corpus``); a user's clone
has no such folder, so every test that needs it is parametrized over
:func:`corpus_files` (empty → skipped) or marked with :data:`needs_corpus`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


def corpus_files(*kinds: str) -> list[Path]:
    """Corpus files of the given kinds (``835``, ``837p``, ...), or all; [] when absent."""
    if not CORPUS.is_dir():
        return []
    folders = [CORPUS / k for k in kinds] if kinds else [p for p in CORPUS.iterdir() if p.is_dir()]
    return sorted(f for d in folders if d.is_dir() for f in d.iterdir() if f.is_file())


def file_id(path: Path) -> str:
    """A short test id for a corpus file."""
    return f"{path.parent.name}/{path.name}"


def isa_text(
    *,
    element: str = "*",
    component: str = ":",
    segment: str = "~",
    repetition: str = "^",
    version: str = "00501",
    control: str = "000000001",
) -> str:
    """A well-formed 106-character ISA written out by hand (independent of our writer)."""
    fields = [
        "00",
        " " * 10,
        "00",
        " " * 10,
        "ZZ",
        "SENDER".ljust(15),
        "ZZ",
        "RECEIVER".ljust(15),
        "260101",
        "1200",
        repetition,
        version,
        control,
        "0",
        "P",
        component,
    ]
    text = "ISA" + element + element.join(fields) + segment
    assert len(text) == 106
    return text


def interchange_text(
    body: list[str],
    *,
    element: str = "*",
    component: str = ":",
    segment: str = "~",
    repetition: str = "^",
    version: str = "00501",
    control: str = "000000001",
    between: str = "",
) -> str:
    """ISA, GS, ST, ``body`` (segments written without terminators), SE, GE, IEA.

    Trailer counts are computed here by hand; ``between`` is put after each
    terminator (e.g. ``"\\n"``).
    """
    e = element
    segs = [
        f"GS{e}HP{e}SENDER{e}RECEIVER{e}20260101{e}1200{e}17{e}X{e}005010X221A1",
        f"ST{e}835{e}0001{e}005010X221A1",
        *body,
        f"SE{e}{len(body) + 2}{e}0001",
        f"GE{e}1{e}17",
        f"IEA{e}1{e}{control}",
    ]
    isa = isa_text(
        element=e,
        component=component,
        segment=segment,
        repetition=repetition,
        version=version,
        control=control,
    )
    return isa + between + "".join(s + segment + between for s in segs)
