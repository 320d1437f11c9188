"""Rendering responses from locales: language, fallback, variables, buttons, reload on change."""

import asyncio
import datetime as dt
import json
import logging
import os
import shutil

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.helplines import load_helplines
from bot.language import ROOT, autonym, load_settings
from bot.locales import Locales
from bot.nlg import LocaleNaturalLanguageGenerator, ResponseRenderer
from tests.conftest import SUPPORTED


def locale(language):
    return yaml.safe_load((ROOT / "locales" / f"{language}.yml").read_text(encoding="utf-8"))


@pytest.fixture
def renderer():
    return ResponseRenderer()


@pytest.fixture
def locales_copy(tmp_path):
    directory = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", directory)
    return directory


@pytest.mark.parametrize("language", SUPPORTED)
def test_response_is_rendered_in_the_requested_language(renderer, language):
    message = renderer.render("utter_bot_challenge", language)
    assert message["text"] == locale(language)["responses"]["utter_bot_challenge"]["text"]


@pytest.mark.parametrize("requested, expected", [("fr_CA", "fr"), ("de-AT", "de"), ("pt", "en"), (None, "en")])
def test_language_is_negotiated_with_babel(renderer, requested, expected):
    assert renderer.render("utter_thank", requested)["text"] == locale(expected)["responses"]["utter_thank"]["text"]


def test_missing_key_falls_back_to_english_and_warns(locales_copy, caplog):
    french = yaml.safe_load((locales_copy / "fr.yml").read_text(encoding="utf-8"))
    del french["responses"]["utter_thank"]
    (locales_copy / "fr.yml").write_text(yaml.safe_dump(french, allow_unicode=True), encoding="utf-8")
    renderer = ResponseRenderer(Locales(locales_copy))
    with caplog.at_level(logging.WARNING):
        message = renderer.render("utter_thank", "fr")
    assert message["text"] == locale("en")["responses"]["utter_thank"]["text"]
    assert any("utter_thank" in record.getMessage() for record in caplog.records)


def test_unknown_key_renders_nothing(renderer):
    assert renderer.render("utter_does_not_exist", "en") is None


def test_edited_locale_is_used_without_restart(locales_copy):
    renderer = ResponseRenderer(Locales(locales_copy))
    assert "Bye" in renderer.render("utter_goodbye", "en")["text"]
    path = locales_copy / "en.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Bye, take care!", "See you soon!"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a new mtime even on coarse clocks
    assert "See you soon!" in renderer.render("utter_goodbye", "en")["text"]


