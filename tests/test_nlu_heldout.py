"""The trained model on the held-out split, which is never used for training."""

import asyncio

import pytest

from bot.evaluation import heldout, load_agent, score
from bot.language import ROOT
from tests.conftest import SUPPORTED, read_examples

MIN_ACCURACY = 0.92
MIN_MACRO_F1 = 0.90

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def parse(model_path):
    agent = load_agent(model_path)

    def predict(text: str) -> str:
        return asyncio.run(agent.parse_message(text))["intent"]["name"]

    return predict


@pytest.mark.parametrize("language", SUPPORTED)
def test_heldout_split_has_at_least_8_examples_per_intent(language):
    counts = {}
    for example in heldout(language):
        counts[example.intent] = counts.get(example.intent, 0) + 1
    training_intents = set()
    for path in (ROOT / "data" / "nlu" / language).glob("*.yml"):
        training_intents |= set(read_examples(path))
    assert set(counts) == training_intents
    assert min(counts.values()) >= 8


@pytest.mark.parametrize("language", SUPPORTED)
def test_heldout_split_never_appears_in_the_training_data(language):
    training = set()
    for path in (ROOT / "data" / "nlu").glob("*/*.yml"):
        for examples in read_examples(path).values():
            training |= {e.casefold() for e in examples}
    leaked = [e.text for e in heldout(language) if e.text.casefold() in training]
    assert leaked == []


@pytest.mark.parametrize("language", SUPPORTED)
def test_heldout_intent_accuracy_and_macro_f1(parse, language):
    result = score(heldout(language), parse)
    report = "\n".join(f"  {expected} -> {predicted}: {text}" for text, expected, predicted in result.errors)
    assert result.accuracy >= MIN_ACCURACY, f"accuracy {result.accuracy:.3f}\n{report}"
    assert result.macro_f1 >= MIN_MACRO_F1, f"macro-F1 {result.macro_f1:.3f}\n{report}"
