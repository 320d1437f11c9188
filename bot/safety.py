"""Pattern lists of the locales (emergencies, warning signs), for every supported language at once:
a French conversation can paste an English offer, a German one can cry for help in Arabic."""

from __future__ import annotations

from bot.language import load_settings
from bot.locales import Locales
from bot.patterns import Match, PatternSet


class SafetyPatterns:
    """The patterns under one key of every supported locale, rebuilt when a locale file changes."""

    def __init__(self, key: str, locales: Locales | None = None) -> None:
        self.key = key
        self.locales = locales or Locales(default_language=load_settings().default)
        self._versions: tuple[int, ...] = ()
        self._patterns = PatternSet({})

    def _current(self) -> PatternSet:
        languages = load_settings().supported
        versions = tuple(self.locales.version(language) for language in languages)
        if versions != self._versions:
            data = {language: self.locales.data(language).get(self.key) or {} for language in languages}
            self._patterns = PatternSet(data)
            self._versions = versions
        return self._patterns

    def matches(self, text: str) -> list[Match]:
        return self._current().matches(text)


# Emoji mean the same in every language, and the patterns cannot see them (they match words only).
LAUGHING_EMOJI = frozenset("😂🤣😆😹😜🙃")
SELF_HARM = "self_harm"
FIGURE_OF_SPEECH = "figure"


def marker_kinds(patterns: PatternSet | SafetyPatterns, text: str) -> list[str]:
    """The kinds of "not now" marker in the text ("joke", "what_if"…), empty if none."""
    kinds = [m.label for m in patterns.matches(text)]
    if "joke" not in kinds and LAUGHING_EMOJI.intersection(text):
        kinds.append("joke")
    return kinds


def softening(danger_labels: list[str], kinds: list[str]) -> list[str]:
    """The marker kinds that turn an emergency pattern match into the "are you safe?" answer.

    People who mean self-harm often write it with a laugh or as a question ("i want to die lol"):
    only a figure of speech ("dying of laughing") keeps a self-harm message from its own answer."""
    if SELF_HARM in danger_labels:
        return [kind for kind in kinds if kind == FIGURE_OF_SPEECH]
    return list(kinds)


class NotNowMarkers:
    """Signs that a message which sounds like danger is about no danger now: a joke ("lol", 😂), a
    "what if" question, a danger that is over ("two years ago… now I'm safe"), a film or a game, a
    figure of speech ("dying of laughing"). Listed per language under ``emergency_not_now``.

    They never silence an emergency: the answer still gives the emergency number first, and asks
    "are you safe right now?" instead of the full alarm (bot/nlu_components.EmergencyDetector)."""

    KEY = "emergency_not_now"

    def __init__(self, locales: Locales | None = None) -> None:
        self._patterns = SafetyPatterns(self.KEY, locales)

    def matches(self, text: str) -> list[str]:
        """The kinds of marker in the text ("joke", "what_if"…), empty if none."""
        return marker_kinds(self._patterns, text)
