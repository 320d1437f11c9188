"""End to end over the REST channel: both servers started as `make serve` starts them, then
conversations in every language, checked against the texts of the locales."""

import json
import uuid

import pytest

from bot.helplines import load_helplines
from bot.language import autonym
from bot.nlg import ResponseRenderer
from bot.rest_client import send, tracker
from tests.conftest import SUPPORTED, conversation

pytestmark = pytest.mark.model

RENDER = ResponseRenderer()
SENT: list[str] = []


@pytest.fixture(scope="module")
def server(rasa_server):
    return rasa_server


def talk(url, sender, text, metadata=None):
    SENT.append(text)
    return send(url, sender, text, metadata)


def texts(replies):
    return [r.get("text") for r in replies]


def expected(keys, language, **variables):
    return [RENDER.render(key, language, variables)["text"] for key in keys]


def new_sender():
    return "e2e-" + uuid.uuid4().hex[:10]


LANGUAGES = SUPPORTED


@pytest.mark.parametrize("language, code", [("en", "en-GB"), ("fr", "fr-CA"), ("es", "es"), ("de", "de-AT")])
def test_welcome_comes_in_the_channel_language(server, language, code):
    url, _ = server
    sender = new_sender()
    replies = talk(url, sender, "/greet", {"language_code": code})
    assert texts(replies) == expected(["utter_welcome", "utter_menu"], language)
    slots = tracker(url, sender)["slots"]
    assert (slots["language"], slots["language_source"]) == (language, "metadata")


