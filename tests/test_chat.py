"""The terminal chat: replies, numbered buttons, and what is sent for what the user types."""

import urllib.error

from bot import chat as chat_module
from bot.chat import format_replies, resolve_input

BUTTONS = [
    {"title": "Spot a fake offer", "payload": "/ask_warning_signs"},
    {"title": "Language", "payload": "/choose_language"},
]


def test_buttons_are_numbered():
    text, buttons = format_replies([{"text": "What do you want to do?", "buttons": BUTTONS}])
    assert "1) Spot a fake offer" in text and "2) Language" in text and buttons == BUTTONS


def test_a_number_presses_the_button():
    assert resolve_input(" 2 ", BUTTONS) == "/choose_language"


def test_a_number_without_such_a_button_is_sent_as_text():
    assert resolve_input("7", BUTTONS) == "7"


def test_empty_input_sends_nothing():
    assert resolve_input("   ", BUTTONS) is None


def test_chat_greets_in_the_chosen_language_then_relays(monkeypatch):
    sent = []

    def fake_send(url, sender, message, metadata=None, timeout=30):
        sent.append((message, metadata))
        return [{"text": "Salut", "buttons": BUTTONS}]

    monkeypatch.setattr(chat_module.rest_client, "send", fake_send)
    typed = iter(["1", "", "bonjour", "/quit"])
    out = []
    chat_module.chat("http://x", "fr", read=lambda prompt: next(typed), write=out.append)
    assert [m for m, _ in sent] == ["/greet", "/ask_warning_signs", "bonjour"]
    assert all(md == {"language_code": "fr"} for _, md in sent)


def test_chat_survives_a_server_that_is_down(monkeypatch):
    def down(*args, **kwargs):
        raise urllib.error.URLError("refused")

    monkeypatch.setattr(chat_module.rest_client, "send", down)
    out = []
    chat_module.chat("http://x", None, read=lambda prompt: "/quit", write=out.append)
    assert any("112" in line for line in out)
