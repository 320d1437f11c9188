"""Country names in every supported language, from Babel's territory data, plus a few aliases.

Finds countries in a message ("im in alemania", "Angleterre", "UK") and normalizes them to
ISO 3166 alpha-2 codes; names a country in the user's language.
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

from bot.language import ROOT, load_settings

ALIASES_FILE = ROOT / "data" / "country_aliases.yml"

_GERMAN_SPELLINGS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class CountryMention:
    code: str
    start: int
    end: int
    text: str


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """Lower-case, accent-free text with non-alphanumerics as spaces, and for every folded
    character the index of the original character it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKD", char.casefold()):
            if unicodedata.combining(piece):
                continue
            folded.append(piece if piece.isalnum() else " ")
            origin.append(index)
    return "".join(folded), origin


def _fold(text: str) -> str:
    return " ".join(_fold_with_positions(text)[0].split())


def _spellings(name: str) -> set[str]:
    """ "Österreich" is also written "Oesterreich" and "Osterreich"."""
    return {_fold(name), _fold(name.casefold().translate(_GERMAN_SPELLINGS))} - {""}


class CountryNames:
    """An index of country names for a set of languages."""

    def __init__(self, languages: Iterable[str], aliases_file: Path = ALIASES_FILE) -> None:
        config = yaml.safe_load(aliases_file.read_text(encoding="utf-8")) or {}
        ignored = {_fold(name) for name in config.get("ignored") or ()}
        self._exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for language in languages:
            for code, name in Locale.parse(language).territories.items():
                if len(code) == 2 and code.isalpha() and code != "ZZ":
                    for spelling in _spellings(name):
                        if spelling not in ignored:
                            folded.setdefault(spelling, code)
        case_sensitive = set(config.get("case_sensitive") or ())
        for code, names in (config.get("aliases") or {}).items():
            for name in names:
                if name in case_sensitive:
                    self._exact[name] = code
                else:
                    for spelling in _spellings(name):
                        folded[spelling] = code
        self._folded = folded
        longest_first = sorted(folded, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(n) for n in longest_first) + r")(?![a-z0-9])")
        self._exact_pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, self._exact)) + r")(?!\w)") if self._exact else None
        )

    def find(self, text: str) -> list[CountryMention]:
        """Every country named in `text`, in order, with its position in the original text."""
        folded, origin = _fold_with_positions(text)
        # The pattern works on single spaces; collapse runs while keeping the positions.
        squeezed: list[str] = []
        positions: list[int] = []
        for char, index in zip(folded, origin, strict=True):
            if char == " " and squeezed and squeezed[-1] == " ":
                continue
            squeezed.append(char)
            positions.append(index)
        squeezed_text = "".join(squeezed)
        mentions = []
        for match in self._pattern.finditer(squeezed_text):
            start, end = positions[match.start()], positions[match.end() - 1] + 1
            mentions.append(CountryMention(self._folded[match.group(1)], start, end, text[start:end]))
        if self._exact_pattern:
            for match in self._exact_pattern.finditer(text):
                if not any(m.start <= match.start() < m.end for m in mentions):
                    mentions.append(
                        CountryMention(self._exact[match.group(1)], match.start(), match.end(), match.group(1))
                    )
        return sorted(mentions, key=lambda m: m.start)

    def code(self, name: str) -> str | None:
        """The ISO code of one country name, or None."""
        found = self.find(name)
        return found[0].code if found else None


@functools.cache
def country_names() -> CountryNames:
    """The index for the supported languages (built once per process)."""
    return CountryNames(load_settings().supported)


def country_name(code: str, language: str) -> str:
    """A country named in a language: ("DE", "fr") -> "Allemagne"."""
    return Locale.parse(language).territories.get(code.upper(), code)
