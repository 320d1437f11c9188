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


ARABIC_MENU = [{"text": "مرحبا\nاتصل بالرقم 112", "buttons": [{"title": "مساعدة", "payload": "/ask_helpline"}]}]


def test_arabic_is_shown_right_to_left_with_joined_letters_where_the_terminal_does_not_do_it():
    text, _ = format_replies(ARABIC_MENU, order_rtl=True)
    hello, number, button = text.splitlines()[:3]
    # Read left to right on screen: the last letter first, in its joined final form (ﺎ, U+FE8E),
    # against the right margin where an Arabic line starts.
    assert hello.strip()[0] == "\ufe8e" and hello.endswith("\ufeae\ufee3") and len(hello) == 78
    assert number.strip().startswith("112 ")  # the number keeps its digits in order
    assert button.strip().endswith("1")  # "1)" starts the Arabic line, so it is on the right
    assert format_replies([{"text": "Hi, call 112"}], order_rtl=True)[0] == "Hi, call 112\n"


def test_arabic_stays_in_logical_order_for_terminals_that_order_it_themselves():
    text, _ = format_replies(ARABIC_MENU, order_rtl=False)
    assert text.startswith("مرحبا\nاتصل بالرقم 112")


def test_which_terminals_order_right_to_left_text_themselves():
    assert chat_module.terminal_orders_rtl({"VTE_VERSION": "7600"})
    assert chat_module.terminal_orders_rtl({"KONSOLE_VERSION": "230804"})
    assert not chat_module.terminal_orders_rtl({"TERM": "xterm-256color"})
    assert not chat_module.terminal_orders_rtl({"VTE_VERSION": "7600", "FARO_TERMINAL_BIDI": "on"})
    assert chat_module.terminal_orders_rtl({"FARO_TERMINAL_BIDI": "off"})
