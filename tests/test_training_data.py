"""The training data: minimum examples per intent and language, no text under two intents."""

import pytest

from bot.language import ROOT
from tests.conftest import SUPPORTED, read_examples

MIN_PER_INTENT = 20
MIN_PER_SENSITIVE_INTENT = 30  # risk_*, emergency, check_message


def training_examples(language):
    examples = {}
    for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")):
        for intent, lines in read_examples(path).items():
            examples.setdefault(intent, []).extend(lines)
    return examples


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_intent_has_enough_examples(language):
    for intent, lines in training_examples(language).items():
        sensitive = intent.startswith("risk_") or intent in ("emergency", "check_message")
        assert len(set(lines)) >= (MIN_PER_SENSITIVE_INTENT if sensitive else MIN_PER_INTENT), intent


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_language_covers_the_same_intents(language):
    assert set(training_examples(language)) == set(training_examples("en"))


def test_no_text_is_under_two_intents_across_languages():
    owner = {}
    for language in SUPPORTED:
        for intent, lines in training_examples(language).items():
            for line in lines:
                assert owner.setdefault(line.casefold(), intent) == intent, line
