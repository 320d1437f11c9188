"""Guided sessions, one-to-one: pick a module, answer its scenarios with buttons, get feedback that
names the warning signs, a score and the takeaway, then the way to helplines and trusted adults.

The place in the module is the ``session_progress`` slot: leaving and coming back resumes, "stop"
ends it, and an emergency in the middle is answered by its own rule first (the slot stays as it
was, so the session can go on afterwards). The texts are ids here; bot.nlg renders them.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.sessions import Module, Progress, load_session_plan

SLOT = "session_progress"


def _entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value is not None else None


def _progress(tracker: Tracker) -> Progress | None:
    return Progress.from_slot(tracker.get_slot(SLOT), load_session_plan())


def ask_scenario(dispatcher: CollectingDispatcher, module: Module, step: int) -> None:
    scenario = module.scenarios[step]
    dispatcher.utter_message(
        response="utter_session_scenario",
        module=module.id,
        scenario=scenario.id,
        number=step + 1,
        total=len(module.scenarios),
    )


class ActionSessionMenu(Action):
    """The topics, and first the offer to go on where the person stopped."""

    def name(self) -> str:
        return "action_session_menu"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        progress = _progress(tracker)
        if progress:
            dispatcher.utter_message(response="utter_session_resume", module=progress.module)
        dispatcher.utter_message(response="utter_session_menu")
        return []


class ActionSessionPick(Action):
    def name(self) -> str:
        return "action_session_pick"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        module = load_session_plan().module(_entity(tracker, "module"))
        if module is None:
            dispatcher.utter_message(response="utter_session_menu")
            return []
        # Every intro message the locale has (1 to 3), then the first scenario.
        dispatcher.utter_message(response="utter_session_intro", module=module.id, part=0)
        for part in (1, 2):
            dispatcher.utter_message(response="utter_session_intro", module=module.id, part=part)
        ask_scenario(dispatcher, module, 0)
        return [SlotSet(SLOT, Progress(module.id).as_slot())]


class ActionSessionAnswer(Action):
    def name(self) -> str:
        return "action_session_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        plan = load_session_plan()
        progress = _progress(tracker)
        if progress is None:
            # A button of a session that has ended (or been stopped): offer the topics again.
            dispatcher.utter_message(response="utter_session_menu")
            return []
        module = plan.module(progress.module)
        scenario = module.scenarios[progress.step]
        choice = _entity(tracker, "choice")
        if _entity(tracker, "scenario") != scenario.id or choice not in scenario.choices:
            # An old button, pressed again: ask the current question once more.
            ask_scenario(dispatcher, module, progress.step)
            return []
        right = choice == scenario.correct
        dispatcher.utter_message(
            response="utter_session_right" if right else "utter_session_wrong",
            module=module.id,
            scenario=scenario.id,
            choice=choice,
        )
        progress = progress.answered(right)
        if not progress.finished(plan):
            ask_scenario(dispatcher, module, progress.step)
            return [SlotSet(SLOT, progress.as_slot())]
        dispatcher.utter_message(
            response="utter_session_end", module=module.id, score=progress.score, total=len(module.scenarios)
        )
        dispatcher.utter_message(response="utter_session_help")
        return [SlotSet(SLOT, None)]


class ActionSessionResume(Action):
    def name(self) -> str:
        return "action_session_resume"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        progress = _progress(tracker)
        if progress is None:
            dispatcher.utter_message(response="utter_session_menu")
            return []
        ask_scenario(dispatcher, load_session_plan().module(progress.module), progress.step)
        return []


class ActionSessionStop(Action):
    def name(self) -> str:
        return "action_session_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(response="utter_session_stopped")
        return [SlotSet(SLOT, None)]
