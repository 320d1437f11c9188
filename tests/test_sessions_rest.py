"""Guided sessions one-to-one, over the REST channel with both servers running: every module played
to the end in every language with its buttons, resuming after leaving, an emergency in the middle,
and stop."""

import uuid

import pytest

from bot.nlg import ResponseRenderer
from bot.rest_client import send, tracker
from bot.sessions import load_session_plan
from tests.conftest import SUPPORTED, conversation

pytestmark = pytest.mark.model

RENDER = ResponseRenderer()
PLAN = load_session_plan()


def text_of(key, language, **variables):
    return RENDER.render(key, language, variables)["text"]


def button(reply, index):
    return reply["buttons"][index]["payload"]


def start(url, language):
    """A new conversation in `language` that opens the session menu with the command's intent."""
    sender = f"session-{language}-{uuid.uuid4().hex[:8]}"
    replies = send(url, sender, "/start_session", {"language_code": language})
    assert [r["text"] for r in replies] == [text_of("utter_session_menu", language)]
    return sender, replies[-1]


def pick(url, sender, menu, module_index):
    return send(url, sender, button(menu, module_index))


@pytest.mark.parametrize("language", SUPPORTED)
@pytest.mark.parametrize("module", [m.id for m in PLAN.modules])
def test_every_module_plays_to_the_end_with_score_and_the_way_to_help(rasa_server, language, module):
    url, _ = rasa_server
    index = [m.id for m in PLAN.modules].index(module)
    sender, menu = start(url, language)
    assert menu["buttons"][index]["title"] == RENDER.sessions.title(language, module)
    replies = pick(url, sender, menu, index)
    intro = RENDER.sessions.intro(language, module)
    assert [r["text"] for r in replies[: len(intro)]] == intro
    plan = PLAN.module(module)
    right_answers = 0
    for step, scenario in enumerate(plan.scenarios):
        question = replies[-1]
        assert question["text"] == text_of(
            "utter_session_scenario",
            language,
            module=module,
            scenario=scenario.id,
            number=step + 1,
            total=len(plan.scenarios),
        )
        assert [b["title"] for b in question["buttons"]] == RENDER.sessions.choice_texts(language, plan, scenario)
        # Alternate right and wrong answers, so both kinds of feedback are seen.
        choice = scenario.correct_index if step % 2 == 0 else (scenario.correct_index + 1) % len(scenario.choices)
        right = choice == scenario.correct_index
        right_answers += right
        replies = send(url, sender, button(question, choice))
        key = "utter_session_right" if right else "utter_session_wrong"
        assert replies[0]["text"] == text_of(
            key, language, module=module, scenario=scenario.id, choice=scenario.choices[choice]
        )
    end, offer = replies[-2:]
    assert end["text"] == text_of(
        "utter_session_end", language, module=module, score=right_answers, total=len(plan.scenarios)
    )
    assert {b["payload"] for b in offer["buttons"]} >= {"/ask_helpline", "/ask_trusted_adult"}
    assert tracker(url, sender)["slots"]["session_progress"] is None


@pytest.mark.parametrize("language", SUPPORTED)
def test_leaving_and_coming_back_resumes_where_the_person_stopped(rasa_server, language):
    url, _ = rasa_server
    sender, menu = start(url, language)
    module = PLAN.modules[1]
    question = pick(url, sender, menu, 1)[-1]
    send(url, sender, button(question, 0))  # first scenario answered
    # Something else in between, then the session again: the offer to go on, then the menu.
    send(url, sender, "/ask_helpline")
    offer, menu_again = send(url, sender, "/start_session")
    assert offer["text"] == text_of("utter_session_resume", language, module=module.id)
    assert menu_again["text"] == text_of("utter_session_menu", language)
    [again] = send(url, sender, button(offer, 0))
    scenario = module.scenarios[1]
    assert again["text"] == text_of(
        "utter_session_scenario",
        language,
        module=module.id,
        scenario=scenario.id,
        number=2,
        total=len(module.scenarios),
    )
    # A button of the first question, pressed again, does not count twice: the current one is asked.
    [repeated] = send(url, sender, button(question, 0))
    assert repeated["text"] == again["text"]
    assert tracker(url, sender)["slots"]["session_progress"]["step"] == 1


@pytest.mark.parametrize("language", SUPPORTED)
def test_an_emergency_in_the_middle_is_answered_first_and_the_session_goes_on(rasa_server, language):
    url, _ = rasa_server
    sender, menu = start(url, language)
    module = PLAN.modules[3]
    question = pick(url, sender, menu, 3)[-1]
    replies = send(url, sender, conversation(language)["emergency_in_a_session"])
    assert replies[0]["text"] == text_of("utter_emergency", language)
    assert "112" in replies[0]["text"]
    # The session kept its place: the question's buttons still work.
    replies = send(url, sender, button(question, module.scenarios[0].correct_index))
    assert replies[0]["text"] == text_of(
        "utter_session_right",
        language,
        module=module.id,
        scenario=module.scenarios[0].id,
        choice=module.scenarios[0].correct,
    )


@pytest.mark.parametrize("language", SUPPORTED)
def test_stop_in_words_ends_the_session(rasa_server, language):
    url, _ = rasa_server
    sender, menu = start(url, language)
    question = pick(url, sender, menu, 0)[-1]
    [stopped] = send(url, sender, conversation(language)["stop_session"])
    assert stopped["text"] == text_of("utter_session_stopped", language)
    assert tracker(url, sender)["slots"]["session_progress"] is None
    # An old answer button after stop offers the topics instead of going on.
    [menu_again] = send(url, sender, button(question, 0))
    assert menu_again["text"] == text_of("utter_session_menu", language)
