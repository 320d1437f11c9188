"""Custom actions, run with a rasa-sdk Tracker and a CollectingDispatcher (no server)."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback
from actions.helplines import ActionHelpline
from actions.language import ActionChooseLanguage, ActionSetLanguage
from bot.helplines import CountryHelp, choose_services, load_helplines


def tracker(text="", slots=None, entities=(), metadata=None, detection=None, intent="greet"):
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)}
    if metadata is not None:
        latest["metadata"] = metadata
    if detection is not None:
        latest["language_detection"] = detection
    return Tracker("test", dict(slots or {}), latest, [], False, None, {}, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, {})
    return dispatcher.messages, events


def detected(language, words=6, confident=True):
    return {
        "language": language,
        "confident": confident,
        "words": words,
        "supported": language in ("en", "fr", "es", "de"),
    }


def test_set_language_from_telegram_metadata():
    _, events = run(ActionSetLanguage(), tracker("/start", metadata={"language_code": "de-AT"}))
    assert events == [SlotSet("language", "de"), SlotSet("language_source", "metadata")]


def test_set_language_from_detection():
    _, events = run(ActionSetLanguage(), tracker("hola q tal", detection=detected("es", words=3)))
    assert events == [SlotSet("language", "es"), SlotSet("language_source", "detected")]


def test_set_language_changes_nothing_on_a_short_message():
    slots = {"language": "fr", "language_source": "detected"}
    _, events = run(ActionSetLanguage(), tracker("ok thx", slots=slots, detection=detected("en", words=2)))
    assert events == []


def test_set_language_sends_no_message():
    messages, _ = run(ActionSetLanguage(), tracker("hi", detection=detected("en", words=1)))
    assert messages == []


@pytest.mark.parametrize(
    "text, entities, expected",
    [
        ("auf deutsch bitte", [], "de"),
        ("/choose_language", [{"entity": "language", "value": "es"}], "es"),
        ("can we speak french?", [], "fr"),
    ],
)
def test_choose_language_sets_it_and_confirms_in_the_new_language(text, entities, expected):
    messages, events = run(ActionChooseLanguage(), tracker(text, slots={"language": "en"}, entities=entities))
    assert messages[0]["response"] == "utter_language_set" and messages[0]["language"] == expected
    assert events == [SlotSet("language", expected), SlotSet("language_source", "choice")]


def test_choose_language_without_a_name_offers_the_buttons():
    messages, events = run(ActionChooseLanguage(), tracker("change language", slots={"language": "en"}))
    assert [m["response"] for m in messages] == ["utter_choose_language"] and events == []


def test_helpline_without_country_asks_for_it():
    messages, _ = run(ActionHelpline(), tracker("who can i call"))
    assert [m["response"] for m in messages] == ["utter_helpline_ask_country"]


@pytest.mark.parametrize("code", sorted(load_helplines().countries))
def test_helpline_gives_the_emergency_number_and_verified_services_of_the_country(code):
    messages, _ = run(ActionHelpline(), tracker("", slots={"country": code}))
    assert messages[0]["response"] == "utter_helpline_emergency" and messages[0]["country"] == code
    services = messages[1:]
    assert services, "every country in the data has at least one verified service"
    country = load_helplines().for_country(code)
    verified = {s.name for s in country.services if s.verified}
    assert {m["name"] for m in services} <= verified


def test_child_helpline_comes_first_with_how_to_reach_it():
    messages, _ = run(ActionHelpline(), tracker("", slots={"country": "FR"}))
    assert messages[1]["name"] == "Allô Enfance en Danger"
    assert messages[1]["ways"] == [["way_call", "119"], ["way_web", "allo119.gouv.fr"]]
    assert messages[1]["features"] == ["free", "anonymous", "open_24_7"]


@pytest.mark.parametrize("code", sorted(load_helplines().countries))
def test_without_a_topic_two_or_three_services_when_the_country_has_them(code):
    messages, _ = run(ActionHelpline(), tracker("", slots={"country": code}))
    verified = [s for s in load_helplines().for_country(code).services if s.verified]
    assert min(2, len(verified)) <= len(messages) - 1 <= 3
    assert len({m["name"] for m in messages[1:]}) == len(messages) - 1


def test_a_country_with_one_service_is_not_filled_up_with_the_european_116_000():
    # 116 000 is not confirmed in every country; only Take It Down works from anywhere.
    helplines = load_helplines()
    only_one = CountryHelp(emergency=(), services=helplines.for_country("IE").services[:1])
    chosen = choose_services(only_one, helplines.europe, topic=None)
    assert [s.name for s in chosen] == ["ISPCC Childline"]


def user_said(intent):
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


@pytest.mark.parametrize(
    "topic, country, first_kind",
    [
        ("risk_image_request", "FR", "online_abuse"),
        ("risk_job_offer", "ES", "trafficking"),
        ("risk_debt", "GB", "trafficking"),
    ],
)
def test_services_follow_the_topic_of_the_conversation(topic, country, first_kind):
    tracker_ = tracker("", slots={"country": country})
    tracker_.events = [user_said(topic), user_said("ask_helpline")]
    messages, _ = run(ActionHelpline(), tracker_)
    services = {s.name: s for s in load_helplines().for_country(country).services}
    assert services[messages[1]["name"]].kind == first_kind
    assert 2 <= len(messages) - 1 <= 3


def test_sextortion_gets_an_image_removal_service_even_where_the_country_has_none():
    tracker_ = tracker("", slots={"country": "ES"})
    tracker_.events = [user_said("risk_image_request")]
    messages, _ = run(ActionHelpline(), tracker_)
    assert "Take It Down" in [m["name"] for m in messages[1:]]


def test_unverified_services_are_never_shown():
    messages, _ = run(ActionHelpline(), tracker("", slots={"country": "BE"}))
    assert "Awel" not in {m.get("name") for m in messages}


def test_country_without_data_gets_the_europe_wide_answer():
    messages, _ = run(ActionHelpline(), tracker("", slots={"country": "JP"}))
    assert [m["response"] for m in messages] == ["utter_helpline_unknown_country"]


def test_fallback_for_an_unsupported_language_offers_the_languages():
    messages, _ = run(ActionFallback(), tracker("ciao come stai", detection=detected("it")))
    assert [m["response"] for m in messages] == ["utter_language_unsupported"]


def test_fallback_otherwise_asks_to_rephrase_and_shows_the_menu():
    messages, _ = run(ActionFallback(), tracker("asdf qwer", detection=detected("en", confident=False)))
    assert [m["response"] for m in messages] == ["utter_fallback", "utter_menu"]


def test_the_action_server_does_not_load_rasa_or_tensorflow():
    """The action server is meant to be small (one per Rasa server later): its code shares the
    classifiers' text features, not Rasa's NLU, whose import loads TensorFlow (~450 MB)."""
    import subprocess
    import sys

    from bot.language import ROOT

    check = (
        "import importlib, pkgutil, sys, actions\n"
        "for module in pkgutil.iter_modules(actions.__path__): importlib.import_module('actions.' + module.name)\n"
        "print(sorted(name for name in ('rasa', 'tensorflow') if name in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True)
    assert output.stdout.strip().splitlines()[-1] == "[]"
