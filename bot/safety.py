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
