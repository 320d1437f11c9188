"""What Faro says when it did not understand, or when the message is in a language it does not speak."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.language import load_settings


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        detection = (tracker.latest_message or {}).get("language_detection") or {}
        language = detection.get("language")
        if detection.get("confident") and language and language not in load_settings().supported:
            dispatcher.utter_message(response="utter_language_unsupported")
        else:
            dispatcher.utter_message(response="utter_fallback")
            dispatcher.utter_message(response="utter_menu")
        return []
