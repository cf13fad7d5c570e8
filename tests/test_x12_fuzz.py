"""Mutation fuzzing of the X12 layer over corpus files and our samples.

Each input is mutated with fixed seeds (truncation, deleted and duplicated
segments, swapped delimiters, random bytes, very long elements) and fed to
``read_segments``, ``check_envelopes`` and ``iter_transactions``. Only
``MedclaimsError`` subclasses may escape, with a position where the error is
an X12 one; every input must finish well inside a time bound.
"""

from __future__ import annotations

import contextlib
import io
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from _shared import SAMPLES, corpus_files, file_id, interchange_text

from medclaims.errors import Issue, MedclaimsError, X12Error
from medclaims.x12 import check_envelopes, iter_transactions, read_segments

SECONDS_PER_INPUT = 1.0  # per consumer pass; the suite runs on a shared, noisy machine
MUTATIONS_PER_FILE = 14

Mutation = Callable[[random.Random, bytes], bytes]


def _terminator(data: bytes) -> bytes:
    start = data.find(b"ISA")
    if start >= 0 and len(data) > start + 106:
        return data[start + 105 : start + 106]
    return b"~"


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def delete_segment(rng: random.Random, data: bytes) -> bytes:
    pieces = data.split(_terminator(data))
    if len(pieces) > 1:
        del pieces[rng.randrange(len(pieces))]
    return _terminator(data).join(pieces)


def duplicate_segment(rng: random.Random, data: bytes) -> bytes:
    pieces = data.split(_terminator(data))
    i = rng.randrange(len(pieces))
    pieces.insert(i, pieces[i])
    return _terminator(data).join(pieces)


def swap_delimiters(rng: random.Random, data: bytes) -> bytes:
    a, b = rng.sample([b"*", b"~", b":", b"^", b"|", b"\n", b">", b"ISA"], 2)
    return data.replace(a, b"\x00").replace(b, a).replace(b"\x00", b)


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def long_element(rng: random.Random, data: bytes) -> bytes:
    pos = rng.randrange(len(data) + 1)
    filler = rng.choice([b"A", b"*", b"~", b"\xc3\xa9", b" ", b"\n"])
    return data[:pos] + filler * rng.randint(1_000, 100_000) + data[pos:]


def insert_isa(rng: random.Random, data: bytes) -> bytes:
    pos = rng.randrange(len(data) + 1)
    junk = rng.choice([b"~ISA*", b"~ISA", b"\nISA|00|", b"~ISA*00*" + b"*" * 20, b"ISAAC"])
    return data[:pos] + junk + data[pos:]


MUTATIONS: list[Mutation] = [
    truncate,
    delete_segment,
    duplicate_segment,
    swap_delimiters,
    random_bytes,
    long_element,
    insert_isa,
]


def consume(data: bytes) -> None:
    """Run every consumer of the X12 layer over ``data``."""
    issues: list[Issue] = []
    for _ in read_segments(data, issues=issues):
        pass
    for _ in read_segments(io.BytesIO(data), chunk_size=97):
        pass
    check_envelopes(read_segments(data))
    for _ in iter_transactions(data, issues):
        pass
    for issue in issues:
        assert isinstance(issue, Issue)


def _inputs() -> list[tuple[str, bytes]]:
    files = corpus_files()[::3]
    samples = sorted(p for p in SAMPLES.glob("*") if p.is_file()) if SAMPLES.is_dir() else []
    found = [
        (file_id(p), p.read_bytes())
        for p in [*files, *samples]
        if p.suffix not in {".json", ".csv", ".md", ".py"}
    ]
    found.append(("synthetic", interchange_text(["NM1*QC*1*DOE*JANE", "CLP*A*1*2*3"]).encode()))
    return found


INPUTS = _inputs()


@pytest.mark.parametrize(("name", "data"), INPUTS, ids=[n for n, _ in INPUTS])
def test_mutations_raise_only_medclaims_errors(name: str, data: bytes) -> None:
    seed = sum(name.encode())
    rng = random.Random(seed)
    for n in range(MUTATIONS_PER_FILE):
        mutation = MUTATIONS[n % len(MUTATIONS)]
        mutated = mutation(rng, data)
        started = time.perf_counter()
        try:
            consume(mutated)
        except MedclaimsError as exc:
            if isinstance(exc, X12Error):
                assert (
                    exc.location.segment_index is not None or exc.location.byte_offset is not None
                ), f"{mutation.__name__}: no position"
        elapsed = time.perf_counter() - started
        # consume() makes four passes over the input.
        assert elapsed < 4 * SECONDS_PER_INPUT, f"{mutation.__name__} took {elapsed:.1f}s"


def test_random_garbage_raises_only_medclaims_errors() -> None:
    rng = random.Random(20260101)
    prefix = interchange_text([]).encode()[:106]
    for _ in range(300):
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
        for data in (junk, prefix + junk, b"ISA" + junk):
            with contextlib.suppress(MedclaimsError):
                consume(data)


def test_fuzz_inputs_exist() -> None:
    assert any(name == "synthetic" for name, _ in INPUTS)


def test_samples_folder_is_optional() -> None:
    assert isinstance(SAMPLES, Path)
