"""Every locale has every text of the reference (English) locale, with the same variables."""

import pytest
import yaml

from bot.kit.language import PATTERN_SECTIONS
from bot.language import ROOT
from bot.locales import GENERATED_BUTTONS, template_variables
from bot.patterns import PatternSet
from tests.conftest import SUPPORTED

REFERENCE = "en"


def load(language):
    return yaml.safe_load((ROOT / "locales" / f"{language}.yml").read_text(encoding="utf-8"))


def flatten(data, prefix=""):
    flat = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@pytest.mark.parametrize("language", SUPPORTED)
def test_locale_has_exactly_the_reference_keys(language):
    reference, locale = flatten(load(REFERENCE)), flatten(load(language))
    assert sorted(set(reference) - set(locale)) == [], "missing"
    assert sorted(set(locale) - set(reference)) == [], "extra"


@pytest.mark.parametrize("language", SUPPORTED)
def test_locale_texts_use_the_same_variables(language):
    reference, locale = flatten(load(REFERENCE)), flatten(load(language))
    for key, text in reference.items():
        if isinstance(text, str):
            assert template_variables(locale[key]) == template_variables(text), key


SESSION_LISTS = (".intro", ".discussion")  # a module's intro messages and discussion prompts


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_text_and_button_title_is_a_non_empty_string(language):
    for key, value in flatten(load(language)).items():
        if key.endswith(".buttons"):
            assert value in GENERATED_BUTTONS, key
        elif key.startswith(PATTERN_SECTIONS) or key.endswith(SESSION_LISTS):
            assert isinstance(value, list) and value and all(isinstance(p, str) and p.strip() for p in value), key
        else:
            assert isinstance(value, str) and value.strip(), key


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_pattern_compiles(language):
    for section in PATTERN_SECTIONS:
        assert len(PatternSet({language: load(language)[section]})) > 0


@pytest.mark.parametrize("language", SUPPORTED)
def test_messages_stay_short(language):
    # Short messages for young readers: a chat bubble, not a letter.
    for key, entry in load(language)["responses"].items():
        assert len(entry["text"]) <= 500, key
