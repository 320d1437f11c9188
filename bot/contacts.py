"""Local contacts of the deploying NGO, read from ``data/contacts.yml`` (empty by default)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.language import ROOT

CONTACTS_FILE = ROOT / "data" / "contacts.yml"
ROLES = ("guardian", "social_worker", "youth_worker", "teacher", "doctor", "lawyer", "ngo")


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    phone: str | None = None
    url: str | None = None
    address_hint: str | None = None
    hours: str | None = None
    languages: tuple[str, ...] = ()


def load_contacts(path: Path = CONTACTS_FILE) -> list[Contact]:
    """Read on every call: an NGO's edit shows at once."""
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("contacts") or []
    contacts = []
    for index, entry in enumerate(entries):
        unknown = set(entry) - set(Contact.__dataclass_fields__)
        if unknown or entry.get("role") not in ROLES or not entry.get("name"):
            raise ValueError(f"{path}: contact {index + 1} is not valid (role must be one of {ROLES})")
        values = {**entry, "languages": tuple(entry.get("languages") or ())}
        if values.get("phone") is not None:
            values["phone"] = str(values["phone"])
        contacts.append(Contact(**values))
    return contacts
