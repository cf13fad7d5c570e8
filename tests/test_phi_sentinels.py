"""PHI stays out of messages: sentinel values in identity segments never surface.

Sentinels are put into NM1, N3, N4, DMG, REF and PER segments of broken
inputs (wrong trailers, bad segment ids, bad ISA, unwritable values); no
exception text, issue, log record, warning or segment repr may contain them.
"""

from __future__ import annotations

import logging
import warnings

import pytest
from _shared import interchange_text

from medclaims.errors import Issue, MedclaimsError
from medclaims.x12 import (
    DEFAULT_DELIMITERS,
    check_envelopes,
    format_segment,
    format_segments,
    iter_transactions,
    read_segments,
    segment_data,
)

SENTINELS = [
    "SENTINELNAME",
    "ZZSENTINELFIRST",
    "SENTINELSTREET",
    "SENTINELCITY",
    "99999",
    "19010101",
    "SENTINEL123",
    "SENTINELPHONE",
    "SENTINELMAIL",
]
PHI_BODY = [
    "NM1*QC*1*ZZSENTINELNAME*ZZSENTINELFIRST****MI*SENTINEL123",
    "N3*SENTINELSTREET",
    "N4*SENTINELCITY*ZZ*99999",
    "DMG*D8*19010101*U",
    "REF*SY*SENTINEL123",
    "PER*IC*SENTINELNAME*TE*SENTINELPHONE*EM*SENTINELMAIL",
]


def assert_clean(*texts: object) -> None:
    for text in texts:
        rendered = str(text) + repr(text)
        for sentinel in SENTINELS:
            assert sentinel not in rendered, f"PHI sentinel leaked: {rendered[:80]}"


def _exc_texts(exc: BaseException) -> list[object]:
    return [exc, *exc.args, getattr(exc, "reason", ""), getattr(exc, "location", "")]


@pytest.fixture(autouse=True)
def _no_phi_in_logs_or_warnings(caplog: pytest.LogCaptureFixture) -> object:
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    assert_clean(*(r.getMessage() for r in caplog.records), *(w.message for w in caught))


BROKEN = {
    "se-count": lambda t: t.replace("SE*8*", "SE*9*"),
    "se-control": lambda t: t.replace("SE*8*0001", "SE*8*0002"),
    "ge-count": lambda t: t.replace("GE*1*", "GE*5*"),
    "iea-control": lambda t: t.replace("IEA*1*000000001", "IEA*1*000000002"),
    "missing-trailers": lambda t: t[: t.index("SE*")],
    "stray": lambda t: t.replace("~GE*", "~NM1*QC*1*ZZSENTINELNAME~GE*"),
    "empty-segments": lambda t: t.replace("~N3*", "~~~N3*"),
    "no-final-terminator": lambda t: t.rstrip("~") + "N3*SENTINELSTREET",
    "long-isa": lambda t: t.replace("SENDER ", "SENDER  ", 1),
    "line-break-terminators": lambda t: t.replace("~", "\n~"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_issues_hold_no_phi(name: str) -> None:
    text = BROKEN[name](interchange_text(PHI_BODY))
    issues: list[Issue] = []
    segments = list(read_segments(text, issues=issues))
    issues += check_envelopes(segments)
    tx_issues: list[Issue] = []
    txs = list(iter_transactions(text, tx_issues))
    assert issues or tx_issues, "the broken input must produce at least one issue"
    assert_clean(*issues, *tx_issues, *(i.message for i in issues), *segments, *txs)


@pytest.mark.parametrize(
    "broken",
    [
        lambda t: t.replace("~N3*SENTINELSTREET", "~n3*SENTINELSTREET"),
        lambda t: t.replace("~N3*SENTINELSTREET", "~SENTINELSTREET*X"),
        lambda t: t.replace("~N3*SENTINELSTREET", "~*SENTINELSTREET"),
        lambda t: t.replace("~REF*SY*SENTINEL123", "~ZZSENTINELNAME"),
        lambda t: t.replace("~DMG*", "~ISA*19010101*"),
    ],
)
def test_syntax_errors_hold_no_phi(broken: object) -> None:
    text = broken(interchange_text(PHI_BODY))  # type: ignore[operator]
    with pytest.raises(MedclaimsError) as info:
        list(read_segments(text, strict=True))
    assert_clean(*_exc_texts(info.value))
    # Lenient: a damaged segment is kept with an issue, which holds no PHI either.
    issues: list[Issue] = []
    try:
        list(read_segments(text, issues=issues))
    except MedclaimsError as exc:
        assert_clean(*_exc_texts(exc))
    else:
        assert [i.code for i in issues] == ["bad-segment-id"]
    assert_clean(*issues, *(i.message for i in issues), *(str(i) for i in issues))


def test_bad_isa_holds_no_phi() -> None:
    for text in (
        "ISA*ZZSENTINELNAME*SENTINEL123~",
        "ISAZZSENTINELNAME",
        "ISA*" + "SENTINELSTREET*" * 14 + "~",
    ):
        with pytest.raises(MedclaimsError) as info:
            list(read_segments(text))
        assert_clean(*_exc_texts(info.value))


@pytest.mark.parametrize(
    "value",
    [
        "ZZSENTINELNAME*",
        "SENTINELSTREET~",
        "19010101\n",
        "SENTINEL123:",
        "SENTINELPHONE^",
        "SENTINELMAIL\x00",
    ],
)
@pytest.mark.parametrize("seg_id", ["NM1", "N3", "N4", "DMG", "REF", "PER"])
def test_writer_errors_hold_no_phi(seg_id: str, value: str) -> None:
    with pytest.raises(MedclaimsError) as info:
        format_segment([seg_id, "X", value], DEFAULT_DELIMITERS)
    assert_clean(*_exc_texts(info.value))
    with pytest.raises(MedclaimsError) as info:
        format_segments([[seg_id, ("A", value)]], DEFAULT_DELIMITERS)
    assert_clean(*_exc_texts(info.value))


def test_segment_repr_holds_no_phi() -> None:
    segments = list(read_segments(interchange_text(PHI_BODY)))
    assert_clean(*segments, segments)
    assert "ZZSENTINELNAME" in segments[3].elements  # the data itself is there
    assert_clean(*(format(s) for s in segments))


def test_sentinels_are_really_in_the_input() -> None:
    # Guards the tests above against passing because the sentinels never got in.
    text = format_segments(segment_data(s) for s in read_segments(interchange_text(PHI_BODY)))
    for sentinel in SENTINELS:
        assert sentinel in text
