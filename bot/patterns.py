"""Phrase patterns that NGOs write in the locales, for emergencies and warning signs.

A pattern is one line, matched against the message in lower case, without accents or punctuation;
a letter typed several times counts once ("HELPPPP!!" matches "help"), a digit does not (4000 ≠ 400):

    took my passport                 these words, in this order, next to each other
    enferm*                          any word starting with "enferm"
    (took|taken|stole*) my (passport|papers)   one of several words
    (he|she) ... (hit*|beat*) me     "..." allows 0 to 4 other words in between

Patterns are compiled once per version of the locale file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

GAP = "..."
_TOKENS = re.compile(r"\([^)]*\)|\S+")
# Letters typed three times or more count twice ("helppp" -> "helpp"); digits stay as they are:
# 4000 is not 400.
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_NOT_WORD = re.compile(r"[^\w*]+")


class PatternError(ValueError):
    """A pattern that cannot be compiled; the message says which and why."""


def normalize(text: str) -> str:
    """The form messages are matched in: "J'suis ENFERMÉÉÉ !!" -> "j suis enfermee"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[^\w]+", " ", plain)
    return " ".join(_REPEATS.sub(r"\1\1", plain).split())


def _word_regex(word: str) -> str:
    """One word of a pattern, possibly several after normalization ("j'ai" -> "j ai")."""
    pieces = [p for p in _NOT_WORD.sub(" ", normalize_keep_star(word)).split() if p]
    if not pieces:
        raise PatternError(f"empty word in pattern: {word!r}")
    return r"\s+".join(_letters(p[:-1]) + r"\w*" if p.endswith("*") else _letters(p) for p in pieces)


def _letters(word: str) -> str:
    """Each letter may be typed several times: "die" also matches "diee", "diiie". Digits are exact."""
    return "".join(re.escape(c) if c.isdigit() else re.escape(c) + "+" for c in word)


def normalize_keep_star(text: str) -> str:
    return " ".join(normalize(part) + ("*" if part.endswith("*") else "") for part in text.split())


def compile_pattern(pattern: str) -> re.Pattern:
    elements: list[str] = []
    for token in _TOKENS.findall(pattern.strip()):
        if token == GAP:
            if not elements or elements[-1] == GAP:
                raise PatternError(f"'...' must stand between two words: {pattern!r}")
            elements.append(GAP)
        elif token.startswith("(") and ("(" in token[1:] or not token.endswith(")")):
            raise PatternError(f"a choice (a|b) cannot hold another choice: {pattern!r}")
        elif not token.startswith("(") and ("(" in token or ")" in token):
            # "(for )?(me|her)" would silently become the words "me her": nothing is optional here.
            raise PatternError(
                f"a choice (a|b) must stand alone, between spaces (write two patterns "
                f"instead of an optional part): {pattern!r}"
            )
        elif token.startswith("(") and token.endswith(")"):
            alternatives = [a.strip() for a in token[1:-1].split("|") if a.strip()]
            if not alternatives:
                raise PatternError(f"empty choice () in pattern: {pattern!r}")
            elements.append("(?:" + "|".join(_word_regex(a) for a in alternatives) + ")")
        else:
            elements.append(_word_regex(token))
    if not elements or elements[-1] == GAP:
        raise PatternError(f"pattern must start and end with a word: {pattern!r}")
    regex = ""
    for index, element in enumerate(elements):
        if element == GAP:
            continue
        if index > 0:
            regex += r"\s+(?:\w+\s+){0,4}" if elements[index - 1] == GAP else r"\s+"
        regex += element
    return re.compile(r"(?<!\w)" + regex + r"(?!\w)")


@dataclass(frozen=True)
class Match:
    label: str  # the category or sign
    language: str
    pattern: str


class PatternSet:
    """Labelled patterns of several languages; finds which labels a message shows."""

    def __init__(self, patterns: dict[str, dict[str, list[str]]]) -> None:
        """`patterns`: {language: {label: [pattern, ...]}}."""
        self._compiled: list[tuple[str, str, str, re.Pattern]] = []
        for language, by_label in patterns.items():
            for label, lines in (by_label or {}).items():
                for line in lines or ():
                    try:
                        self._compiled.append((label, language, line, compile_pattern(str(line))))
                    except (PatternError, re.error) as error:
                        raise PatternError(f"{language}: {label}: {error}") from error

    def __len__(self) -> int:
        return len(self._compiled)

    def matches(self, text: str) -> list[Match]:
        """Every label whose patterns match, first match of each label, in pattern order."""
        normalized = normalize(text)
        found: dict[str, Match] = {}
        for label, language, line, regex in self._compiled:
            if label not in found and regex.search(normalized):
                found[label] = Match(label, language, line)
        return list(found.values())
