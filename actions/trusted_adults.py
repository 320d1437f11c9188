"""Trusted adults: after the advice, the local contacts the deploying NGO set (data/contacts.yml)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.contacts import load_contacts


class ActionLocalContacts(Action):
    def name(self) -> str:
        return "action_local_contacts"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        for contact in load_contacts():
            ways = [["way_call", contact.phone], ["way_web", contact.url], ["where", contact.address_hint]]
            features = [["open_hours", contact.hours]] if contact.hours else []
            dispatcher.utter_message(
                response="utter_local_contact",
                name=contact.name,
                role=[f"role_{contact.role}"],
                ways=[[key, value] for key, value in ways if value],
                features=features,
            )
        return []
