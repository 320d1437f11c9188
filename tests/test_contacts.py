"""Local contacts of the deploying NGO: empty by default, shown after the trusted-adult advice."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.trusted_adults as trusted_adults
from bot.contacts import load_contacts
from bot.nlg import ResponseRenderer
from tests.test_actions import tracker


def test_default_is_empty():
    assert load_contacts() == []


def test_nothing_is_shown_without_contacts():
    dispatcher = CollectingDispatcher()
    trusted_adults.ActionLocalContacts().run(dispatcher, tracker("who can i talk to"), {})
    assert dispatcher.messages == []


def test_contacts_are_shown_in_the_users_language(tmp_path, monkeypatch):
    path = tmp_path / "contacts.yml"
    path.write_text(
        "contacts:\n  - name: Youth centre\n    role: youth_worker\n    phone: '+33 1 00 00 00 00'\n"
        "    hours: Mon-Fri 10-18\n    languages: [fr, ar]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(trusted_adults, "load_contacts", lambda: load_contacts(path))
    dispatcher = CollectingDispatcher()
    trusted_adults.ActionLocalContacts().run(dispatcher, tracker("qui peut m'aider"), {})
    [message] = dispatcher.messages
    variables = {k: v for k, v in message.items() if k in ("name", "role", "ways", "features")}
    text = ResponseRenderer().render(message["response"], "fr", variables)["text"]
    assert text.splitlines()[0] == "👤 Youth centre (éducateur ou éducatrice)"
    assert "+33 1 00 00 00 00" in text and "10-18" in text


def test_an_invalid_contact_is_reported(tmp_path):
    path = tmp_path / "contacts.yml"
    path.write_text("contacts:\n  - name: X\n    role: friend\n", encoding="utf-8")
    with pytest.raises(ValueError, match="contact 1"):
        load_contacts(path)
