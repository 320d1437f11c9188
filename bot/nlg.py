"""Rasa's NLG hook: renders every ``utter_*`` response from ``locales/`` in the user's language.

Named in endpoints.yml (``nlg: type: bot.nlg.LocaleNaturalLanguageGenerator``) it runs inside the
Rasa server, so texts come out even when the action server is down. The language is the
tracker's ``language`` slot; variables are the slots and the arguments a custom action passes
(``dispatcher.utter_message(response=..., name=...)``), formatted with Babel.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any

from babel import Locale
from babel.dates import format_time, get_day_names
from babel.lists import format_list
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.countries import country_name
from bot.helplines import DAYS, Helplines, Service, load_helplines
from bot.language import autonym, load_settings, negotiate
from bot.locales import LabelList, Locales, fill
from bot.sessions import SessionTexts

logger = logging.getLogger(__name__)


class ResponseRenderer:
    """Turns a response key, a language and variables into a message dict for Rasa."""

    def __init__(self, locales: Locales | None = None, helplines: Helplines | None = None) -> None:
        self.settings = load_settings()
        self.locales = locales or Locales(default_language=self.settings.default)
        self.helplines = helplines or load_helplines()
        self.sessions = SessionTexts(self.locales)

    def language_of(self, requested: str | None) -> str:
        return negotiate(requested, self.settings.supported) or self.settings.default

    def render(self, key: str, language: str | None, variables: Mapping[str, Any] = ()) -> dict[str, Any] | None:
        language = self.language_of(language)
        response = self.locales.response(key, language)
        if response is None:
            return None
        values = self._variables(response.language, dict(variables))
        message: dict[str, Any] = {"text": fill(response.text, values, f"{response.language}:{key}")}
        buttons = self._buttons(response.buttons, response.language, values, key)
        if buttons:
            message["buttons"] = buttons
        # Nothing to say (e.g. a third intro message that this module does not have): not sent.
        return message if message["text"].strip() or buttons else None

    def _variables(self, language: str, raw: dict[str, Any]) -> dict[str, Any]:
        country_code = raw.get("country") if isinstance(raw.get("country"), str) else None
        values: dict[str, Any] = {}
        for name, value in raw.items():
            if isinstance(value, (list, tuple)):
                # An item is a label key, or a [label key, value] pair: ["way_call", "119"] -> "Call 119".
                labels = [
                    fill(self.locales.label(str(item[0]), language), {"value": self._value(item[1], language)})
                    if isinstance(item, (list, tuple)) and len(item) == 2
                    else self.locales.label(str(item), language)
                    for item in value
                ]
                values[name] = LabelList(labels, format_list(labels, locale=language) if labels else "")
            elif value is not None:
                values[name] = value
        if country_code and len(country_code) == 2:
            values["country"] = country_name(country_code, language)
        values.setdefault("emergency_number", self.helplines.emergency_number(country_code))
        numbers = self.helplines.emergency_numbers(country_code)
        values["emergency_numbers"] = format_list(numbers, style="or", locale=language)
        values["child_helpline"] = self._call_line(self.helplines.child_helpline(country_code), language)
        values["crisis_line"] = self._call_line(self.helplines.crisis_line(country_code), language)
        values["europe_emergency_number"] = self.helplines.europe.emergency_number
        values["missing_children_number"] = self.helplines.missing_children_number
        # Babel's own spelling inside a sentence: "English", "Deutsch", but "français", "español".
        values["language_name"] = Locale.parse(language).get_display_name(language)
        if isinstance(raw.get("module"), str):
            values.update(self._session_variables(language, raw, values))
        return values

    def _session_variables(self, language: str, raw: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
        """The words of a guided session the action names by ids: module, scenario, choice, part.
        Session texts may use {emergency_number}: the number of the user's country."""
        texts, module_id = self.sessions, raw["module"]

        def text(value: str) -> str:
            return fill(value, base, f"{language}:sessions.{module_id}")

        def listed(items: list[str]) -> LabelList:
            items = [text(item) for item in items]
            return LabelList(items, format_list(items, locale=language) if items else "")

        values: dict[str, Any] = {
            "title": texts.title(language, module_id),
            "takeaway": text(texts.takeaway(language, module_id)),
            "discussion": listed(texts.discussion(language, module_id)),
        }
        intro = texts.intro(language, module_id)
        part = raw.get("part")
        values["intro"] = text(intro[part]) if isinstance(part, int) and 0 <= part < len(intro) else ""
        module = texts.plan.module(module_id)
        scenario = module.scenario(str(raw.get("scenario"))) if module else None
        if module and scenario:
            for field in ("card", "question", "explanation"):
                values[field] = text(texts.scenario(language, module_id, scenario.id, field))
            values["best_choice"] = texts.scenario(language, module_id, scenario.id, "choices", scenario.correct)
            if raw.get("choice") in scenario.choices:
                values["feedback"] = text(texts.scenario(language, module_id, scenario.id, "feedback", raw["choice"]))
            values["signs"] = listed([self.locales.label(f"sign_{sign}", language) for sign in scenario.signs])
        return values

    def _call_line(self, service: Service | None, language: str) -> str:
        """A line naming a service to call ("Helpline for young people: Childline, 0800 1111"), or
        nothing when the country has none."""
        if service is None:
            return ""
        label = "crisis_line" if service.kind == "crisis" else "child_helpline"
        return fill(self.locales.label(label, language), {"name": service.name, "phone": service.phone})

    def _value(self, value: Any, language: str) -> Any:
        """Opening hours {days: [mon, sat], from, to} in the user's language: "Mon–Sat 2:00 PM–8:00 PM"."""
        if not (isinstance(value, dict) and {"days", "from", "to"} <= set(value)):
            return value
        names = get_day_names("abbreviated", locale=language)
        first, last = (DAYS.index(day) for day in value["days"])
        days = self.locales.label("every_day", language) if (first, last) == (0, 6) else f"{names[first]}–{names[last]}"
        opening, closing = (
            format_time(dt.time(*map(int, str(value[key]).split(":"))), format="short", locale=language)
            for key in ("from", "to")
        )
        return f"{days} {opening}–{closing}"

    def _buttons(self, spec: Any, language: str, values: Mapping[str, Any], key: str) -> list[dict]:
        if spec == "languages":
            return [
                {"title": autonym(code), "payload": "/choose_language" + json.dumps({"language": code})}
                for code in self.settings.supported
            ]
        if spec == "countries":
            codes = sorted(self.helplines.countries, key=lambda c: country_name(c, language))
            return [
                {"title": country_name(code, language), "payload": "/inform_country" + json.dumps({"country": code})}
                for code in codes
            ]
        if spec == "session_modules":
            return [
                {
                    "title": self.sessions.title(language, m.id),
                    "payload": "/session_pick" + json.dumps({"module": m.id}),
                }
                for m in self.sessions.plan.modules
            ]
        if spec == "session_choices":
            module = self.sessions.plan.module(values.get("module"))
            scenario = module.scenario(str(values.get("scenario"))) if module else None
            if scenario is None:
                logger.warning("response %s wants the choices of an unknown scenario", key)
                return []
            return [
                {
                    "title": self.sessions.scenario(language, module.id, scenario.id, "choices", choice),
                    "payload": "/session_answer" + json.dumps({"scenario": scenario.id, "choice": choice}),
                }
                for choice in scenario.choices
            ]
        if isinstance(spec, dict):
            return [
                {"title": fill(str(title), values, f"{language}:{key}.buttons"), "payload": f"/{intent}"}
                for intent, title in spec.items()
            ]
        if spec:
            logger.warning("response %s has buttons of an unknown form: %r", key, spec)
        return []


class LocaleNaturalLanguageGenerator(NaturalLanguageGenerator):
    """The NaturalLanguageGenerator Rasa loads from endpoints.yml."""

    def __init__(self, endpoint_config: Any = None, domain: Any = None, renderer: ResponseRenderer | None = None):
        self.renderer = renderer or ResponseRenderer()

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        slots = {name: slot.value for name, slot in tracker.slots.items()}
        variables = {**slots, **kwargs}
        # An action may ask for another language than the slot's (the slot changes after it).
        language = kwargs.get("language") or slots.get("language")
        return self.renderer.render(self._variant(utter_action, tracker), language, variables)

    def _variant(self, utter_action: str, tracker: DialogueStateTracker) -> str:
        """A response may have a variant per danger category of the last message, such as
        ``utter_emergency_self_harm``: same action and dialogue, words that fit."""
        parse_data = (tracker.latest_message.parse_data if tracker.latest_message else None) or {}
        danger = parse_data.get("danger") or {}
        for category in danger.get("categories") or ():
            variant = f"{utter_action}_{category}"
            if self.renderer.locales.has_response(variant):
                return variant
        return utter_action
