"""Who to call: the emergency number and the 2–3 helplines of the user's country that fit the
topic of the conversation (sextortion, trafficking, or the child helpline)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.helplines import KINDS_BY_TOPIC, choose_services, load_helplines, service_variables


def topic_of(tracker: Tracker) -> str | None:
    """The last risk the user talked about in this conversation, if any."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent in KINDS_BY_TOPIC:
                return intent
    return None


class ActionHelpline(Action):
    def name(self) -> str:
        return "action_helpline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        code = tracker.get_slot("country")
        if not code:
            dispatcher.utter_message(response="utter_helpline_ask_country")
            return []
        helplines = load_helplines()
        country = helplines.for_country(code)
        if country is None:
            dispatcher.utter_message(response="utter_helpline_unknown_country", country=code)
            return []
        dispatcher.utter_message(response="utter_helpline_emergency", country=code)
        for service in choose_services(country, helplines.europe, topic_of(tracker)):
            dispatcher.utter_message(response="utter_helpline_service", **service_variables(service))
        return []