def test_broken_locale_keeps_the_last_good_version(locales_copy):
    renderer = ResponseRenderer(Locales(locales_copy))
    before = renderer.render("utter_thank", "en")["text"]
    path = locales_copy / "en.yml"
    path.write_text("responses: [unclosed", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert renderer.render("utter_thank", "en")["text"] == before


@pytest.mark.parametrize("country, number", [(None, "112"), ("GB", "999"), ("US", "911"), ("FR", "112")])
def test_emergency_number_follows_the_country(renderer, country, number):
    text = renderer.render("utter_emergency", "en", {"country": country})["text"]
    assert number in text.splitlines()[0]
    assert load_helplines().emergency_number(country) == number


@pytest.mark.parametrize("language, name", [("en", "Spain"), ("fr", "Espagne"), ("es", "España"), ("de", "Spanien")])
def test_country_variable_is_named_in_the_users_language(renderer, language, name):
    assert name in renderer.render("utter_helpline_emergency", language, {"country": "ES"})["text"]


def test_list_variables_become_localized_labels(renderer):
    features = ["free", "anonymous", ["open_hours", "8–23"]]
    text = renderer.render("utter_helpline_service", "es", {"name": "X", "ways": [], "features": features})["text"]
    labels = locale("es")["labels"]
    assert f"{labels['free']}, {labels['anonymous']} y {labels['open_hours'].format(value='8–23')}" in text


def test_a_bullet_line_gets_one_bullet_per_item(renderer):
    ways = [["way_call", "119"], ["way_web", "allo119.gouv.fr"]]
    text = renderer.render("utter_helpline_service", "en", {"name": "X", "ways": ways, "features": []})["text"]
    assert text.splitlines() == ["📞 X", "• Call 119", "• Online: allo119.gouv.fr"]


def test_missing_variable_stays_visible_and_warns(renderer, caplog):
    with caplog.at_level(logging.WARNING):
        text = renderer.render("utter_helpline_service", "en", {"ways": [], "features": []})["text"]
    assert "{name}" in text
    assert any("{name}" in record.getMessage() for record in caplog.records)


def test_user_text_in_a_variable_is_not_formatted_again(renderer):
    variables = {"name": "{emergency_number}", "ways": [["way_call", "{0}"]], "features": []}
    text = renderer.render("utter_helpline_service", "en", variables)["text"]
    assert "{emergency_number}" in text and "{0}" in text


@pytest.mark.parametrize("language", SUPPORTED)
def test_intent_buttons_have_localized_titles_and_intent_payloads(renderer, language):
    buttons = renderer.render("utter_menu", language)["buttons"]
    titles = locale(language)["responses"]["utter_menu"]["buttons"]
    assert buttons == [{"title": title, "payload": f"/{intent}"} for intent, title in titles.items()]


def test_language_buttons_list_every_supported_language_by_its_own_name(renderer):
    buttons = renderer.render("utter_choose_language", "de")["buttons"]
    assert [b["title"] for b in buttons] == [autonym(code) for code in load_settings().supported]
    assert json.loads(buttons[1]["payload"].split("/choose_language", 1)[1]) == {"language": "fr"}


def test_country_buttons_are_the_helpline_countries_named_in_the_users_language(renderer):
    buttons = renderer.render("utter_helpline_ask_country", "fr")["buttons"]
    titles = [b["title"] for b in buttons]
    assert "Allemagne" in titles and titles == sorted(titles)
    assert len(buttons) == len(load_helplines().countries)
    assert {json.loads(b["payload"].split("/inform_country", 1)[1])["country"] for b in buttons} == set(
        load_helplines().countries
    )


def tracker_with(**slots):
    tracker = DialogueStateTracker.from_dict("t", [], Domain.from_path(ROOT / "domain.yml").slots)
    for name, value in slots.items():
        tracker.update(SlotSet(name, value))
    return tracker


def test_rasa_nlg_uses_the_language_slot():
    nlg = LocaleNaturalLanguageGenerator()
    message = asyncio.run(nlg.generate("utter_thank", tracker_with(language="de"), "rest"))
    assert message["text"] == locale("de")["responses"]["utter_thank"]["text"]


def test_rasa_nlg_language_argument_overrides_the_slot():
    nlg = LocaleNaturalLanguageGenerator()
    message = asyncio.run(nlg.generate("utter_language_set", tracker_with(language="en"), "rest", language="es"))
    assert "español" in message["text"]


@pytest.mark.parametrize(
    "language, shown",
    [("en", "Mon–Sat 2:00\u202fPM–8:00\u202fPM"), ("fr", "lun.–sam. 14:00–20:00"), ("de", "Mo.–Sa. 14:00–20:00")],
)
def test_opening_hours_are_shown_in_the_users_language(renderer, language, shown):
    hours = ["open_hours", {"days": ["mon", "sat"], "from": "14:00", "to": "20:00"}]
    text = renderer.render("utter_helpline_service", language, {"name": "X", "ways": [], "features": [hours]})["text"]
    assert shown in text


def tracker_after(text, danger, **slots):
    from rasa.shared.core.events import UserUttered

    tracker = tracker_with(**slots)
    tracker.update(UserUttered(text, {"name": "emergency", "confidence": 1.0}, parse_data={"danger": danger}))
    return tracker


def emergency_text(danger, **slots):
    nlg = LocaleNaturalLanguageGenerator()
    return asyncio.run(nlg.generate("utter_emergency", tracker_after("…", danger, **slots), "rest"))


@pytest.mark.parametrize("language", SUPPORTED)
def test_self_harm_gets_its_own_emergency_words_with_the_number_and_a_line_to_talk_to(language):
    message = emergency_text({"categories": ["self_harm"]}, language=language, country="FR")
    other = emergency_text({"categories": ["violence"]}, language=language, country="FR")
    assert message["text"] != other["text"]
    assert "112" in "".join(message["text"].split("\n")[:2])  # at most one short line before the number
    assert "119" in message["text"]  # no sourced crisis line in France: the child helpline
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


def test_a_sourced_crisis_line_is_given_for_self_harm(tmp_path):
    data = yaml.safe_load((ROOT / "data" / "helplines.yml").read_text(encoding="utf-8"))
    crisis = {
        "name": "Test crisis line",
        "kind": "crisis",
        "phone": "0000",
        "source": "https://example.org",
        "verified": True,
    }
    data["countries"]["FR"]["services"].append({**crisis, "checked": dt.date(2026, 11, 22)})
    (tmp_path / "helplines.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    renderer = ResponseRenderer(helplines=load_helplines(tmp_path / "helplines.yml"))
    tracker = tracker_after("…", {"categories": ["self_harm"]}, language="en", country="FR")
    message = asyncio.run(
        LocaleNaturalLanguageGenerator(renderer=renderer).generate("utter_emergency", tracker, "rest")
    )
    assert "Someone to talk to: Test crisis line, 0000" in message["text"]


@pytest.mark.parametrize("language", SUPPORTED)
def test_an_unsure_danger_asks_if_they_are_safe_with_the_number_first(language):
    message = emergency_text({"categories": ["unsure"]}, language=language, country="DE")
    assert message["text"] == ResponseRenderer().render("utter_emergency_unsure", language, {"country": "DE"})["text"]
    assert "112" in message["text"].split("\n")[0]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]
