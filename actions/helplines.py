"""Who to call: the emergency number and the helplines of the user's country."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.helplines import Service, load_helplines

MAX_SERVICES = 2


def service_features(service: Service) -> list[str]:
    """Label keys (locales' ``labels:``) that describe a service."""
    features = [name for name in ("free", "anonymous", "open_24_7") if getattr(service, name)]
    if not service.phone and service.sms:
        features.append("text_only")
    return features


class ActionHelpline(Action):
    def name(self) -> str:
        return "action_helpline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        code = tracker.get_slot("country")
        if not code:
            dispatcher.utter_message(response="utter_helpline_ask_country")
            return []
        country = load_helplines().for_country(code)
        if country is None:
            dispatcher.utter_message(response="utter_helpline_unknown_country", country=code)
            return []
        dispatcher.utter_message(response="utter_helpline_emergency", country=code)
        services = [s for s in country.services_of_kind("child_helpline") if s.verified]
        if not services:
            services = [s for s in country.services if s.verified]
        for service in services[:MAX_SERVICES]:
            dispatcher.utter_message(
                response="utter_helpline_service",
                name=service.name,
                phone=service.phone or service.sms or service.url,
                features=service_features(service),
            )
        return []
