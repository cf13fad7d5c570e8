"""Mutation fuzz of the 835 parser and writer, deterministic and bounded in time.

Seeds are our ``samples/*.835`` and, when present, every corpus 835. Each
case takes a seed, plants PHI sentinels in the identity segments (NM1, N3,
N4, REF, PER, DMG), applies one mutation, and runs every consumer:
``parse_835`` (lenient and strict), ``iter_835`` and ``write_835`` of what
was parsed.

- Only :class:`~medclaims.errors.MedclaimsError` subclasses may escape.
- Lenient parsing must not raise at all for *content* mutations (bad amounts
  and dates, deleted or duplicated segments, long elements, bad qualifiers,
  damaged segment ids of every shape, junk lines between segments): those
  become issues.
- Whatever lenient parsing returns goes through JSON and back unchanged
  (every field holds a value its type allows).
- No sentinel appears in an exception text, an issue (message, ``str``,
  ``repr``), a warning, a log record or the ``repr`` of a record.

Random choices come from ``random.Random`` seeded per case, so a failure
names a case that reproduces.
"""

from __future__ import annotations

import logging
import random
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from _shared import SAMPLES, corpus_files

from medclaims.errors import Issue, MedclaimsError
from medclaims.export import remittances_from_json, remittances_to_json
from medclaims.remittance import iter_835, parse_835, write_835
from medclaims.x12 import read_segments

SEEDS: list[Path] = sorted(SAMPLES.glob("*.835")) + corpus_files("835")
CASES_PER_MUTATION = 40
MARK = "QZXSENT"
VALUE_MARK = MARK + "V"  # value sentinels; qualifier sentinels use MARK + "Q"

#: PHI positions per segment id (1-based elements) that receive a value sentinel;
#: these must stay out of messages *and* reprs.
PHI_VALUES: dict[str, tuple[int, ...]] = {
    "NM1": (3, 4, 5, 7, 9),
    "N3": (1, 2),
    "N4": (1, 3),
    "REF": (2,),
    "PER": (2, 4, 6, 8),
    "DMG": (2,),
}
#: Qualifier positions of the same segments: a sentinel there must stay out of
#: messages and issues (reprs may show qualifiers).
PHI_QUALIFIERS: dict[str, tuple[int, ...]] = {"NM1": (1, 2, 8), "REF": (1,), "PER": (1, 3)}

BAD_AMOUNTS = (
    "NaN",
    "1e5",
    "Infinity",
    "-Infinity",
    "1,000.00",
    "",
    "-",
    ".",
    "1.2.3",
    "+5",
    " 12",
    "0x1F",
    "\u0661\u0662",
    "9" * 40,
    "-0",
)
BAD_DATES = (
    "20231301",
    "2023-01-01",
    "00000000",
    "99999999",
    "2023020",
    "",
    "20230229",
    "\u0662\u0660\u0662\u0663\u0660\u0661\u0660\u0661",
)
#: Amount elements (segment id → positions) and date elements.
AMOUNT_AT: dict[str, tuple[int, ...]] = {
    "CLP": (3, 4, 5, 12),
    "SVC": (2, 3, 5, 7),
    "CAS": (3, 4, 6),
    "BPR": (2,),
    "PLB": (4, 6),
    "AMT": (2,),
    "QTY": (2,),
    "MIA": (1, 4),
    "MOA": (1, 2),
}
DATE_AT: dict[str, tuple[int, ...]] = {"DTM": (2,), "BPR": (16,), "PLB": (2,)}

Segments = list[list[str]]


def _load(path: Path) -> tuple[Segments, str, str, str]:
    """Segments of a seed as element lists, with its element/component/segment separators."""
    segments = list(read_segments(path.read_bytes()))
    d = segments[0].delimiters
    return [list(s.elements) for s in segments], d.element, d.component, d.segment


def _text(segments: Segments, sep: str, term: str) -> str:
    return "".join(sep.join(els) + term + "\n" for els in segments)


def _plant(segments: Segments, rng: random.Random) -> None:
    """Put value sentinels in every PHI position, and a few qualifier sentinels."""
    for n, els in enumerate(segments):
        for pos in PHI_VALUES.get(els[0], ()):
            while len(els) <= pos:
                els.append("")
            els[pos] = f"{MARK}V{n}E{pos}"
        if els[0] in PHI_QUALIFIERS and rng.random() < 0.15:
            pos = rng.choice(PHI_QUALIFIERS[els[0]])
            while len(els) <= pos:
                els.append("")
            els[pos] = f"{MARK}Q{n}"


def _pick(
    segments: Segments, rng: random.Random, where: dict[str, tuple[int, ...]]
) -> tuple[list[str], int] | None:
    hits = [(els, pos) for els in segments for pos in where.get(els[0], ())]
    return rng.choice(hits) if hits else None


# -- mutations: (segments, rng, sep, comp, term) -> text ----------------------------------

Mutation = Callable[[Segments, random.Random, str, str, str], str]


