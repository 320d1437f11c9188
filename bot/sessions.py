"""Guided sessions: short lessons and quizzes a young person takes alone or a youth worker runs
with a group.

The shape of every module (scenarios, choices, the right answer, the warning signs each scenario
shows) is in ``data/sessions.yml``, the same in every language, so a Telegram quiz poll has the same
right answer whatever the group's language. The words are in ``locales/<language>.yml`` under
``sessions:``. The one-to-one flow keeps its place in a slot (actions/sessions.py); the group flow
lives in the Telegram bot (bot/telegram/group_sessions.py). Both render through the same texts.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.language import ROOT
from bot.locales import Locales, template_variables

logger = logging.getLogger(__name__)

SESSIONS_FILE = ROOT / "data" / "sessions.yml"
MIN_MODULES = 5
MIN_SCENARIOS = 3
MAX_INTRO_MESSAGES = 3
CHOICES = (2, 4)
# Telegram's limits for a quiz poll, and a button's width.
LIMITS = {"title": 40, "question": 200, "choices": 80, "explanation": 190}
# The variable session texts may use: the emergency number of the user's country (112 unknown).
TEXT_VARIABLES = {"emergency_number"}
SIGNS = (
    "easy_money",
    "no_requirements",
    "travel_paid",
    "upfront_fee",
    "intimate_images",
    "documents",
    "secrecy",
    "private_app",
    "urgency",
    "meeting",
    "flattery",
    "threats",
)


@dataclass(frozen=True)
class Scenario:
    id: str
    choices: tuple[str, ...]
    correct: str
    signs: tuple[str, ...]

    @property
    def correct_index(self) -> int:
        return self.choices.index(self.correct)


@dataclass(frozen=True)
class Module:
    id: str
    scenarios: tuple[Scenario, ...]

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)


@dataclass(frozen=True)
class SessionPlan:
    modules: tuple[Module, ...]

    def module(self, module_id: str | None) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def problems(self) -> list[str]:
        """What is wrong with the shape itself (the same for every language)."""
        found = []
        if len(self.modules) < MIN_MODULES:
            found.append(f"{len(self.modules)} modules, at least {MIN_MODULES} needed")
        if len({m.id for m in self.modules}) != len(self.modules):
            found.append("two modules have the same id")
        for module in self.modules:
            if len(module.scenarios) < MIN_SCENARIOS:
                found.append(f"{module.id}: {len(module.scenarios)} scenarios, at least {MIN_SCENARIOS} needed")
            if len({s.id for s in module.scenarios}) != len(module.scenarios):
                found.append(f"{module.id}: two scenarios have the same id")
            for scenario in module.scenarios:
                where = f"{module.id}.{scenario.id}"
                if not CHOICES[0] <= len(scenario.choices) <= CHOICES[1]:
                    found.append(f"{where}: {len(scenario.choices)} choices, {CHOICES[0]}–{CHOICES[1]} allowed")
                if scenario.correct not in scenario.choices:
                    found.append(f"{where}: the right answer {scenario.correct!r} is not one of the choices")
                if not scenario.signs:
                    found.append(f"{where}: no warning sign named")
                unknown = set(scenario.signs) - set(SIGNS)
                if unknown:
                    found.append(f"{where}: unknown signs {sorted(unknown)}")
        return found


def _scenario(raw: dict[str, Any]) -> Scenario:
    return Scenario(
        id=str(raw["id"]),
        choices=tuple(str(c) for c in raw.get("choices") or ()),
        correct=str(raw.get("correct")),
        signs=tuple(str(s) for s in raw.get("signs") or ()),
    )


def read_session_plan(path: Path = SESSIONS_FILE) -> SessionPlan:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return SessionPlan(
        tuple(
            Module(str(m["id"]), tuple(_scenario(s) for s in m.get("scenarios") or ()))
            for m in data.get("modules") or ()
        )
    )


@functools.lru_cache(maxsize=4)
def load_session_plan(path: Path = SESSIONS_FILE) -> SessionPlan:
    return read_session_plan(path)


class SessionTexts:
    """The words of the sessions in one language, with the default language for a missing text.
    Read through Locales, so a corrected text shows without a restart."""

    def __init__(self, locales: Locales, plan: SessionPlan | None = None) -> None:
        self.locales = locales
        self.plan = plan or load_session_plan()

    def get(self, language: str, *path: str | int) -> Any:
        for candidate in dict.fromkeys((language, self.locales.default_language)):
            value = _dig(self.locales.data(candidate).get("sessions"), path)
            if value not in (None, "", []):
                if candidate != language:
                    logger.warning("locale %s has no session text %s", language, ".".join(map(str, path)))
                return value
        logger.warning("no locale has the session text %s", ".".join(map(str, path)))
        return ""

    def title(self, language: str, module: str) -> str:
        return self.get(language, module, "title")

    def intro(self, language: str, module: str) -> list[str]:
        return list(self.get(language, module, "intro") or [])

    def scenario(self, language: str, module: str, scenario: str, field: str, choice: str | None = None) -> str:
        path: tuple[str, ...] = (module, "scenarios", scenario, field) + ((choice,) if choice else ())
        return self.get(language, *path)

    def choice_texts(self, language: str, module: Module, scenario: Scenario) -> list[str]:
        return [self.scenario(language, module.id, scenario.id, "choices", c) for c in scenario.choices]

    def takeaway(self, language: str, module: str) -> str:
        return self.get(language, module, "takeaway")

    def discussion(self, language: str, module: str) -> list[str]:
        return list(self.get(language, module, "discussion") or [])

    def problems(self, language: str) -> list[str]:
        """Missing texts and texts too long for Telegram, in this language only (no fallback)."""
        texts = self.locales.data(language).get("sessions") or {}
        found = []

        def need(value: Any, where: str, limit: int | None = None) -> None:
            if not isinstance(value, str) or not value.strip():
                found.append(f"{where}: missing")
                return
            if limit and len(value) > limit:
                found.append(f"{where}: {len(value)} characters, at most {limit}")
            unknown = template_variables(value) - TEXT_VARIABLES
            if unknown:
                found.append(f"{where}: unknown variable(s) {sorted(unknown)}, only {sorted(TEXT_VARIABLES)} is filled")

        for module in self.plan.modules:
            own = texts.get(module.id) or {}
            need(own.get("title"), f"{module.id}.title", LIMITS["title"])
            intro = own.get("intro") or []
            if not 1 <= len(intro) <= MAX_INTRO_MESSAGES:
                found.append(f"{module.id}.intro: {len(intro)} messages, 1–{MAX_INTRO_MESSAGES} expected")
            for index, line in enumerate(intro):
                need(line, f"{module.id}.intro[{index}]")
            need(own.get("takeaway"), f"{module.id}.takeaway")
            if not own.get("discussion"):
                found.append(f"{module.id}.discussion: missing")
            for index, line in enumerate(own.get("discussion") or []):
                need(line, f"{module.id}.discussion[{index}]")
            for scenario in module.scenarios:
                where = f"{module.id}.scenarios.{scenario.id}"
                raw = (own.get("scenarios") or {}).get(scenario.id) or {}
                need(raw.get("card"), f"{where}.card")
                need(raw.get("question"), f"{where}.question", LIMITS["question"])
                need(raw.get("explanation"), f"{where}.explanation", LIMITS["explanation"])
                if str(raw.get("explanation") or "").count("\n") > 1:
                    found.append(f"{where}.explanation: more than two lines (a quiz poll shows two)")
                for field in ("choices", "feedback"):
                    given = raw.get(field) or {}
                    for choice in scenario.choices:
                        need(given.get(choice), f"{where}.{field}.{choice}", LIMITS.get(field))
                    for extra in sorted(set(given) - set(scenario.choices)):
                        found.append(f"{where}.{field}.{extra}: not a choice of data/sessions.yml")
            for extra in sorted(set(own.get("scenarios") or {}) - {s.id for s in module.scenarios}):
                found.append(f"{module.id}.scenarios.{extra}: not a scenario of data/sessions.yml")
        for extra in sorted(set(texts) - {m.id for m in self.plan.modules}):
            found.append(f"{extra}: not a module of data/sessions.yml")
        return found


def _dig(value: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            value = value[key]
        else:
            return None
    return value


@dataclass(frozen=True)
class Progress:
    """Where a young person is in a module: kept in the ``session_progress`` slot, so leaving and
    coming back resumes. Only ids and counts: no answer text, nothing personal."""

    module: str
    step: int = 0  # index of the scenario being asked
    score: int = 0

    def as_slot(self) -> dict[str, Any]:
        return {"module": self.module, "step": self.step, "score": self.score}

    @classmethod
    def from_slot(cls, value: Any, plan: SessionPlan) -> Progress | None:
        """The progress in the slot, or None if there is none or it no longer fits the modules
        (a module renamed or shortened since)."""
        if not isinstance(value, dict):
            return None
        module = plan.module(value.get("module"))
        try:
            step, score = int(value.get("step", 0)), int(value.get("score", 0))
        except (TypeError, ValueError):
            return None
        if module is None or not 0 <= step < len(module.scenarios):
            return None
        return cls(module.id, step, max(0, min(score, step)))

    def answered(self, right: bool) -> Progress:
        return Progress(self.module, self.step + 1, self.score + int(right))

    def finished(self, plan: SessionPlan) -> bool:
        module = plan.module(self.module)
        return module is None or self.step >= len(module.scenarios)
