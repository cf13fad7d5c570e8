"""835 files (or pieces of them) into the rows of the 835 tables, in an executor.

Strategy: a file that is not split is read whole by
:func:`medclaims.parse_835` and flattened by :func:`medclaims.export.to_rows`,
so its rows and issues are the single-machine reader's by construction. A
piece of a split file (:mod:`._scan` only allows the split when the envelopes
are clean) is read one transaction set at a time: each is parsed on its own
inside its real ISA and GS (re-read from the file) and a synthetic GE/IEA
that count it correctly, so the split adds no envelope finding, and memory
is bounded by the largest transaction set, not by the file. Issue offsets
are mapped back to the file; ISA and GS findings are kept once, by the first
transaction after them, where the whole-file reader puts them too.
Nothing here raises: a file that cannot be read becomes issue rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from medclaims.errors import Issue, MedclaimsError, X12Error, X12SyntaxError
from medclaims.export import TABLE_NAMES, to_rows
from medclaims.remittance import Remittance, parse_835
from medclaims.spark._cells import IssueRow, Row, fit_rows, issue_row
from medclaims.spark._scan import Transaction, scan
from medclaims.spark._tables import REMIT_COLUMNS
from medclaims.x12.reader import read_segment_tuples

__all__ = [
    "Tables835",
    "exception_issue",
    "issue_rows",
    "iter_835_piece",
    "read_835_piece",
    "read_835_whole",
]

Tables835 = dict[str, list[Row]]
"""Table name → rows, ``issues`` included."""


def _empty() -> Tables835:
    return {name: [] for name in (*TABLE_NAMES, "issues")}


def issue_rows(issues: Sequence[Issue], source_file: str) -> list[IssueRow]:
    """Issue records as rows (the message is PHI-free by the readers' own rule)."""
    return [
        issue_row(
            source_file,
            i.location.byte_offset if i.location is not None else None,
            i.severity.value,
            i.code,
            i.message,
        )
        for i in issues
    ]


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def exception_issue(exc: BaseException, source_file: str) -> IssueRow:
    """The issue row of a file that could not be read at all."""
    if isinstance(exc, X12SyntaxError):
        return issue_row(source_file, exc.location.byte_offset, "error", "not-x12", exc.reason)
    if isinstance(exc, X12Error):
        code = _kebab(type(exc).__name__.removesuffix("Error"))
        return issue_row(source_file, exc.location.byte_offset, "error", code, exc.reason)
    if isinstance(exc, MedclaimsError):
        name = type(exc).__name__
        return issue_row(source_file, None, "error", "unreadable-file", f"{name}: file not read")
    if isinstance(exc, OSError):
        return issue_row(
            source_file, None, "error", "unreadable-file", "the file could not be opened"
        )
    name = type(exc).__name__
    return issue_row(source_file, None, "error", "reader-failure", f"{name} while reading")


def _st_offsets(data: bytes, remittances: Sequence[Remittance]) -> list[int | None]:
    """Byte offset of each remittance's ST: the cheap scan, checked, else a full read."""
    found = [r for r in remittances if r.has_transaction]
    txs = [t for t in scan(data).transactions if t.code == b"835"]
    if len(txs) == len(found) and all(
        r.control_number == _element(data, t, 2) for r, t in zip(found, txs, strict=True)
    ):
        offsets: list[int | None] = [t.start for t in txs]
    else:
        offsets = [
            seg[2]
            for seg in read_segment_tuples(data)
            if seg[0][0] == "ST" and len(seg[0]) > 1 and seg[0][1] == "835"
        ]
        if len(offsets) != len(found):
            offsets = [None] * len(found)
    it = iter(offsets)
    return [next(it) if r.has_transaction else None for r in remittances]


def _element(data: bytes, tx: Transaction, n: int) -> str:
    elem, term, _ = tx.delimiters
    end = data.find(term, tx.start)
    parts = bytes(data[tx.start : end]).split(elem)
    return parts[n].decode("ascii", "replace") if n < len(parts) else ""


def _add_rows(
    out: Tables835, rows: Any, source_file: str, offsets: dict[int, int | None], shift: int
) -> None:
    for name in TABLE_NAMES:
        for row in rows.table(name):
            row["remittance_index"] += shift
            row["source_file"] = source_file
            row["transaction_offset"] = offsets.get(row["remittance_index"])
            out[name].append(row)


def _fit_all(out: Tables835, source_file: str) -> Tables835:
    issues = out["issues"]
    for name in TABLE_NAMES:
        out[name] = fit_rows(
            name, REMIT_COLUMNS[name], out[name], issues, source_file, "transaction_offset"
        )
    return out


def read_835_whole(data: bytes, source_file: str) -> Tables835:
    """Every table of one whole file: ``to_rows(parse_835(data))`` plus the two columns."""
    out = _empty()
    try:
        remittances = parse_835(data)
        offsets = _st_offsets(data, remittances)
        rows = to_rows(remittances)
    except Exception as exc:  # a file that cannot be read is a row, never a failed task
        out["issues"].append(exception_issue(exc, source_file))
        return out
    _add_rows(out, rows, source_file, dict(enumerate(offsets)), 0)
    for r in remittances:
        out["issues"].extend(issue_rows(r.issues, source_file))
    return _fit_all(out, source_file)


def _synthetic(data: bytes, tx: Transaction) -> tuple[bytes, int, int]:
    """ISA + GS + the transaction + a GE and IEA that close exactly it."""
    elem, term, brk = tx.delimiters
    isa = bytes(data[tx.isa[0] : tx.isa[1]])
    gs = bytes(data[tx.gs[0] : tx.gs[1]])
    body = bytes(data[tx.start : tx.end])
    tail = b"GE" + elem + b"1" + elem + tx.gs06 + term + brk
    tail += b"IEA" + elem + b"1" + elem + tx.isa13 + term + brk
    return isa + gs + body + tail, len(isa), len(isa) + len(gs)


def iter_835_piece(
    data: bytes, transactions: Sequence[Transaction], first_index: int, source_file: str
) -> Iterator[Tables835]:
    """The tables of a run of transactions of a split file, one transaction at a time.

    Only one transaction's records and rows are alive at once, whatever the run's size.
    """
    previous: Transaction | None = None
    for n, tx in enumerate(transactions):
        out = _empty()
        index = first_index + n
        if previous is not None:
            new_isa, new_gs = previous.isa != tx.isa, previous.gs != tx.gs
        elif first_index == 0:
            new_isa = new_gs = True
        else:
            # The first transaction of a later piece: its headers are new when they
            # sit right before it (the scan allows only line breaks in between).
            new_gs = tx.gs[1] <= tx.start and data[tx.gs[1] : tx.start].strip() == b""
            new_isa = new_gs and data[tx.isa[1] : tx.gs[0]].strip() == b""
        previous = tx
        try:
            text, gs_at, body_at = _synthetic(data, tx)
            remittances = parse_835(text)
            rows = to_rows(remittances)
        except Exception as exc:
            out["issues"].append(exception_issue(exc, source_file))
            yield out
            continue
        kept: list[IssueRow] = []
        for issue in issue_rows([i for r in remittances for i in r.issues], source_file):
            at = issue["byte_offset"]
            if at is None:
                kept.append(issue)
            elif at < gs_at:
                if new_isa:
                    kept.append({**issue, "byte_offset": tx.isa[0] + at})
            elif at < body_at:
                if new_gs:
                    kept.append({**issue, "byte_offset": tx.gs[0] + at - gs_at})
            elif at < body_at + (tx.end - tx.start):
                kept.append({**issue, "byte_offset": tx.start + at - body_at})
        for row in rows.payments:
            row["issue_count"] = len(kept)
        _add_rows(out, rows, source_file, {index: tx.start}, index)
        out["issues"].extend(kept)
        yield _fit_all(out, source_file)


def read_835_piece(
    data: bytes, transactions: Sequence[Transaction], first_index: int, source_file: str
) -> Tables835:
    """:func:`iter_835_piece` gathered into one set of tables."""
    out = _empty()
    for part in iter_835_piece(data, transactions, first_index, source_file):
        for name, rows in part.items():
            out[name].extend(rows)
    return out