def bad_amount(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    for _ in range(rng.randint(1, 3)):
        hit = _pick(segs, rng, AMOUNT_AT)
        if hit:
            els, pos = hit
            while len(els) <= pos:
                els.append("")
            els[pos] = rng.choice(BAD_AMOUNTS)
    return _text(segs, sep, term)


def bad_date(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    for _ in range(rng.randint(1, 3)):
        hit = _pick(segs, rng, DATE_AT)
        if hit:
            els, pos = hit
            while len(els) <= pos:
                els.append("")
            els[pos] = rng.choice(BAD_DATES)
    return _text(segs, sep, term)


def delete_segments(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    for _ in range(rng.randint(1, 3)):
        if len(segs) > 2:
            del segs[rng.randrange(1, len(segs))]  # keep the ISA: it declares the delimiters
    return _text(segs, sep, term)


def duplicate_segments(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    for _ in range(rng.randint(1, 3)):
        n = rng.randrange(1, len(segs))
        segs.insert(rng.randrange(1, len(segs) + 1), list(segs[n]))
    return _text(segs, sep, term)


def long_element(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    els = segs[rng.randrange(1, len(segs))]
    pos = rng.randrange(1, len(els) + 1)
    while len(els) <= pos:
        els.append("")
    if pos in PHI_VALUES.get(els[0], ()):
        filler = VALUE_MARK
    else:
        filler = rng.choice(["9", "A", "-1.5", "Z "])
    els[pos] = filler * rng.choice([1000, 20_000])
    return _text(segs, sep, term)


def shuffle_segments(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    body = segs[1:]
    i, j = rng.randrange(len(body)), rng.randrange(len(body))
    body[i], body[j] = body[j], body[i]
    return _text([segs[0], *body], sep, term)


def wrong_qualifiers(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    for els in segs[1:]:
        if len(els) > 1 and rng.random() < 0.2:
            bad = ["ZZZ", "", "99"] + ([f"{MARK}Q"] if els[0] in PHI_VALUES else [])
            els[1] = rng.choice(bad)
    return _text(segs, sep, term)


def _garblable(segs: Segments) -> list[list[str]]:
    return [els for els in segs if els[0] != "ISA"]  # a garbled ISA: not X12 at all


def garble_ids(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    """Damaged segment ids of the shapes real files show: ``dTM``, ``REFE``, ``TRN3170``,
    ``PLXX``, and ids of PHI sentinel text."""
    for _ in range(rng.randint(1, 4)):
        els = rng.choice(_garblable(segs))
        seg_id = els[0]
        els[0] = rng.choice(
            [
                seg_id[0].lower() + seg_id[1:],
                (seg_id + "EXXX")[:4],
                seg_id + str(rng.randrange(10, 10**4)),
                seg_id[:2] + "XX",
                f"{MARK}V{seg_id}",
            ]
        )
    return _text(segs, sep, term)


def junk_lines(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    """Lines of junk between segments: sentinel text, with or without its own terminator."""
    lines = [sep.join(els) + term for els in segs]
    for _ in range(rng.randint(1, 3)):
        junk = rng.choice([f"{MARK}V JUNK LINE", f"{MARK}V{sep}{MARK}V", "---- page 2 ----"])
        at = rng.randrange(1, len(lines))
        lines.insert(at, junk + (term if rng.random() < 0.7 else ""))
    return "\n".join(lines) + "\n"


CONTENT: dict[str, Mutation] = {
    "garble_ids": garble_ids,
    "junk_lines": junk_lines,
    "bad_amount": bad_amount,
    "bad_date": bad_date,
    "delete_segments": delete_segments,
    "duplicate_segments": duplicate_segments,
    "long_element": long_element,
    "shuffle_segments": shuffle_segments,
    "wrong_qualifiers": wrong_qualifiers,
}


def truncate(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    text = _text(segs, sep, term)
    return text[: rng.randrange(len(text))]


def random_bytes(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    chars = list(_text(segs, sep, term))
    pool = [sep, comp, term, "\n", "\r", "\x00", "\ufeff", "~", "*", ":", "^", "|", "é", "\udcff"]
    for _ in range(rng.randint(1, 8)):
        pos = rng.randrange(len(chars))
        if rng.random() < 0.5:
            chars[pos] = rng.choice([*pool, chr(rng.randrange(32, 127))])
        else:
            chars.insert(pos, rng.choice(pool))
    return "".join(chars)


def swap_delimiters(segs: Segments, rng: random.Random, sep: str, comp: str, term: str) -> str:
    text = _text(segs, sep, term)
    a, b = rng.sample([sep, comp, term], 2)
    swap: dict[str, str | int | None] = {a: b, b: a}
    head, body = text[:106], text[106:]
    if rng.random() < 0.5:  # swap only in the body: the ISA now lies about the delimiters
        return head + body.translate(str.maketrans(swap))
    return text.translate(str.maketrans(swap))


SYNTAX: dict[str, Mutation] = {
    "truncate": truncate,
    "random_bytes": random_bytes,
    "swap_delimiters": swap_delimiters,
}


# -- consumers -------------------------------------------------------------------------------


def _issue_texts(issues: Iterable[Issue]) -> list[str]:
    return [t for i in issues for t in (i.message, str(i), repr(i))]


def _assert_clean(texts: Iterable[str], what: str, mark: str = MARK) -> None:
    for text in texts:
        assert mark not in text, f"a PHI sentinel leaked into {what}"


def _assert_masked(texts: Iterable[str], what: str) -> None:
    _assert_clean(texts, what, VALUE_MARK)


def _consume(data: bytes, *, lenient_must_pass: bool, check_reprs: bool = True) -> None:
    # Lenient parse.
    try:
        remittances = parse_835(data)
    except MedclaimsError as exc:
        assert not lenient_must_pass, f"lenient parse raised {type(exc).__name__}"
        _assert_clean([str(exc), repr(exc)], "an exception text")
        remittances = []
    for r in remittances:
        _assert_clean(_issue_texts(r.issues), "an issue")
        if check_reprs:
            _assert_masked([repr(r)], "a record repr")
    # Whatever was parsed is a valid record: JSON gives it back equal.
    assert remittances_from_json(remittances_to_json(remittances)) == remittances
    # Writing back what was parsed.
    try:
        write_835(remittances)
    except MedclaimsError as exc:
        _assert_clean([str(exc), repr(exc)], "a writer exception text")
    # Strict parse.
    try:
        parse_835(data, strict=True)
    except MedclaimsError as exc:
        _assert_clean([str(exc), repr(exc)], "a strict exception text")
        for attr in ("issues",):
            _assert_clean(_issue_texts(getattr(exc, attr, ()) or ()), "a strict issue")
    # Streaming.
    try:
        for item in iter_835(data):
            if check_reprs:
                _assert_masked([repr(item)], "a streamed claim repr")
    except MedclaimsError as exc:
        _assert_clean([str(exc), repr(exc)], "a streaming exception text")


def _run(mutation: Mutation, name: str, case: int, *, lenient_must_pass: bool) -> None:
    rng = random.Random(f"{name}-{case}")
    seed = rng.choice(SEEDS)
    segs, sep, comp, term = _load(seed)
    _plant(segs, rng)
    text = mutation(segs, rng, sep, comp, term)
    data = text.encode("utf-8", "surrogateescape")
    # Syntax mutations shift elements (a name may land in a qualifier, which reprs show):
    # for them only messages and exception texts are checked.
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _consume(data, lenient_must_pass=lenient_must_pass, check_reprs=lenient_must_pass)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    _assert_clean([str(w.message) for w in caught], "a warning")
    _assert_clean([r.getMessage() for r in records], "a log record")


class _Collect(logging.Handler):
    """Keeps every log record emitted while a case runs."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_content_mutations_become_issues(name: str) -> None:
    for case in range(CASES_PER_MUTATION):
        _run(CONTENT[name], name, case, lenient_must_pass=True)


@pytest.mark.parametrize("name", sorted(SYNTAX))
def test_syntax_mutations_raise_only_our_errors(name: str) -> None:
    for case in range(CASES_PER_MUTATION):
        _run(SYNTAX[name], name, case, lenient_must_pass=False)


def test_planted_sentinels_are_in_the_input() -> None:
    """The fuzz is real: sentinels reach the parser in PHI positions."""
    rng = random.Random("plant")
    segs, sep, _, term = _load(SAMPLES / "remit-basic.835")
    _plant(segs, rng)
    text = _text(segs, sep, term)
    assert text.count(MARK) >= 8
    parsed = parse_835(text)
    patient = parsed[0].claims[0].patient
    assert patient is not None and patient.last_name.startswith(MARK)
    assert VALUE_MARK not in repr(parsed[0])


@pytest.mark.parametrize("value", [a for a in BAD_AMOUNTS if a not in ("-0", "9" * 40)])
def test_bad_paid_amount_is_an_issue_without_the_value(value: str) -> None:
    text = (SAMPLES / "remit-basic.835").read_text()
    text = text.replace("CLP*PCN1001*1*300*176.4*", f"CLP*PCN1001*1*300*{value}*", 1)
    [remittance] = parse_835(text)
    assert remittance.issues
    if len(value) >= 3:
        for issue in remittance.issues:
            assert value not in issue.message
    with pytest.raises(MedclaimsError):
        parse_835(text, strict=True)


@pytest.mark.parametrize("value", [d for d in BAD_DATES if d])
def test_bad_date_is_an_issue_without_the_value(value: str) -> None:
    text = (SAMPLES / "remit-basic.835").read_text()
    text = text.replace("DTM*050*20260108", f"DTM*050*{value}", 1)
    [remittance] = parse_835(text)
    assert remittance.claims[0].received_date is None
    assert remittance.issues
    for issue in remittance.issues:
        assert value not in issue.message
    with pytest.raises(MedclaimsError):
        parse_835(text, strict=True)


def test_segments_outside_a_transaction_are_not_dropped_silently() -> None:
    text = (SAMPLES / "remit-basic.835").read_text().replace("ST*835*0001~\n", "", 1)
    with pytest.raises(MedclaimsError):
        parse_835(text, strict=True)
    try:
        remittances = parse_835(text)
    except MedclaimsError:
        return  # refusing the file is also an honest answer
    assert remittances and any(r.issues for r in remittances)
