"""Rasa replies rendered for Telegram: escaped, split under the limit, buttons as keyboards."""

import json

from bot.telegram.replies import CALLBACK_LIMIT, TEXT_LIMIT, Payloads, split_text, to_telegram


def test_user_text_cannot_break_the_formatting():
    [message] = to_telegram([{"text": "<b>not bold</b> & <a href='x'>link</a>"}], Payloads())
    assert message.html == "&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;a href='x'&gt;link&lt;/a&gt;"


def test_a_long_reply_is_split_at_line_ends_under_the_limit():
    text = "\n".join(f"line {i} " + "x" * 90 for i in range(100))
    pieces = split_text(text)
    assert len(pieces) > 1 and all(len(p) <= TEXT_LIMIT for p in pieces)
    assert "\n".join(pieces) == text


def test_a_text_without_spaces_is_still_split():
    pieces = split_text("x" * (TEXT_LIMIT * 2 + 5))
    assert [len(p) for p in pieces] == [TEXT_LIMIT, TEXT_LIMIT, 5]


def test_buttons_go_on_the_last_piece_and_carry_the_payload():
    reply = {
        "text": "a " * 3000,
        "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
    }
    messages = to_telegram([reply], Payloads())
    assert [m.keyboard is not None for m in messages] == [False, True]
    buttons = [b for row in messages[-1].keyboard.inline_keyboard for b in row]
    assert [(b.text, b.callback_data) for b in buttons] == [("Yes", "/affirm"), ("No", "/deny")]


def test_payloads_fit_telegrams_64_bytes_and_come_back_whole():
    payloads = Payloads()
    short = '/inform_country{"country": "FR"}'
    assert payloads.callback_data(short) == '/inform_country{"country":"FR"}'
    long = "/choose_language" + json.dumps({"language": "x" * 80})
    data = payloads.callback_data(long)
    assert len(data.encode()) <= CALLBACK_LIMIT and payloads.payload(data) == long


def test_replies_without_text_or_buttons_are_skipped():
    assert to_telegram([{"text": ""}, {"custom": {}}], Payloads()) == []


def test_a_payload_is_read_as_intent_and_entities_and_bad_json_gives_none():
    from bot.telegram.replies import parse_payload

    assert parse_payload('/choose_language{"language": "fr"}') == ("/choose_language", {"language": "fr"})
    assert parse_payload("/affirm") == ("/affirm", {})
    assert parse_payload("/inform_country{not json") == ("/inform_country{not json", {})
    assert parse_payload('/x["a"]') == ('/x["a"]', {})
