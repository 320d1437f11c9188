"""Offline language identification of one short, informal message.

Two signals, chosen by measurement on the held-out messages (see ``make bench``):
- langidentify (n-grams and top words, model inside its PyPI package) for messages of four words
  or more, loaded with the supported languages and the ones NGOs are likely to add, so that an
  Italian message is "it", not forced into Spanish;
- for shorter messages ("slt", "moin", "idk bro"), where every library guesses, a vote of the
  words against the vocabulary of Faro's own training data in each supported language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.language import Detection, LanguageSettings, fold

SHORT_MESSAGE_WORDS = 3
# langidentify's score gap between its first and second language; below it we call it unsure.
MIN_GAP = 0.05
# Log-likelihood margin of the vocabulary vote between its first and second language.
MIN_VOTE_MARGIN = 2.0

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def read_vocabulary(nlu_dir: Path, languages: Iterable[str]) -> dict[str, dict[str, int]]:
    """Word counts per language from the training examples in ``<nlu_dir>/<language>/*.yml``."""
    vocabulary: dict[str, dict[str, int]] = {}
    for language in languages:
        counts: Counter[str] = Counter()
        for path in sorted((nlu_dir / language).glob("*.yml")):
            for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or ():
                for line in str(block.get("examples", "")).splitlines():
                    counts.update(words(line.lstrip("- ")))
        vocabulary[language] = dict(counts)
    return vocabulary


@dataclass(frozen=True)
class _Vote:
    language: str | None
    margin: float


class VocabularyVote:
    """Naive Bayes over words, trained on the bot's own examples in each supported language."""

    def __init__(self, vocabulary: Mapping[str, Mapping[str, int]]) -> None:
        self._counts = {lang: dict(c) for lang, c in vocabulary.items() if c}
        self._totals = {lang: sum(c.values()) for lang, c in self._counts.items()}
        self._size = len({w for c in self._counts.values() for w in c}) or 1

    def vote(self, tokens: list[str]) -> _Vote:
        known = [t for t in tokens if any(t in c for c in self._counts.values())]
        if not known or len(self._counts) < 2:
            return _Vote(None, 0.0)
        scores = {
            lang: sum(math.log((counts.get(t, 0) + 0.1) / (self._totals[lang] + 0.1 * self._size)) for t in known)
            for lang, counts in self._counts.items()
        }
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        return _Vote(ranked[0][0], ranked[0][1] - ranked[1][1])


class LanguageIdentifier:
    """Detects the language of a message among the supported and the "also detected" ones."""

    def __init__(self, settings: LanguageSettings, vocabulary: Mapping[str, Mapping[str, int]]) -> None:
        from langidentify import Detector, Language, Model

        known = [c for c in settings.detectable if _langidentify_knows(Language, c)]
        self._detector = Detector(Model.load(Language.from_comma_separated(",".join(known))))
        self._vote = VocabularyVote(vocabulary)
        self.settings = settings

    def ngram_guess(self, text: str) -> tuple[str | None, float]:
        """langidentify's language and score gap for a text."""
        language = self._detector.detect(text)
        code = getattr(language, "iso_code", None)
        if not code or language.name == "UNKNOWN":
            return None, 0.0
        return _iso(code), float(self._detector.results.gap)

    def detect(self, text: str) -> Detection:
        tokens = words(text)
        if not tokens:
            return Detection(None, False, 0)
        if len(tokens) <= SHORT_MESSAGE_WORDS:
            vote = self._vote.vote(tokens)
            language, gap = self.ngram_guess(text)
            if vote.language and (vote.margin >= MIN_VOTE_MARGIN or (vote.language == language and vote.margin > 0)):
                return Detection(vote.language, True, len(tokens))
            # Words the bot never saw: trust only a non-Latin script ("привет", "مرحبا").
            non_latin = language not in self.settings.supported and not _is_latin(text)
            return Detection(language, bool(language) and non_latin and gap >= MIN_GAP, len(tokens))
        language, gap = self.ngram_guess(text)
        if language and gap >= MIN_GAP:
            return Detection(language, True, len(tokens))
        # n-grams unsure ("hola tio q tal" read as Portuguese): the bot's own vocabulary decides.
        vote = self._vote.vote(tokens)
        if vote.language and vote.margin >= MIN_VOTE_MARGIN:
            return Detection(vote.language, True, len(tokens))
        return Detection(language, False, len(tokens))


def _langidentify_knows(language_enum, code: str) -> bool:
    try:
        language_enum.from_comma_separated(code)
        return True
    except Exception:  # an unknown code: the library raises its own error types
        return False


def _iso(code: str) -> str:
    return code.split("-")[0].split("_")[0].lower()


def _is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("LATIN" in unicodedata.name(c, "") for c in letters) * 2 >= len(letters)
