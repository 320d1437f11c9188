"""Every text Faro says, read from ``locales/<language>.yml``.

Files are re-read when they change on disk, so fixing a typo needs neither a retrain nor a
restart. A key missing in a language falls back to the default language, with a warning.
"""

from __future__ import annotations

import logging
import re
import string
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.language import ROOT

logger = logging.getLogger(__name__)

LOCALES_DIR = ROOT / "locales"

# "buttons:" may name one of these generated sets instead of listing intents.
GENERATED_BUTTONS = ("languages", "countries", "session_modules", "session_choices")


@dataclass(frozen=True)
class Response:
    """One response in one language, before its variables are filled."""

    key: str
    language: str
    text: str
    buttons: Any = None  # {intent: title}, a GENERATED_BUTTONS name, or None


@dataclass
class _LocaleFile:
    path: Path
    mtime_ns: int
    data: dict = field(default_factory=dict)


class Locales:
    """The locale files of one directory, reloaded when a file changes."""

    def __init__(self, directory: Path = LOCALES_DIR, default_language: str = "en") -> None:
        self.directory = Path(directory)
        self.default_language = default_language
        self._files: dict[str, _LocaleFile] = {}
        self._lock = threading.Lock()

    def languages(self) -> list[str]:
        return sorted(p.stem for p in self.directory.glob("*.yml"))

    def data(self, language: str) -> dict:
        """The parsed file of a language ({} when there is none), fresh from disk if it changed."""
        path = self.directory / f"{language}.yml"
        try:
            mtime = path.stat().st_mtime_ns
        except FileNotFoundError:
            return {}
        with self._lock:
            cached = self._files.get(language)
            if cached is None or cached.mtime_ns != mtime:
                try:
                    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                except yaml.YAMLError as error:
                    # Keep serving the last good version while a translator fixes the file.
                    logger.error("locale %s is not valid YAML, keeping the previous one: %s", path, error)
                    return cached.data if cached else {}
                cached = _LocaleFile(path, mtime, loaded)
                self._files[language] = cached
            return cached.data

    def version(self, language: str) -> int:
        """Changes whenever the language's file is reloaded (its modification time)."""
        self.data(language)
        cached = self._files.get(language)
        return cached.mtime_ns if cached else 0

    def response(self, key: str, language: str) -> Response | None:
        """The response `key` in `language`, or in the default language when it is missing."""
        for candidate in dict.fromkeys((language, self.default_language)):
            entry = (self.data(candidate).get("responses") or {}).get(key)
            if entry:
                if candidate != language:
                    logger.warning("locale %s has no %r, using %s", language, key, candidate)
                return Response(key, candidate, entry.get("text", ""), entry.get("buttons"))
        logger.warning("no locale has the response %r", key)
        return None

    def has_response(self, key: str) -> bool:
        """Whether the default language has the response (every language falls back to it)."""
        return bool((self.data(self.default_language).get("responses") or {}).get(key))

    def label(self, name: str, language: str) -> str:
        for candidate in dict.fromkeys((language, self.default_language)):
            value = (self.data(candidate).get("labels") or {}).get(name)
            if value:
                return value
        return name


class LabelList(list):
    """Labels for one {variable}: a sentence list inside a line ("free, anonymous and open day and
    night"), or one bullet per label on a line that is only "• {variable}"."""

    def __init__(self, labels: list[str], inline: str) -> None:
        super().__init__(labels)
        self.inline = inline

    def __format__(self, spec: str) -> str:
        return self.inline


class _Variables(dict):
    """Variables for str.format_map: a missing one stays visible as {name} and is logged."""

    def __init__(self, values: Mapping[str, Any], on_missing: Callable[[str], None]) -> None:
        super().__init__(values)
        self._on_missing = on_missing

    def __missing__(self, key: str) -> str:
        self._on_missing(key)
        return "{" + key + "}"


def fill(template: str, variables: Mapping[str, Any], where: str = "") -> str:
    """Fill {variables} in a locale text. Braces in the values are left alone. A line that is
    only a variable with an empty value (a helpline the country does not have) is left out."""

    def warn(name: str) -> None:
        logger.warning("text %s uses {%s}, which has no value", where, name)

    formatter = string.Formatter()
    lines = []
    for line in template.split("\n"):
        bullet = re.fullmatch(r"\s*•\s*\{(\w+)\}\s*", line)
        if bullet and isinstance(variables.get(bullet.group(1)), LabelList):
            lines.extend(f"• {label}" for label in variables[bullet.group(1)])
            continue
        try:
            filled = formatter.vformat(line, (), _Variables(variables, warn))
        except (ValueError, IndexError) as error:
            logger.error("text %s is not a valid template (%s)", where, error)
            return template
        if filled.strip() or not line.strip():
            lines.append(filled)
    return "\n".join(lines)


def template_variables(template: str) -> set[str]:
    """The {variables} a locale text uses."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return set()
