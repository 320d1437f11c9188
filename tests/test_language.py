"""Which language Faro speaks: Babel negotiation, names of languages, and the selection rules."""

import pytest

from bot.language import (
    SOURCE_CHOICE,
    SOURCE_DEFAULT,
    SOURCE_DETECTED,
    SOURCE_METADATA,
    Detection,
    autonym,
    decide_language,
    load_settings,
    negotiate,
    requested_language,
)

SETTINGS = load_settings()
SUPPORTED = SETTINGS.supported


@pytest.mark.parametrize(
    "code, expected",
    [
        ("fr_CA", "fr"),
        ("de-AT", "de"),
        ("es-419", "es"),
        ("en-GB", "en"),
        ("FR", "fr"),
        ("fr_FR.UTF-8", "fr"),
        ("pt-BR", None),
        ("ps", None),
        ("", None),
        (None, None),
        ("C", None),
    ],
)
def test_negotiate_maps_channel_locales_to_supported_languages(code, expected):
    assert negotiate(code, SUPPORTED) == expected


def test_autonyms_name_each_language_in_itself():
    assert [autonym(c) for c in ("en", "fr", "es", "de")] == ["English", "Français", "Español", "Deutsch"]


@pytest.mark.parametrize(
    "text, current, expected",
    [
        ("can we speak spanish", "en", "es"),
        ("auf Deutsch bitte", "en", "de"),
        ("en francais stp", "de", "fr"),
        ("hablas ingles?", "es", "en"),
        ("ENGLISCH BITTE", "de", "en"),
        ("I don't understand English, French please", "en", "fr"),
        ("no entiendo el español, en inglés", "es", "en"),
        ("change the language", "en", None),
    ],
)
def test_requested_language_is_found_by_name_in_any_supported_language(text, current, expected):
    assert requested_language(text, current, SUPPORTED) == expected


def detection(language, words=6, confident=True):
    return Detection(language, confident, words)


def test_explicit_choice_wins_and_sticks():
    decision = decide_language("en", SOURCE_METADATA, SETTINGS, chosen="de")
    assert (decision.language, decision.source) == ("de", SOURCE_CHOICE)
    later = decide_language("de", SOURCE_CHOICE, SETTINGS, metadata_code="fr", detection=detection("es"))
    assert (later.language, later.source) == ("de", SOURCE_CHOICE)


def test_metadata_sets_the_language_and_outranks_detection():
    first = decide_language(None, None, SETTINGS, metadata_code="fr-CA", detection=detection("en"))
    assert (first.language, first.source) == ("fr", SOURCE_METADATA)
    later = decide_language("fr", SOURCE_METADATA, SETTINGS, detection=detection("es", words=12))
    assert later.language == "fr"


def test_first_message_is_detected_even_when_short():
    decision = decide_language(None, None, SETTINGS, detection=detection("es", words=1))
    assert (decision.language, decision.source) == ("es", SOURCE_DETECTED)


def test_established_language_does_not_switch_on_a_short_message():
    assert decide_language("fr", SOURCE_DETECTED, SETTINGS, detection=detection("en", words=3)).language == "fr"


def test_established_language_does_not_switch_on_an_unsure_detection():
    unsure = detection("de", words=9, confident=False)
    assert decide_language("fr", SOURCE_DETECTED, SETTINGS, detection=unsure).language == "fr"


def test_established_language_switches_on_a_long_confident_message():
    decision = decide_language("fr", SOURCE_DETECTED, SETTINGS, detection=detection("de", words=8))
    assert (decision.language, decision.source) == ("de", SOURCE_DETECTED)


def test_unsupported_language_gets_the_default_language_and_is_flagged():
    decision = decide_language(None, None, SETTINGS, detection=detection("it", words=9))
    assert (decision.language, decision.unsupported) == (SETTINGS.default, True)


def test_nothing_known_gives_the_default_language():
    decision = decide_language(None, None, SETTINGS, detection=detection(None, confident=False))
    assert (decision.language, decision.source) == (SETTINGS.default, SOURCE_DEFAULT)


def test_unsupported_metadata_falls_back_to_detection():
    decision = decide_language(None, None, SETTINGS, metadata_code="pt-BR", detection=detection("es", words=5))
    assert decision.language == "es"
