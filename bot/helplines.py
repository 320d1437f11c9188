"""Emergency numbers and helplines by country, read from ``data/helplines.yml``."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.language import ROOT

HELPLINES_FILE = ROOT / "data" / "helplines.yml"


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    source: str
    checked: dt.date
    verified: bool = True
    kind: str = "general"


@dataclass(frozen=True)
class Service:
    name: str
    kind: str
    source: str
    checked: dt.date
    verified: bool = True
    phone: str | None = None
    sms: str | None = None
    whatsapp: str | None = None
    url: str | None = None
    hours: str | dict | None = None  # "24/7" or {days: [first, last], from: "HH:MM", to: "HH:MM"}
    free: bool = False
    anonymous: bool = False
    languages: tuple[str, ...] = ()

    @property
    def open_24_7(self) -> bool:
        return self.hours == "24/7"


@dataclass(frozen=True)
class CountryHelp:
    emergency: tuple[EmergencyNumber, ...]
    services: tuple[Service, ...] = field(default_factory=tuple)

    @property
    def emergency_number(self) -> str | None:
        """The general emergency number to give first: the country's own, verified one."""
        general = [e for e in self.emergency if e.verified and e.kind == "general"]
        return general[0].number if general else None

    def services_of_kind(self, kind: str) -> list[Service]:
        """Services of one kind, verified ones first (unverified are never the first choice)."""
        found = [s for s in self.services if s.kind == kind]
        return sorted(found, key=lambda s: not s.verified)


@dataclass(frozen=True)
class Helplines:
    europe: CountryHelp
    countries: dict[str, CountryHelp]

    def for_country(self, code: str | None) -> CountryHelp | None:
        return self.countries.get(code.upper()) if code else None

    def emergency_number(self, code: str | None) -> str:
        """The country's emergency number; the Europe-wide one when the country is unknown."""
        country = self.for_country(code)
        return (country and country.emergency_number) or self.europe.emergency_number

    def emergency_numbers(self, code: str | None) -> list[str]:
        """Every verified general emergency number of the country (999 and 112 in the UK)."""
        country = self.for_country(code) or self.europe
        numbers = [e.number for e in country.emergency if e.verified and e.kind == "general"]
        return numbers or [e.number for e in self.europe.emergency if e.verified]

    def child_helpline(self, code: str | None) -> Service | None:
        """The first verified child helpline with a phone number, if the country has one."""
        country = self.for_country(code)
        found = [s for s in country.services_of_kind("child_helpline") if s.verified and s.phone] if country else []
        return found[0] if found else None

    def crisis_line(self, code: str | None) -> Service | None:
        """For self-harm: the country's verified crisis line, else its child helpline."""
        country = self.for_country(code)
        found = [s for s in country.services_of_kind("crisis") if s.verified and s.phone] if country else []
        return found[0] if found else self.child_helpline(code)

    @property
    def missing_children_number(self) -> str:
        return self.europe.services_of_kind("missing_children")[0].phone


def _emergency(entry: dict) -> EmergencyNumber:
    return EmergencyNumber(
        number=str(entry["number"]),
        source=entry["source"],
        checked=entry["checked"],
        verified=bool(entry.get("verified", False)),
        kind=entry.get("kind", "general"),
    )


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def valid_hours(hours: object) -> bool:
    """None, "24/7", or {days: [first, last], from: "HH:MM", to: "HH:MM"}."""
    if hours is None or hours == "24/7":
        return True
    return (
        isinstance(hours, dict)
        and set(hours) == {"days", "from", "to"}
        and len(hours["days"]) == 2
        and all(day in DAYS for day in hours["days"])
        and all(_TIME.match(str(hours[key])) for key in ("from", "to"))
    )


def _check_hours(name: str, hours: object) -> None:
    if not valid_hours(hours):
        raise ValueError(f'helpline {name!r}: hours must be "24/7" or {{days: [mon, sat], from: HH:MM, to: HH:MM}}')


def _service(entry: dict) -> Service:
    known = {f for f in Service.__dataclass_fields__}
    unknown = set(entry) - known
    if unknown:
        raise ValueError(f"helpline {entry.get('name')!r} has unknown fields {sorted(unknown)}")
    values = dict(entry)
    values["languages"] = tuple(values.get("languages") or ())
    for contact in ("phone", "sms", "whatsapp"):
        if values.get(contact) is not None:
            values[contact] = str(values[contact])
    values["verified"] = bool(values.get("verified", False))
    values["name"] = str(values["name"])
    _check_hours(values.get("name", "?"), values.get("hours"))
    return Service(**values)


def _country(entry: dict) -> CountryHelp:
    return CountryHelp(
        emergency=tuple(_emergency(e) for e in entry.get("emergency") or ()),
        services=tuple(_service(s) for s in entry.get("services") or ()),
    )


@functools.cache
def load_helplines(path: Path = HELPLINES_FILE) -> Helplines:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Helplines(
        europe=_country(data["europe"]),
        countries={code.upper(): _country(entry) for code, entry in data["countries"].items()},
    )


# Which services to show, and how (shared by the action server and the Telegram bot).

MIN_SERVICES, MAX_SERVICES = 2, 3

# The kinds of service to show first, by the last worry the user talked about.
KINDS_BY_TOPIC = {
    "risk_image_request": ("online_abuse", "image_removal", "child_helpline"),
    "risk_job_offer": ("trafficking", "child_helpline"),
    "risk_travel_offer": ("trafficking", "child_helpline"),
    "risk_debt": ("trafficking", "child_helpline"),
    "emergency": ("child_helpline", "victims", "trafficking"),
}
# No risk talked about yet: someone to talk to first, then the lines for what Faro is about.
DEFAULT_KINDS = ("child_helpline", "trafficking", "online_abuse")


def choose_services(country: CountryHelp, europe: CountryHelp, topic: str | None) -> list[Service]:
    """2–3 verified services: one of each kind that fits the topic, in that order, then other
    verified services of the country. Europe-wide entries only where they work from anywhere
    (Take It Down): 116 000 is not confirmed for every country."""
    kinds = KINDS_BY_TOPIC.get(topic, DEFAULT_KINDS)
    chosen: list[Service] = []
    for kind in kinds:
        found = [s for s in country.services_of_kind(kind) if s.verified]
        if not found and kind == "image_removal":
            found = [s for s in europe.services_of_kind(kind) if s.verified]  # Take It Down
        chosen.extend(s for s in found[:1] if s not in chosen)
    for service in (s for s in country.services if s.verified):
        if len(chosen) >= MIN_SERVICES:
            break
        if service not in chosen and service.kind not in {s.kind for s in chosen}:
            chosen.append(service)
    return chosen[:MAX_SERVICES]


def service_variables(service: Service) -> dict[str, Any]:
    """The variables of the ``utter_helpline_service`` response for one service."""
    return {"name": service.name, "ways": ways_to_reach(service), "features": service_features(service)}


def ways_to_reach(service: Service) -> list[list[str]]:
    """[label key, value] pairs for the locales: call, text, WhatsApp, online."""
    ways = [["way_call", service.phone], ["way_text", service.sms], ["way_whatsapp", service.whatsapp]]
    ways.append(["way_web", service.url.removeprefix("https://")] if service.url else ["way_web", None])
    return [[key, value] for key, value in ways if value]


def service_features(service: Service) -> list:
    features: list = [name for name in ("free", "anonymous") if getattr(service, name)]
    if service.open_24_7:
        features.append("open_24_7")
    elif service.hours:
        features.append(["open_hours", service.hours])
    return features