@pytest.mark.parametrize("language", LANGUAGES)
def test_greeting_is_answered_in_the_language_it_is_written_in(server, language):
    url, _ = server
    assert texts(talk(url, new_sender(), conversation(language)["greeting"])) == expected(
        ["utter_welcome", "utter_menu"], language
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_job_offer_gets_warning_signs_steps_and_a_next_step(server, language):
    url, _ = server
    replies = talk(url, new_sender(), conversation(language)["job_offer"])
    assert texts(replies) == expected(["utter_job_offer_signs", "utter_job_offer_steps", "utter_next_step"], language)
    assert replies[-1]["buttons"] == RENDER.render("utter_next_step", language)["buttons"]


def test_helpline_question_without_country_asks_for_it_with_buttons(server):
    url, _ = server
    replies = talk(url, new_sender(), "quien me puede ayudar por telefono? necesito un numero")
    assert texts(replies) == expected(["utter_helpline_ask_country"], "es")
    assert len(replies[0]["buttons"]) == len(load_helplines().countries)


def test_short_message_in_another_language_does_not_switch(server):
    url, _ = server
    sender = new_sender()
    talk(url, sender, "salut, un mec en ligne me demande des photos de moi et je sais pas quoi faire")
    replies = talk(url, sender, "ok thanks")
    assert texts(replies) == expected(["utter_thank"], "fr")


def test_long_confident_message_switches_a_detected_language(server):
    url, _ = server
    sender = new_sender()
    talk(url, sender, "hallo, wie gehts dir heute?")
    replies = talk(url, sender, "someone i met on snapchat wants to pick me up with his car after school tomorrow")
    assert texts(replies)[0] == expected(["utter_meeting_request_signs"], "en")[0]


def test_explicit_choice_beats_metadata_and_detection(server):
    url, _ = server
    sender = new_sender()
    talk(url, sender, "/greet", {"language_code": "en"})
    assert texts(talk(url, sender, "can we speak german please", {"language_code": "en"})) == expected(
        ["utter_language_set"], "de"
    )
    replies = talk(url, sender, "a man on tiktok says i owe him money for the trip to europe", {"language_code": "en"})
    assert texts(replies)[0] == expected(["utter_debt_signs"], "de")[0]


def test_language_button_payload_switches(server):
    url, _ = server
    sender = new_sender()
    talk(url, sender, "hello there")
    replies = talk(url, sender, '/choose_language{"language": "es"}')
    assert texts(replies) == expected(["utter_language_set"], "es")


def test_unsupported_language_gets_english_and_the_language_buttons(server):
    url, _ = server
    replies = talk(url, new_sender(), "ciao, mi hanno offerto un lavoro a Milano ma non so se è vero")
    assert texts(replies) == expected(["utter_language_unsupported"], "en")
    assert [b["title"] for b in replies[0]["buttons"]] == [autonym(code) for code in SUPPORTED]


@pytest.mark.parametrize("language", LANGUAGES)
def test_emergency_gets_the_number_first(server, language):
    url, _ = server
    replies = talk(url, new_sender(), conversation(language)["emergency"])
    assert "112" in replies[0]["text"].splitlines()[0]
    assert texts(replies) == expected(["utter_emergency"], language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_self_harm_gets_the_number_first_and_someone_to_talk_to(server, language):
    url, _ = server
    sender = new_sender()
    code, message = conversation(language)["country"], conversation(language)["self_harm"]
    talk(url, sender, "/inform_country" + json.dumps({"country": code}), {"language_code": language})
    replies = talk(url, sender, message)
    assert texts(replies) == expected(["utter_emergency_self_harm"], language, country=code)
    assert load_helplines().child_helpline(code).phone in replies[0]["text"]


@pytest.mark.parametrize(
    "message", ["", "   ", "👍👍👍", "x" * 20000, "<b>hi</b> *bold* [link](http://x)", "hi\x00\x07\x1b[31m", "مرحبا"]
)
def test_bad_input_gets_an_answer_and_nothing_crashes(server, message):
    url, _ = server
    replies = talk(url, new_sender(), message)
    assert replies and all(r.get("text") for r in replies)


def test_server_logs_hold_no_message_text(server):
    _, log_path = server
    log = log_path.read_text(encoding="utf-8", errors="replace")
    leaked = [t for t in SENT if len(t) > 12 and t in log]
    assert leaked == []


def test_a_country_named_in_an_offer_is_not_where_the_user_is(server):
    url, _ = server
    sender = new_sender()
    talk(url, sender, "un mec sur snap me propose un taf en espagne, le billet est payé")
    replies = talk(url, sender, "qui je peux appeler ?")
    assert texts(replies) == expected(["utter_helpline_ask_country"], "fr")


COUNTRIES = sorted(load_helplines().countries)


def first_service_contact(code):
    country = load_helplines().for_country(code)
    children = [s for s in country.services_of_kind("child_helpline") if s.verified]
    service = (children or [s for s in country.services if s.verified])[0]
    return service.phone or service.sms


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", COUNTRIES)
def test_every_country_gets_its_helpline_by_name_in_every_language(server, language, code):
    from bot.countries import country_name

    url, _ = server
    sender = new_sender()
    talk(url, sender, conversation(language)["greeting"])
    # Lower case, as young people type it.
    replies = talk(
        url, sender, conversation(language)["helpline_question"].format(country=country_name(code, language).lower())
    )
    assert replies[0]["text"] == RENDER.render("utter_helpline_emergency", language, {"country": code})["text"]
    assert first_service_contact(code) in replies[1]["text"]
    assert tracker(url, sender)["slots"]["country"] == code


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pasted_fake_offer_gets_its_warning_signs_explained(server, language):
    url, _ = server
    sender = new_sender()
    talk(url, sender, conversation(language)["greeting"])
    replies = talk(url, sender, conversation(language)["pasted_offer"])
    labels = RENDER.locales.data(language)["labels"]
    assert (
        replies[0]["text"].splitlines()[0]
        == RENDER.render("utter_check_many_signs", language, {"signs": []})["text"].splitlines()[0]
    )
    for sign in ("sign_easy_money", "sign_travel_paid", "sign_documents"):
        assert f"• {labels[sign]}" in replies[0]["text"]
    assert texts(replies)[-1] == expected(["utter_check_next_steps"], language)[0]


def test_the_check_command_then_the_message(server):
    url, _ = server
    sender = new_sender()
    talk(url, sender, "hello")
    assert texts(talk(url, sender, "/check_message")) == expected(["utter_ask_message_to_check"], "en")
    replies = talk(url, sender, "Earn 500 euro a day, easy work, no papers needed, we pay your ticket. Answer now!")
    assert replies[0]["text"].startswith(expected(["utter_check_many_signs"], "en", signs=[])[0].splitlines()[0])


def test_danger_first_even_while_a_check_waits(server):
    url, _ = server
    sender = new_sender()
    talk(url, sender, "hello")
    talk(url, sender, "/check_message")
    replies = talk(url, sender, "help he locked me in the room and took my passport")
    assert texts(replies) == expected(["utter_emergency"], "en")


def test_danger_in_another_language_than_the_conversation(server):
    url, _ = server
    sender = new_sender()
    talk(url, sender, "/greet", {"language_code": "fr"})
    replies = talk(url, sender, "please help me he is hitting me", {"language_code": "fr"})
    assert replies[0]["text"] == RENDER.render("utter_emergency", "fr")["text"]
