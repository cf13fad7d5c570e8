"""Business rules for encounters, all checked at once, each problem with its path.

Strategy: :func:`check_encounters` walks the records and appends an
:class:`~medclaims.errors.Issue` per broken rule, never stopping at the first,
so a caller fixes a batch in one round. Paths read like code
(``encounters[3].service_lines[1].procedure_code``); messages name the rule and
never the value, since most fields are PHI. The builder refuses to write
anything while an error-level issue remains.

Text that reaches the file must be printable ASCII from the X12 extended
character set (what pyx12 checks for 5010) and must not hold the delimiters
``* : ~ ^`` the builder uses; values are written stripped of surrounding blanks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from medclaims.errors import Issue, Severity
from medclaims.ids import (
    icd10cm,
    modifier,
    npi,
    place_of_service,
    postal_code,
    procedure_code,
    relationship,
    state,
    tax_id,
)
from medclaims.professional._checks import _FieldChecker
from medclaims.professional._rules import (
    _ASSIGNMENTS,
    _BENEFITS,
    _CAUSES,
    _EMAIL,
    _FAST,
    _FILING,
    _FREQUENCIES,
    _MAX_AMOUNT,
    _NDC,
    _NDC_UNITS,
    _PHONE,
    _PHONE_PUNCT,
    _RELEASES,
    _RESPONSIBILITY,
    _SEXES,
    _TAXONOMY,
    _UNIT_TYPES,
    MAX_DIAGNOSES,
    MAX_LINES,
    MAX_POINTERS,
    _plain_claim,
    _plain_line,
    _plain_subscriber,
)
from medclaims.professional.cob_checks import check_other_payers
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
    "MAX_DIAGNOSES",
    "MAX_LINES",
    "MAX_POINTERS",
    "check_encounter",
    "check_encounters",
]

# Diagnosis codes already seen to pass (a set lookup is much cheaper than the pattern).
_FAST_ICD = _FAST[icd10cm.__name__].fullmatch
_GOOD_DIAGNOSES: set[str] = set()


class _Checker(_FieldChecker):
    """Collects issues; one instance per call of :func:`check_encounters`."""

    __slots__ = ()

    def address(
        self, path: str, value: ClaimAddress | None, *, nine_digit_zip: bool = False
    ) -> None:
        if value is None:
            self.error(path, "missing-field", "is required")
            return
        self.text(path + ".line1", value.line1, 55)
        self.text(path + ".line2", value.line2, 55, required=False)
        self.text(path + ".city", value.city, 30, min_len=2)
        self.ident(path + ".state", value.state, state)
        self.ident(
            path + ".postal_code", value.postal_code, postal_code, require_nine=nine_digit_zip
        )

    def contact(self, path: str, value: ClaimContact) -> None:
        self.text(path + ".name", value.name, 60)
        if value.phone is None and value.email is None:
            self.error(path, "missing-field", "needs a phone or an email")
        if value.phone is not None and not _PHONE.fullmatch(value.phone.translate(_PHONE_PUNCT)):
            self.error(path + ".phone", "invalid-format", "must be a 10-digit phone number")
        if value.email is not None:
            self.text(path + ".email", value.email, 256)
            if not _EMAIL.fullmatch(value.email.strip()):
                self.error(path + ".email", "invalid-format", "must be an email address")

    def taxonomy(self, path: str, value: str | None) -> None:
        if value is not None and not _TAXONOMY.fullmatch(value.strip().upper()):
            self.error(
                path,
                "invalid-format",
                "a taxonomy code is 10 characters: 3 digits, 6 letters or digits, X",
            )

    def billing(self, path: str, value: BillingProvider) -> None:
        self.ident(path + ".npi", value.npi, npi)
        self.ident(path + ".tax_id", value.tax_id, tax_id)
        self.code(
            path + ".tax_id_type", value.tax_id_type, frozenset({"EIN", "SSN"}), "tax id type"
        )
        if value.organization_name is not None:
            self.text(path + ".organization_name", value.organization_name, 60)
            if value.last_name is not None or value.first_name is not None:
                self.error(
                    path,
                    "conflicting-fields",
                    "give organization_name or last_name/first_name, not both",
                )
        elif value.last_name is None:
            self.error(
                path + ".organization_name",
                "missing-field",
                "an organization_name or a last_name is required",
            )
        else:
            self.text(path + ".last_name", value.last_name, 60)
            self.text(path + ".first_name", value.first_name, 35, required=False)
        self.taxonomy(path + ".taxonomy_code", value.taxonomy_code)
        self.address(path + ".address", value.address, nine_digit_zip=True)
        if value.contact is not None:
            self.contact(path + ".contact", value.contact)

    def provider(self, path: str, value: Provider) -> None:
        self.ident(path + ".npi", value.npi, npi)
        self.text(path + ".last_name", value.last_name, 60)
        self.text(path + ".first_name", value.first_name, 35, required=False)
        self.text(path + ".middle_name", value.middle_name, 25, required=False)
        self.taxonomy(path + ".taxonomy_code", value.taxonomy_code)

    def facility(self, path: str, value: ServiceFacility) -> None:
        self.text(path + ".name", value.name, 60)
        if value.npi is not None:
            self.ident(path + ".npi", value.npi, npi)
        self.address(path + ".address", value.address, nine_digit_zip=True)

    def person_names(self, path: str, value: Subscriber | Patient) -> None:
        self.text(path + ".last_name", value.last_name, 60)
        self.text(path + ".first_name", value.first_name, 35, required=False)
        self.text(path + ".middle_name", value.middle_name, 25, required=False)

    def demographics(
        self, path: str, birth: dt.date | None, sex: str | None, first_service: dt.date | None
    ) -> None:
        self.date(path + ".birth_date", birth)
        if birth is not None and first_service is not None and birth > first_service:
            self.error(
                path + ".birth_date", "out-of-range", "must not be after the first date of service"
            )
        if sex is None:
            self.error(path + ".sex", "missing-field", "is required")
        else:
            self.code(path + ".sex", sex, _SEXES, "sex")

    def subscriber(
        self, path: str, value: Subscriber, is_patient: bool, first_service: dt.date | None
    ) -> None:
        if _plain_subscriber(value, is_patient, first_service):
            return
        self.text(path + ".member_id", value.member_id, 80, min_len=2)
        self.person_names(path, value)
        self.text(path + ".group_number", value.group_number, 50, required=False)
        if is_patient:
            # 2010BA DMG and N3/N4 are required when the subscriber is the patient.
            self.demographics(path, value.birth_date, value.sex, first_service)
            self.address(path + ".address", value.address)
        else:
            if value.birth_date is not None or value.sex is not None:
                self.date(path + ".birth_date", value.birth_date, required=False)
                if value.sex is not None:
                    self.code(path + ".sex", value.sex, _SEXES, "sex")
                if value.birth_date is None or value.sex is None:
                    self.error(path, "missing-field", "birth_date and sex are sent together (DMG)")
            if value.address is not None:
                self.address(path + ".address", value.address)

    def patient(self, path: str, value: Patient, first_service: dt.date | None) -> None:
        self.person_names(path, value)
        self.demographics(path, value.birth_date, value.sex, first_service)
        self.address(path + ".address", value.address)
        self.ident(path + ".relationship_code", value.relationship_code, relationship)

    def payer(self, path: str, value: ClaimPayer) -> None:
        self.text(path + ".name", value.name, 60)
        self.text(path + ".payer_id", value.payer_id, 80, min_len=2)
        if value.address is not None:
            self.address(path + ".address", value.address)

    def accident(self, path: str, value: Accident) -> None:
        causes = value.related_causes
        if not 1 <= len(causes) <= 2:
            self.error(
                path + ".related_causes",
                "invalid-length",
                "must list 1 or 2 related causes (CLM11-1, CLM11-2)",
            )
        for i, cause in enumerate(causes):
            self.code(f"{path}.related_causes[{i}]", cause, _CAUSES, "related cause")
        if len(set(causes)) != len(causes):
            self.error(path + ".related_causes", "duplicate", "must not repeat a cause")
        if "AA" in causes:
            self.ident(path + ".state", value.state, state)
        elif value.state is not None:
            self.error(path + ".state", "unexpected-field", "is sent only for auto accidents (AA)")
        if ("AA" in causes or "OA" in causes) and value.date is None:
            self.error(path + ".date", "missing-field", "is required for an accident (AA or OA)")
        self.date(path + ".date", value.date, required=False)

    def line(self, path: str, value: ServiceLine, n_diagnoses: int, claim_pos: str) -> None:
        # Called only when the fast path _plain_line has said no.
        self.ident(path + ".procedure_code", value.procedure_code, procedure_code)
        if len(value.modifiers) > modifier.MAX_MODIFIERS:
            self.error(
                path + ".modifiers",
                "invalid-length",
                f"a service line takes at most {modifier.MAX_MODIFIERS} modifiers",
            )
        for i, mod in enumerate(value.modifiers):
            self.ident(f"{path}.modifiers[{i}]", mod, modifier)
        self.amount(path + ".charge", value.charge, places=2, positive=False)
        self.amount(path + ".units", value.units, places=3, positive=True)
        self.code(path + ".unit_type", value.unit_type, _UNIT_TYPES, "unit type")
        if value.place_of_service is not None:
            self.ident(path + ".place_of_service", value.place_of_service, place_of_service)
        pointers = value.diagnosis_pointers
        if not 1 <= len(pointers) <= MAX_POINTERS:
            self.error(
                path + ".diagnosis_pointers",
                "invalid-length",
                f"must hold 1 to {MAX_POINTERS} diagnosis pointers",
            )
        for i, pointer in enumerate(pointers):
            if not 1 <= pointer <= n_diagnoses:
                self.error(
                    f"{path}.diagnosis_pointers[{i}]",
                    "pointer-out-of-range",
                    f"must point into diagnosis_codes (1 to {n_diagnoses})",
                )
        if len(set(pointers)) != len(pointers):
            self.error(path + ".diagnosis_pointers", "duplicate", "must not repeat a pointer")
        self.date(path + ".service_date", value.service_date)
        if value.service_date_end is not None:
            self.date(path + ".service_date_end", value.service_date_end)
            if value.service_date_end < value.service_date:
                self.error(
                    path + ".service_date_end", "out-of-range", "must not be before service_date"
                )
        self.text(path + ".line_control_number", value.line_control_number, 50, required=False)
        self.text(path + ".notes", value.notes, 80, required=False)
        if value.ndc is not None:
            if not _NDC.fullmatch(value.ndc.strip()):
                self.error(
                    path + ".ndc",
                    "invalid-format",
                    "an NDC has 11 digits, written NNNNNNNNNNN or NNNNN-NNNN-NN",
                )
            if value.ndc_quantity is None:
                self.error(path + ".ndc_quantity", "missing-field", "is required with ndc")
            else:
                self.amount(path + ".ndc_quantity", value.ndc_quantity, places=3, positive=True)
            self.code(path + ".ndc_unit", value.ndc_unit, _NDC_UNITS, "drug unit")
        elif value.ndc_quantity is not None:
            self.error(path + ".ndc_quantity", "unexpected-field", "is sent only with ndc")
        if value.rendering_provider is not None:
            self.record(path, ".rendering_provider", value.rendering_provider, _Checker.provider)

    def claim_fields(self, path: str, e: Encounter) -> None:
        """The claim's own scalar fields (CLM, 2300 DTP/REF/NTE, SBR01/SBR09, 2010AB)."""
        self.text(path + ".claim_id", e.claim_id, 38)
        self.code(path + ".frequency_code", e.frequency_code, _FREQUENCIES, "claim frequency")
        if e.frequency_code in ("7", "8"):
            if e.original_claim_id is None:
                self.error(
                    path + ".original_claim_id",
                    "missing-field",
                    "is required for a replacement (7) or void (8) claim",
                )
            else:
                self.text(path + ".original_claim_id", e.original_claim_id, 50)
        elif e.original_claim_id is not None:
            self.error(
                path + ".original_claim_id",
                "unexpected-field",
                "is sent only with frequency_code 7 or 8",
            )
        self.ident(path + ".place_of_service", e.place_of_service, place_of_service)
        self.code(
            path + ".claim_filing_indicator",
            e.claim_filing_indicator,
            _FILING,
            "claim filing indicator",
        )
        self.code(
            path + ".payer_responsibility",
            e.payer_responsibility,
            _RESPONSIBILITY,
            "payer responsibility",
        )
        if e.pay_to_address is not None:
            self.address(path + ".pay_to_address", e.pay_to_address)
        self.text(path + ".prior_authorization", e.prior_authorization, 50, required=False)
        self.text(path + ".referral_number", e.referral_number, 50, required=False)
        self.date(path + ".onset_date", e.onset_date, required=False)
        if e.accident is not None:
            self.accident(path + ".accident", e.accident)
        self.text(path + ".notes", e.notes, 80, required=False)
        self.code(path + ".assignment", e.assignment, _ASSIGNMENTS, "assignment")
        self.code(
            path + ".benefits_assignment", e.benefits_assignment, _BENEFITS, "benefits assignment"
        )
        self.code(
            path + ".release_of_information",
            e.release_of_information,
            _RELEASES,
            "release of information",
        )

    def encounter(self, path: str, e: Encounter) -> None:
        if not _plain_claim(e):
            self.claim_fields(path, e)
        self.record(path, ".billing_provider", e.billing_provider, _Checker.billing)
        if e.rendering_provider is not None:
            self.record(path, ".rendering_provider", e.rendering_provider, _Checker.provider)
        if e.referring_provider is not None:
            self.record(path, ".referring_provider", e.referring_provider, _Checker.provider)
        if e.service_facility is not None:
            self.record(path, ".service_facility", e.service_facility, _Checker.facility)
        lines = e.service_lines
        first_service = min((ln.service_date for ln in lines), default=None)
        self.subscriber(path + ".subscriber", e.subscriber, e.patient is None, first_service)
        if e.patient is not None:
            self.patient(path + ".patient", e.patient, first_service)
        self.record(path, ".payer", e.payer, _Checker.payer)
        n_dx = len(e.diagnosis_codes)
        if not 1 <= n_dx <= MAX_DIAGNOSES:
            self.error(
                path + ".diagnosis_codes",
                "invalid-length",
                f"must hold 1 to {MAX_DIAGNOSES} diagnosis codes (HI01..HI12)",
            )
        codes = e.diagnosis_codes
        for i, dx in enumerate(() if _GOOD_DIAGNOSES.issuperset(codes) else codes):
            if dx not in _GOOD_DIAGNOSES:
                if isinstance(dx, str) and _FAST_ICD(dx):
                    if len(_GOOD_DIAGNOSES) >= 1 << 16:
                        _GOOD_DIAGNOSES.clear()
                    _GOOD_DIAGNOSES.add(dx)
                else:
                    self.ident(f"{path}.diagnosis_codes[{i}]", dx, icd10cm)
        if not 1 <= len(lines) <= MAX_LINES:
            self.error(
                path + ".service_lines",
                "invalid-length",
                f"a claim must have 1 to {MAX_LINES} service lines (loop 2400 limit)",
            )
        extras = bool(e.extra_segments)
        total = Decimal(0)
        for i, line in enumerate(lines[:MAX_LINES]):
            total += line.charge
            extras = extras or bool(line.extra_segments)
            if not _plain_line(line, n_dx):
                self.line(f"{path}.service_lines[{i}]", line, n_dx, e.place_of_service)
        if len(lines) > MAX_LINES:  # reported above; the rest still counts
            total = e.total_charge
            extras = extras or any(line.extra_segments for line in lines)
        if total > _MAX_AMOUNT:
            self.error(path + ".service_lines", "out-of-range", "the total charge is too large")
        if e.other_payers:
            check_other_payers(
                path,
                e.other_payers,
                payer_responsibility=e.payer_responsibility,
                line_charges=[line.charge for line in lines],
                claim_charge=e.total_charge,
                checker=self,
            )
        if extras:
            # Read from a file, kept for auditing: build_837p writes only the model's fields.
            self.issues.append(
                Issue(
                    Severity.WARNING,
                    "extra-segments-not-written",
                    "segments kept from a read file are not written by the builder",
                    path=path + ".extra_segments",
                )
            )


def check_encounter(encounter: Encounter, path: str = "encounter") -> list[Issue]:
    """Every broken rule of one encounter, as issues with paths under ``path``."""
    checker = _Checker()
    checker.encounter(path, encounter)
    return checker.issues


def check_encounters(encounters: Iterable[Encounter], *, path: str = "encounters") -> list[Issue]:
    """Every broken rule of every encounter (paths ``encounters[i]...``).

    Also warns about claim ids used twice in one batch: the 835 echoes CLM01 in CLP01.
    """
    checker = _Checker()
    seen: dict[str, int] = {}
    for index, encounter in enumerate(encounters):
        item = f"{path}[{index}]"
        checker.encounter(item, encounter)
        key = encounter.claim_id.strip()
        if key in seen:
            # A warning, not an error: payers accept it, but 835 matching on CLP01 gets harder.
            checker.issues.append(
                Issue(
                    Severity.WARNING,
                    "duplicate-claim-id",
                    f"is also used by {path}[{seen[key]}]",
                    path=item + ".claim_id",
                )
            )
        else:
            seen[key] = index
    return checker.issues
