"""Peer libraries as independent oracles for 835 amounts.

``x12sdk`` and ``edi-835-parser`` (test extras) and pyx12's context reader
read remittances their own way; where they read a file, each claim's charge
(CLP03), paid (CLP04) and, except for edi-835-parser (which has no CLP05
field), patient responsibility (CLP05) must equal ours.

Both peers are fussy about layout (see the shared PEERS.md): x12sdk fails on a
BOM, indented or line-broken files; edi-835-parser only splits on ``~`` and
``*``/``|``. :func:`canonical_text` therefore rewrites a file to one common
layout first (``*`` ``:`` ``~``, no whitespace between segments). It is a
deliberately naive, self-contained rewrite that shares no code with medclaims,
so the peers stay independent of what they check.

Every failure of a peer becomes :class:`PeerUnavailable` with a short reason,
so a test can skip that peer for that file and say why.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, NamedTuple

__all__ = [
    "PEERS",
    "PeerClaim",
    "PeerUnavailable",
    "canonical_text",
    "edi835_claims",
    "naive_claim_amounts",
    "naive_clp_count",
    "pyx12_claims",
    "x12sdk_claims",
]


class PeerUnavailable(Exception):
    """A peer cannot read this input (crash, empty result, missing package)."""


class PeerClaim(NamedTuple):
    """One claim as a peer read it; ``None`` where the peer does not expose the amount."""

    charge: Decimal | None
    paid: Decimal | None
    patient_responsibility: Decimal | None


def _isa_delimiters(text: str) -> tuple[str, str, str]:
    """(element, component, segment) separators from the leading ISA, counted naively."""
    if not text.startswith("ISA") or len(text) < 20:
        raise PeerUnavailable("no ISA at the start")
    sep = text[3]
    pos = 0
    for _ in range(16):
        pos = text.find(sep, pos + 1)
        if pos < 0:
            raise PeerUnavailable("ISA has fewer than 16 elements")
    if pos + 2 >= len(text):
        raise PeerUnavailable("ISA is cut short")
    comp, term = text[pos + 1], text[pos + 2]
    if term in "\r\n":
        # Some files break the line *before* the real terminator ("...^\n~GS").
        rest = text[pos + 2 :].lstrip("\r\n")
        if rest[:1] and not rest[:1].isalnum():
            term = rest[0]
    return sep, comp, term


def canonical_text(raw: bytes | str) -> str:
    """``raw`` rewritten with ``*`` ``:`` ``~`` and no whitespace between segments.

    Raises :class:`PeerUnavailable` where that rewrite would change the data
    (a value holding one of the new delimiters, interchanges with mixed
    delimiters).
    """
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    text = text.lstrip("\ufeff \t\r\n")
    sep, comp, term = _isa_delimiters(text)
    out: list[str] = []
    for piece in text.split(term):
        piece = piece.strip(" \t\r\n")
        if not piece:
            continue
        if piece.startswith("ISA") and piece[3:4] != sep:
            raise PeerUnavailable("interchanges with different delimiters")
        for char, used in (("*", sep), (":", comp), ("~", term)):
            if char != used and char in piece and not piece.startswith("ISA"):
                raise PeerUnavailable(f"a value holds {char!r}")
        elements = piece.split(sep)
        if elements[0] == "ISA":
            if len(elements) != 17:
                raise PeerUnavailable("ISA without 16 elements")
            elements[16] = ":"
        elif comp != ":":
            elements = [e.replace(comp, ":") for e in elements]
        out.append("*".join(elements))
    return "~".join(out) + "~"


def naive_clp_count(raw: bytes | str) -> int:
    """CLP segments in ``raw``, counted by splitting on the ISA's terminator."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    text = text.lstrip("\ufeff \t\r\n")
    sep, _, term = _isa_delimiters(text)
    return sum(1 for p in text.split(term) if p.strip(" \t\r\n").startswith("CLP" + sep))


