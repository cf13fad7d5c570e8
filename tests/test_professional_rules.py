"""medclaims.professional._rules: the fast paths accept only what the detailed checks accept.

The fast text checks use str methods and one joined string instead of the
X12 character-set pattern; these properties hold them to the pattern (every
text they accept, the pattern accepts), and the single-text check to exact
equality. The fast record paths are then compared with the detailed checks on
records with one field spoiled at a time.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_837p import example_encounter

from medclaims.errors import Issue
from medclaims.professional._rules import (
    _TRIMMED_TEXT,
    _all_trimmed,
    _plain_address,
    _plain_subscriber,
    _trimmed_text,
)
from medclaims.professional.model import ClaimAddress, Subscriber
from medclaims.professional.validate import _Checker

# Mostly the characters that matter: blanks, delimiters, the joint, non-ASCII, control.
_chars = st.sampled_from(list("aZ9 |*:~^\t\x7fé-.")) | st.characters()
_texts = st.text(_chars, max_size=8)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_trimmed_text_is_the_pattern(text: str) -> None:
    assert _trimmed_text(text) == (_TRIMMED_TEXT.fullmatch(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts, max_size=4))
def test_joined_check_accepts_only_what_the_pattern_accepts(texts: list[str]) -> None:
    if _all_trimmed(texts):
        assert all(_TRIMMED_TEXT.fullmatch(t) for t in texts)
    if texts and all(_TRIMMED_TEXT.fullmatch(t) and "|" not in t for t in texts):
        assert _all_trimmed(texts)  # and it is not uselessly strict


def test_an_empty_text_is_never_plain() -> None:
    assert not _all_trimmed([""])
    assert not _all_trimmed(["A", ""])


_FIELDS = ["member_id", "last_name", "first_name", "middle_name", "group_number"]
_ADDRESS_FIELDS = ["line1", "line2", "city", "state", "postal_code"]
_VALUES = ["", " A", "A ", "A*B", "A:B", "Zo\u00eb", "A\tB", "A|", "|A", "A||B", "A" * 90, "AB"]


def _detailed_issues(sub: Subscriber, is_patient: bool) -> list[Issue]:
    checker = _Checker()
    with mock.patch("medclaims.professional.validate._plain_subscriber", return_value=False):
        checker.subscriber("s", sub, is_patient, dt.date(2024, 1, 1))  # detailed checks only
    return checker.issues


@pytest.mark.parametrize("is_patient", [True, False])
@pytest.mark.parametrize("value", _VALUES)
@pytest.mark.parametrize("field", _FIELDS + _ADDRESS_FIELDS)
def test_fast_subscriber_path_never_hides_a_problem(
    field: str, value: str, is_patient: bool
) -> None:
    sub = example_encounter().subscriber
    assert sub.address is not None
    if not is_patient:
        sub = attrs.evolve(sub, birth_date=None, sex=None)
    assert _plain_subscriber(sub, is_patient, dt.date(2024, 1, 1))
    if field in _ADDRESS_FIELDS:
        sub = attrs.evolve(sub, address=attrs.evolve(sub.address, **{field: value}))
    else:
        sub = attrs.evolve(sub, **{field: value})
    if _plain_subscriber(sub, is_patient, dt.date(2024, 1, 1)):
        assert _detailed_issues(sub, is_patient) == []


def test_fast_address_path_agrees_on_the_example() -> None:
    address = example_encounter().subscriber.address
    assert isinstance(address, ClaimAddress) and _plain_address(address)
    assert not _plain_address(attrs.evolve(address, city="X"))
    assert not _plain_address(attrs.evolve(address, line2=""))
