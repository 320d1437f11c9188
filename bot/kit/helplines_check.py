"""`python -m bot helplines check`: is data/helplines.yml safe to ship?

Adding a country is one entry in data/helplines.yml. This check reads the file as an NGO wrote it
and reports, with the line of each entry: errors (the file cannot be shipped: a number without a
source or a check date, a field or kind Faro does not know, a number that cannot be a phone number
of that country) and warnings (a check date older than 12 months, a number the phonenumbers
library does not know for that country, a number written differently from how the library
formats it). Numbers are parsed and formatted by Google's libphonenumber (the `phonenumbers`
package), never by hand-written rules.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberFormat, shortnumberinfo

from bot.helplines import HELPLINES_FILE, EmergencyNumber, Service, valid_hours
from bot.kit.report import Report, yaml_with_lines

KINDS = ("child_helpline", "missing_children", "trafficking", "online_abuse", "image_removal", "crisis", "victims")
EMERGENCY_KINDS = ("general", "police", "ambulance", "fire")
EMERGENCY_FIELDS = set(EmergencyNumber.__dataclass_fields__) | {"kind"}
SERVICE_FIELDS = set(Service.__dataclass_fields__)
CONTACTS = ("phone", "sms", "whatsapp")
REQUIRED_SERVICE = ("name", "kind", "source", "checked")
MAX_AGE = dt.timedelta(days=365)
MAX_SHORT_DIGITS = 6


def check_helplines(path: Path = HELPLINES_FILE, today: dt.date | None = None) -> Report:
    today = today or dt.date.today()
    report = Report()
    data, lines = yaml_with_lines(path)
    if not isinstance(data, dict) or "countries" not in data or "europe" not in data:
        report.error(path, 1, "the file needs the two sections europe: and countries:")
        return report
    countries = data.get("countries") or {}
    regions = [str(code).upper() for code in countries]
    _check_entry(report, path, lines, ("europe",), data["europe"], regions, today)
    for code, entry in countries.items():
        where = ("countries", code)
        if not re.fullmatch(r"[A-Z]{2}", str(code)) or str(code) not in phonenumbers.SUPPORTED_REGIONS:
            report.error(path, lines.get(where, 1), f"{code}: not an ISO 3166 country code (two capital letters)")
            continue
        _check_entry(report, path, lines, where, entry, [str(code)], today)
        if not any(e.get("kind", "general") == "general" and e.get("verified") for e in entry.get("emergency") or ()):
            report.error(path, lines.get(where, 1), f"{code}: no verified general emergency number")
    return report


def _check_entry(report: Report, path: Path, lines, where, entry: Any, regions: list[str], today: dt.date) -> None:
    if not isinstance(entry, dict):
        report.error(path, lines.get(where, 1), f"{'.'.join(map(str, where))}: must have emergency: and services:")
        return
    for index, number in enumerate(entry.get("emergency") or ()):
        place = (*where, "emergency", index)
        line = lines.get(place, 1)
        label = f"{'.'.join(map(str, where))}: emergency number {number.get('number')!r}"
        _unknown_fields(report, path, line, label, number, EMERGENCY_FIELDS)
        if number.get("kind", "general") not in EMERGENCY_KINDS:
            report.error(path, line, f"{label}: kind must be one of {', '.join(EMERGENCY_KINDS)}")
        _check_source(report, path, line, label, number, today)
        _check_number(report, path, line, label, str(number.get("number", "")), regions)
    for index, service in enumerate(entry.get("services") or ()):
        place = (*where, "services", index)
        line = lines.get(place, 1)
        label = f"{'.'.join(map(str, where))}: {service.get('name', 'a service')!r}"
        _unknown_fields(report, path, line, label, service, SERVICE_FIELDS)
        for field in REQUIRED_SERVICE:
            if not service.get(field):
                report.error(path, line, f"{label}: {field} is missing")
        if service.get("kind") and service["kind"] not in KINDS:
            report.error(path, line, f"{label}: kind {service['kind']!r} is not one of {', '.join(KINDS)}")
        if not any(service.get(c) for c in (*CONTACTS, "url")):
            report.error(path, line, f"{label}: no phone, sms, whatsapp or url: nobody can reach it")
        _check_hours(report, path, line, label, service.get("hours"))
        _check_source(report, path, line, label, service, today)
        for contact in CONTACTS:
            if service.get(contact):
                _check_number(report, path, lines.get((*place, contact), line), label, str(service[contact]), regions)


def _unknown_fields(report: Report, path: Path, line: int, label: str, entry: dict, known: set[str]) -> None:
    unknown = sorted(set(entry) - known)
    if unknown:
        report.error(path, line, f"{label}: unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")


def _check_source(report: Report, path: Path, line: int, label: str, entry: dict, today: dt.date) -> None:
    source, checked = entry.get("source"), entry.get("checked")
    if not (isinstance(source, str) and source.startswith("https://")):
        report.error(path, line, f"{label}: source must be the https:// address that states the number")
    if not isinstance(checked, dt.date):
        report.error(path, line, f"{label}: checked must be the date it was checked at the source (YYYY-MM-DD)")
    elif checked > today:
        report.error(path, line, f"{label}: checked {checked} is in the future")
    elif today - checked > MAX_AGE:
        report.warning(path, line, f"{label}: checked {checked}, more than 12 months ago: check it again at its source")


def _check_hours(report: Report, path: Path, line: int, label: str, hours: Any) -> None:
    if not valid_hours(hours):
        report.error(path, line, f'{label}: hours must be "24/7" or {{days: [mon, sat], from: "HH:MM", to: "HH:MM"}}')


def _check_number(report: Report, path: Path, line: int, label: str, written: str, regions: list[str]) -> None:
    """A number must be a possible number of the country (or of one country, for Europe-wide
    entries); one the library does not list, or writes differently, is a warning."""
    verdicts = [number_verdict(written, region) for region in regions]
    if not any(v.possible for v in verdicts):
        if len(re.sub(r"\D", "", written)) <= MAX_SHORT_DIGITS:
            # Short codes are set by each country's regulator, and libphonenumber does not list
            # them all (Greece's 1056): a human must confirm it at the source.
            report.warning(
                path,
                line,
                f"{label}: {written!r} is not among libphonenumber's short numbers for {regions[0]}: "
                "check it at its source",
            )
        else:
            report.error(path, line, f"{label}: {written!r} is not a possible phone number in {', '.join(regions)}")
        return
    if not any(v.valid for v in verdicts):
        report.warning(
            path, line, f"{label}: {written!r} is not in libphonenumber's list for {regions[0]}: check it at its source"
        )
        return
    verdict = next(v for v in verdicts if v.valid)
    if verdict.formats and written not in verdict.formats:
        report.warning(path, line, f"{label}: write {written!r} as {verdict.formats[0]!r}")


class Verdict:
    def __init__(self, possible: bool, valid: bool, formats: tuple[str, ...] = ()) -> None:
        self.possible, self.valid, self.formats = possible, valid, formats


def number_verdict(written: str, region: str) -> Verdict:
    """What libphonenumber says of a number as written for a country: possible, valid, and the
    forms it writes it in (national, international). Short numbers (112, 116 111) have no format."""
    try:
        number = phonenumbers.parse(written, region)
    except phonenumbers.NumberParseException:
        return Verdict(False, False)
    if phonenumbers.is_valid_number_for_region(number, region):
        formats = tuple(
            phonenumbers.format_number(number, f) for f in (PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL)
        )
        return Verdict(True, True, formats)
    if shortnumberinfo.is_valid_short_number_for_region(number, region):
        return Verdict(True, True)
    possible = phonenumbers.is_possible_number(number) or shortnumberinfo.is_possible_short_number_for_region(
        number, region
    )
    return Verdict(possible, False)
