"""Read 837 Professional claims (005010X222, A1, A2) back into encounters.

:func:`iter_837p` streams them: each claim becomes an
:class:`~medclaims.professional.model.Encounter` (with its billing provider,
subscriber and patient) as soon as its loop closes, and nothing else is kept,
so a file of any size is read in bounded memory. :func:`read_837p` and
:func:`parse_837p` are built on the same walk and keep everything. The walk
itself is :mod:`medclaims.professional._read` (its strategy is stated there).

Real files are not what our builder writes, so reading is lenient by default:
records are built with the model's type checks but without the business rules
of :mod:`medclaims.professional.validate` (an NPI with a bad check digit or an
ICD-9 code is read as sent); every deviation becomes an
:class:`~medclaims.errors.Issue`, and data the model has no field for is
listed in one ``not-represented`` issue per claim. A required text the file
lacks is read as ``""`` with an error issue. A claim that cannot be
represented at all (a line without a charge or service date, a patient level
without its name loop, a claim outside a subscriber level) is left out with a
``claim-not-read`` error issue naming its position, and the other claims come
back. ``strict=True`` raises :class:`Claim837Error` on the first error
instead. Files that are not 5010 837P (4010 X098, 837I, or an institutional
body under a professional header) raise :class:`UnsupportedVersionError`.
No message holds an element value: positions and element names only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from medclaims.errors import EnvelopeError, Issue, Severity
from medclaims.professional._read.walk import (
    SUPPORTED_VERSION_PREFIX,
    Claim837Error,
    Claim837File,
    Claim837Transaction,
    UnsupportedVersionError,
    walk_837p,
)
from medclaims.professional.model import Encounter
from medclaims.x12 import Segment, Source

__all__ = [
    "SUPPORTED_VERSION_PREFIX",
    "Claim837Error",
    "Claim837File",
    "Claim837Transaction",
    "UnsupportedVersionError",
    "iter_837p",
    "parse_837p",
    "read_837p",
]


def iter_837p(
    source: Source | Iterable[Segment], *, strict: bool = False, issues: list[Issue] | None = None
) -> Iterator[Encounter]:
    """Stream the encounters of an 837P, one per CLM, in file order and bounded memory.

    Each encounter carries its billing provider, subscriber and patient (the
    levels that enclose its claim). Nothing else is kept: pass a list as
    ``issues`` to collect the issues (PHI-free) as they are found, or use
    :func:`read_837p` for the transaction records. ``strict`` as for
    :func:`read_837p`.
    """
    found: list[Issue] = [] if issues is None else issues
    for item in walk_837p(source, found, strict):
        if issues is None:
            found.clear()  # nobody asked for them: memory stays flat
        if isinstance(item, Encounter):
            yield item
    if strict:
        _raise_envelope_errors(found)


def parse_837p(source: Source, *, strict: bool = False) -> list[Encounter]:
    """The encounters of an 837P (``str``, ``bytes`` or a file object), one per CLM."""
    return read_837p(source, strict=strict).encounters


def read_837p(source: Source | Iterable[Segment], *, strict: bool = False) -> Claim837File:
    """Read every 837P transaction of ``source`` with its envelopes and issues.

    Lenient by default (findings become issues; a claim that cannot be
    represented is left out with an error issue, the others are read);
    ``strict=True`` raises :class:`Claim837Error` (or
    :class:`~medclaims.errors.EnvelopeError`) on the first error. Always raises
    :class:`UnsupportedVersionError` for non-5010 837P transactions and
    :class:`~medclaims.errors.X12SyntaxError` for non-X12.
    """
    issues: list[Issue] = []
    transactions: list[Claim837Transaction] = []
    encounters: list[Encounter] = []
    for item in walk_837p(source, issues, strict):
        if isinstance(item, Encounter):
            encounters.append(item)
        else:
            transactions.append(attrs.evolve(item, encounters=tuple(encounters)))
            encounters = []
    if strict:
        _raise_envelope_errors(issues)
    return Claim837File(transactions=tuple(transactions), issues=tuple(issues))


def _raise_envelope_errors(issues: list[Issue]) -> None:
    for issue in issues:
        if issue.severity is Severity.ERROR:
            raise EnvelopeError(issue.message, issue.location)
