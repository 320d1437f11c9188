"""The languages Faro speaks and the rules that pick the language of a conversation.

Sources of the language, strongest first: an explicit choice of the user, the channel's metadata
(Telegram's ``language_code``) and offline detection of the message. A language that is already
established is not switched on a short message or on a detection the detector is unsure of.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES_FILE = ROOT / "data" / "languages.yml"

# Where the current language came from, weakest first.
SOURCE_DEFAULT = "default"
SOURCE_DETECTED = "detected"
SOURCE_METADATA = "metadata"
SOURCE_CHOICE = "choice"
_RANK = {None: 0, SOURCE_DEFAULT: 0, SOURCE_DETECTED: 1, SOURCE_METADATA: 2, SOURCE_CHOICE: 3}

# Below this many words a detection may set a first language but never switch an established one.
MIN_WORDS_TO_SWITCH = 4


@dataclass(frozen=True)
class LanguageSettings:
    supported: tuple[str, ...]
    default: str
    also_detected: tuple[str, ...]

    @property
    def detectable(self) -> tuple[str, ...]:
        return self.supported + tuple(c for c in self.also_detected if c not in self.supported)


@functools.cache
def load_settings(path: Path = LANGUAGES_FILE) -> LanguageSettings:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    supported = tuple(data["supported"])
    for code in supported:
        Locale.parse(code)  # a typo in the list fails loudly here, not in front of a user
    if data["default"] not in supported:
        raise ValueError(f"{path}: default language {data['default']!r} is not in 'supported'")
    return LanguageSettings(supported, data["default"], tuple(data.get("also_detected") or ()))


def negotiate(code: str | None, supported: Iterable[str]) -> str | None:
    """Map a channel's locale code ("fr_CA", "de-AT", "pt-BR") to a supported language or None."""
    if not code or not isinstance(code, str):
        return None
    code = code.strip().split(".")[0].split("@")[0].replace("-", "_")  # "fr_FR.UTF-8" -> "fr_FR"
    found = Locale.negotiate([code], list(supported))
    return str(found.language) if found else None


def autonym(code: str) -> str:
    """The name of a language in itself, as shown on its button: "Français", "Deutsch"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def fold(text: str) -> str:
    """Lower-case and strip accents, so "Français", "francais" and "FRANCAIS" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def _language_names(supported: tuple[str, ...]) -> dict[str, str]:
    """Every name of every supported language in every supported locale (Babel's data)."""
    names: dict[str, str] = {}
    for target in supported:
        for locale_code in supported:
            name = Locale.parse(locale_code).languages.get(target)
            if name:
                names[fold(name)] = target
    return names


def named_languages(text: str, supported: Iterable[str]) -> list[str]:
    """The supported languages named in a message, in the order they appear."""
    folded = fold(text)
    hits: list[tuple[int, str]] = []
    for name, code in _language_names(tuple(supported)).items():
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            hits.append((match.start(), code))
    ordered: list[str] = []
    for _, code in sorted(hits):
        if code not in ordered:
            ordered.append(code)
    return ordered


def requested_language(text: str, current: str | None, supported: Iterable[str]) -> str | None:
    """The language a user asks for ("can we speak Spanish", "no english, francais stp")."""
    named = named_languages(text, supported)
    others = [code for code in named if code != current]
    if others:
        # "I don't understand English, French please": the one that is not the current language.
        return others[-1]
    return named[0] if named else None


@dataclass(frozen=True)
class Detection:
    """What the offline detector says of one message."""

    language: str | None
    confident: bool
    words: int

    @classmethod
    def from_dict(cls, data: dict | None) -> Detection | None:
        if not data:
            return None
        return cls(data.get("language"), bool(data.get("confident")), int(data.get("words", 0)))


@dataclass(frozen=True)
class LanguageDecision:
    language: str
    source: str
    unsupported: bool = False


def decide_language(
    current: str | None,
    source: str | None,
    settings: LanguageSettings,
    *,
    chosen: str | None = None,
    metadata_code: str | None = None,
    detection: Detection | None = None,
) -> LanguageDecision:
    """Apply the language rules to one incoming message."""
    supported = settings.supported
    if chosen in supported:
        return LanguageDecision(chosen, SOURCE_CHOICE)
    if current not in supported:
        current, source = None, None
    if source == SOURCE_CHOICE:
        return LanguageDecision(current, source)

    from_metadata = negotiate(metadata_code, supported)
    if from_metadata and _RANK[source] <= _RANK[SOURCE_METADATA]:
        return LanguageDecision(from_metadata, SOURCE_METADATA)
    if source == SOURCE_METADATA:
        return LanguageDecision(current, source)

    established = source == SOURCE_DETECTED
    usable = detection is not None and detection.language and detection.confident
    if usable and (not established or detection.words >= MIN_WORDS_TO_SWITCH):
        if detection.language in supported:
            return LanguageDecision(detection.language, SOURCE_DETECTED)
        return LanguageDecision(settings.default, SOURCE_DEFAULT, unsupported=True)
    if current:
        return LanguageDecision(current, source)
    return LanguageDecision(settings.default, SOURCE_DEFAULT)
