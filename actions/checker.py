"""Check a message: find the warning signs in a message the user pastes or forwards.

The signs are phrase patterns in every locale (``warning_sign_patterns``), all languages at once:
a French user may paste an English offer; a classifier taught by the labelled messages of
data/checker_dev/ adds the signs it is sure of in wordings no pattern has (bot/sign_classifier.py).
Faro explains each sign found in one line, gives an
overall level and what to do next. It never calls a message safe.
"""

from __future__ import annotations

import threading
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.patterns import normalize
from bot.safety import SafetyPatterns
from bot.sign_classifier import WarningSignClassifier

WARNING_SIGNS = SafetyPatterns("warning_sign_patterns")
SIGN_CLASSIFIER = WarningSignClassifier()
# Loaded (or retrained, if data/checker_dev/ changed) while the action server starts, not during a
# young person's first check.
threading.Thread(target=SIGN_CLASSIFIER.warm_up, name="sign-classifier-warm-up", daemon=True).start()
# A message with no sign is checked only if it is long enough to be a real message, not just the
# question "is this real?" or "can you check something for me".
MIN_WORDS_WITHOUT_SIGN = 15
MANY_SIGNS = 3


def warning_signs(text: str) -> list[str]:
    """The signs the patterns find, then those only the classifier finds."""
    signs = [match.label for match in WARNING_SIGNS.matches(text)]
    return signs + [sign for sign in SIGN_CLASSIFIER.signs(text) if sign not in signs]


def is_message_to_check(text: str) -> bool:
    return bool(warning_signs(text)) or len(normalize(text).split()) >= MIN_WORDS_WITHOUT_SIGN


class ValidateCheckMessageForm(FormValidationAction):
    def name(self) -> str:
        return "validate_check_message_form"

    def validate_message_to_check(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # Only the question, without the message: ask for the message. A forwarded message is
        # always the message itself, however short.
        forwarded = (tracker.latest_message.get("metadata") or {}).get("check_message") is True
        text_ok = isinstance(value, str) and value.strip() and (forwarded or is_message_to_check(value))
        return {"message_to_check": value if text_ok else None}


class ActionAskMessageToCheck(Action):
    def name(self) -> str:
        return "action_ask_message_to_check"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(response="utter_ask_message_to_check")
        return []


class ActionCheckMessage(Action):
    def name(self) -> str:
        return "action_check_message"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        signs = warning_signs(tracker.get_slot("message_to_check") or "")
        if not signs:
            dispatcher.utter_message(response="utter_check_no_signs")
        elif len(signs) >= MANY_SIGNS:
            dispatcher.utter_message(response="utter_check_many_signs", signs=[f"sign_{sign}" for sign in signs])
        else:
            dispatcher.utter_message(response="utter_check_some_signs", signs=[f"sign_{sign}" for sign in signs])
        dispatcher.utter_message(response="utter_check_next_steps")
        # The pasted text is not kept once it is checked.
        return [SlotSet("message_to_check", None)]
