"""Who to call: the emergency number and the 2–3 helplines of the user's country that fit the
topic of the conversation (sextortion, trafficking, or the child helpline)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.helplines import CountryHelp, Service, load_helplines

MAX_SERVICES = 3

# The kinds of service to show first, by the last worry the user talked about.
KINDS_BY_TOPIC = {
    "risk_image_request": ("online_abuse", "image_removal", "child_helpline"),
    "risk_job_offer": ("trafficking", "child_helpline"),
    "risk_travel_offer": ("trafficking", "child_helpline"),
    "risk_debt": ("trafficking", "child_helpline"),
    "emergency": ("child_helpline", "victims", "trafficking"),
}
DEFAULT_KINDS = ("child_helpline",)


def topic_of(tracker: Tracker) -> str | None:
    """The last risk the user talked about in this conversation, if any."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent in KINDS_BY_TOPIC:
                return intent
    return None


def choose_services(country: CountryHelp, europe: CountryHelp, topic: str | None) -> list[Service]:
    """Verified services of the kinds that fit the topic, in that order; then any verified one."""
    kinds = KINDS_BY_TOPIC.get(topic, DEFAULT_KINDS)
    chosen: list[Service] = []
    for kind in kinds:
        found = [s for s in country.services_of_kind(kind) if s.verified]
        if not found and kind == "image_removal":
            found = [s for s in europe.services_of_kind(kind) if s.verified]  # Take It Down
        chosen.extend(s for s in found[:1] if s not in chosen)
    if not chosen:
        chosen = [s for s in country.services if s.verified][:1]
    return chosen[:MAX_SERVICES]


def ways_to_reach(service: Service) -> list[list[str]]:
    """[label key, value] pairs for the locales: call, text, WhatsApp, online."""
    ways = [["way_call", service.phone], ["way_text", service.sms], ["way_whatsapp", service.whatsapp]]
    ways.append(["way_web", service.url.removeprefix("https://")] if service.url else ["way_web", None])
    return [[key, value] for key, value in ways if value]


def service_features(service: Service) -> list:
    features: list = [name for name in ("free", "anonymous") if getattr(service, name)]
    if service.open_24_7:
        features.append("open_24_7")
    elif service.hours:
        features.append(["open_hours", service.hours])
    return features


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
            dispatcher.utter_message(
                response="utter_helpline_service",
                name=service.name,
                ways=ways_to_reach(service),
                features=service_features(service),
            )
        return []
