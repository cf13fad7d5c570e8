"""Mutation fuzz of the acknowledgement readers, writers and acknowledge_837p; PHI sentinels.

Seeds: ``samples/acks`` and, when present, every acknowledgement of the corpus.
Each case plants PHI sentinels where acknowledgements carry patient data
(TRN02 claim ids, CTX01 references, IK404 bad values, NM1 names and ids, REF
values, STC12 messages), applies one seeded mutation, and runs every
consumer: ``read_acks`` lenient and strict, the writers and the JSON form,
``correlate``. Only :class:`~medclaims.errors.MedclaimsError` may escape, and
no sentinel may appear in an exception, an issue, a log record or a repr.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from medclaims.acks import correlate, read_acks
from medclaims.acks.json import ack_file_from_json, ack_file_to_json
from medclaims.acks.writer import write_277, write_999, write_ta1
from medclaims.errors import MedclaimsError
from tests._shared import CORPUS, SAMPLES

MARK = "QZXSENT"
PHI = {
    "TRN": (2,),
    "CTX": (1,),
    "IK4": (4,),
    "AK4": (4,),
    "NM1": (3, 4, 5, 9),
    "REF": (2,),
    "STC": (12,),
}


def _seeds() -> list[Path]:
    seeds = sorted((SAMPLES / "acks").glob("*.*[!py]"))
    other = CORPUS / "other"
    if other.is_dir():
        for path in sorted(other.iterdir()):
            data = path.read_bytes()
            if b"TA1" in data or b"ST*999" in data or b"ST*997" in data or b"ST*277" in data:
                seeds.append(path)
    return [s for s in seeds if not s.name.endswith(".837")]


SEEDS = _seeds()


def _plant(text: str, rng: random.Random) -> str:
    """Sentinels in the PHI elements (element separator ``*`` files only)."""
    out = []
    for seg in text.split("~"):
        parts = seg.split("*")
        positions = PHI.get(parts[0].strip(), ())
        for pos in positions:
            if pos < len(parts):
                value = f"{MARK}{rng.randint(0, 99)}"
                if parts[0].strip() == "CTX":  # CTX01-1 names the context (CLM01): not PHI
                    value = parts[pos].split(":")[0] + ":" + value
                parts[pos] = value
        out.append("*".join(parts))
    return "~".join(out)


def _mutate(text: str, rng: random.Random) -> str:
    segments = text.split("~")
    kind = rng.randrange(7)
    i = rng.randrange(len(segments))
    if kind == 0:  # delete a segment
        del segments[i]
    elif kind == 1:  # duplicate one
        segments.insert(i, segments[i])
    elif kind == 2:  # swap two
        j = rng.randrange(len(segments))
        segments[i], segments[j] = segments[j], segments[i]
    elif kind == 3:  # a bad number, amount or date somewhere
        parts = segments[i].split("*")
        if len(parts) > 1:
            parts[rng.randrange(1, len(parts))] = rng.choice(["NaN", "1e5", "2024-13-45", "x"])
        segments[i] = "*".join(parts)
    elif kind == 4:  # cut the text short
        return text[: rng.randrange(len(text))]
    elif kind == 5:  # an element too long
        segments[i] = segments[i] + "*" + "Z" * 500
    else:  # random bytes inside a segment
        pos = rng.randrange(len(text))
        return text[:pos] + "".join(chr(rng.randrange(32, 127)) for _ in range(5)) + text[pos:]
    return "~".join(segments)


def _clean(text: str, where: str) -> None:
    assert MARK not in text, where


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_fuzz(seed: Path, caplog: pytest.LogCaptureFixture) -> None:
    base = seed.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    caplog.set_level(logging.DEBUG)
    for case in range(25):
        rng = random.Random(f"{seed.name}-{case}")
        text = _mutate(_plant(base, rng), rng)
        for strict in (False, True):
            try:
                found = read_acks(text, strict=strict)
            except MedclaimsError as exc:
                _clean(str(exc), f"exception, case {case}")
                continue
            for issue in found.all_issues:
                _clean(str(issue) + repr(issue), f"issue, case {case}")
            _clean(repr(found), f"repr, case {case}")
            for group in (found.implementation_acks, found.claim_acks):
                for ack in group:
                    _clean(repr(ack), f"record repr, case {case}")
            assert ack_file_from_json(ack_file_to_json(found)) == found
            try:
                write_ta1(found.interchange_acks)
                write_999(found.implementation_acks)
                write_277(found.claim_acks)
            except MedclaimsError as exc:
                _clean(str(exc), f"writer, case {case}")
            result = correlate([], [found])
            _clean(repr(result) + "".join(map(str, result.issues)), f"correlate, case {case}")
    for record in caplog.records:
        _clean(record.getMessage(), "log")
