"""Country names in every supported language (Babel) and aliases, normalized to ISO codes."""

import pytest
from babel import Locale

from bot.countries import country_name, country_names
from bot.helplines import load_helplines
from tests.conftest import SUPPORTED

COUNTRIES = sorted(load_helplines().countries)


@pytest.mark.parametrize("language", SUPPORTED)
@pytest.mark.parametrize("code", COUNTRIES)
def test_every_helpline_country_resolves_by_its_name_in_every_language(language, code):
    name = Locale.parse(language).territories[code]
    assert country_names().code(name) == code
    assert country_names().code(name.lower()) == code


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm in Spain", "ES"),
        ("Alemania", "DE"),
        ("je suis en Allemagne", "DE"),
        ("Deutschland", "DE"),
        ("UK", "GB"),
        ("England", "GB"),
        ("Angleterre", "GB"),
        ("Inglaterra", "GB"),
        ("london, england", "GB"),
        ("estoy en espana", "ES"),
        ("ich bin in oesterreich", "AT"),
        ("Österreich", "AT"),
        ("pays bas", "NL"),
        ("holland", "NL"),
        ("I live in the US", "US"),
        ("EEUU", "US"),
        ("la suisse", "CH"),
        ("in turkey", "TR"),
        ("BELGIQUE!!!", "BE"),
        ("irlanda", "IE"),
        ("griechenland", "GR"),
    ],
)
def test_common_names_aliases_and_spellings(text, expected):
    assert country_names().code(text) == expected


@pytest.mark.parametrize("text", ["help us please", "chad is my friend", "man i'm tired", "he is from jersey"])
def test_ordinary_words_are_not_countries(text):
    assert country_names().find(text) == []


def test_positions_point_into_the_original_text():
    text = "Hola, estoy en ESPAÑA y mi primo en Francia"
    mentions = country_names().find(text)
    assert [(m.code, text[m.start : m.end]) for m in mentions] == [("ES", "ESPAÑA"), ("FR", "Francia")]


@pytest.mark.parametrize(
    "language, expected", [("en", "Germany"), ("fr", "Allemagne"), ("es", "Alemania"), ("de", "Deutschland")]
)
def test_country_is_named_in_the_users_language(language, expected):
    assert country_name("DE", language) == expected
