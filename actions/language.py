"""Actions that keep the conversation's language (see bot/language.py for the rules)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.language import Detection, decide_language, load_settings, requested_language


class ActionSetLanguage(Action):
    """Custom slot mapping of ``language``: runs on every user message, before the reply."""

    def name(self) -> str:
        return "action_set_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        message = tracker.latest_message or {}
        current, source = tracker.get_slot("language"), tracker.get_slot("language_source")
        decision = decide_language(
            current,
            source,
            load_settings(),
            metadata_code=(message.get("metadata") or {}).get("language_code"),
            detection=Detection.from_dict(message.get("language_detection")),
        )
        events = []
        if decision.language != current:
            events.append(SlotSet("language", decision.language))
        if decision.source != source:
            events.append(SlotSet("language_source", decision.source))
        return events


class ActionChooseLanguage(Action):
    """The user asks for a language by name ("auf Deutsch bitte") or with a language button."""

    def name(self) -> str:
        return "action_choose_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        settings = load_settings()
        current = tracker.get_slot("language")
        requested = next(tracker.get_latest_entity_values("language"), None)
        if requested not in settings.supported:
            requested = requested_language(
                (tracker.latest_message or {}).get("text") or "", current, settings.supported
            )
        if requested not in settings.supported:
            dispatcher.utter_message(response="utter_choose_language")
            return []
        # The slot changes after this action; render the confirmation in the new language now.
        dispatcher.utter_message(response="utter_language_set", language=requested)
        return [SlotSet("language", requested), SlotSet("language_source", "choice")]