def naive_claim_amounts(raw: bytes | str) -> list[PeerClaim]:
    """CLP03/CLP04/CLP05 of every CLP segment by a naive split (``None`` where empty or odd)."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    text = text.lstrip("\ufeff \t\r\n")
    sep, _, term = _isa_delimiters(text)
    out = []
    for piece in text.split(term):
        els = piece.strip(" \t\r\n").split(sep)
        if els[0] == "CLP":
            values = [els[i] if i < len(els) else "" for i in (3, 4, 5)]
            out.append(PeerClaim(*(_naive_decimal(v) for v in values)))
    return out


def _naive_decimal(text: str) -> Decimal | None:
    if not text or not text.replace("-", "", 1).replace(".", "", 1).isdigit():
        return None
    return Decimal(text)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the peers' prints, warnings and log records."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            yield None
    finally:
        logging.disable(previous)


def _dec(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        # edi-835-parser stores floats; repr gives the shortest exact decimal text.
        return Decimal(repr(value))
    return Decimal(str(value))


def x12sdk_claims(canonical: str) -> list[PeerClaim]:
    """Each claim of every 835 transaction as x12sdk reads it, in file order."""
    try:
        from x12sdk.io import X12ModelReader
    except ImportError as exc:  # pragma: no cover - test extra missing
        raise PeerUnavailable("x12sdk is not installed") from exc
    try:
        with _quiet(), X12ModelReader(canonical) as reader:
            claims = []
            for model in reader.models():
                for claim in model.claims():  # type: ignore[attr-defined]
                    clp = claim.claim.clp_segment
                    claims.append(
                        PeerClaim(
                            _dec(claim.charge),
                            _dec(claim.paid),
                            _dec(clp.patient_responsibility_amount),
                        )
                    )
    except Exception as exc:
        raise PeerUnavailable(f"x12sdk raised {type(exc).__name__}") from exc
    if not claims:
        raise PeerUnavailable("x12sdk returned no claims")
    return claims


def edi835_claims(canonical: str) -> list[PeerClaim]:
    """Each claim as edi-835-parser reads it (charge and paid; it has no CLP05 field)."""
    try:
        from edi_835_parser import parse
    except ImportError as exc:  # pragma: no cover - test extra missing
        raise PeerUnavailable("edi-835-parser is not installed") from exc
    # edi-835-parser only reads paths: hand it a temporary copy.
    handle, name = tempfile.mkstemp(suffix=".835")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(canonical)
        with _quiet():
            sets = parse(name)
            claims = [
                PeerClaim(_dec(loop.claim.charge_amount), _dec(loop.claim.paid_amount), None)
                for tx in sets.transaction_sets
                for loop in tx.claims
            ]
    except BaseException as exc:  # it fails with bare asserts
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise PeerUnavailable(f"edi-835-parser raised {type(exc).__name__}") from exc
    finally:
        os.unlink(name)
    if not claims:
        raise PeerUnavailable("edi-835-parser returned no claims")
    return claims


def pyx12_claims(canonical: str) -> list[PeerClaim]:
    """Each claim (loop 2100) as pyx12's context reader reads it: CLP03, CLP04, CLP05."""
    try:
        import pyx12.error_handler
        import pyx12.params
        import pyx12.x12context
    except ImportError as exc:  # pragma: no cover - a dependency of medclaims itself
        raise PeerUnavailable("pyx12 is not installed") from exc

    def amount(node: Any, name: str) -> Decimal | None:
        value = node.get_value(name)
        return Decimal(value) if value else None

    handle, name = tempfile.mkstemp(suffix=".835")  # pyx12 reads paths only
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(canonical)
        with _quiet():
            reader = pyx12.x12context.X12ContextReader(
                pyx12.params.params(), pyx12.error_handler.errh_null(), name
            )
            claims = [
                PeerClaim(amount(node, "CLP03"), amount(node, "CLP04"), amount(node, "CLP05"))
                for node in reader.iter_segments("2100")
                if node.id == "2100"
            ]
    except Exception as exc:
        raise PeerUnavailable(f"pyx12 raised {type(exc).__name__}") from exc
    finally:
        os.unlink(name)
    if not claims:
        raise PeerUnavailable("pyx12 returned no claims")
    return claims


PEERS: dict[str, Callable[[str], list[PeerClaim]]] = {
    "x12sdk": x12sdk_claims,
    "edi-835-parser": edi835_claims,
    "pyx12": pyx12_claims,
}
"""Peer name → reader of canonical text."""
