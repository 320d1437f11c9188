"""Offline language identification of short, informal messages."""

import pytest

from bot.language import ROOT, load_settings
from bot.language_detection import LanguageIdentifier, read_vocabulary

SETTINGS = load_settings()


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier(SETTINGS, read_vocabulary(ROOT / "data" / "nlu", SETTINGS.supported))


@pytest.mark.parametrize(
    "text, language",
    [
        ("my boss took my passport and says i owe him money", "en"),
        ("on m'a proposé un travail au Portugal avec le voyage payé", "fr"),
        ("un chico de instagram me pide fotos y no se que hacer", "es"),
        ("ein typ auf tiktok will dass ich zu ihm nach berlin komme", "de"),
    ],
)
def test_long_messages(identifier, text, language):
    detection = identifier.detect(text)
    assert (detection.language, detection.confident) == (language, True)


NOT_SPOKEN = [
    ("mi hanno offerto un lavoro a Milano ma non so se è vero", "it"),
    ("أريد المساعدة من فضلك", "ar"),
    ("мне нужна помощь", "ru"),
]


# Only the ones Faro does not speak yet: a language an NGO adds leaves this list by itself.
@pytest.mark.parametrize("text, language", [case for case in NOT_SPOKEN if case[1] not in SETTINGS.supported])
def test_languages_faro_does_not_speak_are_recognised_as_such(identifier, text, language):
    detection = identifier.detect(text)
    assert detection.language == language and detection.confident
    assert detection.language not in SETTINGS.supported


@pytest.mark.parametrize("text", ["", "   ", "👍👍", "???", "12345"])
def test_no_words_means_no_confident_language(identifier, text):
    assert not identifier.detect(text).confident


def test_word_count_is_reported(identifier):
    assert identifier.detect("hola que tal").words == 3
