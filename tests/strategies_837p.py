"""Hypothesis strategies for random *valid* encounters (837P builder, reader, reconciliation).

Usage from any test module (``tests/`` is on ``sys.path`` via conftest)::

    from strategies_837p import encounter, encounters

    @given(encounters(max_size=4))
    def test_something(batch): ...

``encounter()`` draws one encounter; ``encounters()`` draws a batch with unique
claim ids that share billing providers, subscribers and payers, so the HL
hierarchy gets several claims per 2000A/2000B/2000C. Everything drawn passes
:func:`medclaims.professional.check_encounters` with no error: self and
dependent patients, 1-12 diagnoses, 1-50 lines (sized by ``max_lines``),
0-4 modifiers, NDC drugs, replacements and voids, accidents. Text fields never
carry leading or trailing blanks, so what a reader gets back equals what was drawn.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from medclaims.codes import PLACE_OF_SERVICE, US_STATES
from medclaims.ids import npi as npi_module
from medclaims.professional.model import (
    Accident,
    BillingProvider,
    ClaimAddress,
    ClaimContact,
    ClaimPayer,
    Encounter,
    Patient,
    Provider,
    ServiceFacility,
    ServiceLine,
    Subscriber,
)

__all__ = [
    "addresses",
    "billing_providers",
    "charges",
    "diagnosis_codes",
    "encounter",
    "encounters",
    "example_encounter",
    "modifiers",
    "npis",
    "patients",
    "payers",
    "procedure_codes",
    "providers",
    "service_lines",
    "subscribers",
]

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
_ALNUM = _UPPER + _DIGITS
_POS = sorted(PLACE_OF_SERVICE)
_STATES = sorted(US_STATES)
_TAXONOMIES = [
    "207Q00000X",
    "208D00000X",
    "207R00000X",
    "2084P0800X",
    "363LF0000X",
    "261QP2300X",
    "193200000X",
]


def _word(alphabet: str, min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


def _text(max_size: int, extra: str = "") -> st.SearchStrategy[str]:
    """Stripped printable text: words of letters/digits joined by single spaces."""
    word = _word(_UPPER + _UPPER.lower() + _DIGITS + extra, 1, 10)
    return st.lists(word, min_size=1, max_size=4).map(" ".join).filter(lambda s: len(s) <= max_size)


def _digits(n: int) -> st.SearchStrategy[str]:
    return _word(_DIGITS, n, n)


names = _text(30, "'-.")
"""Person or organization names (ASCII, no delimiters)."""


@st.composite
def npis(draw: st.DrawFn) -> str:
    """A valid NPI: 9 digits (first 1 or 2) and the Luhn check digit."""
    body = draw(st.sampled_from("12")) + draw(_digits(8))
    return body + npi_module.calc_check_digit(body)


def addresses(*, nine_digit_zip: bool = False) -> st.SearchStrategy[ClaimAddress]:
    """Street addresses; ``nine_digit_zip`` for 2010AA and 2310C."""
    zips = _digits(9) if nine_digit_zip else st.one_of(_digits(5), _digits(9))
    return st.builds(
        ClaimAddress,
        line1=_text(40, "#-."),
        line2=st.none() | _text(20, "#-"),
        city=_text(25).filter(lambda c: len(c) >= 2),
        state=st.sampled_from(_STATES),
        postal_code=zips,
    )


contacts = st.builds(
    ClaimContact,
    name=names,
    phone=st.none() | _digits(10).filter(lambda p: p[0] not in "01"),
    email=st.just("billing@example.com"),
)


@st.composite
def billing_providers(draw: st.DrawFn) -> BillingProvider:
    """Billing providers: organizations (EIN) or individuals (EIN or SSN)."""
    organization = draw(st.booleans())
    return BillingProvider(
        npi=draw(npis()),
        tax_id=draw(_digits(9)),
        tax_id_type="EIN" if organization else draw(st.sampled_from(["EIN", "SSN"])),
        organization_name=draw(names) if organization else None,
        last_name=None if organization else draw(names),
        first_name=None if organization else draw(st.none() | names),
        taxonomy_code=draw(st.none() | st.sampled_from(_TAXONOMIES)),
        address=draw(addresses(nine_digit_zip=True)),
        contact=draw(st.none() | contacts),
    )


providers = st.builds(
    Provider,
    npi=npis(),
    last_name=names,
    first_name=st.none() | names,
    middle_name=st.none() | _word(_UPPER, 1, 1),
    taxonomy_code=st.none() | st.sampled_from(_TAXONOMIES),
)
"""Individual providers (rendering)."""

referring_providers = providers.map(lambda p: attrs.evolve(p, taxonomy_code=None))
"""Referring providers: no taxonomy, since 2310A has no PRV segment to carry one."""

facilities = st.builds(
    ServiceFacility, name=names, npi=st.none() | npis(), address=addresses(nine_digit_zip=True)
)

dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))
birth_dates = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2014, 12, 31))
sexes = st.sampled_from(["F", "M", "U"])


def subscribers(*, is_patient: bool) -> st.SearchStrategy[Subscriber]:
    """Subscribers; demographics and address always present when they are the patient."""
    if is_patient:
        birth: st.SearchStrategy[Any] = birth_dates
        sex: st.SearchStrategy[Any] = sexes
        address: st.SearchStrategy[Any] = addresses()
    else:
        birth, sex, address = st.none(), st.none(), st.none() | addresses()
    return st.builds(
        Subscriber,
        member_id=_word(_ALNUM, 5, 15),
        last_name=names,
        first_name=st.none() | names,
        middle_name=st.none() | _word(_UPPER, 1, 1),
        birth_date=birth,
        sex=sex,
        address=address,
        group_number=st.none() | _word(_ALNUM, 3, 12),
    )


patients = st.builds(
    Patient,
    last_name=names,
    first_name=st.none() | names,
    middle_name=st.none() | _word(_UPPER, 1, 1),
    birth_date=birth_dates,
    sex=sexes,
    address=addresses(),
    relationship_code=st.sampled_from(["01", "19", "20", "21", "39", "40", "53", "G8"]),
)
"""Dependent patients (loop 2000C)."""

payers = st.builds(
    ClaimPayer,
    name=names,
    payer_id=_word(_ALNUM, 5, 10),
    address=st.none() | addresses(),
)


@st.composite
def diagnosis_codes(draw: st.DrawFn) -> str:
    """ICD-10-CM shaped codes, dot-less (E119, S72001A, I10)."""
    head = draw(st.sampled_from(_UPPER)) + draw(st.sampled_from(_DIGITS))
    head += draw(st.sampled_from(_ALNUM))
    return head + draw(_word(_ALNUM, 0, 4))


procedure_codes = st.one_of(
    _digits(5),
    st.tuples(_digits(4), st.sampled_from("FT")).map("".join),
    st.tuples(st.sampled_from(_UPPER), _digits(4)).map("".join),
)
"""CPT (NNNNN, NNNNF, NNNNT) and HCPCS Level II (ANNNN) codes."""

modifiers = st.lists(_word(_ALNUM, 2, 2), max_size=4).map(tuple)
"""0 to 4 procedure modifiers."""

charges = st.integers(min_value=0, max_value=5_000_000).map(lambda c: Decimal(c).scaleb(-2))
"""Line charges from 0.00 to 50,000.00 with cents."""

units = st.one_of(
    st.integers(min_value=1, max_value=99).map(Decimal),
    st.integers(min_value=1, max_value=999).map(lambda u: Decimal(u).scaleb(-1)),
)


@st.composite
def service_lines(draw: st.DrawFn, n_diagnoses: int, claim_pos: str | None = None) -> ServiceLine:
    """A service line whose pointers fall inside ``n_diagnoses`` codes.

    Only what an 837P can state: a line place of service differs from the
    claim's ``claim_pos`` (SV105 is sent only then), and a date range ends
    after its first day (one day is a D8 date).
    """
    start = draw(dates)
    has_end = draw(st.booleans())
    end = start + dt.timedelta(days=draw(st.integers(1, 10))) if has_end else None
    drug = draw(st.booleans())
    return ServiceLine(
        procedure_code=draw(procedure_codes),
        modifiers=draw(modifiers),
        charge=draw(charges),
        units=draw(units),
        unit_type=draw(st.sampled_from(["UN", "MJ"])),
        place_of_service=draw(st.none() | st.sampled_from([p for p in _POS if p != claim_pos])),
        diagnosis_pointers=tuple(
            draw(st.lists(st.integers(1, n_diagnoses), min_size=1, max_size=4, unique=True))
        ),
        service_date=start,
        service_date_end=end,
        line_control_number=draw(st.none() | _word(_ALNUM, 1, 20)),
        ndc=draw(_digits(11)) if drug else None,
        ndc_quantity=draw(units) if drug else None,
        ndc_unit=draw(st.sampled_from(["F2", "GR", "ME", "ML", "UN"])) if drug else "UN",
        rendering_provider=draw(st.none() | providers),
        notes=draw(st.none() | _text(60)),
    )


@st.composite
def accidents(draw: st.DrawFn) -> Accident:
    """Related causes: auto (with state and date), employment, other accident."""
    causes = tuple(
        draw(st.lists(st.sampled_from(["AA", "EM", "OA"]), min_size=1, max_size=2, unique=True))
    )
    return Accident(
        related_causes=causes,
        state=draw(st.sampled_from(_STATES)) if "AA" in causes else None,
        date=draw(dates) if ("AA" in causes or "OA" in causes) else draw(st.none() | dates),
    )


@st.composite
def encounter(
    draw: st.DrawFn,
    *,
    claim_id: str | None = None,
    billing_provider: BillingProvider | None = None,
    subscriber: Subscriber | None = None,
    payer: ClaimPayer | None = None,
    dependent: bool | None = None,
    max_lines: int = 6,
) -> Encounter:
    """One valid encounter; the keyword arguments pin parts of it."""
    is_dependent = draw(st.booleans()) if dependent is None else dependent
    if subscriber is None:
        subscriber = draw(subscribers(is_patient=not is_dependent))
    elif not is_dependent and subscriber.birth_date is None:
        is_dependent = True  # this subscriber lacks the demographics a patient needs
    n_dx = draw(st.integers(1, 12))
    dx = tuple(draw(st.lists(diagnosis_codes(), min_size=n_dx, max_size=n_dx, unique=True)))
    frequency = draw(st.sampled_from(["1", "1", "7", "8"]))
    place = draw(st.sampled_from(_POS))
    return Encounter(
        claim_id=claim_id if claim_id is not None else draw(_word(_ALNUM, 1, 20)),
        frequency_code=frequency,
        original_claim_id=draw(_word(_ALNUM, 5, 20)) if frequency != "1" else None,
        place_of_service=place,
        claim_filing_indicator=draw(st.sampled_from(["CI", "MB", "MC", "BL", "HM", "ZZ"])),
        payer_responsibility=draw(st.sampled_from(["P", "S", "T"])),
        billing_provider=billing_provider or draw(billing_providers()),
        pay_to_address=draw(st.none() | addresses()),
        rendering_provider=draw(st.none() | providers),
        referring_provider=draw(st.none() | referring_providers),
        service_facility=draw(st.none() | facilities),
        subscriber=subscriber,
        patient=draw(patients) if is_dependent else None,
        payer=payer or draw(payers),
        diagnosis_codes=dx,
        prior_authorization=draw(st.none() | _word(_ALNUM, 1, 20)),
        referral_number=draw(st.none() | _word(_ALNUM, 1, 20)),
        onset_date=draw(st.none() | dates),
        accident=draw(st.none() | accidents()),
        notes=draw(st.none() | _text(70)),
        service_lines=tuple(
            draw(st.lists(service_lines(n_dx, place), min_size=1, max_size=max(1, max_lines)))
        ),
        provider_signature=draw(st.booleans()),
        assignment=draw(st.sampled_from(["A", "B", "C"])),
        benefits_assignment=draw(st.sampled_from(["Y", "N", "W"])),
        release_of_information=draw(st.sampled_from(["I", "Y"])),
    )


@st.composite
def encounters(
    draw: st.DrawFn, *, min_size: int = 1, max_size: int = 5, max_lines: int = 6
) -> list[Encounter]:
    """A batch of valid encounters with unique claim ids and shared parties."""
    count = draw(st.integers(min_size, max_size))
    billing_pool = draw(st.lists(billing_providers(), min_size=1, max_size=2))
    self_pool = draw(st.lists(subscribers(is_patient=True), min_size=1, max_size=2))
    dep_pool = draw(st.lists(subscribers(is_patient=False), min_size=1, max_size=2))
    payer_pool = draw(st.lists(payers, min_size=1, max_size=2))
    batch: list[Encounter] = []
    for index in range(count):
        dependent = draw(st.booleans())
        batch.append(
            draw(
                encounter(
                    claim_id=f"C{index:04d}" + draw(_word(_ALNUM, 0, 8)),
                    billing_provider=draw(st.sampled_from(billing_pool)),
                    subscriber=draw(st.sampled_from(dep_pool if dependent else self_pool)),
                    payer=draw(st.sampled_from(payer_pool)),
                    dependent=dependent,
                    max_lines=max_lines,
                )
            )
        )
    return batch


def example_encounter(**changes: Any) -> Encounter:
    """A fixed, valid, self-insured encounter with two lines; ``changes`` override fields."""
    base = Encounter(
        claim_id="CLAIM-1",
        place_of_service="11",
        billing_provider=BillingProvider(
            npi="1234567893",
            tax_id="123456789",
            organization_name="Example Clinic",
            taxonomy_code="207Q00000X",
            address=ClaimAddress(
                line1="1 Main St", city="Springfield", state="IL", postal_code="627011234"
            ),
        ),
        subscriber=Subscriber(
            member_id="MEMBER01",
            last_name="Doe",
            first_name="Jan",
            birth_date=dt.date(1980, 2, 3),
            sex="F",
            address=ClaimAddress(
                line1="2 Elm St", city="Springfield", state="IL", postal_code="62702"
            ),
        ),
        payer=ClaimPayer(name="Example Health", payer_id="EXH01"),
        diagnosis_codes=("E11.9", "I10"),
        service_lines=(
            ServiceLine(
                procedure_code="99213",
                modifiers=("25",),
                charge=Decimal("100.00"),
                diagnosis_pointers=(1, 2),
                service_date=dt.date(2024, 3, 1),
            ),
            ServiceLine(
                procedure_code="J3490",
                charge=Decimal("20.50"),
                units=Decimal(2),
                diagnosis_pointers=(1,),
                service_date=dt.date(2024, 3, 1),
            ),
        ),
    )
    return attrs.evolve(base, **changes) if changes else base
