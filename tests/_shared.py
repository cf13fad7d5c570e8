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
